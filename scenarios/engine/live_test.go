package engine

import (
	"context"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/prodshape/prodshape/generators/pace"
	"github.com/prodshape/prodshape/scenarios"
)

// Realtime progress follows the wall clock: what was released to the
// sinks, not what the generator has queued ahead of the pacer.
func TestRealtimeProgressFollowsClock(t *testing.T) {
	s, err := scenarios.Parse("progress.yaml", []byte(`
name: progress
seed: 3
clock: {duration: 4s, mode: realtime}
streams:
  - name: s
    rate: 500/s
    fields: {id: uuid}
sinks:
  - discard: true
`), scenarios.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var seen []Progress
	_, err = runScenario(context.Background(), s, runOptions{OutDir: t.TempDir(), ProgressEvery: 250 * time.Millisecond,
		Progress: func(p Progress) { mu.Lock(); seen = append(seen, p); mu.Unlock() }})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) < 8 {
		t.Fatalf("%d progress snapshots in 4s at one per 250ms", len(seen))
	}
	for _, p := range seen[:len(seen)-1] {
		want := min(1, p.Elapsed.Seconds()/4)
		if math.Abs(p.Done-want) > 0.1 {
			t.Errorf("at %v of a 4s run progress is %.0f%%, want about %.0f%%", p.Elapsed.Round(time.Millisecond), p.Done*100, want*100)
		}
	}
	if last := seen[len(seen)-1]; last.Done != 1 {
		t.Errorf("final progress %.3f, want 1", last.Done)
	}
}

// A watched run's live counts end where the run's metrics do.
func TestRealtimeLiveCounts(t *testing.T) {
	s, err := scenarios.Parse("live.yaml", []byte(`
name: live
seed: 3
clock: {duration: 1m, mode: realtime, speedup: 60}
streams:
  - name: s
    rate: 2000/s
    fields: {id: uuid}
sinks:
  - discard: true
  - jsonl: {path: out.jsonl}
`), scenarios.Options{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.Plan(0, 1)
	if err != nil {
		t.Fatal(err)
	}
	live := NewLive()
	res, err := Run(context.Background(), p, Options{OutDir: t.TempDir(), Live: live})
	if err != nil {
		t.Fatal(err)
	}
	m := res.Metrics
	streams := live.Streams()
	if len(streams) != 1 || len(streams[0].Sinks) != 2 || streams[0].Sinks[1].Name != "sinks[1].jsonl" {
		t.Fatalf("live streams %+v", streams)
	}
	c := streams[0].Counts()
	if float64(c.Records) != m["records.total"] || float64(c.Sent) != m[pace.MetricSent] || float64(c.Bytes) != m["bytes.total"] {
		t.Errorf("live records %d sent %d bytes %d; run records.total %.0f load.sent %.0f bytes.total %.0f",
			c.Records, c.Sent, c.Bytes, m["records.total"], m[pace.MetricSent], m["bytes.total"])
	}
	if got, want := c.AchievedRate, m[pace.MetricAchievedRate]; math.Abs(got-want)/want > 0.001 {
		t.Errorf("live achieved rate %.1f/s, run's %.1f/s", got, want)
	}
	for _, sk := range streams[0].Sinks {
		if k := sk.Counts(); k.Records != c.Records || k.Errors != 0 {
			t.Errorf("%s: %+v, want %d records and no error", sk.Name, k, c.Records)
		}
	}
}

// A watched lake run counts every file it stores as it commits it: the
// written files and, with compaction, the rewritten ones.
func TestLiveLakeFilesCommitted(t *testing.T) {
	for _, name := range []string{"lake-serverless-microbatch", "lake-serverless-compacted"} {
		s, err := scenarios.Load(name, scenarios.Options{Sets: []string{"scale=0.0002", "clock.duration=30m"}})
		if err != nil {
			t.Fatal(err)
		}
		p, err := s.Plan(0, 1)
		if err != nil {
			t.Fatal(err)
		}
		live := NewLive()
		res, err := Run(context.Background(), p, Options{OutDir: t.TempDir(), Live: live})
		if err != nil {
			t.Fatal(err)
		}
		var files int64
		for _, st := range live.Streams() {
			for _, sk := range st.Sinks {
				files += sk.Counts().Files
			}
		}
		written, rewritten := res.Metrics["lake.files.written"], res.Metrics["lake.compaction.files_rewritten"]
		ok := float64(files) == written
		if rewritten > 0 {
			ok = float64(files) > written // compaction outputs come on top
		}
		if !ok {
			t.Errorf("%s: %d files committed live; lake.files.written %.0f, files_rewritten %.0f", name, files, written, rewritten)
		}
	}
}

// BenchmarkRunWatched is the pipeline into a discard sink, unwatched and
// watched by a Live: the cost of the live counts per record.
func BenchmarkRunWatched(b *testing.B) {
	for _, watched := range []bool{false, true} {
		b.Run(map[bool]string{false: "unwatched", true: "watched"}[watched], func(b *testing.B) {
			s, err := scenarios.Load("clickstream-day", scenarios.Options{Sets: []string{"scale=0.01", "sinks=[{discard: true}]"}})
			if err != nil {
				b.Fatal(err)
			}
			// One simulated second at scale 0.01 is ~140 records.
			s.Clock.Duration = scenarios.Duration(time.Duration(max(1, b.N/140)) * time.Second)
			p, err := s.Plan(0, 1)
			if err != nil {
				b.Fatal(err)
			}
			opts := Options{OutDir: b.TempDir()}
			if watched {
				opts.Live = NewLive()
			}
			b.ResetTimer()
			res, err := Run(context.Background(), p, opts)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(res.Metrics["records.total"]/b.Elapsed().Seconds(), "records/s")
		})
	}
}
