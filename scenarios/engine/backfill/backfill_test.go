package backfill_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"
	arrowmem "github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/apache/arrow-go/v18/parquet/schema"

	"github.com/prodshape/prodshape/analysis/metrics"
	"github.com/prodshape/prodshape/generators/identity"
	"github.com/prodshape/prodshape/scenarios/engine/backfill"
	"github.com/prodshape/prodshape/sinks"
	"github.com/prodshape/prodshape/sinks/graph"
	"github.com/prodshape/prodshape/sinks/graph/graphtest"
	"github.com/prodshape/prodshape/sinks/graph/kv"
	"github.com/prodshape/prodshape/sinks/graph/memory"
	"github.com/prodshape/prodshape/sinks/graph/postgres"
	"github.com/prodshape/prodshape/sinks/graph/postgres/pgtest"
)

// population is a small identity population whose junk identifiers join
// thousands of identifiers into one cluster.
func population(t testing.TB, people int) *backfill.History {
	t.Helper()
	c := identity.Defaults()
	c.Seed = 11
	c.People = people
	c.Junk = []identity.Junk{
		{Value: "test@test.com", Kind: identity.Email, Attach: 0.05},
		{Value: "0000000000", Kind: identity.Phone, Attach: 0.03},
	}
	p, err := identity.Generate(c)
	if err != nil {
		t.Fatal(err)
	}
	return backfill.FromPopulation(p)
}

func runBackfill(t *testing.T, s graph.Store, h backfill.Source, cfg backfill.Config) (*backfill.Summary, *metrics.Set) {
	t.Helper()
	set := metrics.NewSet()
	sum, err := backfill.Run(context.Background(), s, h, cfg, set)
	if err != nil {
		t.Fatal(err)
	}
	set.Summarize()
	return sum, set
}

func get(t *testing.T, set *metrics.Set, name string) float64 {
	t.Helper()
	v, ok := set.Get(name)
	if !ok {
		t.Fatalf("metric %s not set", name)
	}
	return v
}

func TestUnguardedGrowth(t *testing.T) {
	h := population(t, 6000)
	s := memory.New()
	t.Cleanup(func() { s.Close() })
	sum, set := runBackfill(t, s, h, backfill.Config{Seed: 1, Profiles: 20, Targeted: 10})
	if len(sum.Checkpoints) != 10 {
		t.Fatalf("%d checkpoints, want 10", len(sum.Checkpoints))
	}
	for i := 1; i < len(sum.Checkpoints); i++ {
		if sum.Checkpoints[i].Largest < sum.Checkpoints[i-1].Largest {
			t.Fatalf("largest component shrank from %d to %d", sum.Checkpoints[i-1].Largest, sum.Checkpoints[i].Largest)
		}
	}
	for _, cp := range sum.Checkpoints {
		t.Logf("%3.0f%% nodes %d components %d largest %d share %.3f profile p99 %s ingest p99 %s", cp.Progress*100, cp.Nodes, cp.Components, cp.Largest, cp.Share, cp.ProfileP99, cp.IngestP99)
	}
	first, last := sum.Checkpoints[0].Largest, sum.Checkpoints[9].Largest
	if last < 1000 || last < 5*first {
		t.Fatalf("largest component grew from %d to %d, want thousands, grown at least 5x", first, last)
	}
	if sum.Mismatches != 0 {
		t.Fatalf("%d profiles disagreed with the tracked cluster size", sum.Mismatches)
	}
	if got := get(t, set, "graph.largest_component"); int(got) != last {
		t.Fatalf("graph.largest_component = %v, want %d", got, last)
	}
	if get(t, set, "graph.availability") != 1 {
		t.Fatal("availability below 1 on the memory store")
	}
	for _, name := range []string{"graph.profile_latency.p99", "graph.ingest_latency.p99", "graph.largest_component.share"} {
		get(t, set, name)
	}
	// Targeted picks reach into the largest cluster: the latency-by-size
	// curve covers it.
	charts := map[string]metrics.Series{}
	for _, s := range set.SeriesList() {
		charts[s.Chart+"/"+s.Name] = s
	}
	bySize := charts[backfill.ChartBySize+"/profile evaluations"]
	if len(bySize.Points) == 0 || int(bySize.Points[len(bySize.Points)-1].X) != last {
		t.Fatalf("latency-by-size curve does not reach the largest component (%d)", last)
	}
	top := set.Tables()[0]
	if top.Name != backfill.TableSupernodes || !slices.Contains([]string{"test@test.com", "0000000000"}, top.Rows[0][0]) {
		t.Fatalf("top supernode is %v, want a junk identifier", top.Rows[0])
	}
}

