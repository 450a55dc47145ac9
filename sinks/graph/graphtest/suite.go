package graphtest

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/prodshape/prodshape/generators/identity"
	"github.com/prodshape/prodshape/sinks/graph"
)

// Opener returns a fresh, empty store; the suite closes it.
type Opener func(t *testing.T) graph.Store

// Run runs the conformance suite against the stores open returns.
func Run(t *testing.T, open Opener) {
	t.Run("UnknownIdentifier", func(t *testing.T) { testUnknown(t, open(t)) })
	t.Run("Fixture", func(t *testing.T) { testFixture(t, open(t)) })
	t.Run("MergeAcrossBatches", func(t *testing.T) { testMerge(t, open(t)) })
	t.Run("LargeCluster", func(t *testing.T) { testLarge(t, open(t)) })
	t.Run("KnownComponents", func(t *testing.T) { testKnown(t, open(t)) })
	t.Run("ConcurrentProfiles", func(t *testing.T) { testConcurrent(t, open(t)) })
	t.Run("CanceledContext", func(t *testing.T) { testCanceled(t, open(t)) })
}

func closeStore(t *testing.T, s graph.Store) {
	t.Helper()
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
}

func ingest(t *testing.T, s graph.Store, links ...graph.Link) {
	t.Helper()
	if err := s.Ingest(context.Background(), links); err != nil {
		t.Fatalf("ingest: %v", err)
	}
}

// L builds a link between two email identifiers.
func L(a, b string) graph.Link {
	return graph.Link{Src: a, Dst: b, SrcKind: identity.Email, DstKind: identity.Email}
}

// expectProfile checks the profile of id against want (any order).
func expectProfile(t *testing.T, s graph.Store, id string, want []string) {
	t.Helper()
	got, err := s.Profile(context.Background(), id)
	if err != nil {
		t.Fatalf("profile %q: %v", id, err)
	}
	got, want = graph.SortedProfile(got), graph.SortedProfile(want)
	if !slices.Equal(got, want) {
		if len(got) > 20 || len(want) > 20 {
			t.Fatalf("profile %q: got %d identifiers, want %d", id, len(got), len(want))
		}
		t.Fatalf("profile %q:\n got  %q\n want %q", id, got, want)
	}
}

// Components computes the clusters of an edge list independently of any
// store: a plain breadth-first search over a map adjacency. Node-only
// links (empty Dst) add a cluster of one.
func Components(links []graph.Link) map[string][]string {
	adj := map[string][]string{}
	for _, l := range links {
		if _, ok := adj[l.Src]; !ok {
			adj[l.Src] = nil
		}
		if l.Dst == "" {
			continue
		}
		adj[l.Src] = append(adj[l.Src], l.Dst)
		adj[l.Dst] = append(adj[l.Dst], l.Src)
	}
	out := map[string][]string{}
	for start := range adj {
		if _, done := out[start]; done {
			continue
		}
		comp := []string{start}
		seen := map[string]bool{start: true}
		for i := 0; i < len(comp); i++ {
			for _, n := range adj[comp[i]] {
				if !seen[n] {
					seen[n] = true
					comp = append(comp, n)
				}
			}
		}
		for _, n := range comp {
			out[n] = comp
		}
	}
	return out
}

func testUnknown(t *testing.T, s graph.Store) {
	closeStore(t, s)
	ingest(t, s) // an empty batch is fine
	_, err := s.Profile(context.Background(), "nobody@example.com")
	if !errors.Is(err, graph.ErrNotFound) {
		t.Fatalf("profile of an unknown identifier: got %v, want ErrNotFound", err)
	}
}

// fixture is a hand-built graph: a triangle, a chain, a star whose hub is a
// junk identifier, repeated links, a self link and a lone node.
var fixture = []graph.Link{
	L("a@x", "b@x"), L("b@x", "c@x"), L("c@x", "a@x"), // triangle
	L("p1", "p2"), L("p2", "p3"), L("p3", "p4"), L("p4", "p5"), // chain
	L("test@test.com", "s1"), L("test@test.com", "s2"), L("s3", "test@test.com"), // star
	L("a@x", "b@x"), L("b@x", "a@x"), // the same link seen again, both ways
	L("self", "self"),
	{Src: "lonely", SrcKind: identity.Cookie}, // node only
}

