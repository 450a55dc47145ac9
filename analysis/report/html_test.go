package report

import (
	"bytes"
	"encoding/xml"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/prodshape/prodshape/analysis"
	"github.com/prodshape/prodshape/analysis/internal/fixture"
	"github.com/prodshape/prodshape/analysis/metrics"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

// golden compares got with testdata/name, rewriting it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; run go test -update and review the diff\n--- got:\n%s", path, head(got))
	}
}

func head(b []byte) string {
	if len(b) > 2000 {
		return string(b[:2000]) + "..."
	}
	return string(b)
}

// loadFixture reads a result from testdata/results, the same files the
// compare and merge tests and the CLI scripts read.
func loadFixture(t *testing.T, name string) *analysis.Result {
	t.Helper()
	r, err := analysis.ReadResult(filepath.Join("..", "..", "testdata", "results", name, analysis.FileName))
	if err != nil {
		t.Fatalf("%v (run go test ./analysis/report -run TestFixtures -update)", err)
	}
	return r
}

// TestFixtures keeps testdata/results in step with package fixture.
func TestFixtures(t *testing.T) {
	for name, r := range fixture.All() {
		var buf bytes.Buffer
		if err := JSON(&buf, r); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join("..", "..", "testdata", "results", name, analysis.FileName)
		if *update {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil || !bytes.Equal(want, buf.Bytes()) {
			t.Errorf("%s is stale or missing (%v): run go test ./analysis/report -run TestFixtures -update", path, err)
		}
	}
}

// TestGolden renders every fixture in every text format and checks the
// HTML's structure (its text and element skeleton; the SVG bytes are
// checked by TestChartsStable).
func TestGolden(t *testing.T) {
	for _, name := range fixture.Names {
		t.Run(name, func(t *testing.T) {
			r := loadFixture(t, name)
			for _, format := range []string{"md", "junit", "text"} {
				var buf bytes.Buffer
				if err := Render(&buf, format, r); err != nil {
					t.Fatal(err)
				}
				golden(t, filepath.Join("golden", name+"."+format), buf.Bytes())
			}
			var buf bytes.Buffer
			if err := HTML(&buf, r); err != nil {
				t.Fatal(err)
			}
			golden(t, filepath.Join("golden", name+".html-structure"), []byte(structure(buf.String())))
		})
	}
}

var (
	svgBlock = regexp.MustCompile(`(?s)<svg .*?</svg>`)
	styleTag = regexp.MustCompile(`(?s)<style>.*?</style>`)
	script   = regexp.MustCompile(`(?s)<script>.*?</script>`)
)

// structure reduces a page to what a reader sees: SVGs, the stylesheet and
// the script collapse to placeholders.
func structure(page string) string {
	page = svgBlock.ReplaceAllString(page, "<svg/>")
	page = styleTag.ReplaceAllString(page, "<style/>")
	return script.ReplaceAllString(page, "<script/>")
}

// TestChartsStable renders each fixture's charts twice and checks the SVG
// bytes against golden files.
func TestChartsStable(t *testing.T) {
	for _, name := range fixture.Names {
		r := loadFixture(t, name)
		charts, err := Charts(r)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range charts {
			a, err := c.SVG()
			if err != nil {
				t.Fatal(err)
			}
			b, _ := c.SVG()
			if !bytes.Equal(a, b) {
				t.Fatalf("%s/%s: two renders differ", name, c.ID)
			}
			golden(t, filepath.Join("golden", "svg", name+"."+c.ID+".svg"), a)
		}
	}
}

// TestChartsPresent checks that each fixture gets the charts its data
// supports, and no chart without data.
func TestChartsPresent(t *testing.T) {
	tests := []struct {
		name string
		want []string
	}{
		// a lake: file sizes, files per partition-hour, freshness, rate, freshness histogram
		{"lake-microbatch", []string{"lake.file_size", "lake.files_per_partition_hour", "freshness", "records_per_minute", "freshness.percentiles"}},
		// an identity graph: latency vs backfill, component sizes, two histograms
		{"identity-kv", []string{"graph.profile_latency", "graph.component_sizes", "graph.ingest_latency.percentiles", "graph.profile_latency.percentiles"}},
		// realtime: produce latency over time and its histogram
		{"realtime-kafka", []string{"kafka.produce_latency", "kafka.produce_latency.percentiles"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			charts, err := Charts(loadFixture(t, tt.name))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, c := range charts {
				got = append(got, c.ID)
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("charts = %v, want %v", got, tt.want)
			}
		})
	}

	// No data, no chart: an empty series and a log-axis series with only
	// non-positive points are left out.
	r := loadFixture(t, "realtime-kafka")
	r.Histograms = nil
	r.Series[0].Points = nil
	charts, err := Charts(r)
	if err != nil || len(charts) != 0 {
		t.Fatalf("Charts without data = %d charts, %v; want none", len(charts), err)
	}
}

// TestJUnitParses reads junit.xml back: one test per goal, one failure per
// missed goal, with actual and target in the message.
func TestJUnitParses(t *testing.T) {
	for _, name := range fixture.Names {
		t.Run(name, func(t *testing.T) {
			r := loadFixture(t, name)
			var buf bytes.Buffer
			if err := JUnit(&buf, r); err != nil {
				t.Fatal(err)
			}
			var doc JUnitSuites
			if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
				t.Fatalf("junit.xml does not parse: %v", err)
			}
			if len(doc.Suites) != 1 {
				t.Fatalf("%d suites, want 1", len(doc.Suites))
			}
			s := doc.Suites[0]
			missed := 0
			for _, g := range r.Goals {
				if !g.Pass {
					missed++
				}
			}
			if s.Tests != len(r.Goals) || len(s.Cases) != len(r.Goals) || doc.Tests != len(r.Goals) {
				t.Errorf("tests = %d (cases %d), want %d goals", s.Tests, len(s.Cases), len(r.Goals))
			}
			if s.Failures != missed || doc.Failures != missed {
				t.Errorf("failures = %d, want %d missed goals", s.Failures, missed)
			}
			for i, c := range s.Cases {
				g := GoalRows(r)[i]
				if (c.Failure != nil) == g.Pass {
					t.Errorf("case %s: failure %v, goal pass %v", c.Name, c.Failure != nil, g.Pass)
				}
				if c.Failure != nil && (!strings.Contains(c.Failure.Message, g.Actual) || !strings.Contains(c.Failure.Message, g.Target)) {
					t.Errorf("case %s: message %q lacks actual %q or target %q", c.Name, c.Failure.Message, g.Actual, g.Target)
				}
			}
		})
	}
}

