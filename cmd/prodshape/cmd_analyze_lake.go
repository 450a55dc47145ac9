package main

import (
	"fmt"
	"path"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/prodshape/prodshape/analysis"
	analake "github.com/prodshape/prodshape/analysis/lake"
	"github.com/prodshape/prodshape/analysis/lake/catalog"
	"github.com/prodshape/prodshape/analysis/metrics"
	"github.com/prodshape/prodshape/sinks"
	"github.com/prodshape/prodshape/sinks/objstore"
)

func init() { register("analyze", newAnalyzeLakeCmd) }

type analyzeLakeOptions struct {
	endpoint  string
	region    string
	prefix    string
	target    string
	goals     goalFlags
	out       string
	scan      bool
	getPrice  float64
	listPrice float64
	quiet     bool
}

func newAnalyzeLakeCmd(a *app) *cobra.Command {
	var opts analyzeLakeOptions
	cmd := &cobra.Command{
		Use:   "lake PATH|s3://bucket/prefix",
		Short: "Analyze a Parquet lake: files, sizes, files per partition, small-file share, scan cost",
		Long: `analyze lake lists a Parquet lake, whoever wrote it, and reads only the
Parquet footers (no data pages): files in total and per partition, the size
distribution, rows and row groups, the share of files under the target size,
and what one full scan costs in object-store requests, dollars and estimated
query-engine seconds. --scan also reads every row once and reports the
measured seconds. Goals (--goals FILE, a map metric: "op value", or --goal)
are graded as in a run (exit 1 when one is missed); the result goes to
OUT/result.json.`,
		Example: `  prodshape analyze lake ./runs/serverless/lake --target-file-size 128MiB --goals goals.yaml --out runs/lake-check
  prodshape analyze lake s3://bucket/prefix --endpoint http://127.0.0.1:9000
  prodshape analyze lake ./lake --scan --goal 'lake.files_per_partition.max=<= 60'`,
		Args: cobraArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error { return runAnalyzeLake(a, opts, args[0]) },
	}
	f := cmd.Flags()
	f.StringVar(&opts.endpoint, "endpoint", "", "s3: URL of an S3-compatible server (default: AWS)")
	f.StringVar(&opts.region, "region", "", "s3: bucket region (default from the environment)")
	f.StringVar(&opts.prefix, "prefix", "", "analyze only keys under this prefix")
	f.StringVar(&opts.target, "target-file-size", "128MiB", "files smaller than this count as small")
	opts.goals.register(f, "lake.file_size.p50=>= 64MiB")
	f.StringVar(&opts.out, "out", "", "folder for result.json (default runs/lake-NAME)")
	f.BoolVar(&opts.scan, "scan", false, "also read every row once and report lake.scan_seconds")
	f.Float64Var(&opts.getPrice, "get-price", catalog.DefaultGETPer1000, "USD per 1,000 GET requests (S3 Standard)")
	f.Float64Var(&opts.listPrice, "list-price", catalog.DefaultLISTPer1000, "USD per 1,000 LIST requests (S3 Standard)")
	f.BoolVarP(&opts.quiet, "quiet", "q", false, "no tables: only the goals, the verdict and where result.json went")
	return cmd
}

func runAnalyzeLake(a *app, opts analyzeLakeOptions, location string) error {
	target, err := metrics.ParseSize(opts.target)
	if err != nil {
		return usagef("--target-file-size: %v", err)
	}
	goals, err := opts.goals.parse()
	if err != nil {
		return err
	}
	out := opts.out
	if out == "" {
		out = filepath.Join("runs", "lake-"+path.Base(strings.TrimRight(location, "/")))
	}
	started := time.Now().UTC()
	sopts := objstore.Options{Endpoint: opts.endpoint}
	sopts.S3.Region = opts.region
	st, err := objstore.Open(a.ctx, location, sopts)
	if err != nil {
		return fmt.Errorf("%w: %v", sinks.ErrTarget, err)
	}
	defer st.Close()
	o := analake.Options{Prefix: opts.prefix, TargetFileSize: target, GETPer1000: opts.getPrice, LISTPer1000: opts.listPrice, Scan: opts.scan}
	found, err := analake.Analyze(a.ctx, st, o)
	if err != nil {
		return fmt.Errorf("%w: %v", sinks.ErrTarget, err)
	}
	set := metrics.NewSet()
	found.Report(set, o)
	res := &analysis.Result{
		Version: analysis.ResultVersion, Kind: "analyze", Scenario: "lake " + location,
		Source: st.URL(), Scale: 1, Status: analysis.StatusComplete, Started: started,
	}
	if err := finishAnalysis(res, set, goals, out); err != nil {
		return err
	}
	if !opts.quiet {
		printLake(a, res, len(found.Skipped))
	}
	printAnalysisEnd(a.stdout, res, out)
	if !res.Passed() {
		return errGoalsMissed
	}
	return nil
}

func printLake(a *app, res *analysis.Result, skipped int) {
	m := res.Metrics
	fmt.Fprintf(a.stdout, "lake %s: %s files, %s rows, %s in %s partitions",
		res.Source, metrics.FormatCount(m[catalog.MetricFiles]), metrics.FormatCount(m[catalog.MetricRows]),
		metrics.FormatBytes(m[catalog.MetricBytes]), metrics.FormatCount(m[catalog.MetricPartitions]))
	if skipped > 0 {
		fmt.Fprintf(a.stdout, " (%d other objects skipped)", skipped)
	}
	fmt.Fprintln(a.stdout)
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "\nMETRIC\tVALUE")
	for _, name := range []string{
		catalog.MetricFileSizeP10, catalog.MetricFileSizeP50, catalog.MetricFileSizeP90, catalog.MetricFileSizeMax,
		catalog.MetricRowsPerFileP50, catalog.MetricRowGroups, catalog.MetricFilesPerPartition, catalog.MetricSmallShare,
		catalog.MetricScanRequests, catalog.MetricScanCost, catalog.MetricScanEstimated, catalog.MetricFooterSeconds,
		catalog.MetricScanSeconds, catalog.MetricScanRowsPerSecond,
	} {
		if v, ok := m[name]; ok {
			fmt.Fprintf(tw, "%s\t%s\n", name, metrics.Format(res.Units[name], v))
		}
	}
	tw.Flush()
}
