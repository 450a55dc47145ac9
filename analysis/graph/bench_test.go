package graph

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
)

var benchCache = map[int][]Edge{}

// benchEdges returns n edges (built once per size and shared, read only) over about n/2 identifiers: components of
// identity-graph sizes (most 2–20, a few supernode clusters).
func benchEdges(n int) []Edge {
	if e, ok := benchCache[n]; ok {
		return e
	}
	e := benchEdgesNew(n)
	benchCache[n] = e
	return e
}

func benchEdgesNew(n int) []Edge {
	r := rand.New(rand.NewPCG(1, 1))
	names := make([]string, n/2)
	for i := range names {
		names[i] = fmt.Sprintf("id-%08x@example.com", i*2654435761%(1<<32))
	}
	edges := make([]Edge, n)
	for i := range edges {
		a := r.IntN(len(names))
		// Mostly near neighbours (small clusters), sometimes far (merges).
		b := a + 1 + r.IntN(8)
		if r.IntN(50) == 0 {
			b = r.IntN(len(names))
		}
		// Fresh copies, laid out in reading order, as a decoder yields them.
		edges[i] = Edge{Src: strings.Clone(names[a]), Dst: strings.Clone(names[b%len(names)])}
	}
	return edges
}

// Connected components over 1 M edges including identifier mapping.
// Target: at most 150 ns per edge on one core (10 M edges at full size).
func BenchmarkComponents(b *testing.B) {
	edges := benchEdges(1_000_000)
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b.ResetTimer()
	start := threadCPU()
	for b.Loop() {
		Analyze(edges, 10)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(edges)), "ns/edge")
	b.ReportMetric(float64(threadCPU()-start)/float64(b.N)/float64(len(edges)), "cpu-ns/edge")
}

// The incremental Builder: a hash-table lookup per identifier occurrence,
// a block of lookups prefetched at a time.
func BenchmarkComponentsHashIndex(b *testing.B) {
	edges := benchEdges(1_000_000)
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b.ResetTimer()
	start := threadCPU()
	for b.Loop() {
		g := NewBuilder(len(edges) / 2)
		for chunk := range slices.Chunk(edges, 1024) { // as the readers deliver them
			g.AddEdges(chunk)
		}
		g.Analyze(10)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(edges)), "ns/edge")
	b.ReportMetric(float64(threadCPU()-start)/float64(b.N)/float64(len(edges)), "cpu-ns/edge")
}

// Baseline: map adjacency and a breadth-first search with a visited map,
// over a quarter of the edges (at 1 M it takes half a minute a run; a
// smaller graph only flatters it, caches being warmer).
func BenchmarkComponentsNaiveBFS(b *testing.B) {
	edges := pairs(benchEdges(250_000))
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b.ResetTimer()
	start := threadCPU()
	for b.Loop() {
		naiveComponents(edges)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(edges)), "ns/edge")
	b.ReportMetric(float64(threadCPU()-start)/float64(b.N)/float64(len(edges)), "cpu-ns/edge")
}

// threadCPU is the CPU time of the calling thread in ns: on a shared
// machine it shows the cost on one core, where wall time shows the
// neighbours too.
func threadCPU() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(1 /* RUSAGE_THREAD */, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

func pairs(edges []Edge) [][2]string {
	out := make([][2]string, len(edges))
	for i, e := range edges {
		out[i] = [2]string{e.Src, e.Dst}
	}
	return out
}

// The same work edge by edge with Add, without prefetching a block ahead.
func BenchmarkComponentsEdgeByEdge(b *testing.B) {
	edges := benchEdges(1_000_000)
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b.ResetTimer()
	start := threadCPU()
	for b.Loop() {
		g := NewBuilder(len(edges) / 2)
		for _, e := range edges {
			g.Add(e.Src, e.Dst)
		}
		g.Analyze(10)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(edges)), "ns/edge")
	b.ReportMetric(float64(threadCPU()-start)/float64(b.N)/float64(len(edges)), "cpu-ns/edge")
}
