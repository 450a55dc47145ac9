package report_test

import (
	"os"

	"github.com/prodshape/prodshape/analysis"
	"github.com/prodshape/prodshape/analysis/metrics"
	"github.com/prodshape/prodshape/analysis/report"
)

// The terminal summary of a run with one goal missed.
func ExampleRender() {
	r := &analysis.Result{Version: 1, Kind: "run", Scenario: "identity-backfill-kv", Seed: 42, Scale: 0.002,
		Status: analysis.StatusComplete, Metrics: map[string]float64{"graph.profile_latency.p99": 0.41}}
	r.Grade([]analysis.Goal{{Metric: "graph.profile_latency.p99", Op: analysis.Less, Target: 0.15, Text: "150ms", Unit: metrics.Seconds}})
	if err := report.Render(os.Stdout, "text", r); err != nil {
		panic(err)
	}
	// Output:
	// identity-backfill-kv  PIVOT: 1 of 1 goals missed
	//   seed    42
	//   scale   0.002
	//   status  complete
	//
	//   GOAL                       ACTUAL  TARGET   HEADROOM  RESULT
	//   graph.profile_latency.p99  410ms   < 150ms  -173%     missed
}