func TestGuardrailsBoundClusters(t *testing.T) {
	h := population(t, 6000)
	tests := []struct {
		name  string // which guardrail
		guard graph.Guardrails
		bound int
	}{
		{"max component refuses", graph.Guardrails{MaxComponent: 200}, 200},
		{"max component splits", graph.Guardrails{MaxComponent: 50, OnExceed: graph.Split}, 50},
		{"blocklist", graph.Guardrails{Blocklist: []string{`^test@test\.com$`, `^[0-]*$`}}, 0},
		{"max per kind", graph.Guardrails{MaxPerKind: 8}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := memory.New()
			t.Cleanup(func() { s.Close() })
			sum, set := runBackfill(t, s, h, backfill.Config{Seed: 1, Profiles: 10, Targeted: 10, Guardrails: tt.guard})
			largest := sum.Checkpoints[len(sum.Checkpoints)-1].Largest
			if tt.bound > 0 && largest > tt.bound {
				t.Fatalf("largest component %d above the guardrail's %d", largest, tt.bound)
			}
			if largest >= 1000 {
				t.Fatalf("largest component %d: the guardrail did not stop the junk merge", largest)
			}
			if get(t, set, "graph.guardrails.rejected") == 0 {
				t.Fatal("no rejections counted")
			}
			if sum.Mismatches != 0 {
				t.Fatalf("%d profiles disagreed with the tracked cluster size", sum.Mismatches)
			}
		})
	}
}

// edges.parquet is read back with Apache's Parquet implementation (a code
// base independent of the writer's): the schema, the row count and the
// components computed from what it reads agree with what the run reported.
func TestEdgeExport(t *testing.T) {
	h := population(t, 1000)
	path := filepath.Join(t.TempDir(), "edges.parquet")
	s := memory.New()
	t.Cleanup(func() { s.Close() })
	_, set := runBackfill(t, s, h, backfill.Config{Seed: 1, Profiles: 5, Targeted: 5, EdgesPath: path})
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pf, err := file.NewParquetReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("arrow-go cannot open edges.parquet: %v", err)
	}
	defer pf.Close()
	if want := get(t, set, "graph.edges"); float64(pf.NumRows()) != want {
		t.Fatalf("edges.parquet has %d rows, graph.edges = %v", pf.NumRows(), want)
	}
	sc := pf.MetaData().Schema
	for i, name := range []string{"src", "dst", "src_kind", "dst_kind", "time"} {
		if got := sc.Column(i).Name(); got != name {
			t.Fatalf("column %d is %s, want %s", i, got, name)
		}
	}
	if !sc.Column(0).LogicalType().Equals(schema.StringLogicalType{}) {
		t.Errorf("src logical type %v, want STRING", sc.Column(0).LogicalType())
	}
	if !sc.Column(4).LogicalType().Equals(schema.NewTimestampLogicalType(true, schema.TimeUnitMicros)) {
		t.Errorf("time logical type %v, want TIMESTAMP(MICROS, UTC)", sc.Column(4).LogicalType())
	}
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: 4096}, arrowmem.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	tbl, err := fr.ReadTable(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tbl.Release()
	var links []graph.Link
	tr := array.NewTableReader(tbl, 4096)
	defer tr.Release()
	for tr.Next() {
		rec := tr.RecordBatch()
		src, dst := rec.Column(0).(*array.String), rec.Column(1).(*array.String)
		kinds := rec.Column(2).(*array.String)
		for i := range int(rec.NumRows()) {
			if _, err := identity.ParseKind(kinds.Value(i)); err != nil {
				t.Fatalf("row %d: %v", i, err)
			}
			links = append(links, graph.Link{Src: src.Value(i), Dst: dst.Value(i)})
		}
	}
	comps := graphtest.Components(links)
	largest := 0
	for _, c := range comps {
		largest = max(largest, len(c))
	}
	if float64(largest) != get(t, set, "graph.largest_component") {
		t.Fatalf("largest component from the export %d, reported %v", largest, get(t, set, "graph.largest_component"))
	}
}

