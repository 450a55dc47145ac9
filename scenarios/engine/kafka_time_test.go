package engine

import (
	"context"
	"testing"
	"time"

	"github.com/prodshape/prodshape/scenarios"
)

// A realtime clock that starts now starts when the records begin to flow,
// not when the scenario was read: each record's event time is its intended
// send time, so topic freshness is the send's own lag and not the time it
// took to open the sinks. The pause between Parse and Run stands in for a
// slow start (a broker coming up, a topic being created).
func TestRealtimeEventTimeIsIntendedSend(t *testing.T) {
	s, err := scenarios.Parse("fresh.yaml", []byte(`
name: fresh
seed: 3
clock: {duration: 1s, mode: realtime}
streams:
  - name: s
    rate: 200/s
    fields:
      id: uuid
      event_time: event_time
sinks:
  - kafka: {brokers: embedded, topic: fresh, partitions: 1}
`), scenarios.Options{})
	if err != nil {
		t.Fatal(err)
	}
	const startup = 300 * time.Millisecond
	time.Sleep(startup)
	res, err := runScenario(context.Background(), s, runOptions{OutDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	fresh, ok := res.Metrics["topic.freshness.p50"]
	if !ok {
		t.Fatal("no topic.freshness.p50: the topic was not read back")
	}
	if fresh >= startup.Seconds()/2 {
		t.Errorf("topic.freshness.p50 = %.1fms after a %v start: event times lie before the intended sends", fresh*1e3, startup)
	}
	if d := time.Since(res.Clock.Start); d > 10*time.Second || d < time.Second {
		t.Errorf("clock start %v is %v ago, want the start of the 1s run", res.Clock.Start, d)
	}
}
