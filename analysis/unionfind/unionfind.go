// Package unionfind is the project's one disjoint-set forest: identity
// clusters in the graph stores' guardrail tracker, the in-memory store, the
// PostgreSQL merge and the graph analyzer all keep their components here.
//
// It is a leaf package (no imports of the project's own), so sinks may use it
// as they use analysis/metrics.
package unionfind

// Forest is a disjoint-set forest over dense ids 0..Len()-1.
//
// Invariants: parent[x] == x exactly for roots; size[r] is the number of
// elements under root r (stale for non-roots); union by size keeps every
// tree at most log2(n) deep, and Find halves paths as it walks.
type Forest struct {
	parent []int32
	size   []int32
	sets   int
}

// New returns an empty forest with room for n elements.
func New(n int) *Forest {
	return &Forest{parent: make([]int32, 0, n), size: make([]int32, 0, n)}
}

// Add appends a new singleton set and returns its id.
func (f *Forest) Add() int32 {
	id := int32(len(f.parent))
	f.parent = append(f.parent, id)
	f.size = append(f.size, 1)
	f.sets++
	return id
}

// Grow adds singletons until the forest holds n elements.
func (f *Forest) Grow(n int) {
	for len(f.parent) < n {
		f.Add()
	}
}

// Len is the number of elements.
func (f *Forest) Len() int { return len(f.parent) }

// Sets is the number of disjoint sets.
func (f *Forest) Sets() int { return f.sets }

// Find returns the root of x's set.
func (f *Forest) Find(x int32) int32 {
	p := f.parent
	for p[x] != x {
		p[x] = p[p[x]]
		x = p[x]
	}
	return x
}

// Size is the number of elements in x's set.
func (f *Forest) Size(x int32) int { return int(f.size[f.Find(x)]) }

// Union joins the sets of a and b. It returns the root of the joined set
// and whether two sets were joined (false when a and b were already
// together). The larger set's root stays root; on a tie, a's root does, so
// the result depends only on the order of unions.
func (f *Forest) Union(a, b int32) (root int32, merged bool) {
	ra, rb := f.Find(a), f.Find(b)
	if ra == rb {
		return ra, false
	}
	if f.size[ra] < f.size[rb] {
		ra, rb = rb, ra
	}
	f.parent[rb] = ra
	f.size[ra] += f.size[rb]
	f.sets--
	return ra, true
}

// Roots calls fn for every root with its set's size, in id order.
func (f *Forest) Roots(fn func(root int32, size int)) {
	for x, p := range f.parent {
		if int32(x) == p {
			fn(p, int(f.size[p]))
		}
	}
}
