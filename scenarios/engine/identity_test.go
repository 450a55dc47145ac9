package engine

import (
	"context"
	"errors"
	"github.com/prodshape/prodshape/scenarios"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prodshape/prodshape/analysis"
	"github.com/prodshape/prodshape/analysis/metrics"
	"github.com/prodshape/prodshape/sinks"
	"github.com/prodshape/prodshape/sinks/graph/postgres"
	"github.com/prodshape/prodshape/sinks/graph/postgres/pgtest"
)

// identityRun runs a built-in identity scenario at a small scale.
func identityRun(t *testing.T, name string, opts runOptions, sets ...string) (*analysis.Result, error) {
	t.Helper()
	sets = append([]string{"scale=0.0004", "population.junk[0].attach=5%", "system.graph.lookups.per_checkpoint=20",
		"system.graph.lookups.targeted=10"}, sets...)
	s, err := scenarios.Load(name, scenarios.Options{Sets: sets})
	if err != nil {
		t.Fatal(err)
	}
	if opts.OutDir == "" {
		opts.OutDir = t.TempDir()
	}
	opts.Stdout = new(strings.Builder)
	return runScenario(context.Background(), s, opts)
}

func series(t *testing.T, r *analysis.Result, chart, name string) []metrics.Point {
	t.Helper()
	for _, s := range r.Series {
		if s.Chart == chart && s.Name == name {
			return s.Points
		}
	}
	t.Fatalf("no series %s/%s in the result", chart, name)
	return nil
}

func TestIdentityBackfillGrowsWithoutGuardrails(t *testing.T) {
	r, err := identityRun(t, "identity-backfill-kv", runOptions{})
	if err != nil {
		t.Fatal(err)
	}
	largest := series(t, r, "graph.largest_vs_progress", "graph.largest_component")
	if len(largest) != 10 {
		t.Fatalf("%d checkpoints, want 10", len(largest))
	}
	for i := 1; i < len(largest); i++ {
		if largest[i].Y < largest[i-1].Y {
			t.Fatalf("largest component shrank at %v%%: %v after %v", largest[i].X, largest[i].Y, largest[i-1].Y)
		}
	}
	if first, last := largest[0].Y, largest[9].Y; last < 500 || last < 4*first {
		t.Fatalf("largest component went from %v to %v: want hundreds, grown severalfold", first, last)
	}
	// Latency follows cluster size: the profiles timed reach the largest
	// cluster (the curve itself is wall-clock and is not asserted).
	bySize := series(t, r, "graph.latency_vs_component_size", "profile evaluations")
	if got := bySize[len(bySize)-1].X; got != largest[9].Y {
		t.Fatalf("largest profiled cluster %v, largest component %v", got, largest[9].Y)
	}
	if r.Passed() {
		t.Fatal("the unguarded backfill met the cluster cap goal")
	}
	for _, g := range r.Goals {
		if g.Metric == "graph.largest_component" && g.Pass {
			t.Fatalf("goal %s met", g.Describe())
		}
	}
}

func TestIdentityGuardrailsKeepClustersBounded(t *testing.T) {
	r, err := identityRun(t, "identity-backfill-guardrails", runOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range series(t, r, "graph.largest_vs_progress", "graph.largest_component") {
		if p.Y > 200 {
			t.Fatalf("largest component %v at %v%% above the cap of 200", p.Y, p.X)
		}
	}
	if r.Metrics["graph.guardrails.blocked"] == 0 {
		t.Fatal("the blocklist rejected nothing")
	}
	if !r.Passed() {
		for _, g := range r.Goals {
			t.Log(g.Describe())
		}
		t.Fatal("the guarded backfill missed a goal")
	}
}

func TestIdentityDeterministicGraph(t *testing.T) {
	run := func() map[string]float64 {
		r, err := identityRun(t, "identity-backfill-guardrails", runOptions{}, "system.graph.store=memory", "system.graph.export_edges=false")
		if err != nil {
			t.Fatal(err)
		}
		return r.Metrics
	}
	a, b := run(), run()
	// The DSN names the same store as the store: shorthand.
	byDSN, err := identityRun(t, "identity-backfill-guardrails", runOptions{}, "system.graph.store=", "system.graph.dsn=memory:", "system.graph.export_edges=false")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"graph.nodes", "graph.edges", "graph.components", "graph.largest_component", "graph.guardrails.rejected", "graph.profiles"} {
		if a[m] != byDSN.Metrics[m] {
			t.Errorf("%s: %v with store: memory, %v with dsn: memory:", m, a[m], byDSN.Metrics[m])
		}
	}
	for _, m := range []string{"graph.nodes", "graph.edges", "graph.components", "graph.largest_component", "graph.guardrails.rejected"} {
		if a[m] != b[m] {
			t.Errorf("%s: %v then %v with the same seed", m, a[m], b[m])
		}
	}
}

