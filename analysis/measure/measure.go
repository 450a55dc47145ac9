// Package measure turns what a sink reported (facts.Report) into metrics.
// The engine calls it for every sink of a run; the analyze commands reach
// the same per-kind code (analysis/lake.Measure) from what they read, so a
// figure has one definition whoever computes it.
package measure

import (
	"github.com/prodshape/prodshape/analysis/lake"
	"github.com/prodshape/prodshape/analysis/metrics"
	"github.com/prodshape/prodshape/sinks/facts"
)

// Put adds r's metrics to m. Counts of several sinks of one kind add up
// (two JSONL files, two topics); lake metrics describe one lake each, so a
// later lake's replace an earlier one's.
func Put(m *metrics.Set, r facts.Report) {
	switch {
	case r.Lake != nil:
		lake.Measure(m, r.Lake, lake.Options{})
	case r.Kafka != nil:
		putKafka(m, r)
	case r.Sink == "jsonl":
		m.Add("jsonl.bytes", float64(r.Bytes))
		m.Add("jsonl.records", float64(r.Records))
	}
}