// TestJUnitIncompleteRun: a failed run is an error case, not a green build.
func TestJUnitIncompleteRun(t *testing.T) {
	r := loadFixture(t, "realtime-kafka")
	r.Status, r.Error = analysis.StatusFailed, "broker unreachable"
	var buf bytes.Buffer
	if err := JUnit(&buf, r); err != nil {
		t.Fatal(err)
	}
	var doc JUnitSuites
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Errors != 1 || !strings.Contains(buf.String(), "broker unreachable") {
		t.Errorf("errors = %d, want 1 carrying the run error:\n%s", doc.Errors, buf.String())
	}
}

// TestHTMLSelfContained: no reference to anything outside the file.
func TestHTMLSelfContained(t *testing.T) {
	for _, name := range fixture.Names {
		var buf bytes.Buffer
		if err := HTML(&buf, loadFixture(t, name)); err != nil {
			t.Fatal(err)
		}
		page := buf.String()
		for _, bad := range []string{`src="http`, `href="http`, `@import`, `url(`, `<link`} {
			if strings.Contains(page, bad) {
				t.Errorf("%s: report.html contains %q: it must not fetch anything", name, bad)
			}
		}
		if i, j := strings.Index(page, `id="verdict"`), strings.Index(page, `id="goals"`); i < 0 || j < 0 || i > j {
			t.Errorf("%s: the verdict must come before the goals", name)
		}
	}
}

