package merge

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/prodshape/prodshape/analysis"
	"github.com/prodshape/prodshape/analysis/metrics"
)

// event is one generated record as a shard sees it.
type event struct {
	key       int
	minute    int
	latency   time.Duration
	bytes     float64
	component int
}

// workload is a fixed stream of events; shard i of n owns the keys with
// key%n == i, the way a sharded generator partitions entity ids.
func workload() []event {
	rng := rand.New(rand.NewPCG(1, 2))
	ev := make([]event, 8000)
	for i := range ev {
		ev[i] = event{
			key:       i,
			minute:    i * 60 / len(ev),
			latency:   time.Duration(math.Exp(rng.NormFloat64()*0.8) * float64(20*time.Millisecond)),
			bytes:     float64(200 + rng.IntN(800)),
			component: 1 + rng.IntN(50),
		}
		if i == 31337 {
			ev[i].component = 900 // one supernode, in one shard only
		}
	}
	return ev
}

var goals = []analysis.Goal{
	{Metric: "ingest_latency.p99", Op: analysis.Less, Target: 0.2, Text: "200ms", Unit: metrics.Seconds},
	// Each shard alone misses this; the whole run meets it.
	{Metric: "records", Op: analysis.GreaterEqual, Target: 8000, Text: "8000", Unit: metrics.Count},
	{Metric: "largest_component", Op: analysis.LessEqual, Target: 1000, Text: "1000", Unit: metrics.Count},
}

// result measures the events of one shard (or all, with shard nil) the
// way a run would.
func result(ev []event, shard *analysis.Shard) *analysis.Result {
	set := metrics.NewSet()
	h := metrics.NewHistogram()
	perMinute := map[int]float64{}
	worst := map[int]float64{}
	largest := 0.0
	for _, e := range ev {
		if shard != nil && e.key%shard.Count != shard.Index {
			continue
		}
		metrics.RecordDuration(h, e.latency)
		set.Add("records", 1)
		set.Add("distinct_keys", 1)
		set.Add("bytes", e.bytes)
		perMinute[e.minute]++
		worst[e.minute] = math.Max(worst[e.minute], e.latency.Seconds())
		largest = math.Max(largest, float64(e.component))
	}
	set.MergeHistogram("ingest_latency", h)
	set.Put("largest_component", largest)
	set.Put("delivery_ratio", 1)
	var rate, lat []metrics.Point
	for m := 0; m < 60; m++ {
		rate = append(rate, metrics.Point{X: float64(m * 60), Y: perMinute[m]})
		lat = append(lat, metrics.Point{X: float64(m * 60), Y: worst[m]})
	}
	set.AddSeries(
		metrics.Series{Chart: "rate", Name: "records", Kind: "line", XUnit: metrics.Seconds, YUnit: metrics.Count, Points: rate},
		metrics.Series{Chart: "latency", Name: "max", Kind: "line", XUnit: metrics.Seconds, YUnit: metrics.Seconds, Points: lat})
	r := &analysis.Result{Version: analysis.ResultVersion, Kind: "run", Scenario: "merge-test", Seed: 9, Scale: 0.5,
		Shard: shard, Status: analysis.StatusComplete,
		Started:  time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		Finished: time.Date(2026, 1, 1, 0, 1, 0, 0, time.UTC)}
	if err := r.Fill(set); err != nil {
		panic(err)
	}
	units := map[string]metrics.Unit{"records": metrics.Count, "distinct_keys": metrics.Count, "bytes": metrics.Bytes,
		"largest_component": metrics.Count, "delivery_ratio": metrics.Ratio}
	for name := range r.Metrics {
		if u, ok := units[name]; ok {
			r.Units[name] = u
		} else {
			r.Units[name] = metrics.Seconds
		}
	}
	r.Grade(goals)
	return r
}

func shards(n int) []*analysis.Result {
	ev := workload()
	out := make([]*analysis.Result, n)
	for i := range out {
		out[i] = result(ev, &analysis.Shard{Index: i, Count: n})
	}
	return out
}

// TestMergeEqualsWhole: four shards merged report what one unsharded run
// reports: counts, the largest component, every percentile (histograms merge
// exactly), the series, and the verdict.
func TestMergeEqualsWhole(t *testing.T) {
	whole := result(workload(), nil)
	parts := shards(4)
	// Hand them over out of order: merge sorts by shard index.
	got, err := Results(parts[2], parts[0], parts[3], parts[1])
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range whole.Metrics {
		v, ok := got.Metrics[name]
		if !ok {
			t.Errorf("%s missing from the merged result", name)
			continue
		}
		if math.Abs(v-want) > 1e-9*math.Max(1, math.Abs(want)) {
			t.Errorf("%s = %v, want %v as in the unsharded run", name, v, want)
		}
	}
	for _, p := range parts {
		if p.Passed() {
			t.Fatalf("shard %d passes alone; the fixture wants each shard to miss the records goal", p.Shard.Index)
		}
	}
	if got.Verdict != whole.Verdict || !got.Passed() {
		t.Errorf("verdict = %s, want %s (goals re-graded on merged metrics)", got.Verdict, whole.Verdict)
	}
	if got.Shard != nil {
		t.Errorf("merged result still names shard %+v", got.Shard)
	}
	for i, s := range got.Series {
		want := whole.Series[i]
		if fmt.Sprint(s.Points) != fmt.Sprint(want.Points) {
			t.Errorf("series %s/%s differs from the unsharded run", s.Chart, s.Name)
		}
	}
	if got.Histograms["ingest_latency"] == "" {
		t.Error("merged histogram not written")
	}
}

