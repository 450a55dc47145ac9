package graph

import "slices"

// Builder maps identifiers to dense ids and merges their components as
// edges arrive. The zero value is not usable; call NewBuilder.
type Builder struct {
	index *index
	kinds []string // per node, "" when unknown
	// from, when set, names the nodes instead of index: the Builder
	// Analyze fills.
	from *occurring
	// The union-find forest and the degrees, per node. Two arrays rather
	// than one of pairs: the degree updates depend on nothing, so the
	// processor overlaps their cache misses with the finds, and the finds
	// walk an array half the size.
	parent, degree []int32
	edges          int
	sink           uint64 // keeps the prefetching loads of AddEdges from being optimized away
	// detours counts the union steps Analyze has taken beyond one per
	// union since it last flattened the forest, and flattens how often it
	// has (see numberAndLink).
	detours, flattens int
	// giant has a bit per node, set for nodes known to be in the tree
	// that held the most nodes at the last flattening, and for those
	// linked to one since (see linkRange); nil until a flattening has
	// found such a tree. redundant counts the edges it has spared a union.
	giant     []uint64
	redundant int
}

// NewBuilder returns an empty builder with room for about nodes
// identifiers.
func NewBuilder(nodes int) *Builder {
	return &Builder{
		index:  newIndex(nodes),
		parent: make([]int32, 0, nodes),
		degree: make([]int32, 0, nodes),
	}
}

func (b *Builder) node(name string) int32 {
	id, added := b.index.intern(name)
	if added {
		b.parent = append(b.parent, id)
		b.degree = append(b.degree, 0)
	}
	return id
}

// find returns the root of x, halving the path on the way.
func find(parent []int32, x int32) int32 {
	for parent[x] != x {
		parent[x] = parent[parent[x]]
		x = parent[x]
	}
	return x
}

// Add records one edge. An empty dst adds src as a node of its own; a self
// edge adds a node without an edge.
func (b *Builder) Add(src, dst string) {
	a := b.node(src)
	if dst == "" || dst == src {
		return
	}
	b.link(a, b.node(dst))
}

func (b *Builder) link(a, c int32) {
	b.edges++
	b.degree[a]++
	b.degree[c]++
	union(b.parent, a, c)
}

// union merges the trees of a and c by Rem's algorithm with splicing:
// it climbs both paths at once, always from the end whose parent comes
// later, and hangs that end under the other's parent as it goes. It
// stops as soon as the two paths meet, so an edge inside one component,
// the common case in a large graph, costs no walk to the root; and each
// climb compresses the path it took. Every node's parent stays at or
// before it (a parent only ever moves earlier), so the root is the first
// node of its tree, which Analyze relies on.
func union(parent []int32, a, c int32) {
	for done := false; !done; {
		a, c, done = unionStep(parent, a, c)
	}
}

// unionStep takes one step of union(parent, a, c): it reads both parents
// and, unless they are one, hangs the end whose parent comes later under
// the other's parent. It returns the two ends still to merge and whether
// the union is done.
func unionStep(parent []int32, a, c int32) (int32, int32, bool) {
	pa, pc := parent[a], parent[c]
	switch {
	case pa == pc:
		return a, c, true
	case pa > pc:
		parent[a] = pc
		return pa, c, a == pa // done if a was a root
	default:
		parent[c] = pa
		return a, pc, c == pc
	}
}

// lanes is how many unions unionAll keeps going at once.
const lanes = 8

