package graph

import "hash/maphash"

// index interns identifiers into dense ids with an open-addressing table
// keyed by a 96-bit hash of the identifier (two independent seeded hashes,
// 64 and 32 bits). A lookup touches one 16-byte slot and never the stored
// string: at millions of identifiers that saves a cache miss per lookup,
// which is most of the cost. Two identifiers collide on all 96 bits with
// probability about n²/2⁹⁷ (6e-16 at ten million identifiers), far below
// the rate of memory errors, so the ids are exact in practice.
type index struct {
	seedA, seedB maphash.Seed
	slots        []slot // power of two
	mask         uint64
	names        []string
}

// A slot is 16 bytes, four to a cache line: 96 bits of hash and the id.
type slot struct {
	a  uint64
	b  uint32
	id int32 // id+1; 0 is empty
}

func newIndex(n int) *index {
	size := 1024
	for size < n*2 {
		size <<= 1
	}
	return &index{seedA: maphash.MakeSeed(), seedB: maphash.MakeSeed(), slots: make([]slot, size),
		mask: uint64(size - 1), names: make([]string, 0, n)}
}

func (x *index) hash(name string) (uint64, uint64) {
	return maphash.String(x.seedA, name), maphash.String(x.seedB, name) >> 32
}

func (x *index) lookup(name string) (int32, bool) {
	a, b := x.hash(name)
	for i := a & x.mask; ; i = (i + 1) & x.mask {
		s := &x.slots[i]
		if s.id == 0 {
			return 0, false
		}
		if s.a == a && s.b == uint32(b) {
			return s.id - 1, true
		}
	}
}

func (x *index) intern(name string) (int32, bool) {
	a, b := x.hash(name)
	return x.internHashed(name, a, b)
}

// internHashed interns name whose hashes are already known.
func (x *index) internHashed(name string, a, b uint64) (int32, bool) {
	for i := a & x.mask; ; i = (i + 1) & x.mask {
		s := &x.slots[i]
		if s.id == 0 {
			id := int32(len(x.names))
			x.names = append(x.names, name)
			*s = slot{a: a, b: uint32(b), id: id + 1}
			if uint64(len(x.names))*2 > uint64(len(x.slots)) {
				x.grow()
			}
			return id, true
		}
		if s.a == a && s.b == uint32(b) {
			return s.id - 1, false
		}
	}
}

func (x *index) grow() {
	old := x.slots
	x.slots = make([]slot, len(old)*2)
	x.mask = uint64(len(x.slots) - 1)
	for _, s := range old {
		if s.id == 0 {
			continue
		}
		i := s.a & x.mask
		for x.slots[i].id != 0 {
			i = (i + 1) & x.mask
		}
		x.slots[i] = s
	}
}

// touch loads the slot a hash starts probing at and returns part of it, so
// a caller can issue the loads of many lookups before doing any: the
// memory system then fetches them in parallel instead of one after another.
func (x *index) touch(a uint64) uint64 { return x.slots[a&x.mask].a }
