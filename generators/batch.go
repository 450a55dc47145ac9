package generators

import (
	"slices"
	"time"
)

// Type is the storage type of a generated column.
type Type uint8

const (
	String    Type = iota // UTF-8 text
	Int64                 // signed 64-bit integer
	Float64               // IEEE 754 double
	Bool                  // true or false
	Timestamp             // instant, stored as Unix microseconds UTC
)

func (t Type) String() string {
	switch t {
	case String:
		return "string"
	case Int64:
		return "int64"
	case Float64:
		return "double"
	case Bool:
		return "bool"
	case Timestamp:
		return "timestamp"
	}
	return "unknown"
}

// Field describes one column of a stream: what sinks need to lay out storage.
type Field struct {
	Name     string
	Type     Type
	Nullable bool
	// Distinct is how many different values the field can take when that
	// is known and small against a run (an enum's list, a faker pool, an
	// entity set), else 0. Columnar sinks dictionary-encode such fields.
	Distinct int
}

// Schema is the ordered list of a stream's fields.
type Schema struct {
	Stream string
	Fields []Field
}

// Index returns the position of the named field, or -1.
func (s Schema) Index(name string) int {
	for i, f := range s.Fields {
		if f.Name == name {
			return i
		}
	}
	return -1
}

// Column holds one field's values for every record of a batch. Exactly one of
// the value slices is used, chosen by Type; Timestamp uses Ints (Unix µs).
// Null[i] is true where record i has no value (only for nullable fields).
//
// Strings may point into memory owned by the batch: a sink that keeps a
// string beyond the Write call that delivered it must copy it.
type Column struct {
	Field
	Strings []string
	Ints    []int64
	Floats  []float64
	Bools   []bool
	Null    []bool
	// Plain is true when every string is printable ASCII with no quote or
	// backslash (uuids, ids, checked pools): text encoders may copy the
	// bytes as they are, without escaping.
	Plain bool
	// Pool, when set, holds every value the column can take, made once
	// per run (an enum's list, a faker pool), and Index[i] is record i's
	// position in it: Strings[i] == Pool[Index[i]] for every record with
	// a value. A sink may keep positions instead of copying strings.
	Pool  []string
	Index []int32
	arena []byte // backing bytes of Strings made per batch (uuids, ids)
}

// IsPlain reports whether s is printable ASCII with no quote or backslash.
func IsPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

// IsNull reports whether record i has no value in this column.
func (c *Column) IsNull(i int) bool { return c.Null != nil && c.Null[i] }

// Batch is a run of consecutive records of one stream in column form, in
// event-time order. Sinks receive batches; generators reuse them, so a sink
// must not keep a batch after Write returns.
type Batch struct {
	Schema *Schema
	// Columns follow Schema.Fields one for one.
	Columns []Column
	// Arrival is each record's arrival time on the scenario clock, in Unix
	// nanoseconds, non-decreasing. It equals the event time unless the stream
	// models late data.
	Arrival []int64
	// Watermark is the clock time up to which the stream has been generated:
	// no later batch carries an arrival before it. Timer-driven sinks (flush
	// every N) fire their timers up to the watermark even for empty batches.
	Watermark time.Time
	// Seq is each record's sequence number in its stream. Shards share one
	// numbering: a shard's records keep the numbers they have unsharded.
	Seq []int64
}

// Len is the number of records in the batch.
func (b *Batch) Len() int { return len(b.Arrival) }

// A batch has two sizes, for two different questions; they differ on
// purpose and are defined here side by side so neither is re-derived:
//
//   - ValueBytes is the raw size of the values, the run's bytes.total: text
//     length, 8 bytes per number or time, 1 per boolean; nulls count
//     nothing.
//   - PlainSizes is each record's size as Parquet's PLAIN encoding stores it
//     uncompressed, which a lake writer's byte budgets (max_bytes) and its
//     projection to production volume are in: a string also pays its 4-byte
//     length prefix, and a boolean counts its byte even when null.
//
// For a record without strings or null booleans the two agree.

// ValueBytes is the raw size of the batch's values.
func ValueBytes(b *Batch) int64 {
	var n int64
	rows := b.Len()
	for c := range b.Columns {
		col := &b.Columns[c]
		null := col.Null
		if null != nil {
			null = null[:rows]
		}
		if col.Type != String {
			size := int64(8)
			if col.Type == Bool {
				size = 1
			}
			set := int64(rows)
			for _, isNull := range null {
				if isNull {
					set--
				}
			}
			n += set * size
			continue
		}
		for i, v := range col.Strings[:rows] {
			if null == nil || !null[i] {
				n += int64(len(v))
			}
		}
	}
	return n
}

// PlainSizes sets sizes[i] to record i's PLAIN-encoded size in bytes,
// reusing sizes' storage, and returns it.
func PlainSizes(b *Batch, sizes []int64) []int64 {
	n := b.Len()
	sizes = slices.Grow(sizes[:0], n)[:n]
	clear(sizes)
	for k := range b.Columns {
		c := &b.Columns[k]
		// The null flags in a local: through c, every store to sizes
		// would make the compiler load them again.
		null := c.Null
		if null != nil {
			null = null[:n]
		}
		switch c.Type {
		case String:
			strs := c.Strings[:n]
			if null == nil {
				for i, s := range strs {
					sizes[i] += int64(len(s)) + 4
				}
				continue
			}
			for i, s := range strs {
				if !null[i] {
					sizes[i] += int64(len(s)) + 4
				}
			}
		case Bool:
			for i := range sizes {
				sizes[i]++
			}
		default:
			for i := range sizes {
				if null == nil || !null[i] {
					sizes[i] += 8
				}
			}
		}
	}
	return sizes
}
