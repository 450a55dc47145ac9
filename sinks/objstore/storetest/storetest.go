// Package storetest is the conformance suite every objstore.Store must pass:
// the local folder and S3 (against the embedded server) run the same tests,
// so the lake writer and the analyzer can treat them alike.
package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/prodshape/prodshape/sinks/objstore"
)

// Options tunes the suite to a store.
type Options struct {
	// Many is how many objects the paging test writes; it should exceed the
	// store's page size (S3 pages hold at most 1,000 keys). Default 1,100.
	Many int
}

// Run runs every conformance test against fresh stores made by newStore.
// newStore must return an empty store and register its cleanup with t.
func Run(t *testing.T, newStore func(t *testing.T) objstore.Store, opts Options) {
	if opts.Many == 0 {
		opts.Many = 1100
	}
	tests := []struct {
		name string
		run  func(t *testing.T, s objstore.Store)
	}{
		{"PutOpen", testPutOpen},
		{"PutBlocks", testPutBlocks},
		{"Overwrite", testOverwrite},
		{"Empty", testEmpty},
		{"Missing", testMissing},
		{"ListOrderAndPrefix", testListOrderAndPrefix},
		{"ListStopsOnError", testListStopsOnError},
		{"Delete", testDelete},
		{"Paging", func(t *testing.T, s objstore.Store) { testPaging(t, s, opts.Many) }},
		{"ConcurrentPuts", testConcurrentPuts},
		{"NoTempObjectsVisible", testNoTempObjectsVisible},
		{"BadKeys", testBadKeys},
		{"URL", testURL},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.run(t, newStore(t)) })
	}
}

// payload is deterministic content for key, n bytes long.
func payload(key string, n int) []byte {
	b := make([]byte, n)
	seed := uint32(2166136261)
	for i := 0; i < len(key); i++ {
		seed = (seed ^ uint32(key[i])) * 16777619
	}
	for i := range b {
		seed = seed*1664525 + 1013904223
		b[i] = byte(seed >> 24)
	}
	return b
}

func put(t *testing.T, s objstore.Store, key string, data []byte) {
	t.Helper()
	if err := s.Put(context.Background(), key, data); err != nil {
		t.Fatalf("Put(%q): %v", key, err)
	}
}

// ReadAll opens key and reads it whole through ReadAt.
func ReadAll(t *testing.T, s objstore.Store, key string) []byte {
	t.Helper()
	r, size, err := s.Open(context.Background(), key)
	if err != nil {
		t.Fatalf("Open(%q): %v", key, err)
	}
	defer r.Close()
	buf := make([]byte, size)
	if n, err := r.ReadAt(buf, 0); err != nil && !(errors.Is(err, io.EOF) && int64(n) == size) {
		t.Fatalf("ReadAt(%q): read %d of %d bytes: %v", key, n, size, err)
	}
	return buf
}

// Keys lists prefix and returns the keys in the order List gave them.
func Keys(t *testing.T, s objstore.Store, prefix string) []string {
	t.Helper()
	var keys []string
	err := s.List(context.Background(), prefix, func(o objstore.Object) error {
		keys = append(keys, o.Key)
		return nil
	})
	if err != nil {
		t.Fatalf("List(%q): %v", prefix, err)
	}
	return keys
}

func testPutOpen(t *testing.T, s objstore.Store) {
	data := payload("a", 70000)
	put(t, s, "dt=2026-03-02/hr=00/part-0001.parquet", data)
	if got := ReadAll(t, s, "dt=2026-03-02/hr=00/part-0001.parquet"); !bytes.Equal(got, data) {
		t.Fatalf("read back %d bytes, want the %d written", len(got), len(data))
	}
	// Random access from the end, as a Parquet footer reader does.
	r, size, err := s.Open(context.Background(), "dt=2026-03-02/hr=00/part-0001.parquet")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if size != int64(len(data)) {
		t.Fatalf("size %d, want %d", size, len(data))
	}
	tail := make([]byte, 8)
	if _, err := r.ReadAt(tail, size-8); err != nil && !errors.Is(err, io.EOF) {
		t.Fatalf("ReadAt tail: %v", err)
	}
	if !bytes.Equal(tail, data[len(data)-8:]) {
		t.Fatalf("tail %x, want %x", tail, data[len(data)-8:])
	}
	mid := make([]byte, 100)
	if _, err := r.ReadAt(mid, 1000); err != nil {
		t.Fatalf("ReadAt middle: %v", err)
	}
	if !bytes.Equal(mid, data[1000:1100]) {
		t.Fatal("middle range differs")
	}
}

