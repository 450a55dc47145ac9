package engine

import (
	"context"
	"github.com/prodshape/prodshape/scenarios"
	"testing"
	"time"
	"unsafe"

	"github.com/prodshape/prodshape/sinks/lake/laketest"
)

const lakeBenchYAML = `name: lake-bench
seed: 7
scale: 1
clock: {start: 2026-03-02T00:00:00Z, duration: 10m}
entities:
  users: {count: 1000000, activity: {zipf: 1.1}}
  sessions: {count: 5000000, activity: {zipf: 1.05}}
streams:
  - name: clickstream
    rate: 500/s
    fields:
      event_id: uuid
      event_time: event_time
      user_id: {ref: users}
      session_id: {ref: sessions}
      event_type: {enum: {page_view: 96.7, add_to_cart: 2.5, purchase: 0.8}}
      url: {faker: url, cardinality: 50000, skew: {zipf: 1.2}}
      country: {faker: country_abr, skew: {zipf: 1.3}}
      device: {enum: {mobile: 62, desktop: 33, tablet: 5}}
      referrer: {faker: domain_name, cardinality: 2000, skew: {zipf: 1.5}, null: 40%}
      price: {when: {event_type: purchase}, normal: {mean: 60, stddev: 25, min: 1}, decimals: 2}
system:
  lake:
    writer:
      policy: batch
      flush_every: 1h
      concurrency: 2
      partition_by: ["dt={event_time:2006-01-02}", "type={event_type}"]
      parquet: {compression: snappy}
sinks:
  - lake: lake
`

// lakeBenchRows is the bench stream's record as the baseline writes it.
type lakeBenchRow struct {
	EventID   string    `parquet:"event_id"`
	EventTime time.Time `parquet:"event_time,timestamp(microsecond)"`
	UserID    string    `parquet:"user_id"`
	SessionID string    `parquet:"session_id"`
	EventType string    `parquet:"event_type"`
	URL       string    `parquet:"url"`
	Country   string    `parquet:"country"`
	Device    string    `parquet:"device"`
	Referrer  *string   `parquet:"referrer,optional"`
	Price     *float64  `parquet:"price,optional"`
}

// lakeBenchSizes are the benchmark's two run lengths: ten minutes at
// 500/s (300,000 records), where the run's fixed cost (building the
// 50,000-value url pool and the rest of the set-up, about 0.1 s of CPU)
// still shows, and at 2,000/s (1.2 million), closer to steady state.
var lakeBenchSizes = []struct {
	name, rate string
}{{"300k", "500/s"}, {"1.2M", "2000/s"}}

func lakeBenchScenario(b *testing.B, rate string) *scenarios.Scenario {
	b.Helper()
	s, err := scenarios.Parse("lake-bench.yaml", []byte(lakeBenchYAML), scenarios.Options{Sets: []string{"streams[0].rate=" + rate}})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkLakeRun generates the 10-column clickstream, partitions it by
// day and event type and writes snappy Parquet to local disk: a whole run,
// result.json included. Compare rows/s with BenchmarkLakeBaselineWriter of
// the same size (-cpu 1 for one core, -cpu 2 for both).
func BenchmarkLakeRun(b *testing.B) {
	for _, size := range lakeBenchSizes {
		b.Run(size.name, func(b *testing.B) {
			s := lakeBenchScenario(b, size.rate)
			var rows float64
			for i := 0; i < b.N; i++ {
				res, err := runScenario(context.Background(), s, runOptions{OutDir: b.TempDir()})
				if err != nil {
					b.Fatal(err)
				}
				rows += res.Metrics["lake.rows.total"]
			}
			b.ReportMetric(rows/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// BenchmarkLakeBaselineWriter is the bare parquet-go GenericWriter writing
// the same records, generated beforehand, to one snappy file on local disk.
func BenchmarkLakeBaselineWriter(b *testing.B) {
	for _, size := range lakeBenchSizes {
		b.Run(size.name, func(b *testing.B) {
			rows := lakeBenchRows(b, lakeBenchScenario(b, size.rate))
			dir := b.TempDir()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				laketest.WriteBare(b, dir, rows)
			}
			b.ReportMetric(float64(len(rows)*b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

func lakeBenchRows(b *testing.B, s *scenarios.Scenario) []lakeBenchRow {
	b.Helper()
	gen := firstStream(b, s)
	var rows []lakeBenchRow
	batch := gen.NewBatch()
	for gen.Next(batch) {
		c := batch.Columns
		// Ids and uuids live in the batch's memory, which the next batch
		// reuses: keep a copy, laid out as the generator lays them out.
		for _, k := range []int{0, 2, 3} {
			c[k].Strings = keepStrings(c[k].Strings[:batch.Len()])
		}
		for i := 0; i < batch.Len(); i++ {
			r := lakeBenchRow{
				EventID: c[0].Strings[i], EventTime: time.UnixMicro(c[1].Ints[i]).UTC(), UserID: c[2].Strings[i],
				SessionID: c[3].Strings[i], EventType: c[4].Strings[i], URL: c[5].Strings[i], Country: c[6].Strings[i],
				Device: c[7].Strings[i],
			}
			if !c[8].IsNull(i) {
				v := c[8].Strings[i]
				r.Referrer = &v
			}
			if !c[9].IsNull(i) {
				v := c[9].Floats[i]
				r.Price = &v
			}
			rows = append(rows, r)
		}
	}
	// Every uuid differs: rows that pointed into reused batch memory
	// would repeat the last batch's (and compress faster than real data).
	seen := make(map[string]struct{}, len(rows))
	for _, r := range rows {
		seen[r.EventID] = struct{}{}
	}
	if len(seen) != len(rows) {
		b.Fatalf("%d distinct event ids in %d rows", len(seen), len(rows))
	}
	return rows
}

// keepStrings copies strings into one new array and returns them there.
func keepStrings(strs []string) []string {
	n := 0
	for _, v := range strs {
		n += len(v)
	}
	buf := make([]byte, 0, n)
	out := make([]string, len(strs))
	for i, v := range strs {
		start := len(buf)
		buf = append(buf, v...)
		out[i] = unsafe.String(unsafe.SliceData(buf[start:]), len(v))
	}
	return out
}
