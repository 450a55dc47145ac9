package graph

import "hash/maphash"

// index interns identifiers into dense ids with an open-addressing table
// of (hash, id) pairs: one probe usually settles a lookup, and the string
// is compared only on a full 64-bit hash match. It is several times
// cheaper than a map[string]int32 at millions of identifiers.
type index struct {
	seed  maphash.Seed
	slots []slot // power of two
	mask  uint64
	names []string
}

// A slot keeps the name itself, so a hit costs the slot and the string's
// bytes, not a third load through names.
type slot struct {
	hash uint64
	name string
	id   int32 // id+1; 0 is empty
}

func newIndex(n int) *index {
	size := 1024
	for size < n*2 {
		size <<= 1
	}
	return &index{seed: maphash.MakeSeed(), slots: make([]slot, size), mask: uint64(size - 1), names: make([]string, 0, n)}
}

func (x *index) lookup(name string) (int32, bool) {
	h := maphash.String(x.seed, name)
	for i := h & x.mask; ; i = (i + 1) & x.mask {
		s := x.slots[i]
		if s.id == 0 {
			return 0, false
		}
		if s.hash == h && s.name == name {
			return s.id - 1, true
		}
	}
}

func (x *index) intern(name string) (int32, bool) {
	h := maphash.String(x.seed, name)
	for i := h & x.mask; ; i = (i + 1) & x.mask {
		s := x.slots[i]
		if s.id == 0 {
			id := int32(len(x.names))
			x.names = append(x.names, name)
			x.slots[i] = slot{hash: h, name: name, id: id + 1}
			if uint64(len(x.names))*2 > uint64(len(x.slots)) {
				x.grow()
			}
			return id, true
		}
		if s.hash == h && s.name == name {
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
