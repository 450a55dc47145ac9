package kafka

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/prodshape/prodshape/analysis/metrics"
	"github.com/prodshape/prodshape/generators"
	"github.com/prodshape/prodshape/sinks"
	"github.com/prodshape/prodshape/sinks/facts"
	"github.com/prodshape/prodshape/sinks/jsonl"
)

var (
	_ sinks.Sink     = (*Sink)(nil)
	_ sinks.Reporter = (*Sink)(nil)
)

// Sink produces records to one topic.
type Sink struct {
	cfg    Config
	client *kgo.Client
	keyCol int // column of the key field, -1 for none; resolved on first Write
	schema *generators.Schema

	// avgSize sizes the next batch's value buffer from the last one.
	avgSize int
	// enc encodes values, caching the formatted second of timestamps.
	enc jsonl.Encoder
	// free recycles batchStates once every record in them is done. A
	// plain list rather than a sync.Pool: the pool empties at every
	// garbage collection, which at this allocation rate is often.
	freeMu sync.Mutex
	free   []*batchState
	// promiseFn is s.promise, evaluated once: a method value passed to
	// Produce would allocate on every call.
	promiseFn func(*kgo.Record, error)

	mu       sync.Mutex // guards what promises update
	latency  *hdrhistogram.Histogram
	ack      *hdrhistogram.Histogram
	overTime facts.LatencyWindows
	produced int64
	acked    int64
	bytes    int64
	failed   int64
	unsent   int64
	firstErr error

	closed   bool  // Close ran; Write refuses from then on
	closeErr error // what the first Close returned, for a second one
}

// maxFree bounds the recycled batchStates kept: enough for the batches in
// flight at MaxBuffered records.
const maxFree = 64

// valueChunk is the size of the buffers record keys and values are encoded
// into; records point into them until acknowledged.
const valueChunk = 256 << 10

// recordCtx rides along each record (in kgo.Record.Context) so the promise
// knows when the record was meant to leave. It never cancels: a record
// handed to the producer is delivered or fails on its own terms, even when
// the run is interrupted, so Close can flush it.
type recordCtx struct {
	context.Context
	intended int64 // wall Unix ns
	handed   int64 // wall Unix ns of the Write call that handed it over
	batch    *batchState
}

// batchState holds one Write's records and the chunks their keys and
// values are encoded into. The records' contexts are not recycled with it:
// franz-go may still read a record's context after its promise (a producer
// waiting for an unknown topic's metadata holds the first one).
type batchState struct {
	recs    []kgo.Record
	chunks  [][]byte
	pending atomic.Int64 // records not yet acknowledged or failed
}

// chunk returns the k-th value buffer, empty, with at least size bytes.
func (bs *batchState) chunk(k, size int) []byte {
	if k < len(bs.chunks) && cap(bs.chunks[k]) >= size {
		return bs.chunks[k][:0]
	}
	c := make([]byte, 0, size)
	if k < len(bs.chunks) {
		bs.chunks[k] = c
	} else {
		bs.chunks = append(bs.chunks, c)
	}
	return c
}

// getBatch returns cleared state for n records.
func (s *Sink) getBatch(n int) *batchState {
	var bs *batchState
	s.freeMu.Lock()
	if k := len(s.free); k > 0 {
		bs = s.free[k-1]
		s.free = s.free[:k-1]
	}
	s.freeMu.Unlock()
	if bs == nil {
		bs = &batchState{}
	}
	if cap(bs.recs) < n {
		bs.recs = make([]kgo.Record, n)
	}
	bs.recs = bs.recs[:n]
	clear(bs.recs)
	bs.pending.Store(int64(n))
	return bs
}

// release marks n records of bs done and pools bs after its last one.
func (s *Sink) release(bs *batchState, n int64) {
	if bs.pending.Add(-n) == 0 {
		s.freeMu.Lock()
		if len(s.free) < maxFree {
			s.free = append(s.free, bs)
		}
		s.freeMu.Unlock()
	}
}

