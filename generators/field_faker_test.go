package generators

import (
	"runtime"
	"slices"
	"testing"
	"time"
)

// A pool is a function of its name, cardinality and seed: the same on one
// core as on many, distinct values only, and as large as asked when the
// source is varied enough.
func TestFakerPool(t *testing.T) {
	build := func(procs int) []string {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		pool, err := FakerPool("url", 5000, 42)
		if err != nil {
			t.Fatal(err)
		}
		return pool
	}
	one, many := build(1), build(4)
	if !slices.Equal(one, many) {
		t.Fatal("the pool differs between 1 and 4 cores")
	}
	if len(one) != 5000 {
		t.Fatalf("pool has %d values, want 5000", len(one))
	}
	seen := map[string]bool{}
	for _, v := range one {
		if seen[v] {
			t.Fatalf("duplicate value %q", v)
		}
		seen[v] = true
	}
	other, err := FakerPool("url", 5000, 43)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Equal(one[:10], other[:10]) {
		t.Error("another seed gives the same pool")
	}
	// country_abr has about 250 values: the pool stops at what exists.
	small, err := FakerPool("country_abr", 10000, 42)
	if err != nil {
		t.Fatal(err)
	}
	if len(small) < 200 || len(small) > 300 {
		t.Errorf("country_abr pool has %d values, want about 250", len(small))
	}
	if _, err := FakerPool("no_such_faker", 10, 1); err == nil {
		t.Error("an unknown faker gives no error")
	}
}

// A column that picks from a list says where each value sits in it, so a
// sink can keep positions: Strings[i] == Pool[Index[i]] for every record
// with a value, nulls and conditions included.
func TestChoicePositions(t *testing.T) {
	cfg := enumStream(3, 200, 10*time.Minute)
	cfg.Fields = append(cfg.Fields, FieldConfig{Name: "maybe", NullProb: 0.3,
		Values: &Choice{Values: []string{"a", "b", "c", "d"}, Picker: UniformPick{N: 4}}})
	records := 0
	collect(t, cfg, func(b *Batch) {
		for _, k := range []int{1, 4} {
			c := &b.Columns[k]
			if c.Pool == nil {
				t.Fatalf("column %s has no pool", c.Name)
			}
			for i := range b.Len() {
				if !c.IsNull(i) && c.Pool[c.Index[i]] != c.Strings[i] {
					t.Fatalf("%s record %d: %q at position %d, string %q", c.Name, i, c.Pool[c.Index[i]], c.Index[i], c.Strings[i])
				}
			}
		}
		records += b.Len()
	})
	if records < 100000 {
		t.Fatalf("only %d records", records)
	}
}
