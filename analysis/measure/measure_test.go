package measure

import (
	"testing"
	"time"

	"github.com/prodshape/prodshape/analysis/metrics"
	"github.com/prodshape/prodshape/sinks/facts"
)

// Counts of sinks of one kind add up; every name Put writes is registered.
func TestPutCounts(t *testing.T) {
	m := metrics.NewSet()
	var w facts.LatencyWindows
	now := time.Now().UnixNano()
	w.Record(now, 3*time.Millisecond)
	produce, ack := metrics.NewHistogram(), metrics.NewHistogram()
	metrics.RecordDuration(produce, 3*time.Millisecond)
	metrics.RecordDuration(ack, time.Millisecond)
	k := facts.Report{Sink: "kafka", Records: 10, Bytes: 300, Kafka: &facts.Kafka{Produce: produce, Ack: ack, OverTime: &w, Failed: 1}}
	Put(m, k)
	Put(m, k)
	Put(m, facts.Report{Sink: "jsonl", Records: 4, Bytes: 40})
	m.Summarize()
	for name, want := range map[string]float64{MetricRecords: 20, MetricBytes: 600, MetricErrors: 2, MetricUnsent: 0,
		"jsonl.records": 4, "jsonl.bytes": 40} {
		if got, ok := m.Get(name); !ok || got != want {
			t.Errorf("%s = %v, %v; want %v", name, got, ok, want)
		}
	}
	for _, name := range []string{MetricProduceLatency + ".p99", MetricAckLatency + ".max", MetricErrors, "jsonl.bytes"} {
		if _, ok := metrics.Lookup(name); !ok {
			t.Errorf("%s is not registered", name)
		}
	}
}