// unionAll merges the trees of each pair of ids in pairs (a, c, a, c, ...)
// as union does, but works on lanes of them at once, a step of each in
// turn: a union's steps depend on each other, one parent read after the
// other, while the steps of different unions do not, so the processor
// reads the parents of all lanes at once rather than one at a time.
// Each step is one of union's, made on the forest as it is, and leaves a
// forest in which what is left of that union is still a union of two
// trees: the steps of different unions interleave as they would if the
// unions came one after the other in some order, which gives the same
// components. It returns the steps it took beyond one per union: how
// deep the trees it climbed were.
func unionAll(parent []int32, pairs []uint32) (detours int) {
	var la, lc [lanes]int32 // a lane's union: its two ends, la < 0 for none
	next, busy := 0, 0
	for k := range lanes {
		la[k] = -1
		if next < len(pairs) {
			la[k], lc[k] = int32(pairs[next]), int32(pairs[next+1])
			next += 2
			busy++
		}
	}
	for busy > 0 {
		for k := range lanes {
			if la[k] < 0 {
				continue
			}
			a, c, done := unionStep(parent, la[k], lc[k])
			if !done {
				la[k], lc[k] = a, c
				detours++
				continue
			}
			if next < len(pairs) {
				la[k], lc[k] = int32(pairs[next]), int32(pairs[next+1])
				next += 2
			} else {
				la[k] = -1
				busy--
			}
		}
	}
	return detours
}

// markGiant marks in b.giant the nodes of the first numbered ones whose
// root is the commonest among 1,024 of them spread evenly, if at least an
// eighth of those share it; parent must be flat (every node pointing at
// its root). A giant component is common (identifiers linked at random
// percolate), and an edge between two of its nodes needs no union.
func (b *Builder) markGiant(numbered int) {
	const samples = 1024
	parent := b.parent[:numbered]
	var roots [samples]int32
	for i := range roots {
		roots[i] = parent[i*numbered/samples]
	}
	slices.Sort(roots[:])
	root, most := int32(0), 0
	for i := 0; i < samples; {
		j := i + 1
		for j < samples && roots[j] == roots[i] {
			j++
		}
		if j-i > most {
			root, most = roots[i], j-i
		}
		i = j
	}
	if most < samples/8 {
		b.giant = nil
		return
	}
	if b.giant == nil {
		b.giant = make([]uint64, (len(b.parent)+63)/64) // every node, numbered or not
	} else {
		clear(b.giant)
	}
	g := b.giant
	for x, p := range parent {
		if p == root {
			g[x/64] |= 1 << (x % 64)
		}
	}
}

// flatten points every node of a forest at its root, where every parent
// comes at or before its node: in that order a node's parent already
// points at the root when the node is reached, so one pass does it, its
// reads independent of each other.
func flatten(parent []int32) {
	for x, p := range parent {
		parent[x] = parent[p]
	}
}

// block is how many edges AddEdges hashes and prefetches ahead.
const block = 64

// AddEdges records many edges. It does what Add does edge by edge, but
// first hashes a block of identifiers and touches their table slots, so the
// cache misses of the block overlap: the table lookups, not the union-find,
// are the cost of a large graph.
func (b *Builder) AddEdges(edges []Edge) {
	var hashes [2 * block]uint64
	for len(edges) > 0 {
		n := min(len(edges), block)
		var sink uint64
		for i, e := range edges[:n] {
			hashes[2*i] = b.index.hash(e.Src)
			sink += b.index.touch(hashes[2*i])
			if e.Dst != "" {
				hashes[2*i+1] = b.index.hash(e.Dst)
				sink += b.index.touch(hashes[2*i+1])
			}
		}
		b.sink += sink
		for i, e := range edges[:n] {
			a := b.nodeHashed(e.Src, hashes[2*i])
			if e.Dst == "" || e.Dst == e.Src {
				continue
			}
			b.link(a, b.nodeHashed(e.Dst, hashes[2*i+1]))
		}
		edges = edges[n:]
	}
}

func (b *Builder) nodeHashed(name string, h uint64) int32 {
	id, added := b.index.internHashed(name, h)
	if added {
		b.parent = append(b.parent, id)
		b.degree = append(b.degree, 0)
	}
	return id
}

// SetKind records the kind of an identifier already added.
func (b *Builder) SetKind(name, kind string) {
	id, ok := b.index.lookup(name)
	if !ok || kind == "" {
		return
	}
	if len(b.kinds) < len(b.parent) {
		b.kinds = append(b.kinds, make([]string, len(b.parent)-len(b.kinds))...)
	}
	b.kinds[id] = kind
}

