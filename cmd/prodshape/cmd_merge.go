package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/prodshape/prodshape/analysis/merge"
	"github.com/prodshape/prodshape/analysis/report"
)

func init() { register("", newMergeCmd) }

type mergeOptions struct {
	out string
}

func newMergeCmd(a *app) *cobra.Command {
	var opts mergeOptions
	cmd := &cobra.Command{
		Use:   "merge RUN... --out DIR",
		Short: "Combine the results of a sharded run (--shard i/n) into the whole run's result",
		Long: `merge reads the result of every shard of one run (prodshape run --shard i/n)
and writes the whole run's result.json and reports into --out. Histograms merge
exactly, so latency percentiles equal an unsharded run's; counts add up; goals
are graded again on the merged numbers. The merged result's "merge.rules" table
says how each metric was combined.

It refuses results of different scenarios, seeds or scales, and a shard given
twice or missing. Exit codes as for run: 0 every goal met, 1 a goal missed,
2 the inputs are not the shards of one run.`,
		Example: `  prodshape merge runs/s0 runs/s1 runs/s2 runs/s3 --out runs/all`,
		Args:    cobraArgs(cobra.MinimumNArgs(1)),
		RunE:    func(cmd *cobra.Command, args []string) error { return runMerge(a, opts, args) },
	}
	cmd.Flags().StringVarP(&opts.out, "out", "o", "", "run folder for the merged result (required)")
	return cmd
}

func runMerge(a *app, opts mergeOptions, runs []string) error {
	if opts.out == "" {
		return usagef("merge needs --out DIR for the merged result")
	}
	for _, run := range runs {
		if _, err := readRun(run); err != nil {
			return err
		}
	}
	r, err := merge.Files(runs...)
	if errors.Is(err, merge.ErrMismatch) {
		return usageError{err}
	}
	if err != nil {
		return err
	}
	if err := r.WriteFile(opts.out); err != nil {
		return fmt.Errorf("write merged result: %w", err)
	}
	if err := report.WriteAll(opts.out, r); err != nil {
		return err
	}
	printSummary(a.stdout, r, opts.out)
	if !r.Passed() {
		return errGoalsMissed
	}
	return nil
}
