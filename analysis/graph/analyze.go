package graph

import (
	"math/bits"
	"unsafe"

	"github.com/zeebo/xxh3"
)

// Analyze computes the components of an edge list held in memory, the fast
// way. A hash table of every identifier (the Builder) costs a cache miss
// per lookup once it outgrows the cache; Analyze instead works in passes
// that each stay in cache or stream through memory:
//
//  1. hash every identifier occurrence and append it, in reading order,
//     to one of a few thousand buckets chosen by the top bits of its hash;
//  2. per bucket, find each occurrence's first appearance with a small
//     in-cache table (a bucket holds its occurrences in reading order, so
//     the first one seen is the first one), and send that to one of a few
//     hundred ranges of positions: the range of the first appearance;
//  3. per range of positions, in reading order, number identifiers at
//     their first appearance, give their later occurrences that number
//     and send those on to the ranges they lie in, and run the
//     union-find over the range's edges, whose numbers have all arrived.
//
// Occurrences are grouped by a hash (XXH3, unseeded: the same on every
// run), of which a record keeps the low 47 bits and its bucket the top
// ones, so that it takes 8 bytes. Ids are exact all the same: step 3
// checks that every later occurrence names the identifier its id was
// given for (sameNames), and should two identifiers share a hash, which
// for n identifiers happens with probability about n²/2^(48+b), Analyze
// starts over with the Builder, which compares names.
//
// Dense ids follow the order in which identifiers first appear, as with
// Builder. The Analysis names identifiers by their place in edges, which
// it keeps: change no edge while it is in use. An empty Dst adds Src as a
// node of its own; a self edge adds a node without an edge. top is the
// number of supernodes to list.
func Analyze(edges []Edge, top int) *Analysis {
	if len(edges) >= maxEdges {
		return analyzeStreaming(edges, top)
	}
	return analyze(edges, top, bucketBits(2*len(edges)), allBits)
}

// allBits keeps every bit of the hashes; tests keep fewer to force
// collisions.
const allBits = ^uint64(0)

// maxEdges bounds the edge lists Analyze partitions: positions, flags
// included, fit in 32 bits.
const maxEdges = 1 << 30

// analyzeStreaming is Analyze by the Builder, for edge lists too long to
// partition (a billion edges or more).
func analyzeStreaming(edges []Edge, top int) *Analysis {
	b := NewBuilder(0)
	var kinds []string // of each identifier where it first occurs
	for _, e := range edges {
		// Add, edge by edge, noting the kind of each identifier new
		// with it: the target's when only the target is new.
		a := b.node(e.Src)
		if int(a) == len(kinds) {
			kinds = append(kinds, e.SrcKind)
		}
		if e.Dst == "" || e.Dst == e.Src {
			continue
		}
		c := b.node(e.Dst)
		if int(c) == len(kinds) {
			kinds = append(kinds, e.DstKind)
		}
		b.link(a, c)
	}
	b.kinds = kinds
	return b.Analyze(top)
}

// analyze is Analyze with the number of hash buckets given (as bits), so
// tests can force every identifier into one bucket or spread them thin.
func analyze(edges []Edge, top, hashBits int, keep uint64) *Analysis {
	occ := hashOccurrences(edges, hashBits, keep)
	refs, deg := occ.firstAppearances(top)
	b := numberAndLink(edges, refs, deg.ids)
	if b == nil {
		return analyzeStreaming(edges, top) // two identifiers shared a hash
	}
	a := b.components()
	deg.fill(a, func(pos uint32) (int32, string, string) {
		return b.from.id(pos), b.from.nameAt(pos), b.from.kindAt(pos)
	})
	return a
}

// An occurrence is one identifier occurrence in 8 bytes: 47 bits of its
// hash (the low ones: the bucket holding it tells the top bits), a bit
// set for a source without a link (no target, or a self edge: it counts
// for no degree), and 16 bits of how far it comes after the bucket's
// previous occurrence, in positions (2*edge for the source, 2*edge+1 for
// the target). A longer step, rare unless buckets are very many, takes a
// jump slot first: the position before the occurrence over 0xFFFF.
type occurrence uint64

const (
	keptHashBits = 47
	loneBit      = 1 << 16
	jump         = 0xFFFF
)

// chunk is how many occurrences a bucket takes at a time from the shared
// pool (2 KiB): buckets grow without a counting pass over the input.
const chunk = 256