// Open connects to the cluster, checks that a broker answers and that the
// topic exists (creating it when cfg.Partitions is set), and returns a sink
// ready for Write.
func Open(ctx context.Context, cfg Config) (*Sink, error) {
	cfg.setDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	opts, err := cfg.ClientOpts()
	if err != nil {
		return nil, err
	}
	acks, _ := acksOpt(cfg.Acks)
	codec, _ := compressionOpt(cfg.Compression)
	partitioner, _ := partitionerOpt(cfg.Partitioner)
	opts = append(opts,
		kgo.RecordPartitioner(partitioner),
		// Producing to a topic the brokers create on first use, as
		// their auto.create.topics.enable allows.
		kgo.AllowAutoTopicCreation(),
		kgo.DefaultProduceTopic(cfg.Topic),
		kgo.RequiredAcks(acks),
		kgo.ProducerBatchCompression(codec),
		kgo.ProducerBatchMaxBytes(cfg.BatchBytes),
		kgo.MaxBufferedRecords(cfg.MaxBuffered),
		kgo.RecordDeliveryTimeout(cfg.DeliveryTimeout),
	)
	if cfg.Linger > 0 {
		opts = append(opts, kgo.ProducerLinger(cfg.Linger))
	}
	if !cfg.IdempotentWrites() {
		opts = append(opts, kgo.DisableIdempotentWrite())
	}
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		return nil, fmt.Errorf("kafka sink: %w", err)
	}
	if err := cfg.Ping(ctx, cl); err != nil {
		cl.Close()
		return nil, err
	}
	if err := ensureTopic(ctx, cl, cfg); err != nil {
		cl.Close()
		return nil, err
	}
	s := &Sink{
		cfg:     cfg,
		client:  cl,
		keyCol:  -1,
		avgSize: 256,
		latency: metrics.NewHistogram(),
		ack:     metrics.NewHistogram(),
	}
	s.promiseFn = s.promise
	return s, nil
}

// Write hands every record of b to the producer and returns once they are
// buffered; acknowledgements arrive asynchronously and Close waits for them.
// It blocks while MaxBuffered records are in flight.
func (s *Sink) Write(ctx context.Context, b *generators.Batch) error {
	if s.closed {
		return fmt.Errorf("kafka sink: write to topic %q after close", s.cfg.Topic)
	}
	n := b.Len()
	if n == 0 {
		return nil
	}
	if b.Schema != s.schema {
		s.schema = b.Schema
		s.keyCol = -1
		if s.cfg.Key != "" {
			s.keyCol = b.Schema.Index(s.cfg.Key)
			if s.keyCol < 0 {
				return fmt.Errorf("kafka sink: key field %q is not a field of stream %q", s.cfg.Key, b.Schema.Stream)
			}
		}
	}
	// Records point into bs until acknowledged; bs returns to the pool
	// when the last of them is, so steady sending allocates little.
	bs := s.getBatch(n)
	recs := bs.recs
	ctxs := make([]recordCtx, n)
	var buf []byte
	total, chunk := 0, 0
	// One clock read per Write: it stamps the records (so the producer need
	// not read the clock per record) and is when they were handed over.
	wall := time.Now()
	now := wall.UnixNano()
	for i := range n {
		if cap(buf)-len(buf) < 2*s.avgSize {
			// A fresh chunk rather than growing one: growing would copy
			// every record encoded so far.
			total += len(buf)
			buf = bs.chunk(chunk, max(valueChunk, 4*s.avgSize))
			chunk++
		}
		start := len(buf)
		buf = s.enc.Append(buf, b, i)
		recs[i].Value = buf[start:len(buf):len(buf)]
		if s.keyCol >= 0 {
			start = len(buf)
			buf = appendKey(buf, &b.Columns[s.keyCol], i)
			if len(buf) > start {
				recs[i].Key = buf[start:len(buf):len(buf)]
			}
		}
		intended := now
		if s.cfg.Intended != nil {
			intended = s.cfg.Intended(b.Arrival[i]).UnixNano()
		}
		ctxs[i] = recordCtx{Context: context.Background(), intended: intended, handed: now, batch: bs}
		recs[i].Context = &ctxs[i]
		recs[i].Timestamp = wall
	}
	s.avgSize = (total+len(buf))/n + 1
	for i := range recs {
		if err := ctx.Err(); err != nil {
			s.mu.Lock()
			s.produced += int64(i)
			s.unsent += int64(n - i)
			s.mu.Unlock()
			s.release(bs, int64(n-i)) // no promise will come for these
			return err
		}
		s.client.Produce(ctx, &recs[i], s.promiseFn)
	}
	s.mu.Lock()
	s.produced += int64(n)
	s.mu.Unlock()
	// A record whose Produce was waiting for buffer space when ctx ended
	// was not sent (its promise counts it unsent): the batch was cut short.
	return ctx.Err()
}

