package lake

import (
	"slices"

	"github.com/prodshape/prodshape/generators"
)

// rowBuf holds the buffered records of one partition of one writer, in
// column form. Strings are copied into one arena, because a batch's strings
// may point into memory the generator reuses.
//
// Records arrive in two steps: the sink's routing loop only notes which
// records of the current batch belong here (pend), and gather then copies
// them column by column. A column at a time keeps the type switch out of
// the per-value loop and grows every slice once per batch, not once per
// doubling per record.
type rowBuf struct {
	n     int
	cols  []colBuf
	event []int64 // event time per row (Unix µs), for freshness

	pending []int32 // records of the current batch not yet copied
	slot    int     // index in the sink's list of buffers with pending rows
}

type colBuf struct {
	ints   []int64
	floats []float64
	bools  []bool
	arena  []byte
	ends   []uint32
	null   []bool
}

func newRowBuf(s *generators.Schema) *rowBuf {
	return &rowBuf{cols: make([]colBuf, len(s.Fields))}
}

// reset empties the buffer, keeping its memory for reuse.
func (r *rowBuf) reset() {
	r.n = 0
	r.event = r.event[:0]
	r.pending = r.pending[:0]
	for i := range r.cols {
		c := &r.cols[i]
		c.ints, c.floats, c.bools = c.ints[:0], c.floats[:0], c.bools[:0]
		c.arena, c.ends, c.null = c.arena[:0], c.ends[:0], c.null[:0]
	}
}

// pend notes record i of the current batch, with its event time; gather
// copies it.
func (r *rowBuf) pend(i int, eventUs int64) {
	r.pending = append(r.pending, int32(i))
	r.event = append(r.event, eventUs)
	r.n++
}

// gather copies the pending records of b into the columns.
func (r *rowBuf) gather(b *generators.Batch) {
	idx := r.pending
	if len(idx) == 0 {
		return
	}
	for k := range b.Columns {
		src, dst := &b.Columns[k], &r.cols[k]
		if src.Nullable {
			dst.null = slices.Grow(dst.null, len(idx))
			for _, i := range idx {
				dst.null = append(dst.null, src.IsNull(int(i)))
			}
		}
		switch src.Type {
		case generators.String:
			gatherStrings(dst, src, idx)
		case generators.Int64, generators.Timestamp:
			dst.ints = slices.Grow(dst.ints, len(idx))
			for _, i := range idx {
				dst.ints = append(dst.ints, src.Ints[i])
			}
			if src.Null != nil {
				zeroNulls(dst.ints[len(dst.ints)-len(idx):], src.Null, idx)
			}
		case generators.Float64:
			dst.floats = slices.Grow(dst.floats, len(idx))
			for _, i := range idx {
				dst.floats = append(dst.floats, src.Floats[i])
			}
			if src.Null != nil {
				zeroNulls(dst.floats[len(dst.floats)-len(idx):], src.Null, idx)
			}
		case generators.Bool:
			dst.bools = slices.Grow(dst.bools, len(idx))
			for _, i := range idx {
				dst.bools = append(dst.bools, src.Bools[i])
			}
			if src.Null != nil {
				zeroNulls(dst.bools[len(dst.bools)-len(idx):], src.Null, idx)
			}
		}
	}
	r.pending = r.pending[:0]
}

func gatherStrings(dst *colBuf, src *generators.Column, idx []int32) {
	total := 0
	for _, i := range idx {
		total += len(src.Strings[i])
	}
	dst.arena = slices.Grow(dst.arena, total)
	dst.ends = slices.Grow(dst.ends, len(idx))
	for _, i := range idx {
		// A null record's string is empty by the generators' contract
		// or skipped here, so the arena holds values only.
		if src.Null == nil || !src.Null[i] {
			dst.arena = append(dst.arena, src.Strings[i]...)
		}
		dst.ends = append(dst.ends, uint32(len(dst.arena)))
	}
}

// zeroNulls clears the values copied for null records, so a buffer holds
// the same bytes whatever the generator left in a null slot.
func zeroNulls[T any](vals []T, null []bool, idx []int32) {
	var zero T
	for k, i := range idx {
		if null[i] {
			vals[k] = zero
		}
	}
}

// recordSizes sets sizes[i] to record i's uncompressed size estimate in
// bytes: a string's length plus a 4-byte length prefix, 8 bytes per number,
// one per boolean; nulls cost nothing.
func recordSizes(b *generators.Batch, sizes []int64) []int64 {
	n := b.Len()
	sizes = slices.Grow(sizes[:0], n)[:n]
	clear(sizes)
	for k := range b.Columns {
		c := &b.Columns[k]
		switch c.Type {
		case generators.String:
			for i, s := range c.Strings[:n] {
				if !c.IsNull(i) {
					sizes[i] += int64(len(s)) + 4
				}
			}
		case generators.Bool:
			for i := range sizes {
				sizes[i]++
			}
		default:
			for i := range sizes {
				if !c.IsNull(i) {
					sizes[i] += 8
				}
			}
		}
	}
	return sizes
}
