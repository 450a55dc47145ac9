package scenarios

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	analake "github.com/prodshape/prodshape/analysis/lake"
	"github.com/prodshape/prodshape/analysis/metrics"
	"github.com/prodshape/prodshape/generators"
	"github.com/prodshape/prodshape/sinks"
	"github.com/prodshape/prodshape/sinks/lake"
	"github.com/prodshape/prodshape/sinks/objstore"
)

// LakeSystem is the candidate lake architecture.
type LakeSystem struct {
	Writer         LakeWriter      `yaml:"writer" doc:"how records become files: the writer policy and its knobs"`
	Compaction     *LakeCompaction `yaml:"compaction" doc:"rewrite small files into large ones on a schedule (a mitigation)"`
	TargetFileSize Size            `yaml:"target_file_size" doc:"files below this size count as small in lake.small_files.share (default 128MiB, Spark's maxPartitionBytes)"`
}

// LakeWriter is the writer policy.
type LakeWriter struct {
	Policy      string      `yaml:"policy" enum:"batch|microbatch|buffered" doc:"batch: a job every flush_every (hourly Spark); microbatch: concurrency writers flushing on time, rows or bytes (serverless consumers); buffered: per-partition size/interval buffers (a delivery stream)"`
	FlushEvery  Duration    `yaml:"flush_every" doc:"batch: job interval; microbatch: flush period; buffered: buffer interval (0-900s, default 300s)"`
	Delay       Duration    `yaml:"delay" doc:"processing time from a flush until its files are committed (the batch job's run time)"`
	MaxRows     int64       `yaml:"max_rows" doc:"flush a buffer early at this many rows (microbatch: the invocation's batch size)"`
	MaxBytes    Size        `yaml:"max_bytes" doc:"flush a buffer early at this many uncompressed bytes (buffered: 1MiB-128MiB, default 5MiB)"`
	Concurrency int         `yaml:"concurrency" doc:"parallel writers records are spread over (consumers, Spark tasks); default 1"`
	RouteBy     string      `yaml:"route_by" doc:"field whose hash picks a record's writer, like a Kafka key (default: round-robin)"`
	PartitionBy []string    `yaml:"partition_by" doc:"one template per directory level: dt={event_time:2006-01-02} (Go layout for timestamps), type={event_type}"`
	EventTime   string      `yaml:"event_time" doc:"timestamp field freshness counts from (default: the first timestamp field)"`
	Parquet     LakeParquet `yaml:"parquet" doc:"Parquet file options"`
}

// LakeParquet holds Parquet options.
type LakeParquet struct {
	Compression  string `yaml:"compression" enum:"snappy|zstd|gzip|none" doc:"page compression (default snappy)"`
	RowGroupRows int    `yaml:"row_group_rows" doc:"rows per row group (default 131072; larger groups hold more memory while a file is written)"`
}

// LakeCompaction schedules compaction.
type LakeCompaction struct {
	Every      Duration `yaml:"every" doc:"how often compaction runs on the scenario clock, e.g. 1h"`
	TargetSize Size     `yaml:"target_size" doc:"size compacted files aim for (default 128MiB); files under 75% of it are rewritten"`
}

// LakeSink is where the lake is written.
type LakeSink struct {
	URL      string `yaml:"url,scalar" doc:"a folder (relative to the run folder), file:///abs/path, or s3://bucket/prefix"`
	Endpoint string `yaml:"endpoint" doc:"s3 only: embedded (an in-process S3 server on loopback), or the URL of an S3-compatible server (default: AWS)"`
	Region   string `yaml:"region" doc:"s3 only: bucket region (default from the environment)"`
	Scan     *bool  `yaml:"scan" doc:"after the run, read every row once and report lake.scan_seconds (default false)"`
}

func init() {
	registerSink("lake", buildLakeSink)
	extraChecks = append(extraChecks, validateLake)
}

var placeholder = regexp.MustCompile(`\{([^}:]*)(:[^}]*)?\}`)

