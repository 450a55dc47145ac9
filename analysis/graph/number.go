package graph

import (
	"math/bits"
	"sort"
)

// Step 3 of Analyze: numbering identifiers by their first appearance and
// linking the edges, a range of positions at a time.

// numberAndLink works through the positions in reading order, a range at
// a time: identifiers get dense ids in the order of their first
// positions (their rank among all first positions, kept as a bitmap of
// first positions with counts per word, a quarter of a byte per
// position), later occurrences get the id of their first one, and the
// range's edges are linked.
//
// The later occurrences come listed by the range of their first position,
// not of their own: a range, once numbered, gives all later occurrences
// of its identifiers the ids it has just given, from an array in cache,
// and sends them on to the range of their position, this one or one
// after, which finds them all there when its turn comes, instead of
// reading the whole bitmap at random.
// numberFirsts gives the range's first positions their ids: it sets their
// bits in the range's words, ranks the words from next on, then makes each
// first position the root of its own set, named by its identifier. It
// returns the next id after the range's.
func numberFirsts(edges []Edge, firsts [][]firstRef, ws *[rangeWords]rankWord, next uint32, ids *[1 << rangeBits]uint32, parent []int32, named []string) uint32 {
	for _, c := range firsts {
		for _, f := range c {
			p := f.pos % (1 << rangeBits)
			ws[p/64%rangeWords].firsts |= 1 << (p % 64)
		}
	}
	for wi := range ws {
		ws[wi].rank = next
		next += uint32(bits.OnesCount64(ws[wi].firsts))
	}
	for _, c := range firsts {
		for _, f := range c {
			p := f.pos % (1 << rangeBits)
			w := &ws[p/64%rangeWords]
			id := w.rank + uint32(bits.OnesCount64(w.firsts&(1<<(p%64)-1)))
			parent[id] = int32(id)
			named[id] = nameAt(edges, f.pos)
			ids[p] = (id + 1) | fresh
		}
	}
	return next
}

func numberAndLink(edges []Edge, refs *rangeRefs, groups int) *Builder {
	positions := 2 * len(edges)
	ranges := len(refs.later.lists)
	// Every range gets a full array of words, the last one too.
	words := make([]rankWord, ranges*rangeWords+1)
	parent := make([]int32, groups) // each set at its first occurrence
	named := make([]string, groups) // each id's identifier, from its first occurrence
	b := &Builder{parent: parent, from: &occurring{edges: edges, words: words}}
	ids := new([1 << rangeBits]uint32) // id+1 per position of the range, 0: none
	resolved := newRefLists(ranges)    // the later occurrences' ids, by range of their position
	open := resolved.open
	next := uint32(0)
	for r := range ranges {
		base := r << rangeBits
		clear(ids[:])
		ws := (*[rangeWords]rankWord)(words[r*rangeWords:])
		firsts := refs.firsts.take(r)
		next = numberFirsts(edges, firsts, ws, next, ids, parent, named)
		refs.recycle(firsts)
		// The later occurrences of this range's identifiers: their ids,
		// sent on to the range of their position (a loop without a
		// branch the processor misses).
		later := refs.later.take(r)
		for _, c := range later {
			for {
				c = c[resolve(c, ids, open):]
				if len(c) == 0 {
					break
				}
				refs.more(&resolved, c[0].pos>>rangeBits)
			}
		}
		refs.recycle(later)
		// This range's later occurrences, all resolved by now.
		mine := resolved.take(r)
		if !sameNames(edges, mine, named) {
			return nil
		}
		for _, c := range mine {
			for _, f := range c {
				ids[f.pos%(1<<rangeBits)] = f.first
			}
		}
		refs.recycle(mine)
		b.linkRange(ids[:min(1<<rangeBits, positions-base)])
		// Once the unions since the last flattening have climbed as many
		// steps beyond their first as a quarter of the nodes numbered,
		// point every node at its root, and mark the nodes of the largest
		// tree, if one holds many (markGiant), for linkRange to skip the
		// unions between two of them. A flattening costs a read per node,
		// but reads that do not wait for each other, where each step of a
		// union waits for the one before; and unions in a flat forest take
		// one step and end at a root, often one in cache.
		if b.detours > int(next)/4 {
			flatten(parent[:next])
			b.markGiant(int(next))
			b.detours = 0
			b.flattens++
		}
	}
	words[len(words)-1].rank = next // past the last position
	return b
}

// sameNames reports whether every later occurrence, given with its id+1,
// names the identifier that id was given for. Identifiers are grouped by
// hash, so this is what makes the ids exact: when it fails, two
// identifiers shared a hash, and Analyze starts over with the Builder,
// which compares names. The occurrences are the current range's, so their
// own names lie near each other in memory; their ids' names lie anywhere.
// A chunk at a time, the loads of those names' headers go in one loop and
// the first bytes they point to in another, with nothing else to wait
// for: the processor overlaps their cache misses, where a comparison per
// occurrence waited for the header, then the bytes, one name at a time.
func sameNames(edges []Edge, later [][]firstRef, named []string) bool {
	var firsts [refsPerChunk]string
	for _, c := range later {
		fs := firsts[:len(c)]
		for k, f := range c {
			fs[k] = named[f.first-1]
		}
		for k, f := range c {
			own := nameAt(edges, f.pos)
			if len(own) != len(fs[k]) || len(own) > 0 && own[0] != fs[k][0] {
				return false
			}
		}
		for k, f := range c {
			if nameAt(edges, f.pos) != fs[k] {
				return false
			}
		}
	}
	return true
}