func testFixture(t *testing.T, s graph.Store) {
	closeStore(t, s)
	ingest(t, s, fixture...)
	tests := []struct {
		id   string
		want []string // the cluster
	}{
		{"a@x", []string{"a@x", "b@x", "c@x"}},         // a triangle walks to all three
		{"p3", []string{"p1", "p2", "p3", "p4", "p5"}}, // from the middle of a chain
		{"p5", []string{"p1", "p2", "p3", "p4", "p5"}}, // from its end
		{"s2", []string{"test@test.com", "s1", "s2", "s3"}},
		{"self", []string{"self"}},     // a self link makes a node, not an edge
		{"lonely", []string{"lonely"}}, // a node-only link makes a cluster of one
	}
	for _, tt := range tests {
		expectProfile(t, s, tt.id, tt.want)
	}
	want := Components(fixture)
	for id, comp := range want {
		expectProfile(t, s, id, comp)
	}
}

func testMerge(t *testing.T, s graph.Store) {
	closeStore(t, s)
	ingest(t, s, L("l1", "l2"), L("l2", "l3"))
	ingest(t, s, L("r1", "r2"))
	expectProfile(t, s, "l1", []string{"l1", "l2", "l3"})
	expectProfile(t, s, "r2", []string{"r1", "r2"})
	ingest(t, s, L("l3", "r1")) // the bridge merges both clusters
	expectProfile(t, s, "r2", []string{"l1", "l2", "l3", "r1", "r2"})
	ingest(t, s, graph.Link{Src: "l1"}) // node-only link on a known identifier changes nothing
	expectProfile(t, s, "l1", []string{"l1", "l2", "l3", "r1", "r2"})
}

// Cluster returns n links that connect n+1 identifiers named prefix0..prefixN
// into one cluster: a random tree, like a supernode with branches.
func Cluster(prefix string, n int, seed uint64) []graph.Link {
	r := rand.New(rand.NewPCG(seed, 1))
	links := make([]graph.Link, n)
	for i := 1; i <= n; i++ {
		links[i-1] = L(fmt.Sprintf("%s%d", prefix, r.IntN(i)), fmt.Sprintf("%s%d", prefix, i))
	}
	return links
}

func testLarge(t *testing.T, s graph.Store) {
	closeStore(t, s)
	links := Cluster("big", 999, 1)
	for chunk := range slices.Chunk(links, 100) {
		ingest(t, s, chunk...)
	}
	want := make([]string, 1000)
	for i := range want {
		want[i] = fmt.Sprintf("big%d", i)
	}
	expectProfile(t, s, "big0", want)
	expectProfile(t, s, "big999", want)
}

// KnownComponents returns links forming components of the given sizes over
// disjoint identifiers, shuffled, and the component of every identifier.
func KnownComponents(sizes []int, seed uint64) ([]graph.Link, map[string]int) {
	var links []graph.Link
	comp := map[string]int{}
	for c, size := range sizes {
		prefix := fmt.Sprintf("c%d-", c)
		if size == 1 {
			links = append(links, graph.Link{Src: prefix + "0"})
		}
		links = append(links, Cluster(prefix, size-1, seed+uint64(c))...)
		for i := range size {
			comp[fmt.Sprintf("%s%d", prefix, i)] = c
		}
	}
	r := rand.New(rand.NewPCG(seed, 2))
	r.Shuffle(len(links), func(i, j int) { links[i], links[j] = links[j], links[i] })
	return links, comp
}

func testKnown(t *testing.T, s graph.Store) {
	closeStore(t, s)
	sizes := []int{1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233}
	links, comp := KnownComponents(sizes, 3)
	for chunk := range slices.Chunk(links, 64) {
		ingest(t, s, chunk...)
	}
	members := make([][]string, len(sizes))
	for id, c := range comp {
		members[c] = append(members[c], id)
	}
	for c, m := range members {
		if len(m) != sizes[c] {
			t.Fatalf("fixture: component %d has %d members, built with %d", c, len(m), sizes[c])
		}
		expectProfile(t, s, m[0], m)
		expectProfile(t, s, m[len(m)-1], m)
	}
}

func testConcurrent(t *testing.T, s graph.Store) {
	closeStore(t, s)
	ingest(t, s, Cluster("w", 50, 4)...)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 4 {
		wg.Go(func() {
			for range 10 {
				got, err := s.Profile(context.Background(), "w0")
				if err == nil && len(got) != 51 {
					err = fmt.Errorf("profile of w0 has %d identifiers, want 51", len(got))
				}
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

func testCanceled(t *testing.T, s graph.Store) {
	closeStore(t, s)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Ingest(ctx, []graph.Link{L("x", "y")}); err == nil {
		t.Error("ingest with a canceled context succeeded")
	}
	if _, err := s.Profile(ctx, "x"); err == nil {
		t.Error("profile with a canceled context succeeded")
	}
}
