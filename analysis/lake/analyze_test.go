package lake

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/prodshape/prodshape/analysis/metrics"
	"github.com/prodshape/prodshape/sinks/objstore"
)

// writeForeignFile writes rows rows with Apache's Parquet writer (not the
// one prodshape writes with), rowGroup rows per row group.
func writeForeignFile(t testing.TB, rows, rowGroup int) []byte {
	t.Helper()
	sc := arrow.NewSchema([]arrow.Field{
		{Name: "id", Type: arrow.PrimitiveTypes.Int64},
		{Name: "name", Type: arrow.BinaryTypes.String},
	}, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, sc)
	defer b.Release()
	for i := 0; i < rows; i++ {
		b.Field(0).(*array.Int64Builder).Append(int64(i))
		b.Field(1).(*array.StringBuilder).Append(fmt.Sprintf("name-%d", i))
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	var buf bytes.Buffer
	props := parquet.NewWriterProperties(parquet.WithCompression(compress.Codecs.Snappy), parquet.WithMaxRowGroupLength(int64(rowGroup)))
	w, err := pqarrow.NewFileWriter(sc, &buf, props, pqarrow.DefaultWriterProps())
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// A lake another tool wrote: exact file, row and row-group counts, markers
// skipped, partitions counted.
func TestAnalyzeForeignLake(t *testing.T) {
	dir := t.TempDir()
	layout := []struct {
		key            string
		rows, rowGroup int
	}{
		{"dt=2026-03-01/part-0.parquet", 1000, 300}, // 4 row groups
		{"dt=2026-03-01/part-1.parquet", 10, 300},   // 1
		{"dt=2026-03-02/part-0.parquet", 500, 100},  // 5
		{"dt=2026-03-02/part-1.parquet", 250, 100},  // 3
		{"dt=2026-03-02/part-2.parquet", 1, 100},    // 1
	}
	for _, f := range layout {
		p := filepath.Join(dir, filepath.FromSlash(f.key))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, writeForeignFile(t, f.rows, f.rowGroup), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(dir, "dt=2026-03-01", "_SUCCESS"), nil, 0o644)
	st, err := objstore.NewLocal(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	o := Options{Scan: true, TargetFileSize: 1 << 20}
	a, err := Analyze(context.Background(), st, o)
	if err != nil {
		t.Fatal(err)
	}
	m := metrics.NewSet()
	a.Report(m, o)
	want := map[string]float64{
		"lake.files.total":             5,
		"lake.rows.total":              1761,
		"lake.row_groups.total":        14,
		"lake.partitions.total":        2,
		"lake.files_per_partition.max": 3,
		"lake.small_files.share":       1,
		// GET per footer + one per row group, one LIST page per partition.
		"lake.scan.requests": 5 + 14 + 2,
	}
	for name, w := range want {
		if got, _ := m.Get(name); got != w {
			t.Errorf("%s = %v, want %v", name, got, w)
		}
	}
	if a.ScannedRows != 1761 {
		t.Errorf("scanned rows = %d, want 1761", a.ScannedRows)
	}
	if len(a.Skipped) != 1 {
		t.Errorf("skipped = %v, want the _SUCCESS marker", a.Skipped)
	}
	if v, ok := m.Get("lake.scan_seconds"); !ok || v <= 0 {
		t.Errorf("lake.scan_seconds = %v, %v", v, ok)
	}
}

func TestAnalyzeEmpty(t *testing.T) {
	st, err := objstore.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Analyze(context.Background(), st, Options{}); err == nil {
		t.Fatal("an empty lake should be an error")
	}
}

var benchLake struct {
	once sync.Once
	dir  string
}

// BenchmarkAnalyzeFooters lists and reads the footers of 10,000 small files
// (from a warm page cache after the first iteration).
func BenchmarkAnalyzeFooters(b *testing.B) {
	const files = 10000
	benchLake.once.Do(func() {
		dir, err := os.MkdirTemp("", "lake-bench-")
		if err != nil {
			b.Fatal(err)
		}
		data := writeForeignFile(b, 500, 500)
		var wg sync.WaitGroup
		for w := 0; w < 16; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				for i := w; i < files; i += 16 {
					p := filepath.Join(dir, fmt.Sprintf("hr=%02d", i%24), fmt.Sprintf("part-%05d.parquet", i))
					os.MkdirAll(filepath.Dir(p), 0o755)
					os.WriteFile(p, data, 0o644)
				}
			}(w)
		}
		wg.Wait()
		benchLake.dir = dir
	})
	b.Cleanup(func() {})
	st, err := objstore.NewLocal(benchLake.dir)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		a, err := Analyze(context.Background(), st, Options{})
		if err != nil || len(a.Files) != files {
			b.Fatalf("analyze: %v (%d files)", err, len(a.Files))
		}
	}
	b.ReportMetric(float64(files)*float64(b.N)/b.Elapsed().Seconds(), "files/s")
}

func TestMain(m *testing.M) {
	code := m.Run()
	if benchLake.dir != "" {
		os.RemoveAll(benchLake.dir)
	}
	os.Exit(code)
}
