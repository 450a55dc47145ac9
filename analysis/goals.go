package analysis

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/prodshape/prodshape/analysis/metrics"
)

// Op is a goal's comparison.
type Op string

// Comparison operators a goal may use.
const (
	Less         Op = "<"
	LessEqual    Op = "<="
	Greater      Op = ">"
	GreaterEqual Op = ">="
	Equal        Op = "=="
)

// ErrUnknownMetric is returned for a goal on a metric no part of prodshape
// produces.
var ErrUnknownMetric = errors.New("unknown metric")

// Goal is one parsed goal: metric op target.
type Goal struct {
	Metric string
	Op     Op
	Target float64 // in the metric's base unit
	Text   string  // the target as written, e.g. "10m"
	Unit   metrics.Unit
}

// ParseGoal reads a goal such as metric "freshness.p99" with expression
// "< 10m". The metric must be in the catalog; the target is read in the
// metric's unit.
func ParseGoal(metric, expr string) (Goal, error) {
	def, ok := metrics.Lookup(metric)
	if !ok {
		hint := ""
		if s := metrics.Suggest(metric, 3); len(s) > 0 {
			hint = "; did you mean " + strings.Join(s, ", ") + "?"
		}
		return Goal{}, fmt.Errorf("%w %q%s (prodshape metrics lists them all)", ErrUnknownMetric, metric, hint)
	}
	e := strings.TrimSpace(expr)
	var op Op
	for _, cand := range []Op{LessEqual, GreaterEqual, Equal, Less, Greater} {
		if rest, ok := strings.CutPrefix(e, string(cand)); ok {
			op, e = cand, strings.TrimSpace(rest)
			break
		}
	}
	if op == "" {
		return Goal{}, fmt.Errorf("want \"OP VALUE\" with OP one of < <= > >= ==, got %q", expr)
	}
	v, err := metrics.ParseValue(def.Unit, e)
	if err != nil {
		return Goal{}, fmt.Errorf("target of %s (%s): %w", metric, def.Unit, err)
	}
	return Goal{Metric: metric, Op: op, Target: v, Text: e, Unit: def.Unit}, nil
}

// GoalResult is a graded goal as result.json records it.
type GoalResult struct {
	Metric string       `json:"metric"`
	Op     Op           `json:"op"`
	Target float64      `json:"target"`
	Text   string       `json:"target_text"`
	Unit   metrics.Unit `json:"unit"`
	// Graded is the metric actually compared: Metric+"@1x" when a projection
	// to production volume exists, else Metric.
	Graded   string   `json:"graded"`
	Actual   *float64 `json:"actual"` // nil when the run did not measure it
	Pass     bool     `json:"pass"`
	Margin   float64  `json:"margin"` // headroom as a share of the target: >0 met, <0 missed by that much
	Measured bool     `json:"measured"`
}

// Evaluate grades the goal against a run's metrics. A projected value
// (metric@1x) is graded when present: the goal is about production volume.
func (g Goal) Evaluate(values map[string]float64) GoalResult {
	gr := GoalResult{Metric: g.Metric, Op: g.Op, Target: g.Target, Text: g.Text, Unit: g.Unit, Graded: g.Metric}
	actual, ok := values[g.Metric]
	if !strings.HasSuffix(g.Metric, metrics.ProjectedSuffix) {
		if p, pok := values[g.Metric+metrics.ProjectedSuffix]; pok {
			actual, ok, gr.Graded = p, true, g.Metric+metrics.ProjectedSuffix
		}
	}
	if !ok {
		return gr
	}
	gr.Measured = true
	gr.Actual = &actual
	gr.Pass = g.Op.holds(actual, g.Target)
	gr.Margin = margin(g.Op, actual, g.Target)
	return gr
}

func (op Op) holds(a, t float64) bool {
	switch op {
	case Less:
		return a < t
	case LessEqual:
		return a <= t
	case Greater:
		return a > t
	case GreaterEqual:
		return a >= t
	case Equal:
		return a == t
	}
	return false
}

// margin is the headroom relative to the target: for an upper bound,
// (target-actual)/target; for a lower bound, (actual-target)/target.
func margin(op Op, a, t float64) float64 {
	den := math.Abs(t)
	if den == 0 {
		den = 1
	}
	switch op {
	case Less, LessEqual:
		return (t - a) / den
	case Greater, GreaterEqual:
		return (a - t) / den
	}
	if a == t {
		return 0
	}
	return -math.Abs(a-t) / den
}

// Describe renders the goal result in one line: "freshness.p99 7m < 10m ✓".
func (gr GoalResult) Describe() string {
	actual := "not measured"
	if gr.Actual != nil {
		actual = metrics.Format(gr.Unit, *gr.Actual)
	}
	return fmt.Sprintf("%s = %s (goal %s %s)", gr.Graded, actual, gr.Op, gr.Text)
}
