package lake

import "github.com/prodshape/prodshape/generators"

// rowBuf holds the buffered records of one partition of one writer, in
// column form. Strings are copied into one arena, because a batch's strings
// may point into memory the generator reuses.
type rowBuf struct {
	n     int
	cols  []colBuf
	event []int64 // event time per row (Unix µs), for freshness
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
	for i := range r.cols {
		c := &r.cols[i]
		c.ints, c.floats, c.bools = c.ints[:0], c.floats[:0], c.bools[:0]
		c.arena, c.ends, c.null = c.arena[:0], c.ends[:0], c.null[:0]
	}
}

// appendRecord copies record i of b and returns its uncompressed size
// estimate in bytes.
func (r *rowBuf) appendRecord(b *generators.Batch, i int, eventUs int64) int64 {
	var size int64
	for k := range b.Columns {
		src := &b.Columns[k]
		dst := &r.cols[k]
		null := src.IsNull(i)
		if src.Nullable {
			dst.null = append(dst.null, null)
		}
		switch src.Type {
		case generators.String:
			if !null {
				dst.arena = append(dst.arena, src.Strings[i]...)
				size += int64(len(src.Strings[i])) + 4
			}
			dst.ends = append(dst.ends, uint32(len(dst.arena)))
		case generators.Int64, generators.Timestamp:
			var v int64
			if !null {
				v = src.Ints[i]
				size += 8
			}
			dst.ints = append(dst.ints, v)
		case generators.Float64:
			var v float64
			if !null {
				v = src.Floats[i]
				size += 8
			}
			dst.floats = append(dst.floats, v)
		case generators.Bool:
			dst.bools = append(dst.bools, !null && src.Bools[i])
			size++
		}
	}
	r.event = append(r.event, eventUs)
	r.n++
	return size
}
