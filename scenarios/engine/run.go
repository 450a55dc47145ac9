package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/prodshape/prodshape/analysis"
	"github.com/prodshape/prodshape/analysis/metrics"
	"github.com/prodshape/prodshape/scenarios"
	"github.com/prodshape/prodshape/sinks"
)

// Progress is a snapshot of a running scenario for display.
type Progress struct {
	Done    float64   // share of the clock covered, 0..1
	Records int64     // records generated so far
	Clock   time.Time // scenario time reached
	Elapsed time.Duration
}

// Options control one run.
type Options struct {
	OutDir string
	Stdout io.Writer
	// Progress, when set, is called every ProgressEvery with a snapshot.
	Progress      func(Progress)
	ProgressEvery time.Duration
	// Log prints user-facing lines (addresses of embedded servers, say).
	Log func(format string, args ...any)
	// Force runs into a folder that holds a finished run's result.
	Force bool
	// Live, when set, receives the run's counts as they happen.
	Live *Live
}

// Run runs the plan's workload into its sinks, measures, grades every goal
// and writes result.json (and the reports) into opts.OutDir. The returned
// result is complete even when err is not nil (status failed or
// interrupted), so callers can always report what happened.
func Run(ctx context.Context, p *scenarios.Plan, opts Options) (*analysis.Result, error) {
	env, err := newEnv(p, opts)
	if err != nil {
		return nil, err
	}
	defer env.unlock() // after the result and reports are written
	res := newResult(p)
	set := metrics.NewSet()
	start := time.Now()
	runErr := safely(func() error { return workloadOf(env).Run(ctx, env, set) })
	env.Close()
	elapsed := time.Since(start)
	set.Put("run.seconds", elapsed.Seconds())
	if n, ok := set.Get("records.total"); ok && elapsed > 0 {
		set.Put("run.records_per_second", n/elapsed.Seconds())
	}
	project(set, p.Scenario.Scale)
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
	res.Grade(p.Goals)
	res.Finished = time.Now().UTC()
	if err := writeResult(res, opts.OutDir); err != nil && runErr == nil {
		runErr = fmt.Errorf("%w: %v", sinks.ErrTarget, err)
	}
	return res, runErr
}

func newEnv(p *scenarios.Plan, opts Options) (*Env, error) {
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
	unlock, err := lockRunFolder(opts.OutDir, opts.Force)
	if err != nil {
		if errors.Is(err, ErrRunFolder) {
			return nil, err
		}
		return nil, fmt.Errorf("%w: run folder: %v", sinks.ErrTarget, err)
	}
	env := &Env{Plan: p, OutDir: opts.OutDir, Stdout: opts.Stdout, Log: opts.Log,
		progress: opts.Progress, progressEvery: opts.ProgressEvery, realtime: newRealtime(p.Scenario), live: opts.Live}
	env.unlock = unlock
	return env, nil
}

func newResult(p *scenarios.Plan) *analysis.Result {
	s := p.Scenario
	res := &analysis.Result{
		Version: analysis.ResultVersion, Kind: "run", Scenario: s.Name, Description: s.Description,
		Source: s.File, Seed: s.Seed, Scale: s.Scale, Started: time.Now().UTC(),
		Clock: &analysis.Clock{Mode: s.Clock.Mode, Start: s.Clock.Start.Time, Duration: time.Duration(s.Clock.Duration).Seconds()},
	}
	if p.Shards > 1 {
		res.Shard = &analysis.Shard{Index: p.Shard, Count: p.Shards}
	}
	return res
}
