package sinktest

import (
	"math"
	"slices"
	"testing"
	"time"
	"unsafe"

	"github.com/prodshape/prodshape/generators"
)

// Start is the clock start of the suite's stream.
var Start = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)

// Stream returns a seeded generator of a small clickstream: a sequence
// number, a uuid and an entity id (strings made per batch), an enum and a
// pooled url (strings from a pool, with positions), an event time, a price
// present only for purchases (nulls), an integer and a boolean. It yields
// records records/s for span, in batches of at most batch records.
func Stream(tb testing.TB, rate float64, span time.Duration, batch int) *generators.Stream {
	tb.Helper()
	users, err := generators.NewEntities("users", "user-", 5000, 1.1, 7)
	if err != nil {
		tb.Fatal(err)
	}
	types, err := generators.NewWeightedPick([]float64{80, 15, 5})
	if err != nil {
		tb.Fatal(err)
	}
	urls := []string{
		"https://shop.example.com/catalog/tents?ref=home",
		"https://shop.example.com/cart?step=review",
		`https://shop.example.com/search?q="knife"&lang=fr\u00e9`,
	}
	minPrice := 1.0
	s, err := generators.NewStream(generators.StreamConfig{
		Name:      "clicks",
		Seed:      42,
		Start:     Start,
		Duration:  span,
		Rate:      generators.Rate{Base: rate},
		BatchSize: batch,
		Fields: []generators.FieldConfig{
			{Name: "seq", Values: generators.Sequence{}},
			{Name: "event_id", Values: generators.UUID{}},
			{Name: "event_time", Values: generators.EventTime{}},
			{Name: "user_id", Values: generators.Ref{Entities: users}},
			{Name: "event_type", Values: &generators.Choice{Values: []string{"page_view", "add_to_cart", "purchase"}, Picker: types}},
			{Name: "url", Values: &generators.Choice{Values: urls, Picker: generators.UniformPick{N: len(urls)}}},
			{Name: "price", Values: &generators.Number{Dist: generators.Normal{Mu: 60, Sigma: 25}, Min: &minPrice, Decimals: 2},
				When: []generators.Condition{{Field: "event_type", Equals: []string{"purchase"}}}},
			{Name: "quantity", Values: &generators.Number{Dist: generators.Uniform{Min: 1, Max: 5}, Int: true}, NullProb: 0.1},
			{Name: "mobile", Values: generators.Bernoulli{P: 0.6}},
		},
	})
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// Owned is a deep copy of a batch whose every value and every string byte
// lives in memory the suite owns, so the suite can scribble over it once
// Write has returned, as a generator reusing its batch would.
type Owned struct {
	Batch  *generators.Batch
	arenas [][]byte // the bytes behind each column's strings
}

// Own copies b.
func Own(b *generators.Batch) *Owned {
	c := &generators.Batch{Schema: b.Schema, Watermark: b.Watermark,
		Arrival: slices.Clone(b.Arrival), Seq: slices.Clone(b.Seq),
		Columns: make([]generators.Column, len(b.Columns))}
	o := &Owned{Batch: c, arenas: make([][]byte, len(b.Columns))}
	for i := range b.Columns {
		src, dst := &b.Columns[i], &c.Columns[i]
		dst.Field, dst.Plain, dst.Pool = src.Field, src.Plain, src.Pool
		dst.Ints, dst.Floats, dst.Bools = slices.Clone(src.Ints), slices.Clone(src.Floats), slices.Clone(src.Bools)
		dst.Null, dst.Index = slices.Clone(src.Null), slices.Clone(src.Index)
		if src.Strings == nil {
			continue
		}
		n := 0
		for _, s := range src.Strings {
			n += len(s)
		}
		// Sized up front: the strings point into it, so it must not move.
		arena := make([]byte, 0, n)
		dst.Strings = make([]string, len(src.Strings))
		for k, s := range src.Strings {
			if s == "" {
				continue
			}
			start := len(arena)
			arena = append(arena, s...)
			dst.Strings[k] = unsafe.String(&arena[start], len(s))
		}
		o.arenas[i] = arena
	}
	return o
}

// Scribble overwrites every string's bytes and every value of the batch
// (the run-long pools aside, which a sink may keep). A sink that kept any
// part of the batch past Write now writes garbage.
func (o *Owned) Scribble() {
	b := o.Batch
	for i := range b.Columns {
		c := &b.Columns[i]
		for k := range o.arenas[i] {
			o.arenas[i][k] = 'X'
		}
		for k := range c.Strings {
			c.Strings[k] = "scribbled"
		}
		for k := range c.Ints {
			c.Ints[k] = ^c.Ints[k]
		}
		for k := range c.Floats {
			// Another exponent: a different value for every double.
			c.Floats[k] = math.Float64frombits(math.Float64bits(c.Floats[k]) ^ 1<<62)
		}
		for k := range c.Bools {
			c.Bools[k] = !c.Bools[k]
		}
		for k := range c.Null {
			c.Null[k] = !c.Null[k]
		}
		for k := range c.Index {
			c.Index[k] = (c.Index[k] + 1) % int32(max(len(c.Pool), 1))
		}
	}
	for k := range b.Arrival {
		b.Arrival[k] += int64(time.Hour)
	}
	for k := range b.Seq {
		b.Seq[k] += 1 << 40
	}
}