// testPutBlocks stores an object given in blocks, an empty one among
// them, and reads it back whole: through the store's own PutBlocks where
// it has one, and joined by objstore.PutBlocks for a store without.
func testPutBlocks(t *testing.T, s objstore.Store) {
	data := payload("blocks", 50000)
	blocks := [][]byte{data[:1], data[1:20000], nil, data[20000:49999], data[49999:]}
	for key, via := range map[string]objstore.Store{
		"dt=2026-03-02/part-blocks.parquet": s,
		"dt=2026-03-02/part-joined.parquet": storeOnly{s},
	} {
		if err := objstore.PutBlocks(context.Background(), via, key, blocks); err != nil {
			t.Fatalf("PutBlocks %s: %v", key, err)
		}
		if got := ReadAll(t, s, key); !bytes.Equal(got, data) {
			t.Fatalf("%s: read back %d bytes, not the %d written in blocks", key, len(got), len(data))
		}
	}
}

// storeOnly hides every method of a store but the Store interface's.
type storeOnly struct{ objstore.Store }

func testOverwrite(t *testing.T, s objstore.Store) {
	put(t, s, "k", []byte("first version, longer"))
	put(t, s, "k", []byte("second"))
	if got := string(ReadAll(t, s, "k")); got != "second" {
		t.Fatalf("after overwrite read %q, want %q", got, "second")
	}
	if keys := Keys(t, s, ""); !slices.Equal(keys, []string{"k"}) {
		t.Fatalf("after overwrite listed %q, want [k]", keys)
	}
}

func testEmpty(t *testing.T, s objstore.Store) {
	put(t, s, "empty", nil)
	_, size, err := s.Open(context.Background(), "empty")
	if err != nil || size != 0 {
		t.Fatalf("Open(empty) = size %d, %v; want 0, nil", size, err)
	}
	if keys := Keys(t, s, ""); !slices.Equal(keys, []string{"empty"}) {
		t.Fatalf("listed %q, want [empty]", keys)
	}
}

func testMissing(t *testing.T, s objstore.Store) {
	put(t, s, "present/x", []byte("x"))
	for _, key := range []string{"absent", "present/y", "present"} {
		_, _, err := s.Open(context.Background(), key)
		if !errors.Is(err, objstore.ErrNotFound) {
			t.Errorf("Open(%q) error %v, want ErrNotFound", key, err)
		}
	}
	if keys := Keys(t, s, "nothing/here/"); len(keys) != 0 {
		t.Errorf("List of a missing prefix gave %q", keys)
	}
}

