package graph

import "unsafe"

// refsPerChunk is how many firstRefs fit in the memory of one chunk of
// occurrences.
const refsPerChunk = chunk * 8 / 8

// Both records are 8 bytes, as refsPerChunk has it: these fail to
// compile if either changes.
var (
	_ [0]struct{} = [unsafe.Sizeof(occurrence(0)) - 8]struct{}{}
	_ [0]struct{} = [unsafe.Sizeof(firstRef{}) - 8]struct{}{}
)

// rangeRefs holds the firstRefs of every occurrence, listed by range of
// positions in chunks: first occurrences by their range, apart from later
// ones, listed by the range of their first occurrence. Step 3 handles
// each kind in a loop of its own, without a branch between them that the
// processor cannot predict (a quarter of all occurrences are first ones,
// anywhere). The chunks are those of the occurrences already read: a
// bucket's chunks are free once its first appearances are found, so the
// firstRefs, as big as the occurrences, take no memory of their own.
type rangeRefs struct {
	later, firsts refLists
	free          []*refChunk // chunks read and not yet reused
}

type refChunk = [refsPerChunk]firstRef

// refLists is one kind of firstRefs, by range.
type refLists struct {
	lists [][]*refChunk // per range, its chunks, all full but the last
	// Per range, the chunk it fills: an array the range's 16 bits index
	// without a bounds check.
	open *[1 << 16]openChunk
	view [][]firstRef // what take returned last
}

// openChunk is a chunk being filled and how many firstRefs it holds.
type openChunk struct {
	c *refChunk
	n uint32
}

// slot is where the chunk's next firstRef goes: o.c[o.n%refsPerChunk]
// without the nil check that indexing through a pointer makes, a load of
// the chunk's first line for every store to it.
func (o *openChunk) slot() *firstRef {
	return (*firstRef)(unsafe.Add(unsafe.Pointer(o.c), uintptr(o.n%refsPerChunk)*unsafe.Sizeof(firstRef{})))
}

func newRefLists(ranges int) refLists {
	l := refLists{lists: make([][]*refChunk, ranges), open: new([1 << 16]openChunk)}
	for r := range ranges {
		l.open[r].n = refsPerChunk // full: the first firstRef takes a chunk
	}
	return l
}

// more gives range r of l an empty chunk to fill. Callers append to
// l.open[r] themselves: a method for it, with this call in it, would be
// too big for the compiler to inline, and is called for every occurrence.
//
//go:noinline
func (rr *rangeRefs) more(l *refLists, r uint32) {
	var c *refChunk
	if n := len(rr.free); n > 0 {
		c = rr.free[n-1]
		rr.free = rr.free[:n-1]
	} else {
		// Fresh memory only while no chunk read is free: for a bucket
		// larger than the chunks freed so far (an identifier of very
		// high degree early on), say.
		c = new(refChunk)
	}
	l.open[r] = openChunk{c: c}
	l.lists[r] = append(l.lists[r], c)
}

// take returns the firstRefs of range r, a slice per chunk, and empties
// the range: nothing may be added to it after. The slices are valid until
// the next take from l.
func (l *refLists) take(r int) [][]firstRef {
	l.view = l.view[:0]
	for k, c := range l.lists[r] {
		n := uint32(refsPerChunk)
		if k == len(l.lists[r])-1 {
			n = l.open[r].n
		}
		l.view = append(l.view, c[:n])
	}
	l.lists[r] = nil
	l.open[r] = openChunk{}
	return l.view
}

// recycle hands chunks that take returned, read, to the ones to fill.
func (rr *rangeRefs) recycle(chunks [][]firstRef) {
	for _, c := range chunks {
		rr.free = append(rr.free, (*refChunk)(c[:refsPerChunk]))
	}
}
