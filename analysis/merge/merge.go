package merge

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/prodshape/prodshape/analysis"
	"github.com/prodshape/prodshape/analysis/metrics"
)

// ErrMismatch is returned when the inputs are not the shards of one run:
// different scenarios, seeds, scales, shard counts or goals, or shard
// indexes missing or given twice.
var ErrMismatch = errors.New("results are not the shards of one run")

// Input is one shard result and the name errors call it by (its path).
type Input struct {
	Name   string
	Result *analysis.Result
}

// Files reads result.json from each path (a run folder or the file) and
// merges them; errors name the paths.
func Files(paths ...string) (*analysis.Result, error) {
	in := make([]Input, 0, len(paths))
	for _, p := range paths {
		r, err := analysis.ReadResult(p)
		if err != nil {
			return nil, err
		}
		in = append(in, Input{Name: p, Result: r})
	}
	return Inputs(in...)
}

// Results merges shard results; errors call them "result 1", "result 2"...
func Results(rs ...*analysis.Result) (*analysis.Result, error) {
	in := make([]Input, len(rs))
	for i, r := range rs {
		in[i] = Input{Name: fmt.Sprintf("result %d", i+1), Result: r}
	}
	return Inputs(in...)
}

// Inputs merges named shard results into the result of the whole run.
func Inputs(in ...Input) (*analysis.Result, error) {
	if len(in) == 0 {
		return nil, fmt.Errorf("%w: no results given", ErrMismatch)
	}
	shards, err := order(in)
	if err != nil {
		return nil, err
	}
	first := shards[0].Result
	goals, err := goalsOf(shards)
	if err != nil {
		return nil, err
	}

	out := &analysis.Result{
		Version: analysis.ResultVersion, Kind: first.Kind, Scenario: first.Scenario,
		Description: first.Description, Source: first.Source, Seed: first.Seed, Scale: first.Scale,
		Clock: first.Clock, Status: analysis.StatusComplete,
		Metrics: map[string]float64{}, Units: map[string]metrics.Unit{}, Histograms: map[string]string{},
	}
	var errs []string
	for _, s := range shards {
		r := s.Result
		if out.Started.IsZero() || (!r.Started.IsZero() && r.Started.Before(out.Started)) {
			out.Started = r.Started
		}
		if r.Finished.After(out.Finished) {
			out.Finished = r.Finished
		}
		out.Status = worse(out.Status, r.Status)
		if r.Error != "" {
			errs = append(errs, fmt.Sprintf("shard %d: %s", r.Shard.Index, r.Error))
		}
	}
	out.Error = strings.Join(errs, "; ")

	hists, err := mergeHistograms(shards, out)
	if err != nil {
		return nil, err
	}
	rules := mergeMetrics(shards, out, hists)
	out.Series = mergeSeries(shards)
	out.Tables = append(mergeTables(shards), rules)
	out.Grade(goals)
	return out, nil
}

// order checks that the inputs are the n shards of one run, each once, and
// returns them sorted by shard index.
func order(in []Input) ([]Input, error) {
	first := in[0]
	var problems []string
	for _, s := range in {
		r := s.Result
		switch {
		case r == nil:
			return nil, fmt.Errorf("%w: %s is empty", ErrMismatch, s.Name)
		case r.Shard == nil:
			return nil, fmt.Errorf("%w: %s is not a shard result; run each slice with prodshape run --shard i/n", ErrMismatch, s.Name)
		}
		f := first.Result
		if r.Scenario != f.Scenario {
			problems = append(problems, fmt.Sprintf("%s is scenario %q, %s is %q", s.Name, r.Scenario, first.Name, f.Scenario))
		}
		if r.Seed != f.Seed {
			problems = append(problems, fmt.Sprintf("%s has seed %d, %s has %d", s.Name, r.Seed, first.Name, f.Seed))
		}
		if r.Scale != f.Scale {
			problems = append(problems, fmt.Sprintf("%s has scale %g, %s has %g", s.Name, r.Scale, first.Name, f.Scale))
		}
		if f.Shard != nil && r.Shard.Count != f.Shard.Count {
			problems = append(problems, fmt.Sprintf("%s is shard %d/%d, %s is shard %d/%d", s.Name, r.Shard.Index, r.Shard.Count, first.Name, f.Shard.Index, f.Shard.Count))
		}
		if !sameClock(r.Clock, f.Clock) {
			problems = append(problems, fmt.Sprintf("%s and %s ran different clocks", s.Name, first.Name))
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("%w: %s", ErrMismatch, strings.Join(problems, "; "))
	}
	n := first.Result.Shard.Count
	byIndex := map[int]string{}
	for _, s := range in {
		i := s.Result.Shard.Index
		if i < 0 || i >= n {
			problems = append(problems, fmt.Sprintf("%s has shard index %d, outside 0..%d", s.Name, i, n-1))
			continue
		}
		if other, dup := byIndex[i]; dup {
			problems = append(problems, fmt.Sprintf("shard %d/%d given twice (%s and %s)", i, n, other, s.Name))
		}
		byIndex[i] = s.Name
	}
	var missing []string
	for i := 0; i < n; i++ {
		if _, ok := byIndex[i]; !ok {
			missing = append(missing, fmt.Sprint(i))
		}
	}
	if len(missing) > 0 {
		problems = append(problems, fmt.Sprintf("shards %s of %d missing: merge needs every shard of the run", strings.Join(missing, ", "), n))
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("%w: %s", ErrMismatch, strings.Join(problems, "; "))
	}
	out := append([]Input(nil), in...)
	sort.Slice(out, func(i, j int) bool { return out[i].Result.Shard.Index < out[j].Result.Shard.Index })
	return out, nil
}

func sameClock(a, b *analysis.Clock) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Mode == b.Mode && a.Start.Equal(b.Start) && a.Duration == b.Duration
}