func testListOrderAndPrefix(t *testing.T, s objstore.Store) {
	// Chosen so a naive folder walk differs from key order: '-' < '/' < '0'.
	keys := []string{"a/b", "a-c", "a0", "a/a/z", "b", "ab/c", "a/b2", "dt=1/x", "dt=10/y", "dt=1-/z"}
	for _, k := range keys {
		put(t, s, k, payload(k, len(k)))
	}
	want := slices.Clone(keys)
	sort.Strings(want)
	tests := []struct {
		prefix string
		want   []string
	}{
		{"", want},                               // everything, byte order
		{"a", want[:6]},                          // a-c a/a/z a/b a/b2 a0 ab/c
		{"a/", []string{"a/a/z", "a/b", "a/b2"}}, // folder prefix
		{"a/b", []string{"a/b", "a/b2"}},         // partial file name inside a folder
		{"dt=1", []string{"dt=1-/z", "dt=1/x", "dt=10/y"}},
		{"dt=1/", []string{"dt=1/x"}},
		{"zz", nil},
		{"a/b/", nil}, // "a/b" is an object, not a folder
		{"a-c/", nil},
	}
	for _, tc := range tests {
		if got := Keys(t, s, tc.prefix); !slices.Equal(got, tc.want) {
			t.Errorf("List(%q) = %q, want %q", tc.prefix, got, tc.want)
		}
	}
	// Sizes are reported.
	err := s.List(context.Background(), "ab/", func(o objstore.Object) error {
		if o.Size != int64(len(o.Key)) {
			t.Errorf("%s: size %d, want %d", o.Key, o.Size, len(o.Key))
		}
		if o.Modified.IsZero() {
			t.Errorf("%s: no modification time", o.Key)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func testListStopsOnError(t *testing.T, s objstore.Store) {
	for i := range 5 {
		put(t, s, fmt.Sprintf("k%d", i), []byte("x"))
	}
	stop := errors.New("stop")
	calls := 0
	err := s.List(context.Background(), "", func(objstore.Object) error {
		calls++
		if calls == 2 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || calls != 2 {
		t.Fatalf("List returned %v after %d calls, want the callback's error after 2", err, calls)
	}
}

func testDelete(t *testing.T, s objstore.Store) {
	for _, k := range []string{"p/1", "p/2", "p/3", "q/1"} {
		put(t, s, k, []byte(k))
	}
	if err := s.Delete(context.Background(), "p/1", "p/3", "never/existed"); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if got := Keys(t, s, ""); !slices.Equal(got, []string{"p/2", "q/1"}) {
		t.Fatalf("after delete listed %q, want [p/2 q/1]", got)
	}
	if _, _, err := s.Open(context.Background(), "p/1"); !errors.Is(err, objstore.ErrNotFound) {
		t.Fatalf("Open of a deleted key: %v, want ErrNotFound", err)
	}
	if err := s.Delete(context.Background()); err != nil {
		t.Fatalf("Delete of nothing: %v", err)
	}
}

func testPaging(t *testing.T, s objstore.Store, many int) {
	want := make([]string, many)
	var wg sync.WaitGroup
	errs := make(chan error, many)
	sem := make(chan struct{}, 8)
	for i := range want {
		want[i] = fmt.Sprintf("part/%05d.parquet", i)
		wg.Add(1)
		sem <- struct{}{}
		go func(key string) {
			defer wg.Done()
			defer func() { <-sem }()
			if err := s.Put(context.Background(), key, []byte(key)); err != nil {
				errs <- err
			}
		}(want[i])
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	put(t, s, "other/x", []byte("x")) // must not show up under part/
	got := Keys(t, s, "part/")
	if len(got) != many {
		t.Fatalf("listed %d objects, want %d", len(got), many)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("listing out of order or wrong: first %q, last %q", got[0], got[len(got)-1])
	}
	// Delete in one call, more keys than one S3 DeleteObjects request takes.
	if err := s.Delete(context.Background(), want...); err != nil {
		t.Fatalf("Delete %d keys: %v", many, err)
	}
	if got := Keys(t, s, ""); !slices.Equal(got, []string{"other/x"}) {
		t.Fatalf("after deleting all parts listed %d keys, want only other/x", len(got))
	}
}

func testConcurrentPuts(t *testing.T, s objstore.Store) {
	const writers, each = 8, 10
	var wg sync.WaitGroup
	errs := make(chan error, writers*each*2)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				key := fmt.Sprintf("w%d/%03d", w, i)
				if err := s.Put(context.Background(), key, payload(key, 3000+i)); err != nil {
					errs <- err
				}
				// Every writer also races on one shared key.
				if err := s.Put(context.Background(), "shared", payload(fmt.Sprint(w), 5000)); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	keys := Keys(t, s, "")
	if len(keys) != writers*each+1 {
		t.Fatalf("listed %d keys, want %d", len(keys), writers*each+1)
	}
	for _, k := range keys {
		got := ReadAll(t, s, k)
		if k == "shared" {
			ok := false
			for w := range writers {
				ok = ok || bytes.Equal(got, payload(fmt.Sprint(w), 5000))
			}
			if !ok {
				t.Fatal("shared key holds a mix of writers' data: a torn write")
			}
			continue
		}
		var w, i int
		fmt.Sscanf(k, "w%d/%d", &w, &i)
		if !bytes.Equal(got, payload(k, 3000+i)) {
			t.Fatalf("%s: content differs from what was written", k)
		}
	}
}

func testNoTempObjectsVisible(t *testing.T, s objstore.Store) {
	// Listing while writers are busy must only ever show whole objects.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ctx.Err() == nil && i < 200; i++ {
			key := fmt.Sprintf("busy/%04d", i)
			if err := s.Put(ctx, key, payload(key, 20000)); err != nil && ctx.Err() == nil {
				t.Errorf("Put: %v", err)
				return
			}
		}
	}()
	for range 20 {
		err := s.List(context.Background(), "", func(o objstore.Object) error {
			if !strings.HasPrefix(o.Key, "busy/") || len(o.Key) != len("busy/0000") {
				return fmt.Errorf("listed %q: a temporary or foreign object", o.Key)
			}
			if o.Size != 20000 {
				return fmt.Errorf("listed %q with %d bytes: a partial object", o.Key, o.Size)
			}
			return nil
		})
		if err != nil {
			t.Error(err)
			break
		}
	}
	cancel()
	wg.Wait()
}

func testBadKeys(t *testing.T, s objstore.Store) {
	for _, key := range []string{"", "/abs", "../escape", "a/../../b", "a//b", "dir/"} {
		if err := s.Put(context.Background(), key, []byte("x")); err == nil {
			t.Errorf("Put(%q) succeeded, want an error", key)
		}
	}
	if keys := Keys(t, s, ""); len(keys) != 0 {
		t.Errorf("bad keys left objects: %q", keys)
	}
}

func testURL(t *testing.T, s objstore.Store) {
	u := s.URL()
	if !strings.HasPrefix(u, "file:///") && !strings.HasPrefix(u, "s3://") {
		t.Fatalf("URL() = %q, want file:///... or s3://...", u)
	}
}