// Supernode is an identifier with many neighbours.
type Supernode struct {
	Name          string
	Kind          string
	Degree        int
	ComponentSize int
}

// Analysis is the shape of a graph.
type Analysis struct {
	Nodes, Edges int // edges as given (a repeated edge counts again)
	Components   int
	Largest      int
	LargestShare float64
	// Component gives each node (by dense id, in order of first
	// appearance) its component, numbered densely from 0 in order of
	// first appearance too.
	Component []int32
	// Sizes[c] is the size of component c.
	Sizes []int32
	// SizeCounts maps a component size to how many components have it;
	// DegreeCounts a degree to how many identifiers have it.
	SizeCounts   map[int]int
	DegreeCounts map[int]int
	Top          []Supernode
	MaxDegree    int
	name         func(int32) string
}

// Name returns the identifier with dense id x.
func (a *Analysis) Name(x int32) string { return a.name(x) }

// Analyze computes the components and distributions; top is the number of
// supernodes to list.
func (b *Builder) Analyze(top int) *Analysis {
	a := b.components()
	// Ids follow first appearance, so as keys they order ties as Analyze
	// does by first position.
	deg := newDegrees(top)
	for x, d := range b.degree {
		deg.add(int(d), uint32(x))
	}
	deg.fill(a, func(key uint32) (int32, string, string) {
		id := int32(key)
		return id, b.Name(id), b.kind(id)
	})
	return a
}

// components fills an Analysis with the components: all it tells but the
// degrees.
func (b *Builder) components() *Analysis {
	n := len(b.parent)
	a := &Analysis{Nodes: n, Edges: b.edges, name: b.Name}
	// A node's parent never comes after it (see link), so in id order its
	// parent's component is known already: one pass, no finds. A root is
	// the first node of its component, so components get numbered in
	// order of first appearance too.
	if b.from != nil {
		// The Builder of an Analyze ends here: each parent turns into
		// the node's component in place, read before it is written, and
		// the array of a fresh 4 bytes per node is not needed.
		a.Component = b.parent
	} else {
		a.Component = make([]int32, n)
	}
	// Local slices: appending to a.Sizes made the loop reload both
	// slices from memory on every node.
	comp, sizes := a.Component, []int32(nil)
	for x, p := range b.parent {
		var c int32
		if int(p) == x {
			c = int32(len(sizes))
			sizes = append(sizes, 0)
		} else {
			c = comp[p]
		}
		comp[x] = c
		sizes[c]++
	}
	a.Sizes = sizes
	a.Components = len(a.Sizes)
	for _, s := range a.Sizes {
		a.Largest = max(a.Largest, int(s))
	}
	a.SizeCounts = histogram(a.Sizes, a.Largest)
	if n > 0 {
		a.LargestShare = float64(a.Largest) / float64(n)
	}
	return a
}

// histogram counts how often each component size up to maxValue occurs:
// a slice while counting the small values, a map of the values present
// for the caller. Values past denseCounts (a giant component) are few and
// go to the map directly, so one component of millions does not cost a
// slice of millions. Degrees are counted alike, as they come (degrees).
func histogram(values []int32, maxValue int) map[int]int {
	counts := make([]int, min(maxValue, denseCounts)+1)
	out := map[int]int{}
	for _, v := range values {
		if int(v) < len(counts) {
			counts[v]++
		} else {
			out[int(v)]++
		}
	}
	for v, c := range counts {
		if c > 0 {
			out[v] = c
		}
	}
	return out
}

// denseCounts bounds the slices histogram and degrees count in (512 KiB).
const denseCounts = 1 << 16

// Name returns the identifier with dense id x.
func (b *Builder) Name(x int32) string {
	if b.from != nil {
		return b.from.name(x)
	}
	return b.index.names[x]
}

// kind returns the kind of dense id x, "" when unknown.
func (b *Builder) kind(x int32) string {
	if int(x) < len(b.kinds) {
		return b.kinds[x]
	}
	return ""
}

// ID returns the dense id of an identifier.
func (b *Builder) ID(name string) (int32, bool) { return b.index.lookup(name) }