// A PostgreSQL server that stops mid-run fails the run with ErrTarget (exit
// 3), and the result so far is written with the failure explained.
func TestIdentityStoreStopsMidRun(t *testing.T) {
	srv := pgtest.Start(t)
	out := t.TempDir()
	stopped := false
	opts := runOptions{OutDir: out, ProgressEvery: time.Millisecond, Progress: func(p Progress) {
		if p.Done > 0.4 && !stopped {
			stopped = true
			srv.Stop()
		}
	}}
	r, err := identityRun(t, "identity-backfill-postgres", opts,
		"system.graph.dsn="+pgtest.NewDatabase(t, srv), "system.graph.timeout=5s", "system.graph.batch=200")
	if !errors.Is(err, sinks.ErrTarget) {
		t.Fatalf("got %v, want an error wrapping sinks.ErrTarget", err)
	}
	if r.Status != analysis.StatusFailed || !strings.Contains(r.Error, "giving up at") {
		t.Fatalf("status %q error %q", r.Status, r.Error)
	}
	written, rerr := analysis.ReadResult(out)
	if rerr != nil {
		t.Fatal(rerr)
	}
	if links := written.Metrics["graph.links"]; links == 0 || written.Metrics["graph.availability"] >= 1 {
		t.Fatalf("result.json: graph.links %v, availability %v: want the progress before the failure and the failures counted",
			links, written.Metrics["graph.availability"])
	}
	if _, err := os.Stat(filepath.Join(out, EdgesFile)); err != nil {
		t.Fatalf("edges so far not exported: %v", err)
	}
}

// dsn: embedded starts a throwaway server for the run and removes it.
func TestIdentityEmbeddedPostgres(t *testing.T) {
	if _, err := postgres.FindBinaries(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true and %v", err)
		}
		t.Skip(err)
	}
	r, err := identityRun(t, "identity-backfill-postgres", runOptions{}, "scale=0.0002", "system.graph.traversal=bfs")
	if err != nil {
		t.Fatal(err)
	}
	if r.Metrics["graph.availability"] != 1 || r.Metrics["graph.profiles"] == 0 {
		t.Fatalf("availability %v, %v profiles", r.Metrics["graph.availability"], r.Metrics["graph.profiles"])
	}
}

func TestIdentityValidation(t *testing.T) {
	tests := []struct {
		name string // the mistake
		set  string
		want string // the path the error names
	}{
		{"unknown store", "system.graph.store=neo4j", "system.graph.store"},
		{"unknown junk kind", "population.junk[0].kind=fax", "population.junk[0].kind"},
		{"unknown order", "history.order=random", "history.order"},
		{"negative share", "population.kinds.email=-1", "population.kinds.email"},
		{"cap over 255", "population.identifiers_per_person.max=300", "population.identifiers_per_person.max"},
		{"household below one", "population.households.size.poisson=0.5", "population.households.size.poisson"},
		{"negative links", "history.links_per_person_per_year=-1", "history.links_per_person_per_year"},
		{"bad blocklist", "system.graph.guardrails.blocklist[0]=(", "system.graph.guardrails.blocklist[0]"},
		{"unknown on_exceed", "system.graph.guardrails.on_exceed=evict", "system.graph.guardrails.on_exceed"},
		{"no people", "population.people=0", "population.people"},
		{"store and dsn disagree", "system.graph.dsn=postgres://u@h/db", "system.graph.dsn"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := scenarios.Load("identity-backfill-guardrails", scenarios.Options{Sets: []string{tt.set}})
			if err == nil || !strings.Contains(err.Error(), tt.want+":") {
				t.Fatalf("got %v, want an error at %s", err, tt.want)
			}
		})
	}
	if _, err := scenarios.Load("identity-backfill-postgres", scenarios.Options{Sets: []string{"system.graph.dsn="}}); err == nil ||
		!strings.Contains(err.Error(), "system.graph.dsn: the postgres store needs dsn") {
		t.Fatalf("postgres without dsn: %v", err)
	}
}

// In realtime the history replays on the wall clock: five years at a
// speedup that makes them two seconds take about two seconds, every link is
// ingested, and ingest latency counts from each batch's due time.
func TestIdentityRealtime(t *testing.T) {
	const wall = 2 * time.Second
	speedup := float64(5*365*24*time.Hour) / float64(wall)
	began := time.Now()
	r, err := identityRun(t, "identity-backfill-guardrails", runOptions{}, "system.graph.store=memory",
		"system.graph.export_edges=false", "clock.mode=realtime", "clock.speedup="+strconv.FormatFloat(speedup, 'f', 0, 64))
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(began)
	if took < wall*9/10 {
		t.Errorf("realtime replay of %v took %v: not paced", wall, took)
	}
	virtual, err := identityRun(t, "identity-backfill-guardrails", runOptions{}, "system.graph.store=memory", "system.graph.export_edges=false")
	if err != nil {
		t.Fatal(err)
	}
	if r.Metrics["graph.edges"] != virtual.Metrics["graph.edges"] || r.Metrics["graph.nodes"] != virtual.Metrics["graph.nodes"] {
		t.Errorf("realtime graph has %v nodes, %v edges; virtual %v, %v", r.Metrics["graph.nodes"], r.Metrics["graph.edges"],
			virtual.Metrics["graph.nodes"], virtual.Metrics["graph.edges"])
	}
	if r.Metrics["graph.ingest_latency.max"] <= 0 {
		t.Error("no ingest latency measured")
	}
}