// TestMergeRulesTable: the merged result says how each metric combined.
func TestMergeRulesTable(t *testing.T) {
	got, err := Results(shards(2)...)
	if err != nil {
		t.Fatal(err)
	}
	rules := map[string]string{}
	for _, tb := range got.Tables {
		if tb.Name == "merge.rules" {
			for _, row := range tb.Rows {
				rules[row[0]] = row[1] + " / " + row[2]
			}
		}
	}
	want := map[string]string{
		"records":            "sum / yes",
		"largest_component":  "max / yes",
		"delivery_ratio":     "mean / no",
		"ingest_latency.p99": "from merged histogram ingest_latency / yes",
	}
	for name, w := range want {
		if rules[name] != w {
			t.Errorf("rule for %s = %q, want %q", name, rules[name], w)
		}
	}
}

func TestRuleFor(t *testing.T) {
	tests := []struct {
		name string
		unit metrics.Unit
		want string
	}{
		{"lake.files", metrics.Count, "sum"},                                              // a count adds up
		{"lake.files@1x", metrics.Count, "sum"},                                           // a projection follows its base
		{"lake.files_per_partition.max", metrics.Count, "sum (per-group maximum)"},        // every shard fills the busiest partition
		{"lake.file_size.max", metrics.Bytes, "max"},                                      // a maximum
		{"graph.max_degree", metrics.Count, "max"},                                        // a max_ prefix
		{"records.rate.max", metrics.PerSecond, "sum (rate statistic)"},                   // parallel shards' rates add up
		{"graph.largest_component", metrics.Count, "max"},                                 // largest-of
		{"lake.bytes", metrics.Bytes, "sum"},                                              // a total size
		{"lake.file_size.p50", metrics.Bytes, "mean"},                                     // a median without histogram
		{"lake.file_size.p99@1x", metrics.Bytes, "max (tail percentile, no histogram)"},   // a tail without histogram
		{"throughput", metrics.PerSecond, "sum"},                                          // parallel rates add up
		{"kafka.delivery_ratio", metrics.Ratio, "mean"},                                   // a ratio
		{"lake.scan_seconds", metrics.Seconds, "max (elapsed)"},                           // a time that is no sample
		{"lake.file_size.min", metrics.Bytes, "min"},                                      // a minimum
		{"lake.partitions.total@1x", metrics.Count, "max (groups shared by every shard)"}, // a registered exception
	}
	for _, tt := range tests {
		if got := RuleFor(tt.name, tt.unit).Name; got != tt.want {
			t.Errorf("RuleFor(%s, %s) = %s, want %s", tt.name, tt.unit, got, tt.want)
		}
	}
	Register("test.per_partition.max", Sum)
	if got := RuleFor("test.per_partition.max", metrics.Count).Name; got != "sum" {
		t.Errorf("registered rule ignored: got %s", got)
	}
}

// TestMergeRefuses: inputs that are not the shards of one run.
func TestMergeRefuses(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(rs []*analysis.Result) []*analysis.Result
		error string
	}{
		{"different scenario", func(rs []*analysis.Result) []*analysis.Result { rs[1].Scenario = "other"; return rs }, `result 2 is scenario "other"`},
		{"different seed", func(rs []*analysis.Result) []*analysis.Result { rs[2].Seed = 10; return rs }, "result 3 has seed 10, result 1 has 9"},
		{"different scale", func(rs []*analysis.Result) []*analysis.Result { rs[0].Scale = 1; return rs }, "has scale"},
		{"different shard count", func(rs []*analysis.Result) []*analysis.Result { rs[3].Shard.Count = 5; return rs }, "shard 3/5"},
		{"duplicate index", func(rs []*analysis.Result) []*analysis.Result { rs[3].Shard.Index = 1; return rs }, "shard 1/4 given twice (result 2 and result 4); shards 3 of 4 missing"},
		{"missing shard", func(rs []*analysis.Result) []*analysis.Result { return rs[:3] }, "shards 3 of 4 missing"},
		{"not a shard", func(rs []*analysis.Result) []*analysis.Result { rs[1].Shard = nil; return rs }, "result 2 is not a shard result"},
		{"index out of range", func(rs []*analysis.Result) []*analysis.Result { rs[0].Shard.Index = 7; return rs }, "outside 0..3"},
		{"different goals", func(rs []*analysis.Result) []*analysis.Result { rs[1].Goals = rs[1].Goals[:1]; return rs }, "different goals"},
		{"nothing", func([]*analysis.Result) []*analysis.Result { return nil }, "no results given"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Results(tt.edit(shards(4))...)
			if !errors.Is(err, ErrMismatch) || !strings.Contains(err.Error(), tt.error) {
				t.Errorf("err = %v, want ErrMismatch containing %q", err, tt.error)
			}
		})
	}
}

// TestMergeStatus: one failed shard makes the merged run failed, with the
// shard's error.
func TestMergeStatus(t *testing.T) {
	rs := shards(2)
	rs[1].Status, rs[1].Error = analysis.StatusFailed, "disk full"
	got, err := Results(rs...)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != analysis.StatusFailed || got.Error != "shard 1: disk full" {
		t.Errorf("status %q error %q", got.Status, got.Error)
	}
}

func TestFiles(t *testing.T) {
	var paths []string
	for _, r := range shards(2) {
		dir := t.TempDir()
		if err := r.WriteFile(dir); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, dir)
	}
	if _, err := Files(paths...); err != nil {
		t.Fatal(err)
	}
	paths[1] = paths[0]
	if _, err := Files(paths...); err == nil || !strings.Contains(err.Error(), paths[0]) {
		t.Errorf("duplicate shard error %v does not name the path", err)
	}
}

// BenchmarkMerge16 merges sixteen shards with a histogram each.
func BenchmarkMerge16(b *testing.B) {
	rs := shards(16)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Results(rs...); err != nil {
			b.Fatal(err)
		}
	}
}
