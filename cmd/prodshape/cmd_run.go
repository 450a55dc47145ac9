package main

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/prodshape/prodshape/scenarios"
	"github.com/prodshape/prodshape/scenarios/engine"
)

func init() { register("", newRunCmd) }

type runOptions struct {
	seed     uint64
	scale    float64
	duration string
	out      string
	sets     []string
	shard    string
	quiet    bool
	force    bool
	summary  summaryFlags
	metrics  string // --metrics-addr
}

func newRunCmd(a *app) *cobra.Command {
	var opts runOptions
	cmd := &cobra.Command{
		Use:   "run SCENARIO",
		Short: "Generate a scenario's workload, push it into its sinks, and grade its goals",
		Long: `run takes a scenario file or a built-in name (prodshape scenarios lists them),
generates the workload, writes it to the scenario's sinks, measures, and grades
every goal. The run folder gets result.json (and reports).

Exit codes: 0 every goal met, 1 a goal missed, 2 invalid scenario or usage,
3 runtime failure.`,
		Example: `  prodshape run clickstream-day --scale 0.0001 --out runs/x
  prodshape run my.yaml --seed 7 --set streams[0].rate.base=500/s --duration 1h
  prodshape run my.yaml --shard 0/4 --out runs/s0
  prodshape run my.yaml -q --summary json > summary.json`,
		Args: cobraArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			var sets []string
			if cmd.Flags().Changed("seed") {
				sets = append(sets, "seed="+strconv.FormatUint(opts.seed, 10))
			}
			if cmd.Flags().Changed("scale") {
				sets = append(sets, "scale="+strconv.FormatFloat(opts.scale, 'g', -1, 64))
			}
			if cmd.Flags().Changed("duration") {
				sets = append(sets, "clock.duration="+opts.duration)
			}
			opts.sets = append(sets, opts.sets...)
			return runRun(a, opts, args[0])
		},
	}
	f := cmd.Flags()
	f.Uint64Var(&opts.seed, "seed", 0, "random seed (overrides the scenario's)")
	f.Float64Var(&opts.scale, "scale", 0, "fraction of production volume, 0 < scale <= 1 (overrides the scenario's)")
	f.StringVar(&opts.duration, "duration", "", "scenario clock duration, e.g. 1h (overrides clock.duration)")
	f.StringVar(&opts.out, "out", "", "run folder (default runs/<scenario name>)")
	f.StringArrayVar(&opts.sets, "set", nil, "override any scenario field, path=value (repeatable)")
	f.StringVar(&opts.shard, "shard", "", "generate slice i of n, written i/n (e.g. 0/4)")
	f.BoolVarP(&opts.quiet, "quiet", "q", false, "no progress output")
	f.BoolVar(&opts.force, "force", false, "run into a run folder that already holds a finished run")
	opts.summary.register(f)
	f.StringVar(&opts.metrics, "metrics-addr", "", "serve live Prometheus metrics on host:port/metrics, e.g. 127.0.0.1:9464")
	return cmd
}

func parseShard(s string) (int, int, error) {
	if s == "" {
		return 0, 1, nil
	}
	is, ns, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(is)
	n, err2 := strconv.Atoi(ns)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
		return 0, 0, usagef("--shard: want i/n with 0 <= i < n, e.g. 0/4, got %q", s)
	}
	return i, n, nil
}

func runRun(a *app, opts runOptions, ref string) error {
	shard, shards, err := parseShard(opts.shard)
	if err != nil {
		return err
	}
	if err := opts.summary.check(); err != nil {
		return err
	}
	s, err := scenarios.Load(ref, scenarios.Options{Sets: opts.sets})
	if err != nil {
		return err
	}
	out := opts.out
	if out == "" {
		out = filepath.Join("runs", s.Name)
	}
	plan, err := s.Plan(shard, shards)
	if err != nil {
		return err
	}
	live := watchRun(opts.metrics)
	stopMetrics, err := startLiveMetrics(a, opts.metrics, s.Name, live)
	if err != nil {
		return err
	}
	prog := newProgress(a.stderr, opts.quiet, s)
	res, runErr := engine.Run(a.ctx, plan, engine.Options{
		OutDir: out, Stdout: a.stdout, Force: opts.force,
		Progress: prog.update, ProgressEvery: prog.every,
		Log:  func(format string, args ...any) { fmt.Fprintf(a.stderr, format+"\n", args...) },
		Live: live,
	})
	prog.finish()
	stopMetrics()
	err = runOutcome(res, runErr)
	if res != nil {
		summaryOut := a.stdout
		if sinksToStdout(s) {
			summaryOut = a.stderr // keep stdout for the records
		}
		if werr := opts.summary.write(summaryOut, res, out, err); werr != nil && err == nil {
			err = werr
		}
	}
	return err
}

func sinksToStdout(s *scenarios.Scenario) bool {
	for _, sk := range s.Sinks {
		if sk.JSONL != nil && sk.JSONL.Path == "-" {
			return true
		}
	}
	return false
}
