package graph

import "hash/maphash"

// index interns identifiers into dense ids with an open-addressing table
// keyed by a seeded 64-bit hash. A slot holds the hash and the id, so a
// probe past other identifiers touches one 16-byte slot and not their
// strings; a slot whose hash matches is confirmed by comparing the names,
// so two different identifiers never share an id.
type index struct {
	seed  maphash.Seed
	keep  uint64 // the hash bits used: all of them, but tests force collisions
	slots []slot // power of two
	mask  uint64
	names []string
}

// A slot is 16 bytes, four to a cache line.
type slot struct {
	hash uint64
	id   int32 // id+1; 0 is empty
}

func newIndex(n int) *index {
	size := 1024
	for size < n*2 {
		size <<= 1
	}
	return &index{seed: maphash.MakeSeed(), keep: ^uint64(0), slots: make([]slot, size),
		mask: uint64(size - 1), names: make([]string, 0, n)}
}

func (x *index) hash(name string) uint64 { return maphash.String(x.seed, name) & x.keep }

func (x *index) lookup(name string) (int32, bool) {
	h := x.hash(name)
	for i := h & x.mask; ; i = (i + 1) & x.mask {
		s := &x.slots[i]
		if s.id == 0 {
			return 0, false
		}
		if s.hash == h && x.names[s.id-1] == name {
			return s.id - 1, true
		}
	}
}

func (x *index) intern(name string) (int32, bool) { return x.internHashed(name, x.hash(name)) }

// internHashed interns name whose hash is already known.
func (x *index) internHashed(name string, h uint64) (int32, bool) {
	for i := h & x.mask; ; i = (i + 1) & x.mask {
		s := &x.slots[i]
		if s.id == 0 {
			id := int32(len(x.names))
			x.names = append(x.names, name)
			*s = slot{hash: h, id: id + 1}
			if uint64(len(x.names))*2 > uint64(len(x.slots)) {
				x.grow()
			}
			return id, true
		}
		if s.hash == h && x.names[s.id-1] == name {
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
		i := s.hash & x.mask
		for x.slots[i].id != 0 {
			i = (i + 1) & x.mask
		}
		x.slots[i] = s
	}
}

// touch loads the slot a hash starts probing at, so a caller can issue
// the loads of many lookups before doing any: the memory system then
// fetches them in parallel instead of one after another.
func (x *index) touch(h uint64) uint64 { return x.slots[h&x.mask].hash }
