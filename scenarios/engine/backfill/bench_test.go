package backfill_test

import (
	"context"
	"testing"

	"github.com/prodshape/prodshape/analysis/metrics"
	"github.com/prodshape/prodshape/generators/identity"
	"github.com/prodshape/prodshape/scenarios/engine/backfill"
	"github.com/prodshape/prodshape/sinks/graph"
	"github.com/prodshape/prodshape/sinks/graph/memory"
)

// The backfill's own cost (history, guardrails, tracker, checkpoints) over
// the in-memory store, which costs least of the stores: a generated history
// of 50,000 people with junk identifiers and the cluster caps on, no edge
// export. It reports link events/s.
func BenchmarkBackfillMemory(b *testing.B) {
	c := identity.Defaults()
	c.Seed = 7
	c.People = 50000
	c.Junk = []identity.Junk{{Value: "test@test.com", Kind: identity.Email, Attach: 0.01}}
	p, err := identity.Generate(c)
	if err != nil {
		b.Fatal(err)
	}
	cfg := backfill.Config{Guardrails: graph.Guardrails{MaxComponent: 200, Blocklist: []string{`^test@test\.com$`}}}
	events := 0
	for b.Loop() {
		h := backfill.FromPopulation(p)
		if _, err := backfill.Run(context.Background(), memory.NewSized(h.Identifiers()), h, cfg, metrics.NewSet()); err != nil {
			b.Fatal(err)
		}
		events += h.Len()
	}
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
}
