package scenarios

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prodshape/prodshape/analysis"
	"github.com/prodshape/prodshape/analysis/metrics"
	"github.com/prodshape/prodshape/generators"
	"github.com/prodshape/prodshape/generators/pace"
	"github.com/prodshape/prodshape/sinks"
)

func init() {
	metrics.Register(
		metrics.Def{Name: "records.total", Unit: metrics.Count, Help: "records generated", Projected: true},
		metrics.Def{Name: "bytes.total", Unit: metrics.Bytes, Help: "raw value bytes generated (text length, 8 per number or time, 1 per bool)", Projected: true},
		metrics.Def{Name: "records.rate.p50", Unit: metrics.PerSecond, Help: "median per-minute arrival rate on the scenario clock", Projected: true},
		metrics.Def{Name: "records.rate.max", Unit: metrics.PerSecond, Help: "busiest minute's arrival rate on the scenario clock", Projected: true},
		metrics.Def{Name: "records.rate.min", Unit: metrics.PerSecond, Help: "quietest minute's arrival rate on the scenario clock", Projected: true},
		metrics.Def{Name: "run.seconds", Unit: metrics.Seconds, Help: "wall-clock time of the run"},
		metrics.Def{Name: "run.records_per_second", Unit: metrics.PerSecond, Help: "generation and sink throughput on the wall clock"},
	)
}

// Progress is a snapshot of a running scenario for display.
type Progress struct {
	Done    float64   // share of the clock covered, 0..1
	Records int64     // records generated so far
	Clock   time.Time // scenario time reached
	Elapsed time.Duration
}

// RunOptions control one run.
type RunOptions struct {
	OutDir string
	// Shard and Shards generate one disjoint slice of the workload.
	Shard, Shards int
	Stdout        io.Writer
	// Progress, when set, is called every ProgressEvery with a snapshot.
	Progress      func(Progress)
	ProgressEvery time.Duration
	// Log prints user-facing lines (addresses of embedded servers, say).
	Log func(format string, args ...any)
}

// runners handle scenarios whose workload is not a set of streams (an
// identity backfill); the first that accepts a scenario runs it.
var runners []func(s *Scenario) (runner, bool)

// runner runs a non-stream workload into the metric set.
type runner func(ctx context.Context, env *RunEnv, opts RunOptions, set *metrics.Set) error

// Run generates the scenario's workload, pushes it into its sinks, measures,
// grades every goal and writes result.json into opts.OutDir. The returned
// result is complete even when err is not nil (status failed or
// interrupted), so callers can always report what happened.
func Run(ctx context.Context, s *Scenario, opts RunOptions) (*analysis.Result, error) {
	if opts.Shards == 0 {
		opts.Shards = 1
	}
	if opts.Stdout == nil {
		opts.Stdout = os.Stdout
	}
	if opts.Log == nil {
		opts.Log = func(string, ...any) {}
	}
	if opts.ProgressEvery == 0 {
		opts.ProgressEvery = time.Second
	}
	if err := os.MkdirAll(opts.OutDir, 0o755); err != nil {
		return nil, fmt.Errorf("%w: run folder: %v", sinks.ErrTarget, err)
	}
	res := &analysis.Result{
		Version: analysis.ResultVersion, Kind: "run", Scenario: s.Name, Description: s.Description,
		Source: s.File, Seed: s.Seed, Scale: s.Scale, Started: time.Now().UTC(),
		Clock: &analysis.Clock{Mode: s.Clock.Mode, Start: s.Clock.Start.Time, Duration: time.Duration(s.Clock.Duration).Seconds()},
	}
	if opts.Shards > 1 {
		res.Shard = &analysis.Shard{Index: opts.Shard, Count: opts.Shards}
	}
	set := metrics.NewSet()
	env := &RunEnv{Scenario: s, OutDir: opts.OutDir, Stdout: opts.Stdout, Log: opts.Log}
	start := time.Now()
	var runErr error
	handled := false
	for _, accept := range runners {
		if r, ok := accept(s); ok {
			runErr = r(ctx, env, opts, set)
			handled = true
			break
		}
	}
	if !handled {
		runErr = runStreams(ctx, env, opts, set)
	}
	env.close()
	elapsed := time.Since(start)
	set.Put("run.seconds", elapsed.Seconds())
	if n, ok := set.Get("records.total"); ok && elapsed > 0 {
		set.Put("run.records_per_second", n/elapsed.Seconds())
	}
	project(set, s.Scale)
	res.Status = analysis.StatusComplete
	switch {
	case runErr == nil:
	case errors.Is(runErr, context.Canceled):
		res.Status, res.Error = analysis.StatusInterrupted, "interrupted before the scenario clock ran out"
	default:
		res.Status, res.Error = analysis.StatusFailed, runErr.Error()
	}
	if err := res.Fill(set); err != nil {
		return res, err
	}
	goals, err := s.ParsedGoals()
	if err != nil {
		return res, err
	}
	res.Grade(goals)
	res.Finished = time.Now().UTC()
	if err := writeResult(res, opts.OutDir); err != nil && runErr == nil {
		runErr = fmt.Errorf("%w: %v", sinks.ErrTarget, err)
	}
	return res, runErr
}

