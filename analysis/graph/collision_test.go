package graph

import (
	"fmt"
	"slices"
	"testing"
)

// Identifiers are grouped by a hash, but two different identifiers must
// never be merged. These tests keep only a few bits of every hash, so that
// many distinct names share one, and check the components against the
// naive reference and against the analysis with whole hashes.

// collidingBits are the hash masks the tests force: every name alike, and
// a handful of hash values shared by all names.
var collidingBits = []uint64{0, 0x3, 0xF}

func TestAnalyzeCollisions(t *testing.T) {
	known, _ := knownGraph([]int{1, 2, 7, 40, 300}, 5, 7)
	cases := []struct {
		name  string // what the edge list holds
		edges []Edge
	}{
		{"two names, one edge", []Edge{{Src: "a", Dst: "b"}}},
		{"distinct names that would be a self edge", []Edge{{Src: "a", Dst: "b"}, {Src: "c", Dst: ""}, {Src: "d", Dst: "d"}}},
		{"random with a hub", randomEdges(3000, 11)},
		{"components known by construction", toEdges(known)},
	}
	for _, tc := range cases {
		for _, keep := range collidingBits {
			t.Run(fmt.Sprintf("%s/keep %#x", tc.name, keep), func(t *testing.T) {
				want := analyze(tc.edges, 5, bucketBits(2*len(tc.edges)), allBits)
				for _, bits := range []int{0, 3} {
					// The fast path must notice the shared hashes, which
					// more names than hash values make certain.
					refs, deg := hashOccurrences(tc.edges, bits, keep).firstAppearances(5)
					if want.Nodes > int(keep)+1 && numberAndLink(tc.edges, refs, deg.ids) != nil {
						t.Fatalf("%d bucket bits: shared hashes went unnoticed", bits)
					}
					got := analyze(tc.edges, 5, bits, keep)
					checkNaiveSizes(t, tc.edges, got)
					if !sameAnalysis(got, want) {
						t.Fatalf("%d bucket bits: with shared hashes\n%+v\nwith whole hashes\n%+v", bits, got, want)
					}
				}
			})
		}
	}
}

// The Builder compares names behind a matching hash.
func TestBuilderCollisions(t *testing.T) {
	edges := randomEdges(3000, 12)
	want := analyzeStreaming(edges, 5)
	for _, keep := range collidingBits {
		b := NewBuilder(0)
		b.index.keep = keep
		for _, e := range edges {
			b.Add(e.Src, e.Dst)
		}
		got := b.Analyze(5)
		checkNaiveSizes(t, edges, got)
		if !slices.Equal(got.Component, want.Component) || !slices.Equal(got.Sizes, want.Sizes) || !slices.Equal(names(got), names(want)) {
			t.Fatalf("keep %#x: the Builder with shared hashes finds %d components, with whole hashes %d", keep, got.Components, want.Components)
		}
		for _, name := range names(want) {
			if id, ok := b.ID(name); !ok || got.Name(id) != name {
				t.Fatalf("keep %#x: ID(%q) = %d, %v", keep, name, id, ok)
			}
		}
		if _, ok := b.ID("never added"); ok {
			t.Fatalf("keep %#x: an identifier never added has an id", keep)
		}
	}
}

// checkNaiveSizes checks every identifier's component size, and the number
// of identifiers, against the breadth-first reference.
func checkNaiveSizes(t *testing.T, edges []Edge, a *Analysis) {
	t.Helper()
	list := make([][2]string, len(edges))
	for i, e := range edges {
		list[i] = [2]string{e.Src, e.Dst}
	}
	want := naiveComponents(list)
	if a.Nodes != len(want) {
		t.Fatalf("%d identifiers, the reference has %d", a.Nodes, len(want))
	}
	for x, name := range names(a) {
		if got := int(a.Sizes[a.Component[x]]); got != want[name] {
			t.Fatalf("component of %q has %d identifiers, the reference %d", name, got, want[name])
		}
	}
}

func sameAnalysis(a, b *Analysis) bool {
	return slices.Equal(a.Component, b.Component) && slices.Equal(a.Sizes, b.Sizes) &&
		slices.Equal(names(a), names(b)) && slices.Equal(a.Top, b.Top) &&
		a.Edges == b.Edges && a.MaxDegree == b.MaxDegree &&
		fmt.Sprint(a.DegreeCounts) == fmt.Sprint(b.DegreeCounts) &&
		fmt.Sprint(a.SizeCounts) == fmt.Sprint(b.SizeCounts)
}

func toEdges(pairs [][2]string) []Edge {
	out := make([]Edge, len(pairs))
	for i, p := range pairs {
		out[i] = Edge{Src: p[0], Dst: p[1]}
	}
	return out
}
