package lake

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/apache/arrow-go/v18/parquet/schema"

	"github.com/prodshape/prodshape/sinks/facts"
)

// Apache's Parquet implementation (a different code base from the writer's)
// reads every file: the row count, the logical types, the values, and the
// partition values in the path agree with what was written.
func TestIndependentReader(t *testing.T) {
	for _, codec := range []string{"snappy", "zstd", "none"} {
		t.Run(codec, func(t *testing.T) {
			s := newSink(t, Config{
				PartitionBy:  []string{"dt={event_time:2006-01-02}", "hr={event_time:15}", "type={event_type}"},
				Writer:       PolicyConfig{Policy: "batch", FlushEvery: time.Hour},
				Compression:  codec,
				RowGroupRows: 250,
			})
			feed(t, s, day0.Add(22*time.Hour), 3*3600/2, 2*time.Second, 1) // crosses midnight
			if err := s.Close(context.Background()); err != nil {
				t.Fatal(err)
			}
			files := s.Files()
			if len(files) != 9 {
				t.Fatalf("files = %d, want 9 (3 hours × 3 types)", len(files))
			}
			var total int64
			for _, f := range files {
				total += readWithArrow(t, s, f)
			}
			if total != 3*3600/2 {
				t.Errorf("rows read = %d, want %d", total, 3*3600/2)
			}
		})
	}
}

func readWithArrow(t *testing.T, s *Sink, f facts.File) int64 {
	t.Helper()
	pf := openWithArrow(t, s, f.Key)
	if pf.NumRows() != f.Rows {
		t.Errorf("%s: rows %d, catalog says %d", f.Key, pf.NumRows(), f.Rows)
	}
	if want := (f.Rows + 249) / 250; int64(pf.NumRowGroups()) != want {
		t.Errorf("%s: row groups %d, want %d", f.Key, pf.NumRowGroups(), want)
	}
	sc := pf.MetaData().Schema
	wantCols := []string{"event_id", "event_time", "user_id", "event_type", "price", "mobile"}
	for i, name := range wantCols {
		if got := sc.Column(i).Name(); got != name {
			t.Errorf("column %d = %s, want %s", i, got, name)
		}
	}
	if !sc.Column(1).LogicalType().Equals(schema.NewTimestampLogicalType(true, schema.TimeUnitMicros)) {
		t.Errorf("event_time logical type = %v, want TIMESTAMP(MICROS, UTC)", sc.Column(1).LogicalType())
	}
	if !sc.Column(0).LogicalType().Equals(schema.StringLogicalType{}) {
		t.Errorf("event_id logical type = %v, want STRING", sc.Column(0).LogicalType())
	}
	if sc.Column(4).MaxDefinitionLevel() != 1 || sc.Column(0).MaxDefinitionLevel() != 0 {
		t.Errorf("price should be optional and event_id required")
	}
	// Every column chunk names its column (path_in_schema): readers such
	// as parquet-mr find a chunk's column by it. parquet-go v0.32.0 wiped
	// the names in the files a writer wrote after its first Reset.
	for rg := 0; rg < pf.NumRowGroups(); rg++ {
		md := pf.MetaData().RowGroup(rg)
		for i := range sc.NumColumns() {
			cc, err := md.ColumnChunk(i)
			if err != nil {
				t.Fatal(err)
			}
			if got := cc.PathInSchema(); len(got) != 1 || got[0] != sc.Column(i).Name() {
				t.Errorf("%s row group %d column %d: path in schema %q, want [%q]", f.Key, rg, i, got, sc.Column(i).Name())
			}
		}
	}
	// event_type, drawn from a list, is dictionary-encoded; event_id is not.
	for rg := 0; rg < pf.NumRowGroups(); rg++ {
		md := pf.MetaData().RowGroup(rg)
		for col, wantDict := range map[int]bool{0: false, 3: true} {
			cc, err := md.ColumnChunk(col)
			if err != nil {
				t.Fatal(err)
			}
			if got := cc.HasDictionaryPage(); got != wantDict {
				t.Errorf("%s row group %d column %d: dictionary page %v, want %v", f.Key, rg, col, got, wantDict)
			}
		}
	}

	part := facts.PartitionValues(f.Partition)
	tr := tableWithArrow(t, pf)
	for tr.Next() {
		rec := tr.RecordBatch()
		ids := rec.Column(0).(*array.String)
		times := rec.Column(1).(*array.Timestamp)
		users := rec.Column(2).(*array.Int64)
		types := rec.Column(3).(*array.String)
		prices := rec.Column(4).(*array.Float64)
		for i := 0; i < int(rec.NumRows()); i++ {
			var k int64
			for _, c := range ids.Value(i)[3:] {
				k = k*10 + int64(c-'0')
			}
			at := time.UnixMicro(int64(times.Value(i))).UTC()
			if want := day0.Add(22*time.Hour + time.Duration(k)*2*time.Second); !at.Equal(want) {
				t.Fatalf("%s: event %d time %v, want %v", f.Key, k, at, want)
			}
			if users.Value(i) != k%97 || types.Value(i) != testTypes[k%3] {
				t.Fatalf("%s: event %d user/type = %d/%s", f.Key, k, users.Value(i), types.Value(i))
			}
			if isPurchase := types.Value(i) == "purchase"; prices.IsNull(i) == isPurchase || isPurchase && prices.Value(i) != float64(k%1000)/10 {
				t.Fatalf("%s: event %d price null=%v value=%v", f.Key, k, prices.IsNull(i), prices.Value(i))
			}
			if part["dt"] != at.Format("2006-01-02") || part["hr"] != at.Format("15") || part["type"] != types.Value(i) {
				t.Fatalf("%s: row (%v, %s) in partition %v", f.Key, at, types.Value(i), part)
			}
		}
	}
	_ = arrow.PrimitiveTypes.Int64
	return pf.NumRows()
}

