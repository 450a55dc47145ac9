package graph

import (
	"slices"

	"github.com/prodshape/prodshape/generators/identity"
)

// Tracker is an incremental union-find over identifiers: dense ids in the
// order identifiers are first seen, union by size with path halving, the
// size and per-kind identifier counts of every cluster, node degrees and the
// set of distinct edges. It mirrors what a store holds, so guardrails can
// decide on a merge before it happens and a backfill can report component
// statistics at every checkpoint without asking the store.
//
// A Tracker is not safe for concurrent use.
type Tracker struct {
	ids    map[string]int32
	names  []string
	kinds  []identity.Kind
	parent []int32
	size   []int32 // valid at roots
	perKnd [][identity.NumKinds]int32
	degree []int32
	edges  map[uint64]struct{}
	comps  int
}

// NewTracker returns an empty tracker.
func NewTracker() *Tracker {
	return &Tracker{ids: map[string]int32{}, edges: map[uint64]struct{}{}}
}

// Lookup returns the dense id of a known identifier.
func (t *Tracker) Lookup(name string) (int32, bool) {
	id, ok := t.ids[name]
	return id, ok
}

// Node returns the dense id of an identifier, adding it as a cluster of its
// own when it is new.
func (t *Tracker) Node(name string, kind identity.Kind) int32 {
	if id, ok := t.ids[name]; ok {
		return id
	}
	id := int32(len(t.names))
	t.ids[name] = id
	t.names = append(t.names, name)
	t.kinds = append(t.kinds, kind)
	t.parent = append(t.parent, id)
	t.size = append(t.size, 1)
	var pk [identity.NumKinds]int32
	pk[kind] = 1
	t.perKnd = append(t.perKnd, pk)
	t.degree = append(t.degree, 0)
	t.comps++
	return id
}

// Find returns the root of x's cluster.
func (t *Tracker) Find(x int32) int32 {
	for t.parent[x] != x {
		t.parent[x] = t.parent[t.parent[x]]
		x = t.parent[x]
	}
	return x
}

// Size returns the number of identifiers in x's cluster.
func (t *Tracker) Size(x int32) int { return int(t.size[t.Find(x)]) }

// KindCounts returns how many identifiers of each kind x's cluster holds.
func (t *Tracker) KindCounts(x int32) [identity.NumKinds]int32 { return t.perKnd[t.Find(x)] }

// Edge records a link between a and b and merges their clusters. It reports
// whether the edge is new.
func (t *Tracker) Edge(a, b int32) bool {
	if a == b {
		return false
	}
	key := uint64(uint32(min(a, b)))<<32 | uint64(uint32(max(a, b)))
	if _, ok := t.edges[key]; ok {
		return false
	}
	t.edges[key] = struct{}{}
	t.degree[a]++
	t.degree[b]++
	ra, rb := t.Find(a), t.Find(b)
	if ra == rb {
		return true
	}
	if t.size[ra] < t.size[rb] {
		ra, rb = rb, ra
	}
	t.parent[rb] = ra
	t.size[ra] += t.size[rb]
	for k := range t.perKnd[ra] {
		t.perKnd[ra][k] += t.perKnd[rb][k]
	}
	t.comps--
	return true
}

// Nodes is the number of identifiers seen.
func (t *Tracker) Nodes() int { return len(t.names) }

// Edges is the number of distinct edges.
func (t *Tracker) Edges() int { return len(t.edges) }

// Components is the number of clusters.
func (t *Tracker) Components() int { return t.comps }

// Name returns the identifier with dense id x.
func (t *Tracker) Name(x int32) string { return t.names[x] }

// Kind returns the kind of the identifier with dense id x.
func (t *Tracker) Kind(x int32) identity.Kind { return t.kinds[x] }

// Degree returns the number of distinct neighbours of x.
func (t *Tracker) Degree(x int32) int { return int(t.degree[x]) }

// Component is one cluster: its root and size.
type Component struct {
	Root int32
	Size int
}

// Largest returns the n largest clusters, largest first (ties by root).
func (t *Tracker) Largest(n int) []Component {
	var out []Component
	for x := range int32(len(t.parent)) {
		if t.parent[x] != x {
			continue
		}
		c := Component{Root: x, Size: int(t.size[x])}
		if len(out) < n || c.Size > out[len(out)-1].Size {
			i, _ := slices.BinarySearchFunc(out, c, func(a, b Component) int { return b.Size - a.Size })
			for i < len(out) && out[i].Size == c.Size {
				i++
			}
			out = slices.Insert(out, i, c)
			if len(out) > n {
				out = out[:n]
			}
		}
	}
	return out
}

// SizeCounts returns how many clusters have each size.
func (t *Tracker) SizeCounts() map[int]int {
	out := map[int]int{}
	for x := range int32(len(t.parent)) {
		if t.parent[x] == x {
			out[int(t.size[x])]++
		}
	}
	return out
}

// DegreeCounts returns how many identifiers have each degree.
func (t *Tracker) DegreeCounts() map[int]int {
	out := map[int]int{}
	for _, d := range t.degree {
		out[int(d)]++
	}
	return out
}

// TopDegree returns the n identifiers with the most neighbours, most first.
func (t *Tracker) TopDegree(n int) []int32 {
	if n <= 0 {
		return nil
	}
	ids := make([]int32, 0, n+1)
	for x := range int32(len(t.degree)) {
		d := t.degree[x]
		if len(ids) == n && d <= t.degree[ids[n-1]] {
			continue
		}
		i, _ := slices.BinarySearchFunc(ids, d, func(id int32, d int32) int { return int(d - t.degree[id]) })
		for i < len(ids) && t.degree[ids[i]] == d {
			i++
		}
		ids = slices.Insert(ids, i, x)
		if len(ids) > n {
			ids = ids[:n]
		}
	}
	return ids
}

// Members returns the dense ids of every identifier in x's cluster. It
// scans every node: use it for reports, not per event.
func (t *Tracker) Members(x int32) []int32 {
	r := t.Find(x)
	var out []int32
	for y := range int32(len(t.parent)) {
		if t.Find(y) == r {
			out = append(out, y)
		}
	}
	return out
}
