package engine

import (
	"context"
	"github.com/prodshape/prodshape/scenarios"
	"math"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/prodshape/prodshape/generators/pace"
	"github.com/prodshape/prodshape/sinks/kafka"
)

// A realtime run with speedup compresses the scenario clock onto the wall
// clock and keeps every event: a minute at 200/s with speedup 30 takes two
// wall seconds at 6,000 events/s.
func TestRealtimeSpeedup(t *testing.T) {
	s, err := scenarios.Parse("speedup.yaml", []byte(`
name: speedup
seed: 3
clock: {duration: 1m, mode: realtime, speedup: 30}
streams:
  - name: s
    rate: 200/s
    fields:
      id: uuid
      at: event_time
sinks:
  - discard: true
`), scenarios.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if since := time.Since(s.Clock.Start.Time); since < 0 || since > time.Minute {
		t.Errorf("a realtime clock without a start starts now, got %v", s.Clock.Start.Time)
	}
	began := time.Now()
	res, err := runScenario(context.Background(), s, runOptions{OutDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	wall := time.Since(began)
	if wall < 1900*time.Millisecond || wall > 10*time.Second {
		t.Errorf("a minute at speedup 30 took %v of wall time, want about 2s", wall)
	}
	m := res.Metrics
	if n := m["records.total"]; math.Abs(n-12000) > 5*math.Sqrt(12000) {
		t.Errorf("records.total %.0f, want about 12,000 (every event of the minute)", n)
	}
	if sent := m[pace.MetricSent]; sent != m["records.total"] {
		t.Errorf("%s %.0f != records.total %.0f", pace.MetricSent, sent, m["records.total"])
	}
	if r := m[pace.MetricIntendedRate]; math.Abs(r-6000)/6000 > 0.05 {
		t.Errorf("intended %.0f events/s on the wall clock, want about 6,000", r)
	}
	if share := m[pace.MetricAchievedShare]; share < 0.9 {
		t.Errorf("achieved share %.3f", share)
	}
}

// With clock.max_lag, a target too slow to keep up loses events instead of
// receiving them late, and the run says how many.
func TestRealtimeMaxLag(t *testing.T) {
	e, err := kafka.StartEmbedded(kafka.EmbeddedConfig{Partitions: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.Close)
	// Every produce request takes 20ms: with at most 10 records in flight
	// the sink cannot take 2,000 events/s.
	e.Cluster().ControlKey(int16(kmsg.Produce), func(kmsg.Request) (kmsg.Response, error, bool) {
		e.Cluster().KeepControl()
		time.Sleep(20 * time.Millisecond)
		return nil, nil, false
	})
	s, err := scenarios.Parse("maxlag.yaml", []byte(`
name: maxlag
seed: 3
clock: {duration: 1s, mode: realtime, max_lag: 5ms}
streams:
  - name: s
    rate: 2000/s
    fields:
      id: uuid
sinks:
  - kafka: {brokers: "`+e.Addrs()[0]+`", topic: slow, partitions: 1, max_in_flight: 10, linger: 0s}
`), scenarios.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := runScenario(context.Background(), s, runOptions{OutDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	m := res.Metrics
	if m[pace.MetricDropped] == 0 || m[pace.MetricSent]+m[pace.MetricDropped] < 1500 {
		t.Errorf("dropped %.0f, sent %.0f: want drops behind a slow broker", m[pace.MetricDropped], m[pace.MetricSent])
	}
	if m["kafka.records"] != m[pace.MetricSent] {
		t.Errorf("kafka.records %.0f != %s %.0f: what was sent must all arrive", m["kafka.records"], pace.MetricSent, m[pace.MetricSent])
	}
	if m[pace.MetricAchievedShare] > 0.9 {
		t.Errorf("achieved share %.2f behind a broker that cannot keep up", m[pace.MetricAchievedShare])
	}
}
