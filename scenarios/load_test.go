package scenarios

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prodshape/prodshape/generators"
)

const small = `name: small
seed: 9
scale: 1
clock: {start: 2026-03-02T00:00:00Z, duration: 10m}
entities:
  users: {count: 5000, activity: {zipf: 1.2}}
streams:
  - name: clicks
    rate: {base: 20/s, shape: diurnal}
    fields:
      id: uuid
      at: event_time
      user: {ref: users}
      kind: {enum: {view: 9, buy: 1}}
      price: {when: {kind: buy}, lognormal: {median: 30, sigma: 0.5}, decimals: 2}
      country: {faker: country_abr, skew: {zipf: 1.3}}
sinks:
  - jsonl: clicks.jsonl
goals:
  records.total: ">= 1000"
`

func parse(t *testing.T, src string, sets ...string) *Scenario {
	t.Helper()
	s, err := Parse("small.yaml", []byte(src), Options{Sets: sets})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestDefaults(t *testing.T) {
	s := parse(t, "name: d\nstreams: [{name: s, rate: 5/s, fields: {id: uuid}}]\n")
	if s.Scale != 1 || s.Clock.Mode != "virtual" || time.Duration(s.Clock.Duration) != DefaultDuration || !s.Clock.Start.Equal(DefaultStart) {
		t.Errorf("defaults: scale %g mode %s duration %v start %v", s.Scale, s.Clock.Mode, time.Duration(s.Clock.Duration), s.Clock.Start)
	}
	if s.Streams[0].Rate.Shape != "constant" {
		t.Errorf("default shape %q", s.Streams[0].Rate.Shape)
	}
}

func TestSetOverrides(t *testing.T) {
	tests := []struct {
		set   string
		check func(s *Scenario) bool
	}{
		{"streams[0].rate.base=500/s", func(s *Scenario) bool { return s.Streams[0].Rate.Base == 500 }},
		{"clock.duration=2h", func(s *Scenario) bool { return time.Duration(s.Clock.Duration) == 2*time.Hour }},
		{"seed=7", func(s *Scenario) bool { return s.Seed == 7 }},
		{"goals.records.total=>= 5", func(s *Scenario) bool { return s.Goals[0].Expr == ">= 5" }},                             // dotted key, existing
		{"goals.run.seconds=< 1m", func(s *Scenario) bool { return len(s.Goals) == 2 && s.Goals[1].Metric == "run.seconds" }}, // dotted key, new
		{"sinks[0].jsonl=other.jsonl", func(s *Scenario) bool { return s.Sinks[0].JSONL.Path == "other.jsonl" }},
		{"sinks[1]={discard: true}", func(s *Scenario) bool { return len(s.Sinks) == 2 && s.Sinks[1].Discard != nil }}, // append a list entry
		{"streams[0].fields.kind.enum.view=1", func(s *Scenario) bool {
			return s.Streams[0].Fields[3].Spec.options["enum"].(*enumField).Enum[0].Weight == 1
		}},
	}
	for _, tt := range tests {
		s := parse(t, small, tt.set)
		if !tt.check(s) {
			t.Errorf("--set %s did not take effect", tt.set)
		}
	}
}

func TestSetErrorsPointAtTheFlag(t *testing.T) {
	_, err := Parse("small.yaml", []byte(small), Options{Sets: []string{"streams[0].rate.base=fast", "streams[3].name=x", "nosuchkey=1"}})
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("want an ErrorList, got %v", err)
	}
	want := []string{
		"--set streams[0].rate.base=fast: streams[0].rate.base: want a rate like",
		"--set streams[3].name=x: streams has 1 entries; index 3 is out of range",
		`--set nosuchkey=1: nosuchkey: unknown key "nosuchkey"`,
	}
	got := err.Error()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("missing %q in:\n%s", w, got)
		}
	}
}

func TestEnvExpansion(t *testing.T) {
	env := map[string]string{"RATE": "42/s"}
	src := strings.Replace(small, "base: 20/s", `base: "${RATE}"`, 1) // flow mappings need quotes around ${}
	src = strings.Replace(src, "clicks.jsonl", "${OUT:-fallback}.jsonl", 1)
	s, err := Parse("e.yaml", []byte(src), Options{LookupEnv: func(k string) (string, bool) { v, ok := env[k]; return v, ok }})
	if err != nil {
		t.Fatal(err)
	}
	if s.Streams[0].Rate.Base != 42 || s.Sinks[0].JSONL.Path != "fallback.jsonl" {
		t.Errorf("rate %g path %s", float64(s.Streams[0].Rate.Base), s.Sinks[0].JSONL.Path)
	}
}

// TestRunDeterministic: same seed, same bytes; another seed, other bytes.
func TestRunDeterministic(t *testing.T) {
	run := func(seed string) []byte {
		dir := t.TempDir()
		s := parse(t, small, "seed="+seed)
		res, err := Run(context.Background(), s, RunOptions{OutDir: dir, Stdout: io.Discard})
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
		if _, err := Run(context.Background(), parse(t, small), RunOptions{OutDir: dir, Shard: shard, Shards: shards, Stdout: io.Discard}); err != nil {
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
	s := parse(t, small, "sinks[0].jsonl=blocked/x.jsonl")
	res, err := Run(context.Background(), s, RunOptions{OutDir: dir, Stdout: io.Discard})
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
	s := parse(t, small)
	res, err := Run(ctx, s, RunOptions{OutDir: dir, Stdout: io.Discard})
	if !errors.Is(err, context.Canceled) || res.Status != "interrupted" {
		t.Fatalf("err %v status %s", err, res.Status)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "*.jsonl*")); len(m) != 0 {
		t.Errorf("interrupted run left files: %v", m)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(small))
	files, _ := filepath.Glob("../testdata/scenarios/invalid/*.yaml")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse("fuzz.yaml", data, Options{LookupEnv: func(string) (string, bool) { return "", false }})
		if err != nil {
			var list ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error is not a non-empty ErrorList: %v", err)
			}
			return
		}
		if s.Name == "" || !(s.Scale > 0) {
			t.Fatalf("accepted invalid scenario: %+v", s)
		}
	})
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
	if got, want := batchBytes(b), int64(5+4+8*3+8+2); got != want {
		t.Errorf("batchBytes = %d, want %d", got, want)
	}
}