// writers of extra run-folder files (reports); the result file is written
// first, so a failing report never loses the result.
var resultWriters []func(dir string, r *analysis.Result) error

func writeResult(r *analysis.Result, dir string) error {
	if err := r.WriteFile(dir); err != nil {
		return err
	}
	for _, w := range resultWriters {
		if err := w(dir, r); err != nil {
			return err
		}
	}
	return nil
}

// ParsedGoals parses the scenario's goals (already validated).
func (s *Scenario) ParsedGoals() ([]analysis.Goal, error) {
	var out []analysis.Goal
	for _, g := range s.Goals {
		pg, err := analysis.ParseGoal(g.Metric, g.Expr)
		if err != nil {
			return nil, fmt.Errorf("goals.%s: %w", g.Metric, err)
		}
		out = append(out, pg)
	}
	return out, nil
}

// project adds metric@1x for every projected metric a sink did not project
// itself: counts and sizes of totals scale with 1/scale. Sinks that know
// better (the lake re-runs its writer policy) put their own @1x first.
func project(set *metrics.Set, scale float64) {
	if scale >= 1 {
		return
	}
	values := set.Values()
	for name, v := range values {
		d, ok := metrics.Lookup(name)
		if !ok || !d.Projected {
			continue
		}
		if _, done := values[name+metrics.ProjectedSuffix]; done {
			continue
		}
		if linear[name] {
			set.Put(name+metrics.ProjectedSuffix, v/scale)
		}
	}
}

// linear lists the projected metrics that grow in proportion to volume.
var linear = map[string]bool{
	"records.total": true, "bytes.total": true, "records.rate.p50": true, "records.rate.max": true,
	"records.rate.min": true, "jsonl.bytes": true, "jsonl.records": true,
}

// streamRun is one stream's generator and sinks.
type streamRun struct {
	gen     *generators.Stream
	sinks   []sinks.Sink
	rt      *realtime   // nil on a virtual clock
	pacer   *pace.Pacer // nil on a virtual clock
	records atomic.Int64
	perMin  []int64
	bytes   int64
}

func runStreams(ctx context.Context, env *RunEnv, opts RunOptions, set *metrics.Set) error {
	s := env.Scenario
	env.realtime = newRealtime(s)
	pools, err := s.BuildEntities()
	if err != nil {
		return err
	}
	var runs []*streamRun
	defer func() {
		for _, r := range runs {
			for _, sk := range r.sinks {
				if a, ok := sk.(aborter); ok {
					a.Abort()
				}
			}
		}
	}()
	for i := range s.Streams {
		cfg, err := s.StreamConfig(i, pools, opts.Shard, opts.Shards)
		if err != nil {
			return err
		}
		gen, err := generators.NewStream(cfg)
		if err != nil {
			return err
		}
		r := &streamRun{gen: gen, perMin: make([]int64, int((time.Duration(s.Clock.Duration)+time.Minute-1)/time.Minute)),
			rt: env.realtime, pacer: env.realtime.newPacer()}
		for j := range s.Sinks {
			if s.Sinks[j].Stream != "" && s.Sinks[j].Stream != cfg.Name {
				continue
			}
			sk, err := buildSink(ctx, env, &s.Sinks[j], gen.Schema())
			if err != nil {
				return fmt.Errorf("sinks[%d] (%s): %w", j, s.Sinks[j].kinds()[0], err)
			}
			r.sinks = append(r.sinks, sk)
		}
		runs = append(runs, r)
	}
	stop := startProgress(opts, runs, s)
	defer stop()
	env.realtime.start()
	var wg sync.WaitGroup
	errs := make([]error, len(runs))
	for i, r := range runs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = r.run(ctx, s.Clock.Start.Time)
		}()
	}
	wg.Wait()
	for _, r := range runs {
		for _, sk := range r.sinks {
			if rep, ok := sk.(sinks.Reporter); ok {
				rep.Report(set)
			}
		}
	}
	recordStreamMetrics(set, runs, s, opts)
	env.realtime.report(set, runs)
	runs = nil // closed or failed: nothing left to abort
	return errors.Join(errs...)
}

// run pipelines generation and delivery: one goroutine fills batches while
// the other hands the previous ones to the sinks.
func (r *streamRun) run(ctx context.Context, start time.Time) error {
	const depth = 3
	free := make(chan *generators.Batch, depth)
	full := make(chan *generators.Batch, depth)
	for i := 0; i < depth; i++ {
		free <- r.gen.NewBatch()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		defer close(full)
		for {
			var b *generators.Batch
			select {
			case b = <-free:
			case <-ctx.Done():
				return
			}
			if !r.gen.Next(b) {
				return
			}
			full <- b
		}
	}()
	var err error
	for b := range full {
		if err == nil {
			err = r.deliver(ctx, b, start)
			if err != nil {
				cancel()
			}
		}
		free <- b
	}
	if err == nil {
		err = ctx.Err()
	}
	for _, sk := range r.sinks {
		if err != nil {
			if a, ok := sk.(aborter); ok {
				a.Abort()
				continue
			}
		}
		if cerr := sk.Close(context.WithoutCancel(ctx)); cerr != nil && err == nil {
			err = cerr
		}
	}
	return err
}

