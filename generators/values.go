package generators

import (
	"unsafe"
)

// Values fills one column of a batch. Each field kind (uuid, enum, faker,
// numeric distributions, entity references, ...) lives in its own file.
type Values interface {
	Type() Type
	// Fill writes the value of every active record of f into col.
	Fill(col *Column, f *Frame)
}

// plainer is implemented by string Values whose every output is plain
// text (see Column.Plain).
type plainer interface{ plain() bool }

// distincter is implemented by Values that know how many different values
// they can produce (see Field.Distinct).
type distincter interface{ distinct() int }

// pooler is implemented by string Values that pick from a fixed list (see
// Column.Pool).
type pooler interface{ pool() []string }

// Frame is what a field sees of the batch being filled.
type Frame struct {
	N       int
	Seq     []int64 // record sequence numbers (stream-wide, not shard-local)
	Arrival []int64 // Unix ns
	Key     uint64  // the field's own random stream
	// Active marks the records that get a value (conditions and nulls
	// applied); nil means every record.
	Active []bool
	arena  *[]byte
}

// RNG returns the field's generator for record i.
func (f *Frame) RNG(i int) RNG { return NewRNG(f.Key, uint64(f.Seq[i])) }

// Skip reports whether record i gets no value.
func (f *Frame) Skip(i int) bool { return f.Active != nil && !f.Active[i] }

// String turns bytes appended to the column's arena into a string without
// copying. The arena is reused by the next batch; see Column.
func (f *Frame) String(start int) string {
	a := *f.arena
	if len(a) == start {
		return ""
	}
	return unsafe.String(&a[start], len(a)-start)
}

// appendID formats an entity id into the arena (growing it, never moving
// strings already made: a grown arena is a new array, the old one stays
// alive while referenced) and returns it.
func (f *Frame) appendID(prefix string, n int64) string {
	a := *f.arena
	if cap(a)-len(a) < len(prefix)+20 {
		a = make([]byte, 0, max(2*cap(a), 4096))
	}
	start := len(a)
	*f.arena = appendEntityID(a, prefix, n)
	return f.String(start)
}

// grow makes sure the column's slices for its type hold n values.
func (c *Column) grow(n int) {
	switch c.Type {
	case String:
		if cap(c.Strings) < n {
			c.Strings = make([]string, n)
		}
		c.Strings = c.Strings[:n]
		if c.Pool != nil {
			if cap(c.Index) < n {
				c.Index = make([]int32, n)
			}
			c.Index = c.Index[:n]
		}
	case Int64, Timestamp:
		if cap(c.Ints) < n {
			c.Ints = make([]int64, n)
		}
		c.Ints = c.Ints[:n]
	case Float64:
		if cap(c.Floats) < n {
			c.Floats = make([]float64, n)
		}
		c.Floats = c.Floats[:n]
	case Bool:
		if cap(c.Bools) < n {
			c.Bools = make([]bool, n)
		}
		c.Bools = c.Bools[:n]
	}
}
