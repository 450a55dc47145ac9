package lake

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prodshape/prodshape/sinks/objstore"
)

// memStore keeps objects in memory: it separates the writer's own cost from
// the filesystem's in the small-file benchmark.
type memStore struct {
	mu   sync.Mutex
	objs map[string][]byte
}

var _ objstore.Store = (*memStore)(nil)

func newMemStore() *memStore { return &memStore{objs: map[string][]byte{}} }

func (m *memStore) Put(_ context.Context, key string, data []byte) error {
	m.mu.Lock()
	m.objs[key] = append([]byte(nil), data...)
	m.mu.Unlock()
	return nil
}

func (m *memStore) Open(_ context.Context, key string) (objstore.ReaderAtCloser, int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	d, ok := m.objs[key]
	if !ok {
		return nil, 0, objstore.ErrNotFound
	}
	return nopCloser{bytes.NewReader(d)}, int64(len(d)), nil
}

func (m *memStore) List(_ context.Context, prefix string, fn func(objstore.Object) error) error {
	m.mu.Lock()
	var keys []string
	for k := range m.objs {
		if strings.HasPrefix(k, prefix) {
			keys = append(keys, k)
		}
	}
	m.mu.Unlock()
	sort.Strings(keys)
	for _, k := range keys {
		if err := fn(objstore.Object{Key: k, Size: int64(len(m.objs[k]))}); err != nil {
			return err
		}
	}
	return nil
}

func (m *memStore) Delete(_ context.Context, keys ...string) error {
	m.mu.Lock()
	for _, k := range keys {
		delete(m.objs, k)
	}
	m.mu.Unlock()
	return nil
}

func (m *memStore) URL() string  { return "mem://" }
func (m *memStore) Close() error { return nil }

type nopCloser struct{ *bytes.Reader }

func (nopCloser) Close() error { return nil }

// BenchmarkSmallFiles writes 500-row files (a micro-batch writer flushing
// every 500 rows) to local disk, to the same store on tmpfs (/dev/shm,
// where it exists) and to memory. Run with -cpu 1 for the one-core figure;
// the gap between disk and memory is the filesystem's cost per file
// (create, write, rename), which BenchmarkCreateRename measures alone.
func BenchmarkSmallFiles(b *testing.B) {
	const rowsPerFile, files = 500, 200
	for _, target := range []string{"local", "tmpfs", "memory"} {
		b.Run(target, func(b *testing.B) {
			if fi, err := os.Stat("/dev/shm"); target == "tmpfs" && (err != nil || !fi.IsDir()) {
				b.Skip("no /dev/shm on this machine")
			}
			for i := 0; i < b.N; i++ {
				var st objstore.Store = newMemStore()
				switch target {
				case "local":
					st = newStore(b)
				case "tmpfs":
					dir, err := os.MkdirTemp("/dev/shm", "prodshape-bench-")
					if err != nil {
						b.Fatal(err)
					}
					b.Cleanup(func() { os.RemoveAll(dir) })
					local, err := objstore.NewLocal(dir, objstore.DeferSync())
					if err != nil {
						b.Fatal(err)
					}
					b.Cleanup(func() { local.Close() })
					st = local
				}
				s := newSink(b, Config{Store: st, PartitionBy: []string{"dt={event_time:2006-01-02}"},
					Writer: PolicyConfig{Policy: "microbatch", MaxRows: rowsPerFile}})
				feed(b, s, day0, rowsPerFile*files, 10*time.Millisecond, 1)
				if err := s.Close(context.Background()); err != nil {
					b.Fatal(err)
				}
				if n := len(s.Files()); n != files {
					b.Fatalf("files = %d, want %d", n, files)
				}
			}
			b.ReportMetric(float64(files*b.N)/b.Elapsed().Seconds(), "files/s")
		})
	}
}

// BenchmarkCreateRename is the filesystem's floor for one small file:
// create a temporary file, write 16 KiB, rename it into place.
func BenchmarkCreateRename(b *testing.B) {
	dir := b.TempDir()
	data := make([]byte, 16<<10)
	for i := 0; i < b.N; i++ {
		tmp := filepath.Join(dir, fmt.Sprintf(".tmp-%d", i))
		if err := os.WriteFile(tmp, data, 0o644); err != nil {
			b.Fatal(err)
		}
		if err := os.Rename(tmp, filepath.Join(dir, fmt.Sprintf("part-%06d.parquet", i))); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "files/s")
}
