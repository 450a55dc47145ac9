package backfill

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/parquet-go/parquet-go"

	"github.com/prodshape/prodshape/sinks/graph"
)

// EdgeRow is one row of edges.parquet: a link written to the store.
type EdgeRow struct {
	Src     string `parquet:"src,dict"`
	Dst     string `parquet:"dst,dict"`
	SrcKind string `parquet:"src_kind,dict"`
	DstKind string `parquet:"dst_kind,dict"`
	Time    int64  `parquet:"time,timestamp(microsecond)"`
}

// edgeWriter writes edges to a temporary file renamed into place on
// commit, so a crash never leaves a torn edges.parquet.
type edgeWriter struct {
	path string
	f    *os.File
	w    *parquet.GenericWriter[EdgeRow]
	buf  []EdgeRow
}

func newEdgeWriter(path string) (*edgeWriter, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("edge export: %w", err)
	}
	w := parquet.NewGenericWriter[EdgeRow](f, parquet.Compression(&parquet.Zstd), parquet.MaxRowsPerRowGroup(1<<20))
	return &edgeWriter{path: path, f: f, w: w}, nil
}

func (e *edgeWriter) add(l *graph.Link) error {
	e.buf = append(e.buf, EdgeRow{Src: l.Src, Dst: l.Dst, SrcKind: l.SrcKind.String(), DstKind: l.DstKind.String(), Time: l.Time / 1000})
	if len(e.buf) < 8192 {
		return nil
	}
	return e.flush()
}

func (e *edgeWriter) flush() error {
	if _, err := e.w.Write(e.buf); err != nil {
		return fmt.Errorf("edge export: %w", err)
	}
	e.buf = e.buf[:0]
	return nil
}

func (e *edgeWriter) commit() error {
	err := e.flush()
	if err == nil {
		err = e.w.Close()
	}
	if err == nil {
		err = e.f.Chmod(0o644) // CreateTemp makes it private; the export is for other tools
	}
	if err == nil {
		err = e.f.Sync()
	}
	if cerr := e.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(e.f.Name(), e.path)
	}
	if err != nil {
		os.Remove(e.f.Name())
		return fmt.Errorf("edge export %s: %w", e.path, err)
	}
	return nil
}
