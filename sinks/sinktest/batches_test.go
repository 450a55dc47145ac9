package sinktest

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prodshape/prodshape/generators"
)

// Own is a deep copy: equal to the batch, and scribbling over it leaves the
// batch as it was while changing every string and value of the copy.
func TestOwnIsDeep(t *testing.T) {
	gen := Stream(t, 200, 2*time.Second, 1000)
	b := gen.NewBatch()
	if !gen.Next(b) {
		t.Fatal("empty stream")
	}
	before := Own(b)
	o := Own(b)
	if !sameValues(o.Batch, b) {
		t.Fatal("the copy differs from the batch")
	}
	o.Scribble()
	if !sameValues(before.Batch, b) {
		t.Fatal("scribbling over the copy changed the batch")
	}
	for i, c := range o.Batch.Columns {
		orig := &b.Columns[i]
		for k := range c.Strings {
			if orig.Strings[k] != "" && c.Strings[k] == orig.Strings[k] {
				t.Fatalf("%s[%d] still %q", c.Name, k, c.Strings[k])
			}
		}
		for k := range c.Ints {
			if c.Ints[k] == orig.Ints[k] {
				t.Fatalf("%s[%d] still %d", c.Name, k, c.Ints[k])
			}
		}
		for k := range c.Floats {
			if c.Floats[k] == orig.Floats[k] {
				t.Fatalf("%s[%d] still %v", c.Name, k, c.Floats[k])
			}
		}
	}
	// The bytes behind the copy's strings are overwritten too, not only
	// the slice's entries.
	for _, a := range o.arenas {
		if strings.Trim(string(a), "X") != "" {
			t.Fatal("an arena byte survived")
		}
	}
}

// sameValues compares what a sink may read of two batches (the columns'
// own arenas aside).
func sameValues(a, b *generators.Batch) bool {
	if a.Schema != b.Schema || !a.Watermark.Equal(b.Watermark) || !slices.Equal(a.Arrival, b.Arrival) ||
		!slices.Equal(a.Seq, b.Seq) || len(a.Columns) != len(b.Columns) {
		return false
	}
	for i := range a.Columns {
		x, y := &a.Columns[i], &b.Columns[i]
		if x.Field != y.Field || x.Plain != y.Plain || !slices.Equal(x.Strings, y.Strings) ||
			!slices.Equal(x.Ints, y.Ints) || !slices.Equal(x.Floats, y.Floats) || !slices.Equal(x.Bools, y.Bools) ||
			!slices.Equal(x.Null, y.Null) || !slices.Equal(x.Pool, y.Pool) || !slices.Equal(x.Index, y.Index) {
			return false
		}
	}
	return true
}
