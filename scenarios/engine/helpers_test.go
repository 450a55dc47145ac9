package engine

import (
	"context"
	"io"
	"time"

	"github.com/prodshape/prodshape/analysis"
	"github.com/prodshape/prodshape/scenarios"
)

// runOptions are the engine's options plus the shard a test runs.
type runOptions struct {
	OutDir        string
	Shard, Shards int
	Stdout        io.Writer
	Progress      func(Progress)
	ProgressEvery time.Duration
}

// runScenario plans shard opts.Shard of opts.Shards and runs it.
func runScenario(ctx context.Context, s *scenarios.Scenario, opts runOptions) (*analysis.Result, error) {
	p, err := s.Plan(opts.Shard, opts.Shards)
	if err != nil {
		return nil, err
	}
	return Run(ctx, p, Options{OutDir: opts.OutDir, Stdout: opts.Stdout, Progress: opts.Progress, ProgressEvery: opts.ProgressEvery})
}
