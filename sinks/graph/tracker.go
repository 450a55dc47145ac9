package graph

import (
	"slices"

	"github.com/prodshape/prodshape/analysis/unionfind"
	"github.com/prodshape/prodshape/generators/identity"
)

// Tracker is an incremental union-find over a population's identifiers,
// known by their integer ids: dense ids in the order identifiers are first
// seen, the size and per-kind identifier counts of every cluster, node
// degrees and the set of distinct edges. It mirrors what a store holds, so
// guardrails can decide on a merge before it happens and a backfill can
// report component statistics at every checkpoint without asking the store.
//
// Dense ids, not population ids, number the clusters: reports break ties by
// them, so they follow the order of the history.
//
// A Tracker is not safe for concurrent use.
type Tracker struct {
	dense  []int32 // population id → dense id + 1; 0 means not seen yet
	ids    []int32 // dense id → population id
	kinds  []identity.Kind
	forest *unionfind.Forest
	perKnd [][identity.NumKinds]int32 // valid at roots
	degree []int32
	edges  map[uint64]struct{}
}

// NewTracker returns an empty tracker with room for identifiers
// population ids (0 when unknown).
func NewTracker(identifiers int) *Tracker {
	return &Tracker{dense: make([]int32, identifiers), forest: unionfind.New(identifiers), edges: map[uint64]struct{}{}}
}

// Lookup returns the dense id of a known identifier.
func (t *Tracker) Lookup(id int32) (int32, bool) {
	if int(id) >= len(t.dense) || t.dense[id] == 0 {
		return 0, false
	}
	return t.dense[id] - 1, true
}

// Node returns the dense id of an identifier, adding it as a cluster of its
// own when it is new.
func (t *Tracker) Node(id int32, kind identity.Kind) int32 {
	if x, ok := t.Lookup(id); ok {
		return x
	}
	if int(id) >= len(t.dense) {
		t.dense = append(t.dense, make([]int32, int(id)+1-len(t.dense))...)
	}
	x := t.forest.Add()
	t.dense[id] = x + 1
	t.ids = append(t.ids, id)
	t.kinds = append(t.kinds, kind)
	var pk [identity.NumKinds]int32
	pk[kind] = 1
	t.perKnd = append(t.perKnd, pk)
	t.degree = append(t.degree, 0)
	return x
}

// Find returns the root of x's cluster.
func (t *Tracker) Find(x int32) int32 { return t.forest.Find(x) }

// Size returns the number of identifiers in x's cluster.
func (t *Tracker) Size(x int32) int { return t.forest.Size(x) }

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
	root, merged := t.forest.Union(a, b)
	if !merged {
		return true
	}
	absorbed := ra
	if root == ra {
		absorbed = rb
	}
	for k := range t.perKnd[root] {
		t.perKnd[root][k] += t.perKnd[absorbed][k]
	}
	return true
}

// Nodes is the number of identifiers seen.
func (t *Tracker) Nodes() int { return t.forest.Len() }

// Edges is the number of distinct edges.
func (t *Tracker) Edges() int { return len(t.edges) }

// Components is the number of clusters.
func (t *Tracker) Components() int { return t.forest.Sets() }

// ID returns the population id of the identifier with dense id x.
func (t *Tracker) ID(x int32) int32 { return t.ids[x] }

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
	t.forest.Roots(func(root int32, size int) {
		c := Component{Root: root, Size: size}
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
	})
	return out
}

// SizeCounts returns how many clusters have each size.
func (t *Tracker) SizeCounts() map[int]int {
	out := map[int]int{}
	t.forest.Roots(func(_ int32, size int) { out[size]++ })
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
	for y := range int32(t.forest.Len()) {
		if t.Find(y) == r {
			out = append(out, y)
		}
	}
	return out
}