func TestKVBackfill(t *testing.T) {
	h := population(t, 1500)
	s, err := kv.Open(filepath.Join(t.TempDir(), kv.FileName), kv.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	sum, _ := runBackfill(t, s, h, backfill.Config{Seed: 1, Profiles: 10, Targeted: 5})
	if sum.Mismatches != 0 {
		t.Fatalf("%d kv profiles disagreed with the tracked cluster size", sum.Mismatches)
	}
}

// A store whose server stops mid-run ends the backfill with an error
// wrapping sinks.ErrTarget; what was measured and exported so far stays.
func TestStoreFailsMidRun(t *testing.T) {
	srv := pgtest.Start(t)
	s, err := postgres.Open(context.Background(), pgtest.NewDatabase(t, srv), postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	h := population(t, 1000)
	path := filepath.Join(t.TempDir(), "edges.parquet")
	set := metrics.NewSet()
	cfg := backfill.Config{Seed: 1, Profiles: 5, Targeted: 2, EdgesPath: path, Batch: 500,
		Progress: func(done, total int) {
			if done > total/2 {
				srv.Stop()
			}
		}}
	_, err = backfill.Run(context.Background(), s, h, cfg, set)
	if !errors.Is(err, sinks.ErrTarget) {
		t.Fatalf("got %v, want an error wrapping sinks.ErrTarget", err)
	}
	if !strings.Contains(err.Error(), "giving up at") {
		t.Errorf("error does not say how far the run got: %v", err)
	}
	if links := get(t, set, "graph.links"); links == 0 || int(links) >= h.Len() {
		t.Fatalf("graph.links = %v of %d: want the progress made before the failure", links, h.Len())
	}
	if a := get(t, set, "graph.availability"); a >= 1 {
		t.Fatalf("availability %v after failures", a)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("edges so far not exported: %v", err)
	}
}

// At a scale below 1 the clusters held together by a supernode are
// projected to production volume; person-sized ones are not.
func TestProjection(t *testing.T) {
	h := population(t, 3000)
	s := memory.New()
	t.Cleanup(func() { s.Close() })
	sum, set := runBackfill(t, s, h, backfill.Config{Seed: 1, Profiles: 10, Targeted: 10, Scale: 0.01})
	largest := float64(sum.Checkpoints[len(sum.Checkpoints)-1].Largest)
	if got := get(t, set, "graph.largest_component@1x"); got != largest/0.01 {
		t.Fatalf("largest@1x = %v, want %v", got, largest/0.01)
	}
	if p, m := get(t, set, "graph.profile_latency.p99@1x"), get(t, set, "graph.profile_latency.p99"); p < m {
		t.Fatalf("projected p99 %v below the measured %v", p, m)
	}

	guarded := memory.New()
	t.Cleanup(func() { guarded.Close() })
	_, set = runBackfill(t, guarded, h, backfill.Config{Seed: 1, Profiles: 10, Targeted: 10, Scale: 0.01,
		Guardrails: graph.Guardrails{Blocklist: []string{`^test@test\.com$`, `^0+$`}}})
	if got, want := get(t, set, "graph.largest_component@1x"), get(t, set, "graph.largest_component"); got != want {
		t.Fatalf("without supernodes largest@1x = %v, want the measured %v", got, want)
	}
}

// Operations that time out count against availability; a store that never
// answers in time ends the run as a target failure.
func TestTimeoutsCountAgainstAvailability(t *testing.T) {
	h := population(t, 200)
	s := memory.New()
	t.Cleanup(func() { s.Close() })
	set := metrics.NewSet()
	_, err := backfill.Run(context.Background(), s, h, backfill.Config{Seed: 1, OpTimeout: time.Nanosecond, MaxFailures: 3}, set)
	if !errors.Is(err, sinks.ErrTarget) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, want a target failure caused by the deadline", err)
	}
	if ops, failed := get(t, set, "graph.operations"), get(t, set, "graph.operations.failed"); ops != 3 || failed != 3 {
		t.Fatalf("%v operations, %v failed: want 3 and 3", ops, failed)
	}
	if a := get(t, set, "graph.availability"); a != 0 {
		t.Fatalf("availability %v, want 0", a)
	}
}
