package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/prodshape/prodshape/sinks/objstore"
)

func init() { register("serve", newServeS3Cmd) }

type serveS3Options struct {
	addr    string
	dir     string
	buckets []string
}

func newServeS3Cmd(a *app) *cobra.Command {
	var opts serveS3Options
	cmd := &cobra.Command{
		Use:   "s3",
		Short: "Serve an S3-compatible endpoint on loopback until interrupted",
		Long: `Serve an S3-compatible endpoint (path-style, any credentials accepted) for
prodshape runs, prodshape analyze and any other S3 client, until Ctrl-C.
With --dir the objects are kept on disk and survive a restart; without it
they live in memory.`,
		Example: `  prodshape serve s3 --addr 127.0.0.1:9000 --dir ./s3data --bucket lake
  aws --endpoint-url http://127.0.0.1:9000 s3 ls s3://lake/`,
		Args: cobraArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error { return runServeS3(a, opts) },
	}
	cmd.Flags().StringVar(&opts.addr, "addr", "127.0.0.1:9000", "address to listen on (port 0 picks a free one)")
	cmd.Flags().StringVar(&opts.dir, "dir", "", "keep objects on disk in this folder (default: in memory)")
	cmd.Flags().StringArrayVar(&opts.buckets, "bucket", nil, "create this bucket at start (repeatable)")
	return cmd
}

func runServeS3(a *app, opts serveS3Options) error {
	ctx := a.ctx
	for _, b := range opts.buckets {
		if err := objstore.ValidBucketName(b); err != nil {
			return usageError{err}
		}
	}
	e, err := objstore.StartEmbedded(ctx, objstore.EmbeddedConfig{Addr: opts.addr, Dir: opts.dir, Buckets: opts.buckets})
	if err != nil {
		return err
	}
	endpoint := e.Endpoint()
	fmt.Fprintf(a.stdout, "S3-compatible endpoint: %s\n", endpoint)
	if opts.dir != "" {
		abs, _ := filepath.Abs(filepath.Join(opts.dir, objstore.BoltFile))
		fmt.Fprintf(a.stdout, "objects kept in %s\n", abs)
	} else {
		fmt.Fprintln(a.stdout, "objects kept in memory (use --dir to keep them)")
	}
	example := "s3 ls"
	if len(opts.buckets) > 0 {
		example = "s3 ls --recursive s3://" + opts.buckets[0] + "/"
		fmt.Fprintf(a.stdout, "buckets: %s\n", strings.Join(opts.buckets, ", "))
	}
	fmt.Fprintf(a.stdout, "try: AWS_ACCESS_KEY_ID=prodshape AWS_SECRET_ACCESS_KEY=prodshape AWS_DEFAULT_REGION=us-east-1 aws --endpoint-url %s %s\n", endpoint, example)
	fmt.Fprintln(a.stdout, "Ctrl-C stops it.")

	<-ctx.Done()
	shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := e.Shutdown(shutdown); err != nil {
		return fmt.Errorf("stop S3 endpoint %s: %w", endpoint, err)
	}
	fmt.Fprintln(a.stdout, "stopped")
	return nil
}
