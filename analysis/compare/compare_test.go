package compare

import (
	"bytes"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prodshape/prodshape/analysis"
	"github.com/prodshape/prodshape/analysis/metrics"
	"github.com/prodshape/prodshape/analysis/report"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

func load(t *testing.T, name string) *analysis.Result {
	t.Helper()
	r, err := analysis.ReadResult(filepath.Join("..", "..", "testdata", "results", name))
	if err != nil {
		t.Fatalf("%v (go test ./analysis/report -run TestFixtures -update writes the fixtures)", err)
	}
	return r
}

// threeRuns is the lake decision: two pivots that miss different goals and
// one persevere.
func threeRuns(t *testing.T) *Comparison {
	t.Helper()
	c, err := New(
		Candidate{"serverless", load(t, "lake-microbatch")},
		Candidate{"spark", load(t, "lake-spark-hourly")},
		Candidate{"compacted", load(t, "lake-compacted")})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func row(t *testing.T, c *Comparison, metric string) Row {
	t.Helper()
	for _, r := range c.Rows {
		if r.Metric == metric {
			return r
		}
	}
	t.Fatalf("no row for %s", metric)
	return Row{}
}

// TestThreeRuns checks status, headroom and breaking point of every cell.
func TestThreeRuns(t *testing.T) {
	c := threeRuns(t)
	const hour = 3600.0
	tests := []struct {
		metric    string
		candidate int
		status    string
		breakFrom string  // "" when the goal holds
		xLo, xHi  float64 // where the break must lie
		text      string  // a part of the break's (or held) text
	}{
		// Freshness degrades late in the day (the backlog starts at 19.2h):
		// the p99 line crosses 10m between the hourly points.
		{"freshness.p99", 0, report.StatusMissed, "series freshness/p99", 18 * hour, 20.5 * hour, "simulated time"},
		// An hourly batch is stale from its first point.
		{"freshness.p99", 1, report.StatusMissed, "series freshness/p99", 0.5 * hour, 0.5 * hour, "from the start"},
		// Compaction keeps freshness: held through the day.
		{"freshness.p99", 2, report.StatusMet, "", 0, 0, "held to 23.5h simulated time"},
		// Small files: missed already at the measured 1% scale.
		{"lake.file_size.p50", 0, report.StatusMissed, "projection: measured at scale 0.01, projected to 1x", 0.01, 0.01, "already at the measured scale (1% of production volume)"},
		{"lake.file_size.p50", 1, report.StatusMet, "", 0, 0, ""},
		// No series tracks files per partition: missed, place unknown.
		{"lake.files_per_partition.max", 0, report.StatusMissed, "", 0, 0, "no series or projection places the break"},
		{"lake.files_per_partition.max", 2, report.StatusMet, "", 0, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.metric+"/"+c.Candidates[tt.candidate].Label, func(t *testing.T) {
			r := row(t, c, tt.metric)
			cell := r.Cells[tt.candidate]
			if cell.Status != tt.status {
				t.Fatalf("status = %s, want %s", cell.Status, tt.status)
			}
			g := goalOf(c.Candidates[tt.candidate].Result, tt.metric)
			if cell.Headroom != report.Headroom(g.Margin) || (cell.Margin > 0) != (tt.status == report.StatusMet) {
				t.Errorf("headroom %s (margin %v) does not match the goal's margin %v", cell.Headroom, cell.Margin, g.Margin)
			}
			switch {
			case tt.status == report.StatusMet:
				if cell.Break != nil {
					t.Errorf("a met goal has a break: %+v", cell.Break)
				}
				if !strings.Contains(cell.Held, tt.text) {
					t.Errorf("held = %q, want %q", cell.Held, tt.text)
				}
			case tt.breakFrom == "":
				if cell.Break == nil || cell.Break.Found || !strings.Contains(cell.Break.Text, tt.text) {
					t.Errorf("break = %+v, want an unplaced break", cell.Break)
				}
			default:
				b := cell.Break
				if b == nil || !b.Found || b.From != tt.breakFrom {
					t.Fatalf("break = %+v, want one found from %s", b, tt.breakFrom)
				}
				if b.X < tt.xLo-1e-9 || b.X > tt.xHi+1e-9 {
					t.Errorf("broke at x = %v, want within [%v, %v]", b.X, tt.xLo, tt.xHi)
				}
				if !strings.Contains(b.Text, tt.text) {
					t.Errorf("break text %q lacks %q", b.Text, tt.text)
				}
			}
		})
	}
	pass := c.Passing()
	if len(pass) != 1 || pass[0].Label != "compacted" || pass[0].Worst != "freshness.p99" {
		t.Errorf("passing = %+v, want only compacted, tightest on freshness.p99", pass)
	}
	st := c.Standings()
	if st[0].Met != 0 || st[1].Met != 2 || st[2].Met != 3 {
		t.Errorf("goals met = %d, %d, %d; want 0, 2, 3", st[0].Met, st[1].Met, st[2].Met)
	}
}

func goalOf(r *analysis.Result, metric string) analysis.GoalResult {
	for _, g := range r.Goals {
		if g.Metric == metric {
			return g
		}
	}
	return analysis.GoalResult{}
}

// TestBreakOnSeries checks the crossing interpolation on a hand-made line:
// p99 40ms, 100ms, 200ms at 0.2, 0.4, 0.6 of the backfill crosses 150ms
// half-way between 0.4 and 0.6.
func TestBreakOnSeries(t *testing.T) {
	r := synthetic(0.175)
	r.Series = []metrics.Series{{Chart: "graph.profile_latency", Name: "p99", XUnit: metrics.Ratio, XLabel: "backfill progress",
		YUnit: metrics.Seconds, Points: []metrics.Point{{X: 0.6, Y: 0.2}, {X: 0.2, Y: 0.04}, {X: 0.4, Y: 0.1}}}}
	c, err := New(Candidate{"kv", r})
	if err != nil {
		t.Fatal(err)
	}
	b := c.Rows[0].Cells[0].Break
	if b == nil || math.Abs(b.X-0.5) > 1e-9 || b.Text != "at 50% backfill progress" {
		t.Errorf("break = %+v, want at 50%% backfill progress", b)
	}
}

// TestBreakOnProjection: measured 100ms at scale 0.1 meets the goal, the
// projection 600ms misses it; linear in volume, 150ms is reached at
// 0.1 + 0.9*(150-100)/(600-100) = 19% of production volume.
func TestBreakOnProjection(t *testing.T) {
	r := synthetic(0.6)
	r.Scale = 0.1
	r.Metrics["graph.profile_latency.p99"] = 0.1
	r.Metrics["graph.profile_latency.p99@1x"] = 0.6
	r.Grade([]analysis.Goal{{Metric: "graph.profile_latency.p99", Op: analysis.Less, Target: 0.15, Text: "150ms", Unit: metrics.Seconds}})
	c, err := New(Candidate{"kv", r})
	if err != nil {
		t.Fatal(err)
	}
	b := c.Rows[0].Cells[0].Break
	if b == nil || math.Abs(b.X-0.19) > 1e-9 || !strings.Contains(b.Text, "≈19% of production volume") {
		t.Errorf("break = %+v, want ≈19%% of production volume", b)
	}
}

func synthetic(p99 float64) *analysis.Result {
	r := &analysis.Result{Version: 1, Scenario: "synthetic", Scale: 1,
		Metrics: map[string]float64{"graph.profile_latency.p99": p99}, Units: map[string]metrics.Unit{}}
	r.Grade([]analysis.Goal{{Metric: "graph.profile_latency.p99", Op: analysis.Less, Target: 0.15, Text: "150ms", Unit: metrics.Seconds}})
	return r
}

func TestNewErrors(t *testing.T) {
	if _, err := New(); err != ErrNoRuns {
		t.Errorf("New() = %v, want ErrNoRuns", err)
	}
	c, err := New(Candidate{"", load(t, "realtime-kafka")}, Candidate{"", load(t, "realtime-kafka")})
	if err != nil {
		t.Fatal(err)
	}
	if c.Candidates[0].Label != "kafka-realtime" || c.Candidates[1].Label != "kafka-realtime#2" {
		t.Errorf("labels = %s, %s; want unique labels", c.Candidates[0].Label, c.Candidates[1].Label)
	}
}

// TestGolden renders the three-run comparison as text, Markdown decision
// record and HTML structure.
func TestGolden(t *testing.T) {
	c := threeRuns(t)
	var text, md, page bytes.Buffer
	if err := c.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	if err := c.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	if err := c.WriteHTML(&page); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), "## Decision / why") || !strings.Contains(md.String(), "| **spark** | lake-spark-hourly | 42 | 0.01 |") {
		t.Errorf("decision record lacks the candidates or the decision section:\n%s", md.String())
	}
	if n := strings.Count(page.String(), `<figure class="chart"`); n != 1 {
		t.Errorf("%d charts in compare.html, want 1 (freshness.p99 is the only goal tracked by series)", n)
	}
	golden(t, "three-runs.txt", text.Bytes())
	golden(t, "three-runs.md", md.Bytes())
	golden(t, "three-runs.html-structure", []byte(structure(page.String())))
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs; run go test -update and review the diff\ngot:\n%s", path, got)
	}
}

