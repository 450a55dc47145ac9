// Package laketest holds what the lake's benchmarks and the scenarios'
// share: the bare writer the lake sink is measured against.
package laketest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/parquet-go/parquet-go"
)

// WriteBare writes rows to one snappy Parquet file in dir with parquet-go's
// GenericWriter for T, 4,096 rows a call, with the library's defaults: the
// baseline beside which the lake writer's benchmarks run.
func WriteBare[T any](tb testing.TB, dir string, rows []T) {
	tb.Helper()
	f, err := os.Create(filepath.Join(dir, "bare.parquet"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	w := parquet.NewGenericWriter[T](f, parquet.Compression(&parquet.Snappy))
	for lo := 0; lo < len(rows); lo += 4096 {
		if _, err := w.Write(rows[lo:min(lo+4096, len(rows))]); err != nil {
			tb.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
}
