package lake

import (
	"fmt"
	"slices"
	"unsafe"

	"github.com/klauspost/compress/s2"
	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"
	"github.com/parquet-go/parquet-go/format"

	"github.com/prodshape/prodshape/generators"
)

// DefaultRowGroupRows caps rows per row group when the scenario sets none.
// The writer holds a row group's pages in memory until it is cut, so an
// hour-long batch file is written in groups of this many rows.
const DefaultRowGroupRows = 1 << 17

// ParquetSchema builds the Parquet schema of a stream: STRING, INT64,
// DOUBLE, BOOLEAN and TIMESTAMP(MICROS, UTC), optional where the field is
// nullable, columns in the stream's field order. Strings drawn from a list
// or pool are dictionary-encoded, as Spark and Arrow write them; ids,
// numbers and times are plain.
func ParquetSchema(s *generators.Schema, codec compress.Codec) *parquet.Schema {
	g := orderedGroup{Group: parquet.Group{}}
	for _, f := range s.Fields {
		var n parquet.Node
		switch f.Type {
		case generators.String:
			n = parquet.String()
			if f.Distinct > 0 && f.Distinct <= dictionaryMaxValues {
				n = parquet.Encoded(n, &parquet.RLEDictionary)
			}
		case generators.Int64:
			n = parquet.Int(64)
		case generators.Float64:
			n = parquet.Leaf(parquet.DoubleType)
		case generators.Bool:
			n = parquet.Leaf(parquet.BooleanType)
		case generators.Timestamp:
			n = parquet.TimestampAdjusted(parquet.Microsecond, true)
		}
		if codec != nil {
			n = parquet.Compressed(n, codec)
		}
		if f.Nullable {
			n = parquet.Optional(n)
		} else {
			n = parquet.Required(n)
		}
		g.Group[f.Name] = n
		g.order = append(g.order, f.Name)
	}
	name := s.Stream
	if name == "" {
		name = "records"
	}
	return parquet.NewSchema(name, g)
}

// orderedGroup keeps the stream's field order; parquet.Group alone sorts
// fields by name.
type orderedGroup struct {
	parquet.Group
	order []string
}

func (g orderedGroup) Fields() []parquet.Field {
	fields := g.Group.Fields()
	slices.SortStableFunc(fields, func(a, b parquet.Field) int {
		return slices.Index(g.order, a.Name()) - slices.Index(g.order, b.Name())
	})
	return fields
}

// Codec returns the compression codec for a scenario name.
func Codec(name string) (compress.Codec, error) {
	switch name {
	case "", "snappy":
		return snappyCodec{}, nil
	case "zstd":
		return &parquet.Zstd, nil
	case "gzip":
		return &parquet.Gzip, nil
	case "none", "uncompressed":
		return &parquet.Uncompressed, nil
	}
	return nil, fmt.Errorf("parquet compression %q: want snappy, zstd, gzip or none", name)
}

// snappyCodec writes Snappy blocks at the format's standard speed level.
// parquet-go's own Snappy codec uses klauspost's "better" level, which
// spends about twice the CPU for a few percent of size; the writers this
// simulates (parquet-mr through snappy-java, Arrow) use the standard level,
// so the files are as large as theirs and cost less to write. Any Snappy
// decoder reads them.
type snappyCodec struct{}

func (snappyCodec) String() string                            { return "SNAPPY" }
func (snappyCodec) CompressionCodec() format.CompressionCodec { return format.Snappy }

func (snappyCodec) Encode(dst, src []byte) ([]byte, error) {
	return s2.EncodeSnappy(dst, src), nil
}

func (snappyCodec) Decode(dst, src []byte) ([]byte, error) { return parquet.Snappy.Decode(dst, src) }

// dictionaryMaxBytes is where a column chunk's dictionary stops growing
// and later pages fall back to plain encoding: parquet-mr's default
// dictionary page size, 1 MiB.
const dictionaryMaxBytes = 1 << 20

// dictionaryMaxValues is the most distinct values a string field may take
// to be dictionary-encoded: lists and pools are, ids over millions of
// entities are not, since their dictionary would outgrow
// dictionaryMaxBytes in any large file and parquet-mr would fall back to
// plain pages (small files would keep it; the difference there is a few
// percent of a small file).
const dictionaryMaxValues = 1 << 16

// encoder turns row buffers into Parquet files. It keeps one writer and
// resets it per file: small files are the common case, and a fresh writer
// per file costs more than the file itself.
type encoder struct {
	fields       []generators.Field
	schema       *parquet.Schema
	codec        compress.Codec
	w            *parquet.GenericWriter[any]
	out          *outBuf
	vals         []parquet.Value
	rowGroupRows int

	rows, inGroup, groups int // of the file being written
}

// Values are handed to a column writer this many at a time, so the scratch
// slice stays small whatever the row-group size.
const valueChunk = 1 << 14

// bigFile is the row count above which an encoder drops its writer and
// buffers after the file: reuse pays for small files, while keeping the
// buffers of an hour-long batch file would pin hundreds of MiB per encoder.
const bigFile = 1 << 16

func newEncoder(s *generators.Schema, schema *parquet.Schema, codec compress.Codec, rowGroupRows int) *encoder {
	if rowGroupRows <= 0 {
		rowGroupRows = DefaultRowGroupRows
	}
	return &encoder{fields: s.Fields, schema: schema, codec: codec, rowGroupRows: rowGroupRows}
}

