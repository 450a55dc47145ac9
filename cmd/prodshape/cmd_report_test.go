package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prodshape/prodshape/analysis"
	"github.com/prodshape/prodshape/analysis/report"
)

// prodshape runs the CLI in-process and returns exit code, stdout, stderr.
func prodshape(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := execute(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func fixtureRun(name string) string {
	return filepath.Join("..", "..", "testdata", "results", name)
}

func TestReportCommand(t *testing.T) {
	run := fixtureRun("identity-kv")
	tests := []struct {
		args []string
		code int
		want string // in stdout, or in stderr for a failure
	}{
		{[]string{"report", run}, 0, "PIVOT: 2 of 3 goals missed"},                        // text by default
		{[]string{"report", run, "--format", "md"}, 0, "| `graph.profile_latency.p99` |"}, // markdown
		{[]string{"report", run, "--format", "junit"}, 0, `<testsuites name="prodshape" tests="3" failures="2"`},
		{[]string{"report", run, "--format", "json"}, 0, `"scenario": "identity-graph-kv"`},
		{[]string{"report", run, "--format", "html"}, 0, `<figure class="chart" data-chart="graph.component_sizes">`},
		{[]string{"report", run, "--format", "pdf"}, 2, `unknown report format "pdf": want one of html, json, junit, md, text`},
		{[]string{"report", filepath.Join(t.TempDir(), "nope")}, 2, "no result.json there"},
		{[]string{"report"}, 2, "accepts 1 arg"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args[min(2, len(tt.args)-1):], " "), func(t *testing.T) {
			code, stdout, stderr := prodshape(t, tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\nstderr: %s", code, tt.code, stderr)
			}
			if got := stdout + stderr; !strings.Contains(got, tt.want) {
				t.Errorf("output lacks %q:\n%s", tt.want, got)
			}
		})
	}

	out := filepath.Join(t.TempDir(), "r.html")
	if code, _, stderr := prodshape(t, "report", run, "-f", "html", "-o", out); code != 0 {
		t.Fatalf("report --out: exit %d: %s", code, stderr)
	}
	if b, err := os.ReadFile(out); err != nil || !bytes.HasPrefix(b, []byte("<!DOCTYPE html>")) {
		t.Errorf("--out file: %v", err)
	}
}

func TestCompareCommand(t *testing.T) {
	dir := t.TempDir()
	// Candidates are named by their folders.
	var runs []string
	for _, c := range []struct{ label, fixture string }{{"spark", "lake-spark-hourly"}, {"serverless", "lake-microbatch"}, {"compacted", "lake-compacted"}} {
		r, err := analysis.ReadResult(fixtureRun(c.fixture))
		if err != nil {
			t.Fatal(err)
		}
		d := filepath.Join(dir, c.label)
		if err := r.WriteFile(d); err != nil {
			t.Fatal(err)
		}
		runs = append(runs, d)
	}
	decision := filepath.Join(dir, "decision.md")
	code, stdout, stderr := prodshape(t, append([]string{"compare", "--out", decision}, runs...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"spark", "serverless", "compacted", "Meets every goal: compacted", "broke from the start"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("terminal table lacks %q:\n%s", want, stdout)
		}
	}
	md, err := os.ReadFile(decision)
	if err != nil || !strings.Contains(string(md), "## Decision / why") || !strings.Contains(string(md), "# Decision record: spark vs serverless vs compacted") {
		t.Errorf("decision record: %v\n%s", err, md)
	}
	if code, _, stderr := prodshape(t, "compare", runs[0], "--out", filepath.Join(dir, "x.txt")); code != 2 || !strings.Contains(stderr, "want a .md or .html file") {
		t.Errorf("--out x.txt: exit %d, %s", code, stderr)
	}
	if code, stdout, _ := prodshape(t, "compare", runs[0], runs[1], "--format", "html"); code != 0 || !strings.Contains(stdout, "<!DOCTYPE html>") {
		t.Errorf("--format html: exit %d", code)
	}
}

// TestShardsMergeEqualWhole runs the built-in clickstream day whole and in
// four shards, merges the shards, and checks the union: the same record
// count, the same set of event ids, and the same merged metrics and verdict.
func TestShardsMergeEqualWhole(t *testing.T) {
	dir := t.TempDir()
	base := []string{"run", "clickstream-day", "--scale", "0.00001", "--duration", "2h", "-q"}
	whole := filepath.Join(dir, "whole")
	wholeCode, _, stderr := prodshape(t, append(base, "--out", whole)...)
	if wholeCode > 1 {
		t.Fatalf("whole run: exit %d: %s", wholeCode, stderr)
	}
	var shards []string
	for i := range 4 {
		out := filepath.Join(dir, "s"+string(rune('0'+i)))
		if code, _, stderr := prodshape(t, append(base, "--shard", string(rune('0'+i))+"/4", "--out", out)...); code > 1 {
			t.Fatalf("shard %d: exit %d: %s", i, code, stderr)
		}
		shards = append(shards, out)
	}
	all := filepath.Join(dir, "all")
	code, _, stderr := prodshape(t, append(append([]string{"merge"}, shards...), "--out", all)...)
	if code != wholeCode {
		t.Fatalf("merge: exit %d, the whole run exited %d: %s", code, wholeCode, stderr)
	}

	ids := func(dirs ...string) (int, map[string]bool) {
		n, set := 0, map[string]bool{}
		for _, d := range dirs {
			f, err := os.Open(filepath.Join(d, "clickstream.jsonl"))
			if err != nil {
				t.Fatal(err)
			}
			sc := bufio.NewScanner(f)
			sc.Buffer(make([]byte, 1<<20), 1<<20)
			for sc.Scan() {
				var rec struct {
					EventID string `json:"event_id"`
				}
				if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
					t.Fatal(err)
				}
				n++
				set[rec.EventID] = true
			}
			f.Close()
		}
		return n, set
	}
	wn, wset := ids(whole)
	sn, sset := ids(shards...)
	if wn != sn || len(wset) != len(sset) {
		t.Errorf("records: whole %d (%d distinct), shards %d (%d distinct)", wn, len(wset), sn, len(sset))
	}
	for id := range wset {
		if !sset[id] {
			t.Fatalf("event %s of the whole run is in no shard", id)
		}
	}

	w, err := analysis.ReadResult(whole)
	if err != nil {
		t.Fatal(err)
	}
	m, err := analysis.ReadResult(all)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"records.total", "records.total@1x", "bytes.total", "jsonl.records"} {
		if a, b := w.Metrics[name], m.Metrics[name]; math.Abs(a-b) > 1e-6*math.Max(1, a) {
			t.Errorf("%s: whole %v, merged %v", name, a, b)
		}
	}
	if w.Verdict != m.Verdict {
		t.Errorf("verdict: whole %s, merged %s", w.Verdict, m.Verdict)
	}
	for _, f := range []string{report.FileHTML, report.FileMarkdown, report.FileJUnit} {
		if _, err := os.Stat(filepath.Join(all, f)); err != nil {
			t.Errorf("merge did not write %s: %v", f, err)
		}
	}
	var doc report.JUnitSuites
	b, _ := os.ReadFile(filepath.Join(whole, report.FileJUnit))
	if err := xml.Unmarshal(b, &doc); err != nil || doc.Tests != len(w.Goals) {
		t.Errorf("run's junit.xml: %v, %d tests for %d goals", err, doc.Tests, len(w.Goals))
	}

	// Refusals: a shard twice, a missing shard.
	if code, _, stderr := prodshape(t, "merge", shards[0], shards[0], shards[1], shards[2], "--out", filepath.Join(dir, "x")); code != 2 || !strings.Contains(stderr, "given twice") {
		t.Errorf("duplicate shard: exit %d: %s", code, stderr)
	}
	if code, _, stderr := prodshape(t, "merge", shards[0], shards[1], "--out", filepath.Join(dir, "x")); code != 2 || !strings.Contains(stderr, "shards 2, 3 of 4 missing") {
		t.Errorf("missing shards: exit %d: %s", code, stderr)
	}
	if code, _, stderr := prodshape(t, "merge", shards[0]); code != 2 || !strings.Contains(stderr, "--out") {
		t.Errorf("no --out: exit %d: %s", code, stderr)
	}
}
