package analysis

import (
	"errors"
	"math"
	"testing"

	"github.com/prodshape/prodshape/analysis/metrics"
)

func init() {
	metrics.Register(
		metrics.Def{Name: "test.latency.p99", Unit: metrics.Seconds},
		metrics.Def{Name: "test.files", Unit: metrics.Count, Projected: true},
		metrics.Def{Name: "test.size", Unit: metrics.Bytes},
		metrics.Def{Name: "test.availability", Unit: metrics.Ratio},
	)
}

func TestParseGoal(t *testing.T) {
	tests := []struct {
		metric, expr string
		op           Op
		target       float64
		ok           bool
	}{
		{"test.latency.p99", "< 150ms", Less, 0.15, true},       // time units
		{"test.latency.p99", "<=2s", LessEqual, 2, true},        // no space
		{"test.files", ">= 60", GreaterEqual, 60, true},         // counts
		{"test.files@1x", "<= 34560", LessEqual, 34560, true},   // projected name
		{"test.size", ">= 64MiB", GreaterEqual, 64 << 20, true}, // sizes
		{"test.availability", ">= 99.95%", GreaterEqual, 0.9995, true},
		{"test.files", "== 3", Equal, 3, true},
		{"test.latency.p99", "about 5", "", 0, false}, // no operator
		{"test.latency.p99", "< 5", "", 0, false},     // time without unit
		{"test.size", "> big", "", 0, false},          // not a size
		{"test.latency.p90", "< 1s", "", 0, false},    // unknown metric
		{"test.size@1x", "< 1MiB", "", 0, false},      // not projected
	}
	for _, tt := range tests {
		g, err := ParseGoal(tt.metric, tt.expr)
		if (err == nil) != tt.ok {
			t.Errorf("ParseGoal(%q, %q) error = %v, want ok=%v", tt.metric, tt.expr, err, tt.ok)
			continue
		}
		if tt.ok && (g.Op != tt.op || math.Abs(g.Target-tt.target) > 1e-12) {
			t.Errorf("ParseGoal(%q, %q) = %s %g, want %s %g", tt.metric, tt.expr, g.Op, g.Target, tt.op, tt.target)
		}
	}
	if _, err := ParseGoal("test.latency.p90", "< 1s"); !errors.Is(err, ErrUnknownMetric) {
		t.Errorf("unknown metric error = %v, want ErrUnknownMetric", err)
	}
}

func TestEvaluate(t *testing.T) {
	values := map[string]float64{"test.latency.p99": 0.2, "test.files": 10, "test.files@1x": 1000}
	tests := []struct {
		metric, expr string
		pass         bool
		margin       float64
		graded       string
		measured     bool
	}{
		{"test.latency.p99", "< 150ms", false, -1.0 / 3, "test.latency.p99", true}, // missed by a third
		{"test.latency.p99", "< 1s", true, 0.8, "test.latency.p99", true},          // 80% headroom
		{"test.files", "<= 60", false, -(1000 - 60) / 60.0, "test.files@1x", true}, // graded at production volume
		{"test.files", ">= 500", true, 1, "test.files@1x", true},
		{"test.size", "< 1MiB", false, 0, "test.size", false}, // not measured fails
	}
	for _, tt := range tests {
		g, err := ParseGoal(tt.metric, tt.expr)
		if err != nil {
			t.Fatal(err)
		}
		r := g.Evaluate(values)
		if r.Pass != tt.pass || r.Graded != tt.graded || r.Measured != tt.measured || math.Abs(r.Margin-tt.margin) > 1e-9 {
			t.Errorf("%s %s: got pass=%v graded=%s measured=%v margin=%g; want %v %s %v %g",
				tt.metric, tt.expr, r.Pass, r.Graded, r.Measured, r.Margin, tt.pass, tt.graded, tt.measured, tt.margin)
		}
	}
}

func TestGradeVerdict(t *testing.T) {
	g1, _ := ParseGoal("test.files", "<= 60")
	g2, _ := ParseGoal("test.latency.p99", "< 1s")
	r := &Result{Metrics: map[string]float64{"test.files": 5, "test.latency.p99": 0.5}}
	r.Grade([]Goal{g1, g2})
	if r.Verdict != Persevere {
		t.Errorf("verdict %s, want persevere", r.Verdict)
	}
	r.Metrics["test.latency.p99"] = 3
	r.Grade([]Goal{g1, g2})
	if r.Verdict != Pivot || len(r.Goals) != 2 {
		t.Errorf("verdict %s with %d goals, want pivot with 2", r.Verdict, len(r.Goals))
	}
}

func FuzzParseGoal(f *testing.F) {
	for _, s := range []string{"< 150ms", ">= 99.95%", "<= 64MiB", "==3", "<", ">= -1e309"} {
		f.Add("test.latency.p99", s)
		f.Add("test.size", s)
		f.Add("test.availability", s)
	}
	f.Fuzz(func(t *testing.T, metric, expr string) {
		g, err := ParseGoal(metric, expr)
		if err != nil {
			return
		}
		if math.IsNaN(g.Target) {
			t.Fatalf("ParseGoal(%q, %q) target NaN", metric, expr)
		}
		_ = g.Evaluate(map[string]float64{metric: 1})
	})
}