func (r *streamRun) deliver(ctx context.Context, b *generators.Batch, start time.Time) error {
	base := start.UnixNano()
	for _, a := range b.Arrival {
		if m := int((a - base) / int64(time.Minute)); m >= 0 && m < len(r.perMin) {
			r.perMin[m]++
		}
	}
	r.bytes += batchBytes(b)
	return r.write(ctx, b)
}

// batchBytes is the raw size of the values: text length, 8 bytes per number
// or time, 1 per bool; nulls count nothing.
func batchBytes(b *generators.Batch) int64 {
	var n int64
	rows := b.Len()
	for c := range b.Columns {
		col := &b.Columns[c]
		null := col.Null
		if null != nil {
			null = null[:rows]
		}
		if col.Type != generators.String {
			size := int64(8)
			if col.Type == generators.Bool {
				size = 1
			}
			set := int64(rows)
			for _, isNull := range null {
				if isNull {
					set--
				}
			}
			n += set * size
			continue
		}
		for i, v := range col.Strings[:rows] {
			if null == nil || !null[i] {
				n += int64(len(v))
			}
		}
	}
	return n
}

// recordStreamMetrics turns the per-minute arrival counts into rate
// metrics and the "records per minute against the intended shape" chart.
func recordStreamMetrics(set *metrics.Set, runs []*streamRun, s *Scenario, opts RunOptions) {
	duration := time.Duration(s.Clock.Duration)
	minutes := int((duration + time.Minute - 1) / time.Minute)
	counts := make([]int64, minutes)
	var total, bytes int64
	for _, r := range runs {
		for m, c := range r.perMin {
			counts[m] += c
		}
		total += r.records.Load()
		bytes += r.bytes
	}
	set.Put("records.total", float64(total))
	set.Put("bytes.total", float64(bytes))
	if minutes == 0 {
		return
	}
	start := s.Clock.Start.Time
	var shapes []generators.Rate // validated already: build cannot fail here
	for i := range s.Streams {
		if r, err := s.Streams[i].Rate.Build(start); err == nil {
			shapes = append(shapes, r)
		}
	}
	rates := make([]float64, minutes)
	measured := make([]metrics.Point, minutes)
	intended := make([]metrics.Point, minutes)
	for m := range counts {
		from := start.Add(time.Duration(m) * time.Minute)
		to := from.Add(time.Minute)
		if end := start.Add(duration); to.After(end) {
			to = end
		}
		width := to.Sub(from).Seconds()
		rates[m] = float64(counts[m]) / width
		measured[m] = metrics.Point{X: float64(m * 60), Y: rates[m]}
		var want float64
		for _, r := range shapes {
			want += r.Expected(from, to, start) * s.Scale / float64(opts.Shards)
		}
		intended[m] = metrics.Point{X: float64(m * 60), Y: want / width}
	}
	sorted := sortedFloat(rates)
	set.Put("records.rate.p50", sorted[len(sorted)/2])
	set.Put("records.rate.max", sorted[len(sorted)-1])
	set.Put("records.rate.min", sorted[0])
	chart := metrics.Series{Chart: "records-per-minute", Title: "Records per minute against the intended rate",
		Kind: "line", XLabel: "scenario time", YLabel: "events/s (this run's scale)", XUnit: metrics.Seconds, YUnit: metrics.PerSecond}
	if minutes < 2 {
		return // one point draws no line
	}
	m, in := chart, chart
	m.Name, m.Points = "generated", measured
	in.Name, in.Points = "intended", intended
	set.AddSeries(m, in)
}

func startProgress(opts RunOptions, runs []*streamRun, s *Scenario) func() {
	if opts.Progress == nil {
		return func() {}
	}
	began := time.Now()
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	snapshot := func() Progress {
		var p Progress
		for _, r := range runs {
			p.Records += r.records.Load()
			p.Done += r.gen.Progress() / float64(len(runs))
		}
		p.Clock = s.Clock.Start.Add(time.Duration(p.Done * float64(s.Clock.Duration)))
		p.Elapsed = time.Since(began)
		return p
	}
	go func() {
		defer wg.Done()
		t := time.NewTicker(opts.ProgressEvery)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				opts.Progress(snapshot())
			case <-done:
				opts.Progress(snapshot())
				return
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

func sortedFloat(v []float64) []float64 {
	out := append([]float64(nil), v...)
	sort.Float64s(out)
	return out
}
