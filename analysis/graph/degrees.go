package graph

import (
	"math"
	"slices"
)

// degrees gathers what an Analysis tells of degrees: their histogram and
// the top identifiers. firstAppearances adds them as each bucket
// completes them, keyed by first position, so that no array of a degree
// per identifier is needed; a Builder adds its array, keyed by id.
type degrees struct {
	ids    int         // identifiers seen
	dense  []int       // dense[d]: how many have degree d, up to denseCounts
	sparse map[int]int // the degrees past that
	n      int         // how many top identifiers to list
	top    []topDegree // highest degree first, ties by first position
	// least is the least degree that may enter the list: 0 while it has
	// room, then the last one's.
	least int
}

type topDegree struct {
	degree int
	pos    uint32
}

func newDegrees(top int) *degrees {
	g := &degrees{dense: make([]int, 64), sparse: map[int]int{}, n: top}
	if top == 0 {
		g.least = math.MaxInt
	}
	return g
}

// add counts an identifier of degree d, first at position pos (or any
// key that orders ties as first appearance does). The common case, a
// small degree that does not rank among the top, is inlined.
func (g *degrees) add(d int, pos uint32) {
	if d < len(g.dense) && d < g.least {
		g.dense[d]++
		return
	}
	g.addRare(d, pos)
}

// addRare is add for a degree past the dense slice or one that may rank.
func (g *degrees) addRare(d int, pos uint32) {
	switch {
	case d < len(g.dense):
		g.dense[d]++
	case d > denseCounts:
		g.sparse[d]++
	default:
		g.dense = append(g.dense, make([]int, min(2*d, denseCounts+1)-len(g.dense))...)
		g.dense[d]++
	}
	g.list(d, pos)
}

// list puts an identifier among the top ones if it ranks there: before
// the last listed (buckets come in hash order, so a tie goes by
// position), or while there is room.
func (g *degrees) list(d int, pos uint32) {
	if k := len(g.top); g.n == 0 || k == g.n && (d < g.top[k-1].degree || d == g.top[k-1].degree && pos > g.top[k-1].pos) {
		return
	}
	i := len(g.top)
	for i > 0 && (g.top[i-1].degree < d || g.top[i-1].degree == d && g.top[i-1].pos > pos) {
		i--
	}
	g.top = slices.Insert(g.top, i, topDegree{d, pos})
	if len(g.top) > g.n {
		g.top = g.top[:g.n]
	}
	if len(g.top) == g.n {
		g.least = g.top[g.n-1].degree
	}
}

// max returns the highest degree.
func (g *degrees) max() int {
	m := 0
	for d := range g.sparse {
		m = max(m, d)
	}
	if m > 0 {
		return m
	}
	for d := len(g.dense) - 1; d > 0; d-- {
		if g.dense[d] > 0 {
			return d
		}
	}
	return 0
}

// counts returns the histogram as an Analysis holds it.
func (g *degrees) counts() map[int]int {
	out := g.sparse
	for d, c := range g.dense {
		if c > 0 {
			out[d] = c
		}
	}
	return out
}

// fill gives a its degree figures from g: the highest degree, the
// histogram and the top identifiers, whose id, name and kind at tells
// from the key they were added with.
func (g *degrees) fill(a *Analysis, at func(key uint32) (id int32, name, kind string)) {
	a.MaxDegree, a.DegreeCounts = g.max(), g.counts()
	for _, t := range g.top {
		id, name, kind := at(t.pos)
		a.Top = append(a.Top, Supernode{Name: name, Kind: kind, Degree: t.degree, ComponentSize: int(a.Sizes[a.Component[id]])})
	}
}