// occurrences holds the occurrences partitioned by the top bits of their
// hash: each bucket is a list of chunks of one pool, in reading order.
type occurrences struct {
	pool   []occurrence
	next   []int32  // per chunk, the bucket's next chunk
	head   []int32  // per bucket, its first chunk (0: none)
	count  []uint32 // per bucket, how many slots (occurrences and jumps)
	ranges int      // ranges of positions (rangeBits wide)
	used   int32    // chunks taken (chunk 0 among them): the rest are free
}

// rangeBits sizes the ranges of positions that step 3 works through at
// a time: 65,536 positions, 256 KiB of ids, sit in the L2 cache.
const rangeBits = 16

func hashOccurrences(edges []Edge, hashBits int, keep uint64) *occurrences {
	nb := 1 << hashBits
	positions := 2 * len(edges)
	chunks := positions/chunk + nb + 1 // chunk 0 is never used
	// Local slices, not fields of the result: a store through a struct
	// pointer would make the compiler reload every field for the next
	// occurrence.
	pool := make([]occurrence, chunks*chunk)
	next := make([]int32, chunks)
	head := make([]int32, nb)
	// Per bucket, where its next occurrence goes and its last position+1,
	// as arrays the bucket's 16 bits index without a bounds check.
	tail, prev := new([1 << 16]uint32), new([1 << 16]uint32)
	taken := make([]uint32, nb) // chunks per bucket
	// The bucket is h >> (64-hashBits), taken in two shifts the
	// processor does as they are: Go makes a shift by a variable count
	// of 64 or more give 0 (one bucket), with instructions of its own.
	shift := uint(63-hashBits) & 63
	// What tells identifiers apart: the bucket's bits and the low 47.
	ident := (^uint64(0)<<uint(64-hashBits) | 1<<keptHashBits - 1) & keep
	free := int32(1)
	slot := func(b uint16) uint32 {
		t := tail[b]
		if t%chunk == 0 {
			if t == 0 {
				head[b] = free
			} else {
				next[(t-1)/chunk] = free
			}
			t = uint32(free) * chunk
			taken[b]++
			free++
		}
		tail[b] = t + 1
		return t
	}
	add := func(h uint64, pos uint32, lone uint64) {
		b := uint16(h >> 1 >> shift)
		step := pos + 1 - prev[b]
		if step >= jump {
			pool[slot(b)] = occurrence(uint64(pos)<<16 | jump)
			step = 1
		}
		prev[b] = pos + 1
		pool[slot(b)] = occurrence(h<<17 | lone | uint64(step))
	}
	for i := range edges {
		e := &edges[i]
		sh := xxh3.HashString(e.Src) & ident
		if e.Dst != "" && e.Dst != e.Src {
			add(sh, uint32(2*i), 0)
			add(xxh3.HashString(e.Dst)&ident, uint32(2*i+1), 0)
		} else {
			add(sh, uint32(2*i), loneBit)
		}
	}
	// Counts from the chunks taken and the last one's fill, not counted
	// per occurrence.
	count := taken // reused in place
	for b, k := range taken {
		if k > 0 {
			count[b] = (k-1)*chunk + (tail[b]-1)%chunk + 1
		}
	}
	return &occurrences{pool: pool, next: next, head: head, count: count, ranges: positions>>rangeBits + 1, used: free}
}

// A firstRef gives the position of an occurrence and the position of its
// identifier's first occurrence (unused for a first occurrence), or, once
// step 3 has numbered that first occurrence, its id+1.
type firstRef struct{ pos, first uint32 }

// A seen slot of the per-bucket table: a hash, its first position+1 (0:
// empty) and its degree.
type seen struct {
	hash          uint64
	first, degree uint32
}

// release hands the chunks of bucket b, read to the end, to the firstRefs.
func (o *occurrences) release(b int, rr *rangeRefs) {
	left := o.count[b]
	for c := o.head[b]; left > 0; c = o.next[c] {
		rr.free = append(rr.free, o.asRefs(int(c)))
		left -= min(left, chunk)
	}
}

// asRefs is the memory of chunk c, for firstRefs once its occurrences
// are read.
func (o *occurrences) asRefs(c int) *refChunk {
	return (*refChunk)(unsafe.Pointer(&o.pool[c*chunk]))
}