// structure drops the SVG, stylesheet and script bodies.
func structure(page string) string {
	for _, tag := range [][2]string{{"<svg ", "</svg>"}, {"<style>", "</style>"}, {"<script>", "</script>"}} {
		var b strings.Builder
		for {
			i := strings.Index(page, tag[0])
			if i < 0 {
				break
			}
			j := strings.Index(page[i:], tag[1])
			b.WriteString(page[:i] + tag[0] + "…" + tag[1])
			page = page[i+j+len(tag[1]):]
		}
		page = b.String() + page
	}
	return page
}

func TestScaleNote(t *testing.T) {
	if note := threeRuns(t).ScaleNote(); note != "" {
		t.Errorf("same scales, note %q", note)
	}
	c, err := New(Candidate{"lake", load(t, "lake-compacted")}, Candidate{"graph", load(t, "identity-kv")})
	if err != nil {
		t.Fatal(err)
	}
	var md bytes.Buffer
	if err := c.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), "different scales (0.01, 0.001)") {
		t.Errorf("decision record lacks the scale note:\n%s", md.String())
	}
}

func TestClosestWhenNonePasses(t *testing.T) {
	c, err := New(Candidate{"serverless", load(t, "lake-microbatch")}, Candidate{"spark", load(t, "lake-spark-hourly")})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := c.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "No candidate meets every goal; closest: spark (2 of 3 met, worst -612% on freshness.p99).") {
		t.Errorf("closest candidate not named:\n%s", b.String())
	}
}
