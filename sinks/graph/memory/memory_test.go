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

func BenchmarkIngest(b *testing.B) {
	links := graphtest.History(200000, 1)
	graphtest.BenchIngest(b, func(*testing.B) graph.Store { return memory.NewSized(len(links) / 2) }, links, 1000)
}

func BenchmarkProfile1000(b *testing.B) {
	s := memory.New()
	b.Cleanup(func() { s.Close() })
	graphtest.BenchProfile(b, s, 1000)
}