// writer returns the reusable writer, reset onto an empty output buffer.
func (e *encoder) writer() *parquet.GenericWriter[any] {
	if e.w == nil {
		if e.out == nil {
			e.out = new(outBuf)
		}
		e.out.Reset()
		e.w = parquet.NewGenericWriter[any](e.out, e.schema, parquet.Compression(e.codec),
			parquet.CreatedBy("prodshape", "1", ""), parquet.MaxRowsPerRowGroup(int64(e.rowGroupRows)),
			// Statistics go in the column index and the column chunk,
			// not in every page header: parquet-mr stopped writing
			// page-header statistics in 1.11 (PARQUET-1365, Spark 3),
			// and computing them costs as much as the column index's.
			parquet.DataPageStatistics(false),
			parquet.DictionaryMaxBytes(dictionaryMaxBytes))
		return e.w
	}
	e.out.Reset()
	e.w.Reset(e.out)
	return e.w
}

// release drops the writer and its buffers after a big file. The output
// stays until the next file resets it: the caller may still hold its bytes.
func (e *encoder) release() { e.w = nil }

// encode writes the buffered rows as one Parquet file and returns its bytes
// (valid until the next call) and the number of row groups.
func (e *encoder) encode(r *rowBuf) (*outBuf, int, error) {
	e.start()
	if err := e.add(r); err != nil {
		return nil, 0, err
	}
	return e.finish()
}

// start begins a file. A file is written by start, add for each part of
// its rows in order, and finish.
func (e *encoder) start() {
	e.writer()
	e.rows, e.inGroup, e.groups = 0, 0, 0
}

// add writes rows, cutting a row group every rowGroupRows rows counted
// from the start of the file, so a file written in parts has the row
// groups it would have had written whole.
func (e *encoder) add(r *rowBuf) error {
	cws := e.w.ColumnWriters()
	for lo := 0; lo < r.n; {
		hi := min(lo+e.rowGroupRows-e.inGroup, r.n)
		for c := range e.fields {
			for clo := lo; clo < hi; clo += valueChunk {
				e.vals = r.cols[c].values(e.vals[:0], e.fields[c], c, clo, min(clo+valueChunk, hi))
				if _, err := cws[c].WriteRowValues(e.vals); err != nil {
					return fmt.Errorf("parquet column %s: %w", e.fields[c].Name, err)
				}
			}
		}
		e.inGroup += hi - lo
		if e.inGroup == e.rowGroupRows {
			if err := e.w.Flush(); err != nil {
				return fmt.Errorf("parquet row group: %w", err)
			}
			e.groups++
			e.inGroup = 0
		}
		lo = hi
	}
	e.rows += r.n
	return nil
}

// finish cuts the last row group and writes the footer. It returns the
// file's bytes (valid until the encoder's next file) and its row groups.
func (e *encoder) finish() (*outBuf, int, error) {
	if e.rows > bigFile {
		defer e.release()
	}
	if e.inGroup > 0 {
		if err := e.w.Flush(); err != nil {
			return nil, 0, fmt.Errorf("parquet row group: %w", err)
		}
		e.groups++
	}
	if err := e.w.Close(); err != nil {
		return nil, 0, fmt.Errorf("parquet footer: %w", err)
	}
	return e.out, e.groups, nil
}

// values appends rows [lo,hi) of the column as Parquet values.
func (c *colBuf) values(dst []parquet.Value, f generators.Field, col, lo, hi int) []parquet.Value {
	start := len(dst)
	if f.Type == generators.String && c.pool == nil {
		dst = c.byteArrays(dst, lo, hi)
	} else {
		// Stored by index into room made once, not appended one by one.
		dst = slices.Grow(dst, hi-lo)[:start+hi-lo]
		out := dst[start:]
		switch f.Type {
		case generators.String:
			for i, k := range c.index[lo:hi] {
				// The writer copies the bytes; it never changes them.
				v := c.pool[k]
				out[i] = parquet.ByteArrayValue(unsafe.Slice(unsafe.StringData(v), len(v)))
			}
		case generators.Int64, generators.Timestamp:
			for i, v := range c.ints[lo:hi] {
				out[i] = parquet.Int64Value(v)
			}
		case generators.Float64:
			for i, v := range c.floats[lo:hi] {
				out[i] = parquet.DoubleValue(v)
			}
		case generators.Bool:
			for i, v := range c.bools[lo:hi] {
				out[i] = parquet.BooleanValue(v)
			}
		}
	}
	if f.Nullable {
		null := parquet.NullValue().Level(0, 0, col)
		out := dst[start:]
		for k, isNull := range c.null[lo:hi] {
			if isNull {
				out[k] = null
			} else {
				out[k] = out[k].Level(0, 1, col)
			}
		}
	}
	return dst
}

// byteArrays appends string values [lo,hi), pointing into the blocks.
func (c *colBuf) byteArrays(dst []parquet.Value, lo, hi int) []parquet.Value {
	if lo >= hi {
		return dst
	}
	// The block holding value lo: the last whose first value is ≤ lo.
	b, _ := slices.BinarySearch(c.first, int32(lo)+1)
	b--
	for lo < hi {
		end := hi
		if b+1 < len(c.first) {
			end = min(end, int(c.first[b+1]))
		}
		block, ends := c.blocks[b], c.ends[lo:end]
		from := uint32(0)
		if lo > int(c.first[b]) {
			from = c.ends[lo-1]
		}
		for _, to := range ends {
			dst = append(dst, parquet.ByteArrayValue(block[from:to]))
			from = to
		}
		lo = end
		b++
	}
	return dst
}
