package main

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/prodshape/prodshape/analysis"
	"github.com/prodshape/prodshape/analysis/metrics"
	"github.com/prodshape/prodshape/analysis/report"
	"github.com/prodshape/prodshape/scenarios"
)

// goalFlags are the --goals FILE and --goal METRIC=EXPR flags every analyze
// command takes: an analysis is graded like a run.
type goalFlags struct {
	file  string
	exprs []string
}

func (g *goalFlags) register(f *pflag.FlagSet, example string) {
	f.StringVar(&g.file, "goals", "", "YAML file of goals, metric: \"op value\"")
	f.StringArrayVar(&g.exprs, "goal", nil, "grade a goal, METRIC=EXPR, e.g. '"+example+"' (repeatable); a miss exits 1")
}

// parse reads the goals file (in file order) and then the --goal flags; a
// flag replaces the file's goal on the same metric. Every mistake in either
// is reported at once, the file's with its line and column.
func (g *goalFlags) parse() ([]analysis.Goal, error) {
	var goals []analysis.Goal
	var errs scenarios.ErrorList
	if g.file != "" {
		data, err := os.ReadFile(g.file)
		if err != nil {
			return nil, usagef("--goals: %w", err)
		}
		goals, err = scenarios.ParseGoals(g.file, data)
		if err != nil && !errors.As(err, &errs) {
			return nil, err
		}
	}
	for _, e := range g.exprs {
		at := scenarios.Pos{File: "--goal " + e}
		metric, expr, ok := strings.Cut(e, "=")
		if !ok {
			errs = append(errs, &scenarios.Error{Pos: at, Msg: "want METRIC=EXPR like 'records.total=>= 1000'"})
			continue
		}
		metric = strings.TrimSpace(metric)
		goal, err := analysis.ParseGoal(metric, strings.TrimSpace(expr))
		if err != nil {
			errs = append(errs, &scenarios.Error{Pos: at, Path: metric, Msg: err.Error()})
			continue
		}
		goals = replaceGoal(goals, goal)
	}
	if len(errs) > 0 {
		return nil, goalErrors(errs)
	}
	return goals, nil
}

// replaceGoal puts goal in place of the goal on the same metric, or last.
func replaceGoal(goals []analysis.Goal, goal analysis.Goal) []analysis.Goal {
	for i := range goals {
		if goals[i].Metric == goal.Metric {
			goals[i] = goal
			return goals
		}
	}
	return append(goals, goal)
}

// goalErrors is every mistake in a --goals file and the --goal flags. It
// prints under its own heading, not a scenario's, and exits 2.
type goalErrors scenarios.ErrorList

func (e goalErrors) Error() string {
	return fmt.Sprintf("%d error(s) in goals:\n%s", len(e), scenarios.ErrorList(e).Error())
}

func (e goalErrors) Unwrap() error { return scenarios.ErrInvalid }

// finishAnalysis fills, grades and (when out is set) writes an analyze
// command's result.json and reports, exactly as a run's.
func finishAnalysis(res *analysis.Result, set *metrics.Set, goals []analysis.Goal, out string) error {
	if err := res.Fill(set); err != nil {
		return err
	}
	res.Grade(goals)
	res.Finished = time.Now().UTC()
	if out == "" {
		return nil
	}
	if err := res.WriteFile(out); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	return report.WriteAll(out, res)
}
