package main

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/pflag"
	"go.yaml.in/yaml/v3"

	"github.com/prodshape/prodshape/analysis"
	"github.com/prodshape/prodshape/analysis/metrics"
	"github.com/prodshape/prodshape/analysis/report"
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
// flag overrides the file's goal on the same metric.
func (g *goalFlags) parse() ([]analysis.Goal, error) {
	var order []string
	exprs := map[string]string{}
	add := func(metric, expr string) {
		if _, seen := exprs[metric]; !seen {
			order = append(order, metric)
		}
		exprs[metric] = strings.TrimSpace(expr)
	}
	if g.file != "" {
		data, err := os.ReadFile(g.file)
		if err != nil {
			return nil, usagef("--goals: %v", err)
		}
		var doc yaml.Node
		err = yaml.Unmarshal(data, &doc)
		if err == nil && (len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode) {
			err = fmt.Errorf("not a mapping")
		}
		if err != nil {
			return nil, usagef("--goals %s: want a map of metric: \"op value\", like freshness.p99: \"< 10m\": %v", g.file, err)
		}
		m := doc.Content[0]
		for i := 0; i+1 < len(m.Content); i += 2 {
			add(m.Content[i].Value, m.Content[i+1].Value)
		}
	}
	for _, e := range g.exprs {
		metric, expr, ok := strings.Cut(e, "=")
		if !ok {
			return nil, usagef("--goal: want METRIC=EXPR like 'records.total=>= 1000', got %q", e)
		}
		add(strings.TrimSpace(metric), expr)
	}
	var goals []analysis.Goal
	for _, metric := range order {
		goal, err := analysis.ParseGoal(metric, exprs[metric])
		if err != nil {
			return nil, usagef("goal %s: %v", metric, err)
		}
		goals = append(goals, goal)
	}
	return goals, nil
}

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
