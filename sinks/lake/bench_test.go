package lake

import (
	"bytes"
	"context"
	"maps"
	"os"
	"slices"
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
// where it exists) and to memory. Run with -cpu 1 for the one-core figure.
//
// local-bare is the filesystem's floor beside them: the same store puts
// objects of the same keys and sizes, with no Parquet to make. The gap
// between local and local-bare is prodshape's cost per file; local-bare
// itself is the kernel's. On ext4 without a journal that floor moves
// sevenfold from minute to minute (670 to 4,700 files/s on one machine in
// one day): creating a file scans past every inode freed in the last half
// minute (ext4's recently_deleted check), so a disk where other work
// deletes many files creates new ones at under 1,000/s however little the
// writer spends.
func BenchmarkSmallFiles(b *testing.B) {
	const rowsPerFile, files = 500, 200
	cfg := func(st objstore.Store) Config {
		return Config{Store: st, PartitionBy: []string{"dt={event_time:2006-01-02}"},
			Writer: PolicyConfig{Policy: "microbatch", MaxRows: rowsPerFile}}
	}
	write := func(b *testing.B, st objstore.Store) {
		s := newSink(b, cfg(st))
		feed(b, s, day0, rowsPerFile*files, 10*time.Millisecond, 1)
		if err := s.Close(context.Background()); err != nil {
			b.Fatal(err)
		}
		if n := len(s.Files()); n != files {
			b.Fatalf("files = %d, want %d", n, files)
		}
	}
	for _, target := range []string{"local", "local-bare", "tmpfs", "memory"} {
		b.Run(target, func(b *testing.B) {
			if fi, err := os.Stat("/dev/shm"); target == "tmpfs" && (err != nil || !fi.IsDir()) {
				b.Skip("no /dev/shm on this machine")
			}
			// local-bare's: one run's objects, and their keys in order.
			var mem *memStore
			var keys []string
			if target == "local-bare" {
				mem = newMemStore()
				write(b, mem)
				keys = slices.Sorted(maps.Keys(mem.objs))
				b.ResetTimer()
			}
			for i := 0; i < b.N; i++ {
				switch target {
				case "local":
					write(b, newStore(b))
				case "local-bare":
					st := newStore(b)
					for _, k := range keys {
						if err := st.Put(context.Background(), k, mem.objs[k]); err != nil {
							b.Fatal(err)
						}
					}
					if err := st.Close(); err != nil {
						b.Fatal(err)
					}
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
					write(b, local)
				case "memory":
					write(b, newMemStore())
				}
			}
			b.ReportMetric(float64(files*b.N)/b.Elapsed().Seconds(), "files/s")
		})
	}
}
