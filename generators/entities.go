package generators

import (
	"fmt"
	"math/bits"
	"strconv"
)

// Entities is a population of ids (users, sessions, devices) with an
// activity skew: under Zipf a few entities make most of the events, as in
// production.
type Entities struct {
	Name   string
	Prefix string // ids read Prefix + number
	Count  int
	Picker Picker // by activity rank
	mult   int64
	offset int64
	recip  uint64 // ⌊(2⁶⁴-1)/Count⌋, for ID's modulo without a division

	// The ids of the busiest ranks, formatted once: rank r's is
	// headText[headEnds[r-1]:headEnds[r]] (from 0 for r = 0). Under any
	// skew most records name one of them, and the busiest come first, so
	// the hot ones share a few cache lines.
	headText string
	headEnds []uint32
}

// headIDs is how many of the busiest ranks have their ids formatted once.
// A skew puts most draws in these (84% of a Zipf 1.1 over a million); the
// rest are formatted per record.
const headIDs = 1 << 14

// NewEntities builds a pool of count ids. zipf > 1 skews activity; zipf 0
// makes every entity equally active.
func NewEntities(name, prefix string, count int, zipf float64, seed uint64) (*Entities, error) {
	if count < 1 {
		return nil, fmt.Errorf("entity %s needs a count of at least 1, got %d", name, count)
	}
	e := &Entities{Name: name, Prefix: prefix, Count: count}
	if zipf != 0 {
		p, err := NewZipfPick(zipf, count)
		if err != nil {
			return nil, err
		}
		e.Picker = p
	} else {
		e.Picker = UniformPick{N: count}
	}
	// Activity rank r maps to id (r*mult + offset) mod count, a bijection
	// when mult is coprime with count: the busiest users are scattered over
	// the id space instead of being ids 0, 1, 2.
	k := Key(seed, "entities", name)
	e.offset = int64(k % uint64(count))
	e.mult = 1
	for _, m := range []int64{2654435761, 40503, 2246822519, 3266489917, 668265263} {
		if gcd(m%int64(count), int64(count)) == 1 {
			e.mult = m % int64(count)
			break
		}
	}
	e.recip = ^uint64(0) / uint64(count)
	n := min(count, headIDs)
	text := make([]byte, 0, n*(len(prefix)+8))
	e.headEnds = make([]uint32, n)
	for r := range n {
		text = appendEntityID(text, prefix, e.ID(r))
		e.headEnds[r] = uint32(len(text))
	}
	e.headText = string(text)
	return e, nil
}

// ID returns the entity number for activity rank r (0 ≤ r < Count).
func (e *Entities) ID(rank int) int64 {
	hi, lo := bits.Mul64(uint64(rank), uint64(e.mult))
	lo, carry := bits.Add64(lo, uint64(e.offset), 0)
	hi += carry
	d := uint64(e.Count)
	if hi != 0 {
		_, r := bits.Div64(hi%d, lo, d)
		return int64(r)
	}
	// Barrett reduction: q is ⌊lo/d⌋ or one less, since recip is within
	// one of 2⁶⁴/d. Two multiplications instead of a 64-bit division, once
	// per id of every record.
	q, _ := bits.Mul64(lo, e.recip)
	r := lo - q*d
	if r >= d {
		r -= d
	}
	return int64(r)
}

// appendEntityID appends an entity id as records carry it: the prefix, then
// the number in decimal.
func appendEntityID(dst []byte, prefix string, n int64) []byte {
	return strconv.AppendInt(append(dst, prefix...), n, 10)
}

// headID returns the formatted id of rank k when it is one of the busiest.
func (e *Entities) headID(k int) (string, bool) {
	if k >= len(e.headEnds) {
		return "", false
	}
	lo := uint32(0)
	if k > 0 {
		lo = e.headEnds[k-1]
	}
	return e.headText[lo:e.headEnds[k]], true
}

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// Ref fills a column with ids drawn from an entity pool by activity.
type Ref struct{ Entities *Entities }

var _ Values = Ref{}

func (Ref) Type() Type { return String }

func (r Ref) plain() bool   { return IsPlain(r.Entities.Prefix) }
func (r Ref) distinct() int { return r.Entities.Count }

func (r Ref) Fill(col *Column, f *Frame) {
	e := r.Entities
	var g RNG // one per batch: a Picker is an interface, so &g escapes
	for i := 0; i < f.N; i++ {
		if f.Skip(i) {
			continue
		}
		g = f.RNG(i)
		k := e.Picker.PickFrom(g.s, &g)
		if id, ok := e.headID(k); ok {
			col.Strings[i] = id
			continue
		}
		col.Strings[i] = f.appendID(e.Prefix, e.ID(k))
	}
}