// promise runs once per record when the broker answers (or the record
// fails). franz-go calls promises serially.
func (s *Sink) promise(r *kgo.Record, err error) {
	now := time.Now().UnixNano()
	rc, _ := r.Context.(*recordCtx)
	s.mu.Lock()
	defer func() {
		s.mu.Unlock()
		if rc != nil {
			s.release(rc.batch, 1)
		}
	}()
	switch {
	case err == nil:
		s.acked++
		s.bytes += int64(len(r.Value) + len(r.Key))
		if rc != nil {
			metrics.RecordDuration(s.latency, time.Duration(now-rc.intended))
			s.overTime.Record(now, time.Duration(now-rc.intended))
			metrics.RecordDuration(s.ack, time.Duration(now-rc.handed))
			if s.cfg.Observe != nil {
				s.cfg.Observe(time.Duration(now-rc.intended), nil)
			}
		}
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		// Write's context ended while Produce waited for buffer space:
		// the record never left, so it is not lost, only not sent.
		s.unsent++
		s.produced--
	default:
		s.failed++
		if s.firstErr == nil {
			s.firstErr = err
		}
		if s.cfg.Observe != nil {
			s.cfg.Observe(0, err)
		}
	}
}

// Close waits until every record handed to the producer is acknowledged or
// has failed, then disconnects. It reports records the brokers never
// acknowledged as an error wrapping sinks.ErrTarget. Pass a context that is
// still live even when the run was interrupted: Close is how what was sent
// gets flushed.
func (s *Sink) Close(ctx context.Context) error {
	if s.closed {
		return s.closeErr
	}
	s.closed = true
	s.closeErr = s.flushAndClose(ctx)
	return s.closeErr
}

func (s *Sink) flushAndClose(ctx context.Context) error {
	defer s.client.Close()
	if err := s.client.Flush(ctx); err != nil {
		return fmt.Errorf("%w: kafka: flushing topic %q: %w; records still in flight were not confirmed",
			sinks.ErrTarget, s.cfg.Topic, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failed > 0 {
		return fmt.Errorf("%w: kafka: %d of %d records to topic %q were not acknowledged: %w",
			sinks.ErrTarget, s.failed, s.produced, s.cfg.Topic, s.firstErr)
	}
	return nil
}

// Settings returns the producer settings in effect, defaults filled in, as
// option and value: what a report shows next to the latencies they explain.
func (s *Sink) Settings() [][2]string {
	c := s.cfg
	linger := "none"
	if c.Linger > 0 {
		linger = c.Linger.String()
	}
	return [][2]string{
		{"acks", c.Acks},
		{"idempotent", strconv.FormatBool(c.IdempotentWrites())},
		{"linger", linger},
		{"batch", metrics.FormatBytes(float64(c.BatchBytes))},
		{"compression", c.Compression},
		{"partitioner", c.Partitioner},
		{"max in flight", metrics.FormatCount(float64(c.MaxBuffered))},
	}
}

// Counts is what a sink delivered.
type Counts struct {
	Produced int64 // handed to the producer
	Acked    int64 // acknowledged by the brokers
	Failed   int64 // failed after retries
	Unsent   int64 // not handed over because the run stopped
	Bytes    int64 // key and value bytes acknowledged
}

// Counts returns the counts so far; after Close they are final.
func (s *Sink) Counts() Counts {
	s.mu.Lock()
	defer s.mu.Unlock()
	return Counts{Produced: s.produced, Acked: s.acked, Failed: s.failed, Unsent: s.unsent, Bytes: s.bytes}
}

// Facts reports the acknowledgements: latency histograms (µs), overall and
// per wall-clock window, and the counts.
func (s *Sink) Facts() facts.Report {
	s.mu.Lock()
	defer s.mu.Unlock()
	return facts.Report{Sink: "kafka", Records: s.acked, Bytes: s.bytes, Kafka: &facts.Kafka{
		Produce: s.latency, Ack: s.ack, OverTime: &s.overTime, Failed: s.failed, Unsent: s.unsent,
	}}
}

// appendKey appends record i of col as key bytes: strings as they are,
// numbers and booleans in decimal text, timestamps as RFC 3339. A null
// value appends nothing (a record without key).
func appendKey(dst []byte, col *generators.Column, i int) []byte {
	if col.IsNull(i) {
		return dst
	}
	switch col.Type {
	case generators.String:
		return append(dst, col.Strings[i]...)
	case generators.Int64:
		return strconv.AppendInt(dst, col.Ints[i], 10)
	case generators.Float64:
		return strconv.AppendFloat(dst, col.Floats[i], 'g', -1, 64)
	case generators.Bool:
		return strconv.AppendBool(dst, col.Bools[i])
	case generators.Timestamp:
		return time.UnixMicro(col.Ints[i]).UTC().AppendFormat(dst, time.RFC3339Nano)
	}
	return dst
}
