package lake

import (
	"context"
	"testing"
	"time"
)

// Writer policies against closed-form file counts: one record per second,
// types cycling over 3 partitions, records spread round-robin.
func TestPolicyFileCounts(t *testing.T) {
	byType := []string{"type={event_type}"}
	byHourType := []string{"dt={event_time:2006-01-02}", "hr={event_time:15}", "type={event_type}"}
	cases := []struct {
		name      string
		policy    PolicyConfig
		partition []string
		records   int
		want      int
	}{
		// W writers × (T/F) flushes × P partitions: 4 × 24 × 3.
		{"microbatch 4 writers, 5m, 2h", PolicyConfig{Policy: "microbatch", FlushEvery: 5 * time.Minute, Concurrency: 4}, byType, 7200, 4 * 24 * 3},
		// Hour partitions add no files when flushes align with hours.
		{"microbatch hourly partitions", PolicyConfig{Policy: "microbatch", FlushEvery: 5 * time.Minute, Concurrency: 4}, byHourType, 7200, 4 * 24 * 3},
		// Rows trigger alone: 3000 rows / 100 per flush, one writer per
		// flush touches all 3 types.
		{"microbatch max_rows", PolicyConfig{Policy: "microbatch", MaxRows: 100, Concurrency: 1}, byType, 3000, 30 * 3},
		// One job per hour, one file per partition per task: 3h × 3 × 2.
		{"batch hourly, 2 tasks", PolicyConfig{Policy: "batch", FlushEvery: time.Hour, Delay: 15 * time.Minute, Concurrency: 2}, byType, 3 * 3600, 3 * 3 * 2},
		// Per-partition buffers delivered every 120 s: 30 per partition-hour.
		{"buffered 120s", PolicyConfig{Policy: "buffered", FlushEvery: 2 * time.Minute, MaxBytes: 1 << 20}, byType, 3600, 30 * 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newSink(t, Config{PartitionBy: tc.partition, Writer: tc.policy})
			feed(t, s, day0, tc.records, time.Second, 1)
			if err := s.Close(context.Background()); err != nil {
				t.Fatal(err)
			}
			if got := len(s.Files()); got != tc.want {
				t.Errorf("files = %d, want %d", got, tc.want)
			}
			if got := len(listKeys(t, s.cfg.Store)); got != tc.want {
				t.Errorf("stored objects = %d, want %d", got, tc.want)
			}
			var rows int64
			for _, f := range s.Files() {
				rows += f.Rows
			}
			if rows != int64(tc.records) {
				t.Errorf("rows = %d, want %d", rows, tc.records)
			}
		})
	}
}

// Freshness follows the policy: an hourly job with 15 minutes of
// processing commits a record between 15 and 75 minutes after its event.
func TestFreshnessBatch(t *testing.T) {
	s := newSink(t, Config{PartitionBy: []string{"type={event_type}"},
		Writer: PolicyConfig{Policy: "batch", FlushEvery: time.Hour, Delay: 15 * time.Minute}})
	feed(t, s, day0, 2*3600, time.Second, 1)
	if err := s.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	m := measured(s)
	m.Summarize()
	check := func(name string, lo, hi time.Duration) {
		t.Helper()
		v, ok := m.Get(name)
		if !ok || v < lo.Seconds() || v > hi.Seconds() {
			t.Errorf("%s = %v s, want in [%v, %v]", name, v, lo, hi)
		}
	}
	check("freshness.max", 74*time.Minute, 76*time.Minute)
	check("freshness.p50", 44*time.Minute, 46*time.Minute)
	check("freshness.p99", 74*time.Minute, 75*time.Minute)
}

func TestPolicyConfigErrors(t *testing.T) {
	cases := []struct {
		name string
		c    PolicyConfig
	}{
		{"unknown policy", PolicyConfig{Policy: "hourly"}},
		{"batch without interval", PolicyConfig{Policy: "batch"}},
		{"batch with max_rows", PolicyConfig{Policy: "batch", FlushEvery: time.Hour, MaxRows: 10}},
		{"microbatch never flushes", PolicyConfig{Policy: "microbatch"}},
		{"buffered over 128MiB", PolicyConfig{Policy: "buffered", MaxBytes: 200 << 20}},
		{"buffered over 900s", PolicyConfig{Policy: "buffered", FlushEvery: time.Hour}},
		{"negative concurrency", PolicyConfig{Policy: "microbatch", FlushEvery: time.Minute, Concurrency: -1}},
	}
	for _, tc := range cases {
		if _, err := NewPolicy(tc.c); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
}
