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

	// A buffer that outgrows maxPartRows is handed to the encoders as a
	// part of its file while the rest of the file is still buffering:
	// set and part locate the buffer, open is the file being written in
	// parts, parts and prior count the parts and rows already handed on.
	set   *bufSet
	part  int32
	open  *openFile
	parts int
	prior int
}

type colBuf struct {
	ints   []int64
	floats []float64
	bools  []bool
	null   []bool

	// Strings: their bytes in blocks, ends[i] where value i ends in its
	// block, first[b] the first value of block b. Blocks never move once
	// written, so a buffer that grows to an hour of rows copies each
	// string once; they double in size from minBlock to maxBlock, so a
	// buffer of a few rows stays small; reset keeps them for the next
	// file.
	blocks [][]byte
	ends   []uint32
	first  []int32
	spare  [][]byte
	// A column that picks from a pool (generators.Column.Pool) keeps
	// positions in it: four bytes a row to copy, none for the collector to
	// scan.
	pool  []string
	index []int32
}

// String blocks grow from minBlock to maxBlock bytes.
const (
	minBlock = 1 << 10
	maxBlock = 256 << 10
)

func newRowBuf(s *generators.Schema) *rowBuf {
	return &rowBuf{cols: make([]colBuf, len(s.Fields))}
}

// reset empties the buffer, keeping its memory for reuse.
func (r *rowBuf) reset() {
	r.n = 0
	r.event = r.event[:0]
	r.pending = r.pending[:0]
	r.set, r.part, r.open, r.parts, r.prior = nil, 0, nil, 0, 0
	for i := range r.cols {
		c := &r.cols[i]
		c.ints, c.floats, c.bools = c.ints[:0], c.floats[:0], c.bools[:0]
		c.ends, c.null, c.first = c.ends[:0], c.null[:0], c.first[:0]
		c.pool, c.index = nil, c.index[:0]
		for _, b := range c.blocks {
			c.spare = append(c.spare, b[:0])
		}
		clear(c.blocks)
		c.blocks = c.blocks[:0]
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
			if src.Pool != nil {
				dst.pool = src.Pool
				dst.index = gatherValues(dst.index, src.Index, src.Null, idx)
			} else {
				gatherStrings(dst, src, idx)
			}
		case generators.Int64, generators.Timestamp:
			dst.ints = gatherValues(dst.ints, src.Ints, src.Null, idx)
		case generators.Float64:
			dst.floats = gatherValues(dst.floats, src.Floats, src.Null, idx)
		case generators.Bool:
			dst.bools = gatherValues(dst.bools, src.Bools, src.Null, idx)
		}
	}
	r.pending = r.pending[:0]
}

func gatherStrings(dst *colBuf, src *generators.Column, idx []int32) {
	dst.ends = slices.Grow(dst.ends, len(idx))
	var cur []byte
	if n := len(dst.blocks); n > 0 {
		cur = dst.blocks[n-1]
	}
	for _, i := range idx {
		// A null record's string is skipped: the blocks hold values only.
		var v string
		if src.Null == nil || !src.Null[i] {
			v = src.Strings[i]
		}
		if len(cur)+len(v) > cap(cur) || cur == nil {
			if cur != nil {
				dst.blocks[len(dst.blocks)-1] = cur
			}
			cur = dst.newBlock(len(v))
		}
		cur = append(cur, v...)
		dst.ends = append(dst.ends, uint32(len(cur)))
	}
	if cur != nil {
		dst.blocks[len(dst.blocks)-1] = cur
	}
}

// newBlock starts a string block with room for at least n bytes; the next
// value appended is its first.
func (c *colBuf) newBlock(n int) []byte {
	var b []byte
	if k := len(c.spare); k > 0 && cap(c.spare[k-1]) >= n {
		b = c.spare[k-1]
		c.spare[k-1] = nil
		c.spare = c.spare[:k-1]
	} else {
		size := minBlock
		if k := len(c.blocks); k > 0 {
			size = min(2*cap(c.blocks[k-1]), maxBlock)
		}
		b = make([]byte, 0, max(size, n))
	}
	c.blocks = append(c.blocks, b)
	c.first = append(c.first, int32(len(c.ends)))
	return b
}

// gatherValues appends src[i] for each record i of idx to dst, the zero
// value where the record is null, so a buffer holds the same bytes whatever
// the generator left in a null slot.
func gatherValues[T any](dst, src []T, null []bool, idx []int32) []T {
	dst = slices.Grow(dst, len(idx))
	var zero T
	for _, i := range idx {
		v := src[i]
		if null != nil && null[i] {
			v = zero
		}
		dst = append(dst, v)
	}
	return dst
}