func TestRenderUnknownFormat(t *testing.T) {
	err := Render(&bytes.Buffer{}, "pdf", loadFixture(t, "realtime-kafka"))
	if err == nil || !strings.Contains(err.Error(), "html, json, junit, md, text") {
		t.Errorf("Render(pdf) = %v, want the list of formats", err)
	}
}

func TestWriteAll(t *testing.T) {
	dir := t.TempDir()
	if err := WriteAll(dir, loadFixture(t, "identity-kv")); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{FileMarkdown, FileHTML, FileJUnit} {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// TestLongTableCollapsed: a long table (merge.rules of a big run) folds
// into <details> so the charts stay near the top.
func TestLongTableCollapsed(t *testing.T) {
	r := loadFixture(t, "realtime-kafka")
	long := metrics.Table{Name: "merge.rules", Title: "How the shards' metrics were combined", Columns: []string{"metric", "rule"}}
	for i := range 20 {
		long.Rows = append(long.Rows, []string{fmt.Sprint("m", i), "sum"})
	}
	r.Tables = append(r.Tables, long)
	var buf bytes.Buffer
	if err := HTML(&buf, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "<details><summary><strong>How the shards&#39; metrics were combined</strong> (20 rows)</summary>") {
		t.Error("a 20-row table is not folded into <details>")
	}
}

func TestTracks(t *testing.T) {
	p99 := metrics.Series{Chart: "graph.profile_latency", Name: "p99", YUnit: metrics.Seconds}
	tests := []struct {
		s      metrics.Series
		metric string
		unit   metrics.Unit
		want   bool
	}{
		{p99, "graph.profile_latency.p99", metrics.Seconds, true},                                                                                     // chart id + name
		{p99, "graph.profile_latency.p99@1x", metrics.Seconds, true},                                                                                  // a projection follows its base
		{p99, "graph.profile_latency.p50", metrics.Seconds, false},                                                                                    // another line
		{p99, "graph.profile_latency.p99", metrics.Count, false},                                                                                      // y in another unit cannot meet the target
		{metrics.Series{Chart: "c", Name: "lake.files_per_partition.max", YUnit: metrics.Count}, "lake.files_per_partition.max", metrics.Count, true}, // named after the metric
		{metrics.Series{Chart: "graph.largest_component", Name: "kv"}, "graph.largest_component", metrics.Count, true},                                // chart named after it, unit unset
		{metrics.Series{Chart: "graph.latency_vs_progress", Name: "profile p99", YUnit: metrics.Count}, "graph.profile_latency.p99", metrics.Seconds, false},
	}
	for _, tt := range tests {
		if got := Tracks(tt.s, tt.metric, tt.unit); got != tt.want {
			t.Errorf("Tracks(%s/%s, %s, %s) = %v, want %v", tt.s.Chart, tt.s.Name, tt.metric, tt.unit, got, tt.want)
		}
	}
}

// TestEmptyResult: a result with no goals, series or histograms (an
// interrupted run) still renders in every format.
func TestEmptyResult(t *testing.T) {
	r := &analysis.Result{Version: 1, Kind: "run", Scenario: "empty", Status: analysis.StatusInterrupted,
		Error: "interrupted before the scenario clock ran out"}
	for _, f := range Formats() {
		var buf bytes.Buffer
		if err := Render(&buf, f, r); err != nil {
			t.Errorf("%s: %v", f, err)
		}
		if !strings.Contains(buf.String(), "empty") {
			t.Errorf("%s does not name the scenario", f)
		}
	}
	var buf bytes.Buffer
	if err := HTML(&buf, r); err != nil || !strings.Contains(buf.String(), `data-charts="0"`) || strings.Contains(buf.String(), `id="charts"`) {
		t.Errorf("an empty result must render without a charts section: %v", err)
	}
}
