package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prodshape/prodshape/analysis"
)

// A graph store that cannot be reached is a runtime failure: exit 3, a
// message naming the store and what to check, and result.json written
// with the failure.
func TestIdentityUnreachableStoreExits3(t *testing.T) {
	out := filepath.Join(t.TempDir(), "run")
	var stdout, stderr strings.Builder
	code := execute(context.Background(), []string{"run", "identity-backfill-postgres", "--out", out, "-q",
		"--set", "scale=0.0002", "--set", "system.graph.dsn=postgres://nobody@127.0.0.1:1/graph?connect_timeout=2"}, &stdout, &stderr)
	if code != exitRuntime {
		t.Fatalf("exit %d, want %d\nstderr: %s", code, exitRuntime, stderr.String())
	}
	if !strings.Contains(stderr.String(), "postgres graph store") {
		t.Errorf("stderr does not name the store: %s", stderr.String())
	}
	r, err := analysis.ReadResult(out)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != analysis.StatusFailed || r.Error == "" {
		t.Fatalf("result status %q error %q", r.Status, r.Error)
	}
}
