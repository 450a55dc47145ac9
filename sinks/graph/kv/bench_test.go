package kv_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/prodshape/prodshape/sinks/graph"
	"github.com/prodshape/prodshape/sinks/graph/graphtest"
	"github.com/prodshape/prodshape/sinks/graph/kv"
)

// Ingest of a realistic history in batches of 20,000 links, one commit (and
// fsync) per batch. Target: at least 100,000 links/s.
func BenchmarkIngest(b *testing.B) {
	links := graphtest.History(100000, 1)
	graphtest.BenchIngest(b, func(b *testing.B) graph.Store { return open(b, kv.Options{}) }, links, 20000)
}

// Baseline: the same links, one transaction per link, as a naive
// processing service would commit.
func BenchmarkIngestPerLinkCommit(b *testing.B) {
	links := graphtest.History(100000, 1)[:1000]
	graphtest.BenchIngest(b, func(b *testing.B) graph.Store { return open(b, kv.Options{}) }, links, 1)
}

// Profile evaluation of a 1,000-identifier cluster. Target: under 2 ms.
func BenchmarkProfile1000(b *testing.B) {
	s := open(b, kv.Options{})
	b.Cleanup(func() { s.Close() })
	graphtest.BenchProfile(b, s, 1000)
}

// Baseline: the same walk, one read transaction per hop.
func BenchmarkProfile1000TxPerHop(b *testing.B) {
	dir := b.TempDir()
	s, err := kv.Open(dir+"/"+kv.FileName, kv.Options{})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for chunk := range slices.Chunk(graphtest.Cluster("p", 999, 9), 1000) {
		if err := s.Ingest(ctx, chunk); err != nil {
			b.Fatal(err)
		}
	}
	s.Close()
	db, err := bolt.Open(dir+"/"+kv.FileName, 0o644, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	for i := 0; b.Loop(); i++ {
		if n := walkTxPerHop(b, db, fmt.Sprintf("p%d", i%1000)); n != 1000 {
			b.Fatalf("walk found %d identifiers", n)
		}
	}
}