// firstAppearances finds the first position of every occurrence's
// identifier, bucket by bucket, with a table that fits in cache. It
// returns them listed by range of first positions, and the identifiers'
// degrees, gathered as each bucket completes them (with the top ones
// listed). It consumes the occurrences.
func (o *occurrences) firstAppearances(top int) (rr *rangeRefs, deg *degrees) {
	deg = newDegrees(top)
	rr = &rangeRefs{later: newRefLists(o.ranges), firsts: newRefLists(o.ranges)}
	// The chunks no bucket took start the firstRefs off.
	for c := int(o.used); c < len(o.next); c++ {
		rr.free = append(rr.free, o.asRefs(c))
	}
	later, firsts := &rr.later, &rr.firsts
	openFirst := firsts.open
	sc := bucketScan{open: later.open}
	for b := range o.count {
		n := int(o.count[b])
		sc.start(1 << bits.Len(uint(n+n/2))) // at most two thirds full
		// The bucket's occurrences in reading order.
		left := o.count[b]
		for c := o.head[b]; left > 0; c = o.next[c] {
			part := o.pool[int(c)*chunk:][:min(left, chunk)]
			left -= uint32(len(part))
			for {
				part = part[sc.scan(part):]
				if len(part) == 0 {
					break
				}
				rr.more(later, sc.full)
			}
		}
		t, used := sc.t, sc.used[:sc.nu]
		o.release(b, rr)
		// The first occurrences last, with the degrees now complete.
		for _, i := range used {
			pos := t[i].first - 1
			r := pos >> rangeBits
			oc := &openFirst[uint16(r)]
			if oc.n == refsPerChunk {
				rr.more(firsts, r)
			}
			*oc.slot() = firstRef{pos: pos}
			oc.n++
			deg.add(int(t[i].degree), pos)
		}
		deg.ids += len(used)
		for _, i := range used {
			t[i] = seen{}
		}
	}
	o.pool = nil
	return rr, deg
}

// bucketScan is the state of firstAppearances in one bucket.
type bucketScan struct {
	table []seen
	used  []uint32 // the slots of table taken, in order
	t     []seen   // the bucket's part of table
	mask  uint64
	nu    int    // slots taken
	at    uint32 // the previous position+1
	open  *[1 << 16]openChunk
	full  uint32 // the range whose open chunk was full, when scan stopped
}

// start readies the table for a bucket, with room for size slots.
func (s *bucketScan) start(size int) {
	if len(s.table) < size {
		s.table, s.used = make([]seen, size), make([]uint32, size)
	}
	s.t, s.mask, s.nu, s.at = s.table[:size], uint64(size-1), 0, 0
}

// scan looks up the bucket's next occurrences in its table: a first
// appearance takes a slot, a later one is appended, with the first
// position, to the open chunk of the range of that first position. It
// stops before an occurrence whose chunk is full (noting the range in
// s.full), and returns how many it handled: the call for a new chunk
// stays out of the loop, where the registers a call clobbers made the
// compiler keep the loop's variables in memory.
func (s *bucketScan) scan(part []occurrence) int {
	// The table and its list of slots taken are reached by pointer, not
	// slice: a bounds check per access kept two lengths in registers
	// the loop had too few of. Slot i is in the table (i is masked) and
	// slot nu in the list (nu < len(t) <= len(used): each slot is taken
	// once).
	t, used := unsafe.Pointer(unsafe.SliceData(s.t)), unsafe.Pointer(unsafe.SliceData(s.used))
	mask, nu, at, open := s.mask, s.nu, s.at, s.open
	j := 0
scan:
	for ; j < len(part); j++ {
		k := part[j]
		step := uint32(k & 0xFFFF)
		if step == jump {
			at = uint32(k >> 16)
			continue
		}
		h, pos := uint64(k>>17), at+step-1
		// The degree it adds: none for a lone source.
		d := uint32(^k>>16) & 1
		i := h & mask
		for {
			e := (*seen)(unsafe.Add(t, uintptr(i)*unsafe.Sizeof(seen{})))
			if e.first == 0 {
				*e = seen{hash: h, first: pos + 1, degree: d}
				*(*uint32)(unsafe.Add(used, uintptr(nu)*4)) = uint32(i)
				nu++
				break
			}
			if e.hash == h {
				r := (e.first - 1) >> rangeBits
				o := &open[uint16(r)]
				if o.n == refsPerChunk {
					s.full = r
					break scan
				}
				*o.slot() = firstRef{pos, e.first - 1}
				o.n++
				e.degree += d
				break
			}
			i = (i + 1) & mask
		}
		at = pos + 1
	}
	s.nu, s.at = nu, at
	return j
}

// bucketBits sizes the hash buckets so one holds at most about ten
// thousand occurrences, whose table (16,384 slots of 16 bytes) fits in the
// L2 cache, and no fewer than half that: the fewer the buckets, the fewer
// the lines the appends of step 1 keep open.
func bucketBits(n int) int {
	return min(bits.Len(uint(n/10240)), 16)
}
