package objstore_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prodshape/prodshape/sinks"
	"github.com/prodshape/prodshape/sinks/objstore"
	"github.com/prodshape/prodshape/sinks/objstore/storetest"
)

func newLocal(t *testing.T, opts ...objstore.LocalOption) *objstore.Local {
	t.Helper()
	s, err := objstore.NewLocal(t.TempDir(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

func TestLocalConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) objstore.Store { return newLocal(t) }, storetest.Options{})
}

func TestLocalDeferSyncConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) objstore.Store { return newLocal(t, objstore.DeferSync()) }, storetest.Options{Many: 300})
}

func TestLocalURL(t *testing.T) {
	s := newLocal(t)
	want := "file://" + filepath.ToSlash(s.Root())
	if s.URL() != want {
		t.Fatalf("URL() = %q, want %q", s.URL(), want)
	}
}

// A Put that fails leaves neither the object nor a temp file behind, and its
// error wraps sinks.ErrTarget.
func TestLocalFailedPutLeavesNothing(t *testing.T) {
	// A file where a folder is needed fails even for root, who ignores
	// folder permissions.
	s := newLocal(t)
	ctx := context.Background()
	if err := s.Put(ctx, "blocker", []byte("a file")); err != nil {
		t.Fatal(err)
	}
	err := s.Put(ctx, "blocker/child", []byte("x"))
	if !errors.Is(err, sinks.ErrTarget) {
		t.Fatalf("Put under a file: %v, want an error wrapping sinks.ErrTarget", err)
	}
	if !strings.Contains(err.Error(), "blocker/child") {
		t.Errorf("error %q does not name the key", err)
	}
	assertNoTemp(t, s.Root())
}

// Put into a read-only folder fails after creating nothing.
func TestLocalPutReadOnly(t *testing.T) {
	if os.Getuid() == 0 {
		t.Skip("root writes into read-only folders; covered by TestLocalFailedPutLeavesNothing")
	}
	s := newLocal(t)
	dir := filepath.Join(s.Root(), "ro")
	if err := os.Mkdir(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	if err := s.Put(context.Background(), "ro/x", []byte("x")); !errors.Is(err, sinks.ErrTarget) {
		t.Fatalf("Put into read-only folder: %v, want sinks.ErrTarget", err)
	}
	assertNoTemp(t, s.Root())
}

func TestLocalCanceled(t *testing.T) {
	s := newLocal(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Put(ctx, "x", []byte("x")); !errors.Is(err, context.Canceled) {
		t.Fatalf("Put with canceled context: %v", err)
	}
}

// Stray temp files (from a process killed mid-Put) never show in List.
func TestLocalListSkipsStrayTemp(t *testing.T) {
	s := newLocal(t)
	if err := s.Put(context.Background(), "d/real", []byte("x")); err != nil {
		t.Fatal(err)
	}
	stray := filepath.Join(s.Root(), "d", ".real.prodshape-tmp-123")
	if err := os.WriteFile(stray, []byte("half"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := storetest.Keys(t, s, ""); len(got) != 1 || got[0] != "d/real" {
		t.Fatalf("listed %q, want [d/real]", got)
	}
}

func TestLocalDeferSyncSync(t *testing.T) {
	s := newLocal(t, objstore.DeferSync())
	ctx := context.Background()
	for _, k := range []string{"a/1", "a/2", "b/1"} {
		if err := s.Put(ctx, k, []byte(k)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Delete(ctx, "a/2"); err != nil {
		t.Fatal(err)
	}
	if err := s.Sync(ctx); err != nil {
		t.Fatalf("Sync: %v", err)
	}
	if err := s.Sync(ctx); err != nil {
		t.Fatalf("second Sync: %v", err)
	}
}

func assertNoTemp(t *testing.T, root string) {
	t.Helper()
	filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err == nil && strings.Contains(d.Name(), ".prodshape-tmp-") {
			t.Errorf("temp file left behind: %s", path)
		}
		return nil
	})
}
