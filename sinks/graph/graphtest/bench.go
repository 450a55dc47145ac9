package graphtest

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/prodshape/prodshape/generators/identity"
	"github.com/prodshape/prodshape/sinks/graph"
)

// History generates a realistic backfill of about n links (households,
// churning cookies, no junk) as store links.
func History(n int, seed uint64) []graph.Link {
	c := identity.Defaults()
	c.Seed = seed
	c.People = max(1, n/9) // ~9 links per person over five years of history
	p, err := identity.Generate(c)
	if err != nil {
		panic(err)
	}
	names := make([]string, p.Identifiers())
	for i := range names {
		names[i] = p.Name(int32(i))
	}
	links := make([]graph.Link, len(p.Events))
	for i, e := range p.Events {
		links[i] = graph.Link{Src: names[e.A], Dst: names[e.B], SrcKind: p.KindOf(e.A), DstKind: p.KindOf(e.B), Time: e.Time}
	}
	return links
}

// BenchIngest ingests links into fresh stores in batches and reports
// links/s. open is called once per iteration.
func BenchIngest(b *testing.B, open func(b *testing.B) graph.Store, links []graph.Link, batch int) {
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		s := open(b)
		b.StartTimer()
		for chunk := range slices.Chunk(links, batch) {
			if err := s.Ingest(ctx, chunk); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(len(links))*float64(b.N)/b.Elapsed().Seconds(), "links/s")
}

// BenchProfile evaluates the profile of a cluster of size identifiers.
func BenchProfile(b *testing.B, s graph.Store, size int) {
	ctx := context.Background()
	links := Cluster("p", size-1, 9)
	for chunk := range slices.Chunk(links, 1000) {
		if err := s.Ingest(ctx, chunk); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		got, err := s.Profile(ctx, fmt.Sprintf("p%d", i%size))
		if err != nil {
			b.Fatal(err)
		}
		if len(got) != size {
			b.Fatalf("profile has %d identifiers, want %d", len(got), size)
		}
	}
}
