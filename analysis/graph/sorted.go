package graph

import (
	"hash/maphash"
	"math/bits"
	"slices"
)

// Analyze computes the components of an edge list held in memory, the fast
// way: instead of looking every identifier up in a hash table (a cache miss
// per lookup once the table outgrows the cache), it hashes every identifier
// occurrence, groups equal hashes by a radix partition and small in-cache
// sorts, numbers the groups, and runs the union-find over the resulting
// integer edges, whose arrays are a fraction of the size. Identifiers are
// told apart by a 96-bit hash: a collision needs about 2⁴⁸ identifiers to
// become likely, far beyond any graph this reads.
//
// Dense ids follow the order in which identifiers first appear, as with
// Builder. An empty Dst adds Src as a node of its own; a self edge adds a
// node without an edge. top is the number of supernodes to list.
func Analyze(edges []Edge, top int) *Analysis {
	keys := hashOccurrences(edges)
	ids, first := numberOccurrences(keys, len(edges))
	n := len(first)
	nodes := make([]node, n)
	for i := range nodes {
		nodes[i].parent = int32(i)
	}
	b := &Builder{nodes: nodes}
	for i := range edges {
		if c := ids[2*i+1]; c > 0 {
			b.link(ids[2*i]-1, c-1)
		}
	}
	names := make([]string, n)
	kinds := make([]string, n)
	for id, pos := range first {
		e := &edges[pos/2]
		if pos%2 == 0 {
			names[id], kinds[id] = e.Src, e.SrcKind
		} else {
			names[id], kinds[id] = e.Dst, e.DstKind
		}
	}
	b.index = &index{names: names}
	b.kinds = kinds
	return b.Analyze(top)
}

// occurrence is one identifier occurrence: its hash and where it occurs
// (2*edge for the source, 2*edge+1 for the target).
type occurrence struct {
	hi  uint64
	lo  uint32
	pos uint32
}

var seedHi, seedLo = maphash.MakeSeed(), maphash.MakeSeed()

func hashOccurrences(edges []Edge) []occurrence {
	keys := make([]occurrence, 0, 2*len(edges))
	for i := range edges {
		e := &edges[i]
		keys = append(keys, occurrence{maphash.String(seedHi, e.Src), uint32(maphash.String(seedLo, e.Src)), uint32(2 * i)})
		if e.Dst != "" && e.Dst != e.Src {
			keys = append(keys, occurrence{maphash.String(seedHi, e.Dst), uint32(maphash.String(seedLo, e.Dst)), uint32(2*i + 1)})
		}
	}
	return keys
}

// numberOccurrences gives every distinct identifier a dense id in order of
// first appearance. It returns the id+1 of each occurrence position (0 for
// an absent target: freshly allocated memory needs no filling) and the
// first position of each id.
func numberOccurrences(keys []occurrence, edges int) ([]int32, []uint32) {
	// Partition by the top bits of the hash (one counting pass, one
	// scatter), then sort each small bucket in cache.
	shift := 64 - bucketBits(len(keys))
	buckets := 1 << (64 - shift)
	starts := make([]int, buckets+1)
	for _, k := range keys {
		starts[(k.hi>>shift)+1]++
	}
	for i := 1; i <= buckets; i++ {
		starts[i] += starts[i-1]
	}
	sorted := make([]occurrence, len(keys))
	fill := slices.Clone(starts[:buckets])
	for _, k := range keys {
		b := k.hi >> shift
		sorted[fill[b]] = k
		fill[b]++
	}
	ids := make([]int32, 2*edges)
	group := int32(0)
	var scratch []occurrence
	for b := range buckets {
		part := sorted[starts[b]:starts[b+1]]
		scratch = sortBucket(part, shift, scratch)
		for i, k := range part {
			if i == 0 || k.hi != part[i-1].hi || k.lo != part[i-1].lo {
				group++
			}
			ids[k.pos] = group
		}
	}
	// Renumber the groups (hash order, from 1) by first appearance.
	remap := make([]int32, group+1) // 0: not seen yet
	first := make([]uint32, 0, group)
	for pos, g := range ids {
		if g == 0 {
			continue
		}
		if remap[g] == 0 {
			first = append(first, uint32(pos))
			remap[g] = int32(len(first))
		}
		ids[pos] = remap[g]
	}
	return ids, first
}

// sortBucket orders a bucket by hash (the top bits above shift are equal):
// a counting sort on the next 8 bits while it is large, in a scratch
// buffer that stays in cache, then insertion sorts of a few elements.
func sortBucket(part []occurrence, shift int, scratch []occurrence) []occurrence {
	if len(part) <= 24 || shift < 8 {
		insertionSort(part)
		return scratch
	}
	shift -= 8
	var counts [257]int
	for _, k := range part {
		counts[((k.hi>>shift)&0xff)+1]++
	}
	for i := 1; i <= 256; i++ {
		counts[i] += counts[i-1]
	}
	scratch = slices.Grow(scratch[:0], len(part))[:len(part)]
	next := counts
	for _, k := range part {
		d := (k.hi >> shift) & 0xff
		scratch[next[d]] = k
		next[d]++
	}
	copy(part, scratch)
	for d := range 256 {
		if sub := part[counts[d]:counts[d+1]]; len(sub) > 1 {
			scratch = sortBucket(sub, shift, scratch)
		}
	}
	return scratch
}

func less(x, y *occurrence) bool {
	if x.hi != y.hi {
		return x.hi < y.hi
	}
	if x.lo != y.lo {
		return x.lo < y.lo
	}
	return x.pos < y.pos
}

func insertionSort(s []occurrence) {
	for i := 1; i < len(s); i++ {
		k := s[i]
		j := i
		for j > 0 && less(&k, &s[j-1]) {
			s[j] = s[j-1]
			j--
		}
		s[j] = k
	}
}

// bucketBits sizes the first partition so a bucket holds about a
// thousand occurrences: few enough output streams for the scatter to stay
// cache friendly, small enough for each bucket to sort in cache.
func bucketBits(n int) int {
	return min(max(bits.Len(uint(n/1024)), 1), 16)
}
