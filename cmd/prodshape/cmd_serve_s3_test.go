package main

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/prodshape/prodshape/sinks/objstore"
	"github.com/prodshape/prodshape/sinks/objstore/storetest"
)

var endpointLine = regexp.MustCompile(`S3-compatible endpoint: (http://\S+)`)

// serveS3 starts `prodshape serve s3 args...` and returns its endpoint.
func serveS3(t *testing.T, args ...string) (string, func() (int, string)) {
	t.Helper()
	return serve(t, "s3", endpointLine, args...)
}

// serve s3 answers our S3 store and the AWS CLI, stops cleanly on
// interrupt, and with --dir keeps the objects across a restart.
func TestServeS3(t *testing.T) {
	dir := t.TempDir()
	endpoint, stop := serveS3(t, "--addr", "127.0.0.1:0", "--dir", dir, "--bucket", "lake", "--bucket", "other")
	ctx := context.Background()
	store, err := objstore.Open(ctx, "s3://lake/runs", objstore.Options{Endpoint: endpoint})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if err := store.Put(ctx, "dt=2026-03-02/part-0.parquet", []byte("PAR1 from prodshape")); err != nil {
		t.Fatal(err)
	}

	aws := storetest.AWSCLI(t, endpoint)
	src := filepath.Join(t.TempDir(), "cli.txt")
	if err := os.WriteFile(src, []byte("from awscli"), 0o644); err != nil {
		t.Fatal(err)
	}
	aws("s3", "cp", "--only-show-errors", src, "s3://lake/runs/cli.txt")
	listing := string(aws("s3", "ls", "--recursive", "s3://lake/"))
	for _, want := range []string{"runs/dt=2026-03-02/part-0.parquet", "runs/cli.txt"} {
		if !strings.Contains(listing, want) {
			t.Errorf("aws s3 ls lacks %s:\n%s", want, listing)
		}
	}

	code, out := stop()
	if code != 0 {
		t.Fatalf("exit %d after interrupt, want 0:\n%s", code, out)
	}
	for _, want := range []string{"aws --endpoint-url " + endpoint, filepath.Join(dir, objstore.BoltFile), "stopped"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	endpoint2, stop2 := serveS3(t, "--addr", "127.0.0.1:0", "--dir", dir)
	again, err := objstore.Open(ctx, "s3://lake/runs", objstore.Options{Endpoint: endpoint2})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if got := string(storetest.ReadAll(t, again, "cli.txt")); got != "from awscli" {
		t.Fatalf("after restart read %q", got)
	}
	if code, out := stop2(); code != 0 {
		t.Fatalf("second server exit %d:\n%s", code, out)
	}
}

func TestServeS3Errors(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	checkCLIErrors(t, []string{"serve", "s3"}, []cliError{
		{"bad bucket name", []string{"--addr", "127.0.0.1:0", "--bucket", "Bad_Bucket"}, exitUsage, `bucket name "Bad_Bucket"`},
		{"stray argument", []string{"lake"}, exitUsage, "unknown command"},
		{"address taken", []string{"--addr", busy.Addr().String()}, exitRuntime, busy.Addr().String()},
	})
}
