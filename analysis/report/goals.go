package report

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/prodshape/prodshape/analysis"
	"github.com/prodshape/prodshape/analysis/metrics"
)

// GoalRow is one goal as every report format shows it.
type GoalRow struct {
	Metric    string // the goal's metric as written
	Graded    string // the metric compared (with @1x when projected)
	Projected bool   // graded at production volume
	Target    string // "< 10m"
	Actual    string // "7.9m", or "not measured"
	Measured  string // the value at the run's scale when Actual is projected
	Headroom  string // "+21%" met, "-480%" missed, "" not measured
	Status    string // "met", "missed" or "not measured"
	Pass      bool
	Margin    float64
}

// Status words.
const (
	StatusMet         = "met"
	StatusMissed      = "missed"
	StatusNotMeasured = "not measured"
)

// GoalRows turns a result's graded goals into rows, in the scenario's order.
func GoalRows(r *analysis.Result) []GoalRow {
	rows := make([]GoalRow, 0, len(r.Goals))
	for _, g := range r.Goals {
		row := GoalRow{Metric: g.Metric, Graded: g.Graded, Target: string(g.Op) + " " + g.Text,
			Pass: g.Pass, Margin: g.Margin, Actual: StatusNotMeasured, Status: StatusNotMeasured}
		row.Projected = g.Graded != g.Metric && strings.HasSuffix(g.Graded, metrics.ProjectedSuffix)
		if g.Actual != nil {
			row.Actual = metrics.Format(g.Unit, *g.Actual)
			row.Headroom = Headroom(g.Margin)
			row.Status = StatusMissed
			if g.Pass {
				row.Status = StatusMet
			}
		}
		if row.Projected {
			if v, ok := r.Metrics[g.Metric]; ok {
				row.Measured = metrics.Format(g.Unit, v)
			}
		}
		rows = append(rows, row)
	}
	return rows
}

// Headroom renders a goal margin as a signed percentage of the target.
func Headroom(margin float64) string {
	if math.IsInf(margin, 0) || math.IsNaN(margin) {
		return "n/a"
	}
	return fmt.Sprintf("%+.0f%%", margin*100)
}

// Missed counts the goals not met (missed or not measured).
func Missed(r *analysis.Result) int {
	n := 0
	for _, g := range r.Goals {
		if !g.Pass {
			n++
		}
	}
	return n
}

// KeyGoals returns up to n goals that matter most for the decision: missed
// ones first, then the tightest headroom.
func KeyGoals(r *analysis.Result, n int) []GoalRow {
	rows := GoalRows(r)
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].Pass != rows[j].Pass {
			return !rows[i].Pass
		}
		return rows[i].Margin < rows[j].Margin
	})
	if len(rows) > n {
		rows = rows[:n]
	}
	return rows
}

// Summary is the one-line verdict: "PIVOT: 2 of 3 goals missed".
func Summary(r *analysis.Result) string {
	total, missed := len(r.Goals), Missed(r)
	switch {
	case total == 0:
		return strings.ToUpper(verdict(r)) + ": no goals set"
	case missed == 0:
		return fmt.Sprintf("%s: all %d goals met", strings.ToUpper(verdict(r)), total)
	}
	return fmt.Sprintf("%s: %d of %d goals missed", strings.ToUpper(verdict(r)), missed, total)
}

func verdict(r *analysis.Result) string {
	if r.Verdict == "" {
		return analysis.Persevere
	}
	return r.Verdict
}

// RunFacts are the lines that say what was run: seed, scale, clock, status.
func RunFacts(r *analysis.Result) [][2]string {
	facts := [][2]string{{"scenario", r.Scenario}}
	if r.Source != "" {
		facts = append(facts, [2]string{"source", r.Source})
	}
	facts = append(facts, [2]string{"seed", fmt.Sprint(r.Seed)}, [2]string{"scale", fmt.Sprint(r.Scale)})
	if r.Shard != nil {
		facts = append(facts, [2]string{"shard", fmt.Sprintf("%d/%d", r.Shard.Index, r.Shard.Count)})
	}
	if r.Clock != nil {
		facts = append(facts, [2]string{"clock", fmt.Sprintf("%s, %s from %s", r.Clock.Mode,
			metrics.FormatSeconds(r.Clock.Duration), r.Clock.Start.UTC().Format("2006-01-02T15:04:05Z"))})
	}
	status := r.Status
	if r.Error != "" {
		status += ": " + r.Error
	}
	facts = append(facts, [2]string{"status", status})
	if !r.Started.IsZero() && !r.Finished.IsZero() {
		facts = append(facts, [2]string{"wall time", metrics.FormatSeconds(r.Finished.Sub(r.Started).Seconds())})
	}
	return facts
}

// MetricRow is one metric for the full listing.
type MetricRow struct{ Name, Value string }

// MetricRows lists every metric, sorted by name, formatted in its unit.
func MetricRows(r *analysis.Result) []MetricRow {
	names := make([]string, 0, len(r.Metrics))
	for n := range r.Metrics {
		names = append(names, n)
	}
	sort.Strings(names)
	rows := make([]MetricRow, len(names))
	for i, n := range names {
		rows[i] = MetricRow{n, metrics.Format(r.Units[n], r.Metrics[n])}
	}
	return rows
}
