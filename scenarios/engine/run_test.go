package engine

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/prodshape/prodshape/generators"
	"github.com/prodshape/prodshape/scenarios"
)

// parseSmall reads the shared ten-minute clickstream scenario with --set
// overrides.
func parseSmall(t *testing.T, sets ...string) *scenarios.Scenario {
	t.Helper()
	src, err := os.ReadFile("../../testdata/scenarios/small.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s, err := scenarios.Parse("small.yaml", src, scenarios.Options{Sets: sets})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestRunDeterministic: same seed, same bytes; another seed, other bytes.
func TestRunDeterministic(t *testing.T) {
	run := func(seed string) []byte {
		dir := t.TempDir()
		s := parseSmall(t, "seed="+seed)
		res, err := runScenario(context.Background(), s, runOptions{OutDir: dir, Stdout: io.Discard})
		if err != nil {
			t.Fatal(err)
		}
		if res.Verdict != "persevere" || res.Metrics["records.total"] < 1000 {
			t.Fatalf("verdict %s, %v records", res.Verdict, res.Metrics["records.total"])
		}
		b, err := os.ReadFile(filepath.Join(dir, "clicks.jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	a, b, c := run("9"), run("9"), run("10")
	if !bytes.Equal(a, b) {
		t.Error("same seed produced different bytes")
	}
	if bytes.Equal(a, c) {
		t.Error("different seeds produced the same bytes")
	}
}

// TestRunShardsUnion: four shards together hold exactly the unsharded lines.
func TestRunShardsUnion(t *testing.T) {
	lines := func(shard, shards int) []string {
		dir := t.TempDir()
		if _, err := runScenario(context.Background(), parseSmall(t), runOptions{OutDir: dir, Shard: shard, Shards: shards, Stdout: io.Discard}); err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(filepath.Join(dir, "clicks.jsonl"))
		return strings.Split(strings.TrimSpace(string(b)), "\n")
	}
	whole := map[string]bool{}
	for _, l := range lines(0, 1) {
		whole[l] = true
	}
	n := 0
	for i := 0; i < 4; i++ {
		for _, l := range lines(i, 4) {
			if !whole[l] {
				t.Fatalf("shard %d has a line the unsharded run lacks: %s", i, l)
			}
			n++
		}
	}
	if n != len(whole) {
		t.Errorf("shards hold %d lines, unsharded %d", n, len(whole))
	}
}

// TestRunFailsCleanly: a sink target that cannot be written fails the run
// with ErrTarget-wrapped error, a failed result, and no torn file.
func TestRunFailsCleanly(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "blocked")
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	s := parseSmall(t, "sinks[0].jsonl=blocked/x.jsonl")
	res, err := runScenario(context.Background(), s, runOptions{OutDir: dir, Stdout: io.Discard})
	if err == nil {
		t.Fatal("run into an unwritable path succeeded")
	}
	if res == nil || res.Status != "failed" {
		t.Fatalf("result %+v", res)
	}
}

func TestRunInterrupted(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s := parseSmall(t)
	res, err := runScenario(ctx, s, runOptions{OutDir: dir, Stdout: io.Discard})
	if !errors.Is(err, context.Canceled) || res.Status != "interrupted" {
		t.Fatalf("err %v status %s", err, res.Status)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "*.jsonl*")); len(m) != 0 {
		t.Errorf("interrupted run left files: %v", m)
	}
}

func TestBatchBytes(t *testing.T) {
	b := &generators.Batch{Arrival: make([]int64, 3), Columns: []generators.Column{
		{Field: generators.Field{Type: generators.String}, Strings: []string{"ab", "", "cde"}},
		{Field: generators.Field{Type: generators.String, Nullable: true}, Strings: []string{"xyz", "ignored", "q"}, Null: []bool{false, true, false}},
		{Field: generators.Field{Type: generators.Int64}, Ints: []int64{1, 2, 3}},
		{Field: generators.Field{Type: generators.Float64, Nullable: true}, Floats: []float64{1, 2, 3}, Null: []bool{true, true, false}},
		{Field: generators.Field{Type: generators.Bool, Nullable: true}, Bools: []bool{true, false, true}, Null: []bool{false, true, false}},
	}}
	// 5 + 4 bytes of text, 3 + 1 numbers, 2 bools.
	if got, want := generators.ValueBytes(b), int64(5+4+8*3+8+2); got != want {
		t.Errorf("ValueBytes = %d, want %d", got, want)
	}
	// PLAIN: each set string pays 4 more; the null bool still counts.
	want := []int64{2 + 4 + 3 + 4 + 8 + 1, 0 + 4 + 8 + 1, 3 + 4 + 1 + 4 + 8 + 8 + 1}
	if got := generators.PlainSizes(b, nil); !slices.Equal(got, want) {
		t.Errorf("PlainSizes = %v, want %v", got, want)
	}
}
