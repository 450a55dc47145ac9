package kv_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/prodshape/prodshape/sinks/graph"
	"github.com/prodshape/prodshape/sinks/graph/graphtest"
	"github.com/prodshape/prodshape/sinks/graph/kv"
)

func open(tb testing.TB, o kv.Options) *kv.Store {
	tb.Helper()
	s, err := kv.Open(filepath.Join(tb.TempDir(), kv.FileName), o)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func TestConformance(t *testing.T) {
	graphtest.Run(t, func(t *testing.T) graph.Store { return open(t, kv.Options{NoSync: true}) })
}

// The processing path keeps cluster sizes that agree with the walk.
func TestClusterSizes(t *testing.T) {
	s := open(t, kv.Options{NoSync: true})
	t.Cleanup(func() { s.Close() })
	links, comp := graphtest.KnownComponents([]int{1, 4, 9, 30, 120}, 5)
	if err := s.Ingest(t.Context(), links); err != nil {
		t.Fatal(err)
	}
	sizes := map[int]int{}
	for _, c := range comp {
		sizes[c]++
	}
	for id, c := range comp {
		got, err := s.ClusterSize(id)
		if err != nil {
			t.Fatal(err)
		}
		if got != sizes[c] {
			t.Fatalf("cluster size of %s = %d, want %d", id, got, sizes[c])
		}
	}
}

func TestReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), kv.FileName)
	s, err := kv.Open(path, kv.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Ingest(t.Context(), []graph.Link{graphtest.L("a", "b")}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = kv.Open(path, kv.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Ingest(t.Context(), []graph.Link{graphtest.L("c", "b")}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Profile(t.Context(), "c")
	if err != nil || len(got) != 3 {
		t.Fatalf("profile after reopen: %v, %v", got, err)
	}
	if n, _ := s.ClusterSize("a"); n != 3 {
		t.Fatalf("cluster size after reopen = %d, want 3", n)
	}
}

func TestParseDSN(t *testing.T) {
	tests := []struct {
		dsn, path string // the DSN and the graph file it names
		noSync    bool
		err       bool
	}{
		{"kv:", kv.FileName, false, false},               // the default file in the run folder
		{"bolt:", kv.FileName, false, false},             // the alias
		{"kv:g/x.kv?nosync=true", "g/x.kv", true, false}, // a file and an option
		{"kv:x.kv?fsync=off", "", false, true},           // an option the store lacks
		{"memory:", "", false, true},                     // another store's scheme
	}
	for _, tt := range tests {
		path, o, err := kv.ParseDSN(tt.dsn)
		if (err != nil) != tt.err || path != tt.path || o.NoSync != tt.noSync {
			t.Errorf("ParseDSN(%q) = %q, %+v, %v", tt.dsn, path, o, err)
		}
	}
}

func TestOpenByDSN(t *testing.T) {
	dir := t.TempDir()
	s, err := graph.Open(t.Context(), "bolt:sub/g.kv", graph.Site{Dir: dir, Fresh: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "sub", "g.kv")); err != nil {
		t.Fatalf("graph file not in the run folder: %v", err)
	}
}
