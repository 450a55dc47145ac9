package graph

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// An edge list another system wrote with Apache's Parquet writer: nullable
// columns, a kind and a timestamp, several row groups, a null dst for an
// identifier with no link.
func TestAnalyzeForeignParquet(t *testing.T) {
	sc := arrow.NewSchema([]arrow.Field{
		{Name: "src", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "dst", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "kind", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "time", Type: &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}, Nullable: true},
	}, nil)
	edges, comp := knownGraph([]int{1, 4, 30, 700}, 3, 9)
	b := array.NewRecordBuilder(memory.DefaultAllocator, sc)
	defer b.Release()
	for i, e := range edges {
		b.Field(0).(*array.StringBuilder).Append(e[0])
		if e[1] == "" {
			b.Field(1).(*array.StringBuilder).AppendNull()
		} else {
			b.Field(1).(*array.StringBuilder).Append(e[1])
		}
		b.Field(2).(*array.StringBuilder).Append("email")
		b.Field(3).(*array.TimestampBuilder).Append(arrow.Timestamp(time.Date(2021, 1, 1, 0, 0, i, 0, time.UTC).UnixMicro()))
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	path := filepath.Join(t.TempDir(), "foreign.parquet")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	props := parquet.NewWriterProperties(parquet.WithCompression(compress.Codecs.Snappy), parquet.WithMaxRowGroupLength(200))
	w, err := pqarrow.NewFileWriter(sc, f, props, pqarrow.DefaultWriterProps())
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	a, err := AnalyzeFile(path, 1)
	if err != nil {
		t.Fatal(err)
	}
	if a.Nodes != len(comp) || a.Components != 4 || a.Largest != 700 {
		t.Fatalf("%d nodes, %d components, largest %d; built %d, 4, 700", a.Nodes, a.Components, a.Largest, len(comp))
	}
	if a.Top[0].Kind != "email" {
		t.Fatalf("kind %q not read", a.Top[0].Kind)
	}
}
