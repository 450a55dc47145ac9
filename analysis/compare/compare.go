package compare

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"github.com/prodshape/prodshape/analysis"
	"github.com/prodshape/prodshape/analysis/metrics"
	"github.com/prodshape/prodshape/analysis/report"
)

// ErrNoRuns is returned when there is nothing to compare.
var ErrNoRuns = errors.New("nothing to compare: give at least one run folder")

// Candidate is one run under comparison and the label it is shown by
// (usually its run folder's name).
type Candidate struct {
	Label  string
	Result *analysis.Result
}

// Comparison is the side-by-side table.
type Comparison struct {
	Candidates []Candidate
	Rows       []Row
}

// Row is one goal across the candidates.
type Row struct {
	Metric string
	Op     analysis.Op
	Target float64
	Text   string // target as written
	Unit   metrics.Unit
	Cells  []Cell // one per candidate, in candidate order
}

// Goal renders the row's goal: "freshness.p99 < 10m".
func (r Row) Goal() string { return fmt.Sprintf("%s %s %s", r.Metric, r.Op, r.Text) }

// Cell is one candidate's standing on one goal.
type Cell struct {
	Set       bool   // the candidate's scenario has this goal
	Status    string // report.StatusMet, StatusMissed, StatusNotMeasured; "" when not set
	Actual    string // formatted
	Value     float64
	Projected bool // graded at production volume
	Headroom  string
	Margin    float64
	Break     *Break // where a missed goal broke; nil when met
	Held      string // for a met goal with a tracking series: how far it held
}

// Break is where a candidate stopped meeting a goal.
type Break struct {
	Found bool    // false: missed, but no series or projection places it
	X     float64 // in XUnit
	XUnit metrics.Unit
	Text  string // "at 36% backfill progress"
	From  string // what placed it: a series, or the projection
}

// New compares candidates. Labels must be unique; empty labels become the
// scenario name. Goal rows follow the first candidate's goal order, then
// goals only later candidates have.
func New(cands ...Candidate) (*Comparison, error) {
	if len(cands) == 0 {
		return nil, ErrNoRuns
	}
	c := &Comparison{Candidates: make([]Candidate, len(cands))}
	seen := map[string]int{}
	for i, cand := range cands {
		if cand.Result == nil {
			return nil, fmt.Errorf("candidate %d (%s) has no result", i+1, cand.Label)
		}
		label := cand.Label
		if label == "" {
			label = cand.Result.Scenario
		}
		if seen[label]++; seen[label] > 1 {
			label = fmt.Sprintf("%s#%d", label, seen[label])
		}
		c.Candidates[i] = Candidate{Label: label, Result: cand.Result}
	}
	type key struct {
		metric string
		op     analysis.Op
		target float64
	}
	index := map[key]int{}
	for ci, cand := range c.Candidates {
		for _, g := range cand.Result.Goals {
			k := key{g.Metric, g.Op, g.Target}
			ri, ok := index[k]
			if !ok {
				ri = len(c.Rows)
				index[k] = ri
				c.Rows = append(c.Rows, Row{Metric: g.Metric, Op: g.Op, Target: g.Target, Text: g.Text, Unit: g.Unit,
					Cells: make([]Cell, len(c.Candidates))})
			}
			c.Rows[ri].Cells[ci] = cell(cand.Result, g)
		}
	}
	return c, nil
}

func cell(r *analysis.Result, g analysis.GoalResult) Cell {
	c := Cell{Set: true, Status: report.StatusNotMeasured, Actual: report.StatusNotMeasured, Margin: g.Margin,
		Projected: g.Graded != g.Metric}
	if g.Actual != nil {
		c.Value = *g.Actual
		c.Actual = metrics.Format(g.Unit, *g.Actual)
		c.Headroom = report.Headroom(g.Margin)
		c.Status = report.StatusMissed
		if g.Pass {
			c.Status = report.StatusMet
		}
	}
	if g.Pass {
		c.Held = held(r, g)
		return c
	}
	b := breakPoint(r, g)
	c.Break = &b
	return c
}

// goalHolds grades a single value against the goal.
func goalHolds(g analysis.GoalResult, v float64) bool {
	goal := analysis.Goal{Metric: g.Metric, Op: g.Op, Target: g.Target, Text: g.Text, Unit: g.Unit}
	return goal.Evaluate(map[string]float64{g.Metric: v}).Pass
}

