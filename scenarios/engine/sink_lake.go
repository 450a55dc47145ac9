package engine

import (
	"context"
	"fmt"
	"strings"
	"time"

	analake "github.com/prodshape/prodshape/analysis/lake"
	"github.com/prodshape/prodshape/analysis/metrics"
	"github.com/prodshape/prodshape/generators"
	"github.com/prodshape/prodshape/scenarios"
	"github.com/prodshape/prodshape/sinks"
	"github.com/prodshape/prodshape/sinks/lake"
	"github.com/prodshape/prodshape/sinks/objstore"
)

func init() { registerSink("lake", openLake) }

func policyConfig(w scenarios.LakeWriter) lake.PolicyConfig {
	return lake.PolicyConfig{
		Policy: w.Policy, FlushEvery: time.Duration(w.FlushEvery), Delay: time.Duration(w.Delay),
		MaxRows: w.MaxRows, MaxBytes: int64(w.MaxBytes), Concurrency: w.Concurrency,
	}
}

func openLake(ctx context.Context, env *Env, spec *scenarios.Sink, schema *generators.Schema, live *LiveSink) (sinks.Sink, error) {
	s := env.Scenario()
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
		Store: store, Schema: schema, PartitionBy: l.Writer.PartitionBy, Writer: policyConfig(l.Writer),
		RouteBy: l.Writer.RouteBy, Compression: l.Writer.Parquet.Compression, RowGroupRows: l.Writer.Parquet.RowGroupRows,
		EventTime: l.Writer.EventTime, Scale: s.Scale, TargetFileSize: int64(l.TargetFileSize), Start: s.Clock.Start.Time,
	}
	if live != nil {
		cfg.OnCommit = live.committed
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

func (r *lakeRun) afterRun(m *metrics.Set) {
	if r.found != nil {
		analake.PutScan(m, r.found)
	}
}