func readWithArrowRows(t *testing.T, s *Sink, key string) int64 {
	t.Helper()
	return openWithArrow(t, s, key).NumRows()
}

// openWithArrow opens a file of the lake with Apache's reader; it is
// closed when the test ends.
func openWithArrow(t *testing.T, s *Sink, key string) *file.Reader {
	t.Helper()
	r, size, err := s.cfg.Store.Open(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	data := make([]byte, size)
	if _, err := r.ReadAt(data, 0); err != nil && err != io.EOF {
		t.Fatal(err)
	}
	pf, err := file.NewParquetReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: arrow-go cannot open: %v", key, err)
	}
	t.Cleanup(func() { pf.Close() })
	return pf
}

// tableWithArrow reads a whole file into Arrow record batches of 1,024
// rows; they are released when the test ends.
func tableWithArrow(t *testing.T, pf *file.Reader) *array.TableReader {
	t.Helper()
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: 1024}, memory.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	tbl, err := fr.ReadTable(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	tr := array.NewTableReader(tbl, 1024)
	t.Cleanup(func() { tr.Release(); tbl.Release() })
	return tr
}

// A file longer than a buffer's part goes to the encoders a part at a time
// while its later rows still buffer; Apache's reader finds it whole: every
// row once, in order, in row groups of the configured size, on several
// encoders at once. Parts fill row groups exactly (300 rows), or are cut
// across them (20,000-row groups from 16,384-row parts); a file of more
// than one output block is stored whole.
func TestFileInParts(t *testing.T) {
	for _, tc := range []struct{ rows, group, minParts int }{
		{5000, 300, 12},       // each writer's 2,500 rows: about 7 parts of 300-364 rows
		{100_000, 20_000, 4},  // each writer's 50,000 rows: 3 parts of 16,384-16,447
		{160_000, 100_000, 8}, // files of 1.2 MB: stored in more than one output block
	} {
		t.Run(fmt.Sprint(tc.group), func(t *testing.T) {
			testFileInParts(t, tc.rows, tc.group, tc.minParts)
		})
	}
}

func testFileInParts(t *testing.T, rows, group, minParts int) {
	s := newSink(t, Config{
		Writer:       PolicyConfig{Policy: "batch", FlushEvery: 24 * time.Hour, Concurrency: 2},
		RowGroupRows: group, Encoders: 4,
	})
	b := newTestBatch(64)
	for lo := 0; lo < rows; lo += 64 { // small batches: many parts
		b.reset()
		for k := lo; k < min(lo+64, rows); k++ {
			b.add(day0.Add(time.Duration(k)*time.Second/2), int64(k)) // within one day
		}
		if err := s.Write(context.Background(), &b.Batch); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	files := s.Files()
	if len(files) != 2 {
		t.Fatalf("files = %d, want 2 (one per writer)", len(files))
	}
	if s.spills < int64(minParts) {
		t.Errorf("%d parts handed on early, want at least %d", s.spills, minParts)
	}
	var total int64
	for _, f := range files {
		if rows >= 160_000 && f.Size <= outBlockSize {
			t.Errorf("%s: %d bytes, want more than an output block (%d) to store it in blocks", f.Key, f.Size, outBlockSize)
		}
		pf := openWithArrow(t, s, f.Key)
		if want := (f.Rows + int64(group) - 1) / int64(group); int64(pf.NumRowGroups()) != want || pf.NumRows() != f.Rows || f.RowGroups != want {
			t.Errorf("%s: %d rows in %d row groups (catalog %d), want %d in %d", f.Key, pf.NumRows(), pf.NumRowGroups(), f.RowGroups, f.Rows, want)
		}
		tr := tableWithArrow(t, pf)
		last := int64(-1)
		for tr.Next() {
			ids := tr.RecordBatch().Column(0).(*array.String)
			for i := 0; i < ids.Len(); i++ {
				var k int64
				for _, c := range ids.Value(i)[3:] {
					k = k*10 + int64(c-'0')
				}
				if k <= last {
					t.Fatalf("%s: event %d after %d", f.Key, k, last)
				}
				last = k
				total++
			}
		}
	}
	if total != int64(rows) {
		t.Errorf("rows read = %d, want %d", total, rows)
	}
}