// tracking returns the points of the first series tracking the goal's
// metric, sorted by x, with the series.
func tracking(r *analysis.Result, g analysis.GoalResult) (metrics.Series, []metrics.Point, bool) {
	for _, s := range r.Series {
		if !report.Tracks(s, g.Metric, g.Unit) || len(s.Points) == 0 {
			continue
		}
		pts := append([]metrics.Point(nil), s.Points...)
		sort.SliceStable(pts, func(i, j int) bool { return pts[i].X < pts[j].X })
		return s, pts, true
	}
	return metrics.Series{}, nil, false
}

// breakPoint places a missed goal's break; see the package doc.
func breakPoint(r *analysis.Result, g analysis.GoalResult) Break {
	if s, pts, ok := tracking(r, g); ok {
		for i, p := range pts {
			if goalHolds(g, p.Y) {
				continue
			}
			x := p.X
			text := fmt.Sprintf("at %s %s", formatX(s.XUnit, x), s.XLabel)
			if i == 0 {
				text = fmt.Sprintf("from the start (%s %s)", formatX(s.XUnit, x), s.XLabel)
			} else if prev := pts[i-1]; p.Y != prev.Y {
				// Where the straight line between the two points crosses
				// the target.
				f := (g.Target - prev.Y) / (p.Y - prev.Y)
				x = prev.X + math.Max(0, math.Min(1, f))*(p.X-prev.X)
				text = fmt.Sprintf("at %s %s", formatX(s.XUnit, x), s.XLabel)
			}
			return Break{Found: true, X: x, XUnit: s.XUnit, From: "series " + s.Chart + "/" + s.Name, Text: text}
		}
	}
	if g.Graded != g.Metric && g.Actual != nil && r.Scale > 0 && r.Scale < 1 {
		measured, ok := r.Metrics[g.Metric]
		if ok {
			from := fmt.Sprintf("projection: measured at scale %g, projected to 1x", r.Scale)
			if !goalHolds(g, measured) {
				return Break{Found: true, X: r.Scale, XUnit: metrics.Ratio, From: from,
					Text: fmt.Sprintf("already at the measured scale (%s of production volume)", percent(r.Scale))}
			}
			if projected := *g.Actual; projected != measured {
				f := r.Scale + (1-r.Scale)*(g.Target-measured)/(projected-measured)
				f = math.Max(r.Scale, math.Min(1, f))
				return Break{Found: true, X: f, XUnit: metrics.Ratio, From: from,
					Text: fmt.Sprintf("at ≈%s of production volume (interpolated)", percent(f))}
			}
		}
	}
	return Break{Text: "somewhere in the run (no series or projection places the break)"}
}

// held says how far a met goal's tracking series reaches.
func held(r *analysis.Result, g analysis.GoalResult) string {
	s, pts, ok := tracking(r, g)
	if !ok {
		return ""
	}
	last := pts[len(pts)-1]
	return fmt.Sprintf("held to %s %s", formatX(s.XUnit, last.X), s.XLabel)
}

func formatX(u metrics.Unit, x float64) string {
	if u == metrics.Ratio {
		return percent(x)
	}
	return metrics.Format(u, x)
}

// percent renders a share with three significant digits: 41.8%, 19%,
// 0.001% (the scale of a tiny run).
func percent(v float64) string {
	return fmt.Sprintf("%.3g%%", v*100)
}

// Standing summarizes one candidate over every goal it set.
type Standing struct {
	Label       string
	Met, Goals  int
	Worst       string  // the goal with the least headroom
	WorstMargin float64 // its margin
}

// Standings returns each candidate's goals met and its tightest goal.
func (c *Comparison) Standings() []Standing {
	out := make([]Standing, len(c.Candidates))
	for ci, cand := range c.Candidates {
		s := Standing{Label: cand.Label, WorstMargin: math.Inf(1)}
		for _, row := range c.Rows {
			cell := row.Cells[ci]
			if !cell.Set {
				continue
			}
			s.Goals++
			if cell.Status == report.StatusMet {
				s.Met++
			}
			m := cell.Margin
			if cell.Status == report.StatusNotMeasured {
				m = math.Inf(-1)
			}
			if m < s.WorstMargin {
				s.WorstMargin, s.Worst = m, row.Metric
			}
		}
		out[ci] = s
	}
	return out
}

// Passing lists the candidates that met every goal, most headroom on their
// tightest goal first.
func (c *Comparison) Passing() []Standing {
	var out []Standing
	for _, s := range c.Standings() {
		if s.Met == s.Goals {
			out = append(out, s)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].WorstMargin > out[j].WorstMargin })
	return out
}
