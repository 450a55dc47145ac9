package engine

import (
	"context"
	"github.com/prodshape/prodshape/scenarios"
	"testing"
	"time"
)

// The three lake scenarios of the case study, at a small scale over one
// hour, reach different verdicts for the case's reasons: the hourly job is
// too stale, the micro-batches make too many small files, and compaction
// fixes the files without costing freshness.
func TestLakeBuiltinsVerdicts(t *testing.T) {
	type want struct {
		verdict string
		pass    map[string]bool
	}
	cases := map[string]want{
		"lake-spark-hourly": {"pivot", map[string]bool{
			"freshness.p99": false, "lake.files_per_partition.max": true, "lake.file_size.p50": true}},
		"lake-serverless-microbatch": {"pivot", map[string]bool{
			"freshness.p99": true, "lake.files_per_partition.max": false, "lake.file_size.p50": false}},
		"lake-serverless-compacted": {"persevere", map[string]bool{
			"freshness.p99": true, "lake.files_per_partition.max": true, "lake.file_size.p50": true}},
	}
	for name, w := range cases {
		t.Run(name, func(t *testing.T) {
			s, err := scenarios.Load(name, scenarios.Options{Sets: []string{"scale=0.0002", "clock.duration=1h"}})
			if err != nil {
				t.Fatal(err)
			}
			res, err := runScenario(context.Background(), s, runOptions{OutDir: t.TempDir()})
			if err != nil {
				t.Fatalf("run: %v", err)
			}
			if res.Verdict != w.verdict {
				t.Errorf("verdict %s, want %s", res.Verdict, w.verdict)
			}
			for _, g := range res.Goals {
				if pass, ok := w.pass[g.Metric]; ok && pass != g.Pass {
					t.Errorf("%s: pass=%v, want %v (%s)", g.Metric, g.Pass, pass, g.Describe())
				}
				if g.Metric != "freshness.p99" && g.Graded != g.Metric+"@1x" {
					t.Errorf("%s graded on %s, want the production projection", g.Metric, g.Graded)
				}
			}
			if v := res.Metrics["lake.files.total@1x"]; v <= 0 {
				t.Errorf("no projected file count")
			}
			if v := res.Metrics["freshness.max"]; v <= 0 || v > (2*time.Hour).Seconds() {
				t.Errorf("freshness.max = %v", v)
			}
		})
	}
}
