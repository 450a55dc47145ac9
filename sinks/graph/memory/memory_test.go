package memory_test

import (
	"testing"

	"github.com/prodshape/prodshape/sinks/graph"
	"github.com/prodshape/prodshape/sinks/graph/graphtest"
	"github.com/prodshape/prodshape/sinks/graph/memory"
)

func TestConformance(t *testing.T) {
	graphtest.Run(t, func(t *testing.T) graph.Store { return memory.New() })
}

// Ingest of a realistic history in batches of 1,000. Target: at least
// 1,000,000 links/s.
func BenchmarkIngest(b *testing.B) {
	links := graphtest.History(200000, 1)
	graphtest.BenchIngest(b, func(*testing.B) graph.Store { return memory.NewSized(len(links) / 2) }, links, 1000)
}

func BenchmarkProfile1000(b *testing.B) {
	s := memory.New()
	b.Cleanup(func() { s.Close() })
	graphtest.BenchProfile(b, s, 1000)
}

// Baseline: adjacency as a map of neighbour sets keyed by identifier, the
// first thing one writes.
func BenchmarkIngestNaiveMaps(b *testing.B) {
	links := graphtest.History(200000, 1)
	for b.Loop() {
		adj := map[string]map[string]struct{}{}
		for _, l := range links {
			if adj[l.Src] == nil {
				adj[l.Src] = map[string]struct{}{}
			}
			if adj[l.Dst] == nil {
				adj[l.Dst] = map[string]struct{}{}
			}
			adj[l.Src][l.Dst] = struct{}{}
			adj[l.Dst][l.Src] = struct{}{}
		}
	}
	b.ReportMetric(float64(len(links))*float64(b.N)/b.Elapsed().Seconds(), "links/s")
}
