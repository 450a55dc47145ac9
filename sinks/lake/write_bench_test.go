package lake

import (
	"context"
	"testing"
	"time"

	"github.com/prodshape/prodshape/sinks/lake/laketest"
)

const writeBenchRows = 300_000

// preBatches builds the benchmark's records once, as batches of 4096.
func preBatches(b *testing.B) []*testBatch {
	b.Helper()
	var out []*testBatch
	for lo := 0; lo < writeBenchRows; lo += 4096 {
		tb := newTestBatch(4096)
		for k := lo; k < min(lo+4096, writeBenchRows); k++ {
			tb.add(day0.Add(time.Duration(k)*10*time.Millisecond), int64(k))
		}
		tb.Watermark = day0.Add(time.Duration(min(lo+4096, writeBenchRows)) * 10 * time.Millisecond)
		out = append(out, tb)
	}
	return out
}

// BenchmarkPartitionWrite is the writer alone on pre-generated records:
// route, partition by day and type, buffer, encode snappy Parquet (an
// hourly batch job, two tasks) and store on local disk. Its baseline is
// BenchmarkBareGenericWriter on the same records.
func BenchmarkPartitionWrite(b *testing.B) {
	batches := preBatches(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s := newSink(b, Config{PartitionBy: []string{"dt={event_time:2006-01-02}", "type={event_type}"},
			Writer: PolicyConfig{Policy: "batch", FlushEvery: time.Hour, Concurrency: 2}})
		for _, tb := range batches {
			if err := s.Write(context.Background(), &tb.Batch); err != nil {
				b.Fatal(err)
			}
		}
		if err := s.Close(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(writeBenchRows*b.N)/b.Elapsed().Seconds(), "rows/s")
}

type bareRow struct {
	EventID   string    `parquet:"event_id"`
	EventTime time.Time `parquet:"event_time,timestamp(microsecond)"`
	UserID    int64     `parquet:"user_id"`
	EventType string    `parquet:"event_type"`
	Price     *float64  `parquet:"price,optional"`
	Mobile    bool      `parquet:"mobile"`
}

// BenchmarkBareGenericWriter writes the same records with parquet-go's
// GenericWriter for a Go struct, to one snappy file on local disk.
func BenchmarkBareGenericWriter(b *testing.B) {
	var rows []bareRow
	for _, tb := range preBatches(b) {
		c := tb.Columns
		for i := 0; i < tb.Len(); i++ {
			r := bareRow{EventID: c[0].Strings[i], EventTime: time.UnixMicro(c[1].Ints[i]).UTC(), UserID: c[2].Ints[i],
				EventType: c[3].Strings[i], Mobile: c[5].Bools[i]}
			if !c[4].IsNull(i) {
				v := c[4].Floats[i]
				r.Price = &v
			}
			rows = append(rows, r)
		}
	}
	dir := b.TempDir()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		laketest.WriteBare(b, dir, rows)
	}
	b.ReportMetric(float64(len(rows)*b.N)/b.Elapsed().Seconds(), "rows/s")
}
