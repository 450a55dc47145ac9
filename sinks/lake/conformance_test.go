package lake

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/prodshape/prodshape/generators"
	"github.com/prodshape/prodshape/sinks"
	"github.com/prodshape/prodshape/sinks/objstore"
	"github.com/prodshape/prodshape/sinks/sinktest"
)

// The lake on a local folder, read back file by file from the folder with
// Apache's Parquet reader: micro-batches of five seconds over three
// partitions, with and without compaction.
func TestConformance(t *testing.T) {
	counts := map[string]sinktest.Measure{
		"lake.rows.total":  sinktest.Records,
		"lake.files.total": sinktest.Files,
		"lake.bytes.total": sinktest.Bytes,
	}
	micro := Config{PartitionBy: []string{"type={event_type}"}, RowGroupRows: 1000,
		Writer: PolicyConfig{Policy: "microbatch", FlushEvery: 5 * time.Second, Concurrency: 2}}
	compacted := micro
	compacted.Compaction = Compaction{Every: 10 * time.Second, TargetSize: 8 << 20}
	for _, tc := range []struct {
		name   string
		cfg    Config
		counts map[string]sinktest.Measure
	}{
		// No compaction: every file written is in the lake.
		{"microbatch", micro, with(counts, "lake.files.written", sinktest.Files)},
		// Compaction rewrites and deletes: the lake is what is left.
		{"compacted", compacted, counts},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sinktest.Run(t, sinktest.Harness{
				Open: func(t *testing.T, schema *generators.Schema) (sinks.Sink, sinktest.Reader) {
					root := t.TempDir()
					cfg := tc.cfg
					cfg.Schema, cfg.Store = schema, localStore(t, root)
					return mustNew(t, cfg), func(t *testing.T) sinktest.Landed { return readLake(t, root) }
				},
				Broken: func(t *testing.T, schema *generators.Schema) (sinks.Sink, error) {
					cfg := tc.cfg
					cfg.Schema, cfg.Store = schema, fullStore{localStore(t, t.TempDir())}
					return New(cfg)
				},
				Counts: tc.counts,
			})
		})
	}
}

func with(m map[string]sinktest.Measure, name string, measure sinktest.Measure) map[string]sinktest.Measure {
	out := map[string]sinktest.Measure{name: measure}
	for k, v := range m {
		out[k] = v
	}
	return out
}

func localStore(t *testing.T, root string) objstore.Store {
	t.Helper()
	st, err := objstore.NewLocal(root)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func mustNew(t *testing.T, cfg Config) *Sink {
	t.Helper()
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// fullStore fails every write as a full disk does.
type fullStore struct{ objstore.Store }

func (fullStore) Put(_ context.Context, key string, _ []byte) error {
	return fmt.Errorf("put %s: %w", key, syscall.ENOSPC)
}

// readLake walks the folder, not the store: every .parquet file is read
// whole with arrow-go, each row rendered as its columns' values; any other
// file (a temporary one, say) is stray.
func readLake(t *testing.T, root string) sinktest.Landed {
	t.Helper()
	l := sinktest.Landed{Values: []string{}}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !strings.HasSuffix(path, ".parquet") || strings.HasPrefix(d.Name(), ".") {
			l.Stray = append(l.Stray, path)
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		l.Files++
		l.Bytes += int64(len(data))
		l.Values = append(l.Values, parquetRows(t, path, data)...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	l.Records = int64(len(l.Values))
	return l
}

func parquetRows(t *testing.T, path string, data []byte) []string {
	t.Helper()
	pf, err := file.NewParquetReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: arrow-go cannot open: %v", path, err)
	}
	defer pf.Close()
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: 1024}, memory.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	tbl, err := fr.ReadTable(context.Background())
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	defer tbl.Release()
	tr := array.NewTableReader(tbl, 1024)
	defer tr.Release()
	var rows []string
	var sb strings.Builder
	for tr.Next() {
		rec := tr.RecordBatch()
		for i := range int(rec.NumRows()) {
			sb.Reset()
			for c := range int(rec.NumCols()) {
				if c > 0 {
					sb.WriteByte('\t')
				}
				sb.WriteString(rec.Column(c).ValueStr(i))
			}
			rows = append(rows, sb.String())
		}
	}
	if int64(len(rows)) != pf.NumRows() {
		t.Errorf("%s: read %d rows, the footer says %d", path, len(rows), pf.NumRows())
	}
	return rows
}