// worse returns the worse of two run statuses.
func worse(a, b string) string {
	rank := map[string]int{analysis.StatusComplete: 0, "": 0, analysis.StatusInterrupted: 1, analysis.StatusFailed: 2}
	if rank[b] > rank[a] {
		return b
	}
	return a
}

// goalsOf rebuilds the scenario's goals from the shards' graded goals,
// which must agree.
func goalsOf(shards []Input) ([]analysis.Goal, error) {
	first := shards[0]
	var goals []analysis.Goal
	for _, g := range first.Result.Goals {
		goals = append(goals, analysis.Goal{Metric: g.Metric, Op: g.Op, Target: g.Target, Text: g.Text, Unit: g.Unit})
	}
	for _, s := range shards[1:] {
		same := len(s.Result.Goals) == len(goals)
		for i := 0; same && i < len(goals); i++ {
			g := s.Result.Goals[i]
			same = g.Metric == goals[i].Metric && g.Op == goals[i].Op && g.Target == goals[i].Target
		}
		if !same {
			return nil, fmt.Errorf("%w: %s and %s were graded against different goals", ErrMismatch, first.Name, s.Name)
		}
	}
	return goals, nil
}

// mergeHistograms merges each histogram across shards into out and
// returns the set of merged names.
func mergeHistograms(shards []Input, out *analysis.Result) (map[string]bool, error) {
	set := metrics.NewSet()
	names := map[string]bool{}
	for _, s := range shards {
		for _, name := range sortedKeys(s.Result.Histograms) {
			h, err := metrics.DecodeHistogram(s.Result.Histograms[name])
			if err != nil {
				return nil, fmt.Errorf("%s: histogram %s: %w", s.Name, name, err)
			}
			set.MergeHistogram(name, h)
			names[name] = true
		}
	}
	enc, err := set.Encoded()
	if err != nil {
		return nil, err
	}
	out.Histograms = enc
	set.Summarize()
	for name, v := range set.Values() {
		out.Metrics[name] = v
		out.Units[name] = metrics.Seconds
	}
	return names, nil
}

// mergeMetrics combines every metric no histogram summarizes, and returns
// the table of rules applied.
func mergeMetrics(shards []Input, out *analysis.Result, hists map[string]bool) metrics.Table {
	values := map[string][]float64{}
	units := map[string]metrics.Unit{}
	for _, s := range shards {
		for name, v := range s.Result.Metrics {
			values[name] = append(values[name], v)
			if _, ok := units[name]; !ok {
				units[name] = s.Result.Units[name]
			}
		}
	}
	table := metrics.Table{Name: "merge.rules", Title: "How the shards' metrics were combined",
		Columns: []string{"metric", "rule", "exact"}}
	for _, name := range sortedKeys(values) {
		if h, ok := histogramOf(name, hists); ok {
			if u := units[name]; u != "" {
				out.Units[name] = u
			}
			table.Rows = append(table.Rows, []string{name, FromHistogram.Name + " " + h, "yes"})
			continue
		}
		rule := RuleFor(name, units[name])
		out.Metrics[name] = rule.Combine(values[name])
		out.Units[name] = units[name]
		exact := "yes"
		if !rule.Exact {
			exact = "no"
		}
		if len(values[name]) < len(shards) {
			exact += fmt.Sprintf(" (in %d of %d shards)", len(values[name]), len(shards))
		}
		table.Rows = append(table.Rows, []string{name, rule.Name, exact})
	}
	return table
}

// mergeSeries joins the series that share chart and name. Points at the
// same x combine like metrics of the series' y unit: counts, sizes and
// rates add up (each shard drew its slice); durations take the maximum and
// ratios the mean.
func mergeSeries(shards []Input) []metrics.Series {
	type key struct{ chart, name string }
	var order []key
	merged := map[key]*metrics.Series{}
	ys := map[key]map[float64][]float64{}
	for _, s := range shards {
		for _, se := range s.Result.Series {
			k := key{se.Chart, se.Name}
			if _, ok := merged[k]; !ok {
				c := se
				c.Points = nil
				merged[k] = &c
				ys[k] = map[float64][]float64{}
				order = append(order, k)
			}
			for _, p := range se.Points {
				ys[k][p.X] = append(ys[k][p.X], p.Y)
			}
		}
	}
	out := make([]metrics.Series, 0, len(order))
	for _, k := range order {
		se := merged[k]
		rule := Sum
		switch se.YUnit {
		case metrics.Seconds:
			rule = Max
		case metrics.Ratio:
			rule = Mean
		}
		xs := make([]float64, 0, len(ys[k]))
		for x := range ys[k] {
			xs = append(xs, x)
		}
		sort.Float64s(xs)
		for _, x := range xs {
			se.Points = append(se.Points, metrics.Point{X: x, Y: rule.Combine(ys[k][x])})
		}
		out = append(out, *se)
	}
	return out
}

// mergeTables concatenates the rows of same-named tables, dropping rows
// that repeat exactly.
func mergeTables(shards []Input) []metrics.Table {
	var out []metrics.Table
	index := map[string]int{}
	seen := map[string]bool{}
	for _, s := range shards {
		for _, t := range s.Result.Tables {
			i, ok := index[t.Name]
			if !ok {
				i = len(out)
				index[t.Name] = i
				c := t
				c.Rows = nil
				out = append(out, c)
			}
			for _, row := range t.Rows {
				k := t.Name + "\x00" + strings.Join(row, "\x00")
				if !seen[k] {
					seen[k] = true
					out[i].Rows = append(out[i].Rows, row)
				}
			}
		}
	}
	return out
}