func validateLake(s *Scenario, c *check) {
	hasSink := false
	for i := range s.Sinks {
		if s.Sinks[i].Lake == nil {
			continue
		}
		hasSink = true
		p := fmt.Sprintf("sinks[%d].lake", i)
		if strings.TrimSpace(s.Sinks[i].Lake.URL) == "" {
			c.errorf(p+".url", "missing; want a folder, file:///path or s3://bucket/prefix")
		}
		if e := s.Sinks[i].Lake.Endpoint; e != "" && !strings.HasPrefix(s.Sinks[i].Lake.URL, "s3://") {
			c.errorf(p+".endpoint", "applies to s3:// lakes only; remove it or use an s3://bucket/prefix url")
		}
	}
	l := s.System.Lake
	if l == nil {
		if hasSink {
			c.errorf("system.lake", "a lake sink needs system.lake: {writer: {policy: microbatch, flush_every: 1m, ...}}")
		}
		return
	}
	w := l.Writer
	if w.Policy == "" {
		c.errorf("system.lake.writer.policy", "missing; want one of %s", strings.Join(lake.Policies(), ", "))
	} else if _, err := lake.NewPolicy(w.policyConfig()); err != nil {
		c.errorf("system.lake.writer", "%v", err)
	}
	if w.Parquet.RowGroupRows < 0 {
		c.errorf("system.lake.writer.parquet.row_group_rows", "want a positive row count, got %d", w.Parquet.RowGroupRows)
	}
	if l.Compaction != nil && l.Compaction.Every <= 0 {
		c.errorf("system.lake.compaction.every", "want how often compaction runs, like 1h")
	}
	for _, st := range s.Streams {
		for i, tpl := range w.PartitionBy {
			for _, m := range placeholder.FindAllStringSubmatch(tpl, -1) {
				if !st.hasField(m[1]) {
					c.errorf(fmt.Sprintf("system.lake.writer.partition_by[%d]", i), "stream %q has no field %q%s", st.Name, m[1], didYouMean(m[1], st.fieldNames()))
				}
			}
		}
		for _, f := range []struct{ key, name string }{{"route_by", w.RouteBy}, {"event_time", w.EventTime}} {
			if f.name != "" && !st.hasField(f.name) {
				c.errorf("system.lake.writer."+f.key, "stream %q has no field %q%s", st.Name, f.name, didYouMean(f.name, st.fieldNames()))
			}
		}
	}
}

func (w LakeWriter) policyConfig() lake.PolicyConfig {
	return lake.PolicyConfig{
		Policy: w.Policy, FlushEvery: time.Duration(w.FlushEvery), Delay: time.Duration(w.Delay),
		MaxRows: w.MaxRows, MaxBytes: int64(w.MaxBytes), Concurrency: w.Concurrency,
	}
}

func buildLakeSink(ctx context.Context, env *RunEnv, spec *Sink, schema *generators.Schema) (sinks.Sink, error) {
	s := env.Scenario
	l := s.System.Lake
	url := spec.Lake.URL
	if !strings.Contains(url, "://") {
		url = env.Resolve(url)
	} else if rest, ok := strings.CutPrefix(url, "file://"); ok && !strings.HasPrefix(rest, "/") {
		url = env.Resolve(rest)
	}
	if len(s.Streams) > 1 && spec.Stream == "" {
		url = strings.TrimRight(url, "/") + "/" + schema.Stream
	}
	// One filesystem sync when the run ends instead of one per file: files
	// are still renamed into place whole, and small files are the point.
	opts := objstore.Options{Endpoint: spec.Lake.Endpoint, DeferSync: true}
	opts.S3.Region = spec.Lake.Region
	if spec.Lake.Endpoint == objstore.EndpointEmbedded {
		opts.EmbeddedDir = env.Resolve("s3")
	}
	store, err := objstore.Open(ctx, url, opts)
	if err != nil {
		return nil, fmt.Errorf("lake %s: %w: %w", url, sinks.ErrTarget, err)
	}
	cfg := lake.Config{
		Store: store, Schema: schema, PartitionBy: l.Writer.PartitionBy, Writer: l.Writer.policyConfig(),
		RouteBy: l.Writer.RouteBy, Compression: l.Writer.Parquet.Compression, RowGroupRows: l.Writer.Parquet.RowGroupRows,
		EventTime: l.Writer.EventTime, Scale: s.Scale, TargetFileSize: int64(l.TargetFileSize), Start: s.Clock.Start.Time,
	}
	if l.Compaction != nil {
		cfg.Compaction = lake.Compaction{Every: time.Duration(l.Compaction.Every), TargetSize: int64(l.Compaction.TargetSize)}
	}
	sk, err := lake.New(cfg)
	if err != nil {
		store.Close()
		return nil, err
	}
	env.Log("lake: writing %s (%s policy)", store.URL(), l.Writer.Policy)
	return &lakeRun{Sink: sk, store: store, scan: spec.Lake.Scan != nil && *spec.Lake.Scan, target: int64(l.TargetFileSize)}, nil
}

// lakeRun adds what a run does after the writer is done: the optional
// measured scan, then closing the store.
type lakeRun struct {
	*lake.Sink
	store  objstore.Store
	scan   bool
	target int64
	found  *analake.Analysis
}

func (r *lakeRun) Close(ctx context.Context) error {
	err := r.Sink.Close(ctx)
	if err == nil && r.scan {
		r.found, err = analake.Analyze(ctx, r.store, analake.Options{Scan: true, TargetFileSize: r.target})
		if err != nil {
			err = fmt.Errorf("lake scan: %w", err)
		}
	}
	if cerr := r.store.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("lake: close %s: %w: %w", r.store.URL(), sinks.ErrTarget, cerr)
	}
	return err
}

func (r *lakeRun) Report(m *metrics.Set) {
	r.Sink.Report(m)
	if r.found != nil && r.found.ScanSeconds > 0 {
		m.Put("lake.scan_seconds", r.found.ScanSeconds)
		m.Put("lake.scan.rows_per_second", float64(r.found.ScannedRows)/r.found.ScanSeconds)
	}
}
