package kafka

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/prodshape/prodshape/generators"
	"github.com/prodshape/prodshape/sinks/jsonl"
)

// benchPartitions is the topic's partition count in the benchmarks.
const benchPartitions = 12

// BenchmarkProduce generates about b.N clickstream records (~300 bytes of
// JSON each) and produces them through the sink into the embedded broker,
// generating the next batches while the sink sends the last ones (as a run
// does), and waits for every acknowledgement: records/s is the figure the
// issue asks to be at least 500,000 on two cores.
func BenchmarkProduce(b *testing.B) {
	e := embedded(b, benchPartitions)
	s := openSink(b, Config{Conn: Conn{Brokers: e.Addrs()}, Topic: "bench", Partitions: benchPartitions, Key: "user_id"})
	const rate = 100_000
	gen := clickstream(b, rate, time.Duration(float64(b.N)/rate*1.05*float64(time.Second))+10*time.Millisecond)
	b.ResetTimer()
	n := writePipelined(b, s, gen)
	if err := s.Close(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	c := s.Counts()
	if c.Acked != int64(n) {
		b.Fatalf("acked %d of %d", c.Acked, n)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "records/s")
	b.ReportMetric(float64(c.Bytes)/float64(n), "bytes/record")
}

// writePipelined generates batches on one goroutine while the sink writes
// the previous ones on another, as a run does, and returns the record count.
func writePipelined(b *testing.B, s *Sink, gen *generators.Stream) int {
	b.Helper()
	const depth = 3
	free := make(chan *generators.Batch, depth)
	full := make(chan *generators.Batch, depth)
	for range depth {
		free <- gen.NewBatch()
	}
	go func() {
		defer close(full)
		for {
			batch := <-free
			if !gen.Next(batch) {
				return
			}
			full <- batch
		}
	}()
	n := 0
	for batch := range full {
		if err := s.Write(context.Background(), batch); err != nil {
			b.Fatal(err)
		}
		n += batch.Len()
		free <- batch
	}
	return n
}

// prebuilt generates the records once, outside any timing, as a bare
// producer would send them.
func prebuilt(b *testing.B) []*kgo.Record {
	b.Helper()
	const rate = 100_000
	return prebuiltFor(b, time.Duration(float64(b.N)/rate*1.05*float64(time.Second))+10*time.Millisecond)
}

// prebuiltFor builds the records of span of the clickstream at 100,000/s.
func prebuiltFor(b *testing.B, span time.Duration) []*kgo.Record {
	b.Helper()
	gen := clickstream(b, 100_000, span)
	batch := gen.NewBatch()
	key := batch.Schema.Index("user_id")
	var recs []*kgo.Record
	for gen.Next(batch) {
		for i := range batch.Len() {
			recs = append(recs, &kgo.Record{
				Key:   []byte(batch.Columns[key].Strings[i]),
				Value: jsonl.AppendRecord(nil, batch, i),
			})
		}
	}
	return recs
}

// BenchmarkProduceBareFranz sends the same records, built beforehand, with
// a bare franz-go producer configured like the sink: the ceiling the sink
// must stay within 0.6× of.
func BenchmarkProduceBareFranz(b *testing.B) {
	e := embedded(b, benchPartitions)
	// Let the sink's Open create the topic the same way.
	s := openSink(b, Config{Conn: Conn{Brokers: e.Addrs()}, Topic: "bench", Partitions: benchPartitions})
	_ = s.Close(context.Background())
	recs := prebuilt(b)
	cl, err := kgo.NewClient(kgo.SeedBrokers(e.Addrs()...), kgo.DefaultProduceTopic("bench"),
		kgo.ProducerLinger(DefaultLinger), kgo.ProducerBatchMaxBytes(DefaultBatchBytes),
		kgo.MaxBufferedRecords(DefaultMaxBuffered), kgo.ProducerBatchCompression(kgo.NoCompression()))
	if err != nil {
		b.Fatal(err)
	}
	defer cl.Close()
	ctx := context.Background()
	var failed error
	promise := func(_ *kgo.Record, err error) {
		if err != nil && failed == nil {
			failed = err
		}
	}
	b.ResetTimer()
	for _, r := range recs {
		cl.Produce(ctx, r, promise)
	}
	if err := cl.Flush(ctx); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	if failed != nil {
		b.Fatal(failed)
	}
	b.ReportMetric(float64(len(recs))/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkProduceNaiveSync is the naive baseline: one record at a time,
// each waiting for its acknowledgement. It stops after two seconds.
func BenchmarkProduceNaiveSync(b *testing.B) {
	e := embedded(b, benchPartitions)
	s := openSink(b, Config{Conn: Conn{Brokers: e.Addrs()}, Topic: "bench", Partitions: benchPartitions})
	_ = s.Close(context.Background())
	recs := prebuilt(b)
	cl, err := kgo.NewClient(kgo.SeedBrokers(e.Addrs()...), kgo.DefaultProduceTopic("bench"))
	if err != nil {
		b.Fatal(err)
	}
	defer cl.Close()
	ctx := context.Background()
	b.ResetTimer()
	n := 0
	for _, r := range recs {
		if err := cl.ProduceSync(ctx, r).FirstErr(); err != nil {
			b.Fatal(err)
		}
		n++
		if b.Elapsed() > 2*time.Second {
			break
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkProduceVsBare alternates the sink (generate + produce) and the
// bare producer (pre-built records) in rounds on the same broker, so that
// the ratio the issue bounds (at least 0.6) is measured under the same
// machine load even when other work shares the cores.
func BenchmarkProduceVsBare(b *testing.B) {
	const rounds = 4
	e := embedded(b, benchPartitions)
	perRound := max(b.N/rounds, 1000)
	const rate = 100_000
	span := time.Duration(float64(perRound)/rate*1.05*float64(time.Second)) + 10*time.Millisecond
	var oursN, bareN int
	var oursT, bareT time.Duration
	b.ResetTimer()
	for round := range rounds {
		topic := fmt.Sprintf("vs-%d", round)
		b.StopTimer()
		s := openSink(b, Config{Conn: Conn{Brokers: e.Addrs()}, Topic: topic, Partitions: benchPartitions, Key: "user_id"})
		gen := clickstream(b, rate, span)
		b.StartTimer()
		start := time.Now()
		oursN += writePipelined(b, s, gen)
		if err := s.Close(context.Background()); err != nil {
			b.Fatal(err)
		}
		oursT += time.Since(start)

		b.StopTimer()
		recs := prebuiltFor(b, span)
		cl, err := kgo.NewClient(kgo.SeedBrokers(e.Addrs()...), kgo.DefaultProduceTopic(topic),
			kgo.ProducerLinger(DefaultLinger), kgo.ProducerBatchMaxBytes(DefaultBatchBytes),
			kgo.MaxBufferedRecords(DefaultMaxBuffered), kgo.ProducerBatchCompression(kgo.NoCompression()))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start = time.Now()
		for _, r := range recs {
			cl.Produce(context.Background(), r, nil)
		}
		if err := cl.Flush(context.Background()); err != nil {
			b.Fatal(err)
		}
		bareT += time.Since(start)
		bareN += len(recs)
		cl.Close()
	}
	b.StopTimer()
	ours := float64(oursN) / oursT.Seconds()
	bare := float64(bareN) / bareT.Seconds()
	b.ReportMetric(ours, "ours-records/s")
	b.ReportMetric(bare, "bare-records/s")
	b.ReportMetric(ours/bare, "ratio")
}
