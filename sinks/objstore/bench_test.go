package objstore_test

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/prodshape/prodshape/sinks/objstore"
)

// smallFile is the size of a 500-row Parquet file of the clickstream
// shape (~40 bytes/row compressed): the common object of a small-file lake.
const smallFile = 20 << 10

func partKey(i int) string {
	return fmt.Sprintf("dt=2026-03-02/hr=%02d/part-%06d.parquet", i%24, i)
}

func reportFiles(b *testing.B, n int) {
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "files/s")
}

// Put of small files to local disk: atomic with an fsync per file, atomic
// with one syncfs per batch (DeferSync), and the naive baseline
// os.WriteFile straight to the final name (a reader or crash can see a torn
// file) to show what atomicity costs.
func BenchmarkPutLocal(b *testing.B) {
	data := make([]byte, smallFile)
	ctx := context.Background()
	b.Run("atomic-fsync", func(b *testing.B) {
		s, _ := objstore.NewLocal(b.TempDir())
		b.SetBytes(smallFile)
		i := 0
		for b.Loop() {
			if err := s.Put(ctx, partKey(i), data); err != nil {
				b.Fatal(err)
			}
			i++
		}
		reportFiles(b, i)
	})
	b.Run("atomic-defersync", func(b *testing.B) {
		s, _ := objstore.NewLocal(b.TempDir(), objstore.DeferSync())
		b.SetBytes(smallFile)
		i := 0
		for b.Loop() {
			if err := s.Put(ctx, partKey(i), data); err != nil {
				b.Fatal(err)
			}
			i++
			if i%1000 == 0 { // a writer syncs once per flush round
				if err := s.Sync(ctx); err != nil {
					b.Fatal(err)
				}
			}
		}
		if err := s.Sync(ctx); err != nil {
			b.Fatal(err)
		}
		reportFiles(b, i)
	})
	b.Run("naive-writefile", func(b *testing.B) {
		root := b.TempDir()
		b.SetBytes(smallFile)
		i := 0
		for b.Loop() {
			path := filepath.Join(root, filepath.FromSlash(partKey(i)))
			if err := os.WriteFile(path, data, 0o644); err != nil {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					b.Fatal(err)
				}
				if err := os.WriteFile(path, data, 0o644); err != nil {
					b.Fatal(err)
				}
			}
			i++
		}
		reportFiles(b, i)
	})
}

// Put of small files to the embedded S3 server over loopback HTTP, one
// writer and eight (as parallel lake writers do).
func BenchmarkPutEmbeddedS3(b *testing.B) {
	data := make([]byte, smallFile)
	ctx := context.Background()
	for _, mode := range []struct {
		name   string
		dir    string
		noSync bool
	}{{"memory", "", false}, {"disk", "x", false}, {"disk-nosync", "x", true}} {
		for _, writers := range []int{1, 8} {
			b.Run(fmt.Sprintf("%s/writers=%d", mode.name, writers), func(b *testing.B) {
				dir := mode.dir
				if dir != "" {
					dir = b.TempDir()
				}
				e, err := objstore.StartEmbedded(ctx, objstore.EmbeddedConfig{Dir: dir, Buckets: []string{"lake"}, NoSync: mode.noSync})
				if err != nil {
					b.Fatal(err)
				}
				defer e.Close()
				s, err := objstore.NewS3(ctx, objstore.S3Config{Bucket: "lake", Endpoint: e.Endpoint(), PathStyle: true})
				if err != nil {
					b.Fatal(err)
				}
				b.SetBytes(smallFile)
				b.SetParallelism(writers)
				var next atomicCounter
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						if err := s.Put(ctx, partKey(next.add()), data); err != nil {
							b.Error(err)
							return
						}
					}
				})
				reportFiles(b, b.N)
			})
		}
	}
}

// List over 10,000 objects in 24 partition folders; the baseline walks the
// tree with filepath.WalkDir and sorts the keys afterwards.
func BenchmarkListLocal(b *testing.B) {
	const n = 10000
	ctx := context.Background()
	s, err := objstore.NewLocal(b.TempDir(), objstore.DeferSync())
	if err != nil {
		b.Fatal(err)
	}
	for i := range n {
		if err := s.Put(ctx, partKey(i), []byte("x")); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("store", func(b *testing.B) {
		for b.Loop() {
			count := 0
			if err := s.List(ctx, "", func(objstore.Object) error { count++; return nil }); err != nil {
				b.Fatal(err)
			}
			if count != n {
				b.Fatalf("listed %d", count)
			}
		}
		b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "objects/s")
	})
	b.Run("naive-walkdir-sort", func(b *testing.B) {
		for b.Loop() {
			var keys []string
			var sizes []int64
			err := filepath.WalkDir(s.Root(), func(path string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				info, err := d.Info()
				if err != nil {
					return err
				}
				rel, _ := filepath.Rel(s.Root(), path)
				keys = append(keys, filepath.ToSlash(rel))
				sizes = append(sizes, info.Size())
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
			sort.Strings(keys)
			if len(keys) != n {
				b.Fatalf("walked %d", len(keys))
			}
		}
		b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "objects/s")
	})
}