// nameAt returns the identifier at position p of edges.
func nameAt(edges []Edge, p uint32) string {
	if e := &edges[p/2]; p%2 == 1 {
		return e.Dst
	} else {
		return e.Src
	}
}

// resolve gives later occurrences, listed with their first position, the
// id found there in ids (id+1, fresh for a first position) and appends them
// to the open chunks of the ranges of their own positions. It stops before
// an occurrence whose chunk is full, and returns how many it appended: the
// call for a new chunk stays out of the loop, where the registers it
// clobbers made the compiler keep the loop's variables in memory.
func resolve(later []firstRef, ids *[1 << rangeBits]uint32, open *[1 << 16]openChunk) int {
	for i, f := range later {
		o := &open[uint16(f.pos>>rangeBits)]
		if o.n == refsPerChunk {
			return i
		}
		*o.slot() = firstRef{pos: f.pos, first: ids[f.first%(1<<rangeBits)] &^ fresh}
		o.n++
	}
	return len(later)
}

// rangeWords is how many rank words cover a range of positions.
const rangeWords = 1 << rangeBits / 64

// A rankWord tells, for 64 positions, which are first positions and how
// many ids were given before them: one cache line read per lookup, where
// two arrays, bits and counts, took two.
type rankWord struct {
	firsts uint64 // bit i: position 64w+i is a first position
	rank   uint32
}

// occurring names the identifiers of an Analyze by where they first occur
// in its edge list, instead of holding a copy of every name: the names are
// needed only for the few identifiers a caller looks at, and copying them
// meant reading the whole edge list a second time. An id's first position
// is found in the rank words, not kept in an array of its own.
type occurring struct {
	edges []Edge
	words []rankWord
}

// id returns the id of the identifier first occurring at position p.
func (o *occurring) id(p uint32) int32 {
	w := &o.words[p/64]
	return int32(w.rank + uint32(bits.OnesCount64(w.firsts&(1<<(p%64)-1))))
}

// first returns the first position of id x: the word whose ids start at or
// before x and end after it, and the bit for x in it.
func (o *occurring) first(x int32) uint32 {
	w := sort.Search(len(o.words), func(w int) bool { return o.words[w].rank > uint32(x) }) - 1
	f := o.words[w].firsts
	for range uint32(x) - o.words[w].rank {
		f &= f - 1 // the ids before x in this word
	}
	return uint32(w*64 + bits.TrailingZeros64(f))
}

func (o *occurring) name(x int32) string { return o.nameAt(o.first(x)) }

// nameAt returns the identifier at position p.
func (o *occurring) nameAt(p uint32) string {
	if e := &o.edges[p/2]; p%2 == 1 {
		return e.Dst
	} else {
		return e.Src
	}
}

// kindAt returns the kind of the identifier at position p.
func (o *occurring) kindAt(p uint32) string {
	if e := &o.edges[p/2]; p%2 == 1 {
		return e.DstKind
	} else {
		return e.SrcKind
	}
}

// fresh marks, in the ids numberAndLink hands linkRange, an identifier
// occurring for the first time.
const fresh = 1 << 31

// linkRange links the edges of a range of positions given their id+1 per
// position (0 for an absent target), marked fresh at first occurrences.
// An identifier new with the edge is still a tree of its own, and has no
// node before it in its edge's other end: it can hang from that end as
// is, without a find. Only edges between known identifiers pay for a
// union, and they go in a second pass of unions alone (unionAll), where
// the processor overlaps the cache misses of many: a mix of cheap
// hangings and unions, branching between them unpredictably, kept it
// from looking far ahead.
//
// Once numberAndLink has marked the nodes of a giant component, an
// identifier hung from one of them is marked too, as is the other end of
// a union with one, and an edge between two marked nodes is skipped: its
// ends are in one component already, or will be once the unions queued
// before it are made. The marks take a bit per node, in cache where the
// parents are not.
func (b *Builder) linkRange(ids []uint32) {
	parent, giant := b.parent, b.giant
	edges, unions := 0, 0
	for i := 0; i < len(ids); i += 2 {
		a, c := ids[i], ids[i+1]
		if c == 0 {
			continue
		}
		edges++
		var x, y uint32 // x, new, hangs from y
		switch {
		case c&fresh != 0: // the source came first, fresh or not
			x, y = c&^fresh-1, a&^fresh-1
		case a&fresh != 0:
			x, y = a&^fresh-1, c-1
		default: // kept, in place of the edges already linked
			x, y = a-1, c-1
			if giant != nil {
				gx, gy := giant[x/64]>>(x%64)&1, giant[y/64]>>(y%64)&1
				if gx&gy != 0 {
					b.redundant++
					continue
				}
				// One end in the giant component: the other will be
				// once the union is made.
				giant[x/64] |= gy << (x % 64)
				giant[y/64] |= gx << (y % 64)
			}
			ids[unions], ids[unions+1] = x, y
			unions += 2
			continue
		}
		parent[x] = int32(y)
		if giant != nil {
			giant[x/64] |= giant[y/64] >> (y % 64) & 1 << (x % 64)
		}
	}
	b.detours += unionAll(parent, ids[:unions])
	b.edges += edges
}
