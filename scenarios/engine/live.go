package engine

import (
	"context"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prodshape/prodshape/generators"
	"github.com/prodshape/prodshape/generators/pace"
)

// Live is a run's counts as they happen, for a view that reads them while
// the run goes on (a metrics endpoint). Pass one in Options.Live.
//
// Cost: every counter has a single writer, the goroutine that delivers its
// stream, which adds to it once per batch (or part of a batch released by
// the pacer), never per record and never under a lock. Readers load the
// atomics at any time; a snapshot may mix counts a few batches apart.
type Live struct {
	mu       sync.Mutex
	streams  []*LiveStream
	realtime bool
	progress func() Progress // set while the streams run
}

// NewLive returns an empty Live for one run.
func NewLive() *Live { return &Live{} }

// Realtime says whether the run paces its streams on the wall clock; only
// then do the pacing counts (rates, lag, drops) move.
func (l *Live) Realtime() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.realtime
}

// Streams returns the run's streams so far; a run adds them all before
// any record is delivered.
func (l *Live) Streams() []*LiveStream {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]*LiveStream(nil), l.streams...)
}

// Progress returns the run's progress snapshot, or false before the
// streams start and after they end.
func (l *Live) Progress() (Progress, bool) {
	l.mu.Lock()
	f := l.progress
	l.mu.Unlock()
	if f == nil {
		return Progress{}, false
	}
	return f(), true
}

func (l *Live) setProgress(f func() Progress) {
	if l == nil {
		return
	}
	l.mu.Lock()
	l.progress = f
	l.mu.Unlock()
}

// stream registers a stream and its sinks (indexes into the scenario's
// sinks, with their kinds); nil when l is nil.
func (l *Live) stream(name string, sinkIdx []int, kinds []string, realtime bool) *LiveStream {
	if l == nil {
		return nil
	}
	s := &LiveStream{Name: name}
	for i, j := range sinkIdx {
		s.Sinks = append(s.Sinks, &LiveSink{Name: "sinks[" + strconv.Itoa(j) + "]." + kinds[i], Kind: kinds[i]})
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.realtime = realtime
	l.streams = append(l.streams, s)
	return s
}

// LiveStream is one stream's live counts.
type LiveStream struct {
	Name  string
	Sinks []*LiveSink

	records, bytes atomic.Int64 // delivered to every sink
	// Pacing on a realtime clock, times in wall Unix ns.
	sent, dropped               atomic.Int64
	firstIntended, lastIntended atomic.Int64
	firstSent, lastSent         atomic.Int64
	lag, maxLag                 atomic.Int64 // ns
}

// StreamCounts is a snapshot of a LiveStream.
type StreamCounts struct {
	Records, Bytes int64
	// Pacing, zero on a virtual clock.
	Sent, Dropped int64
	IntendedRate  float64 // events/s the schedule asked for so far
	AchievedRate  float64 // events/s sent so far
	Lag, MaxLag   time.Duration
}

// Counts returns the stream's counts now. The rates follow the pacer's
// definitions (pace.Stats), so at the end of a run they are the run's
// load.rate.intended and load.rate.achieved for this stream; dropped
// events join the intended count when their batch has been released.
func (s *LiveStream) Counts() StreamCounts {
	c := StreamCounts{Records: s.records.Load(), Bytes: s.bytes.Load(), Sent: s.sent.Load(), Dropped: s.dropped.Load(),
		Lag: time.Duration(s.lag.Load()), MaxLag: time.Duration(s.maxLag.Load())}
	if c.Sent > 0 {
		st := pace.Stats{Intended: uint64(c.Sent + c.Dropped), Sent: uint64(c.Sent),
			IntendedSpan: time.Duration(s.lastIntended.Load() - s.firstIntended.Load()),
			SentSpan:     time.Duration(s.lastSent.Load() - s.firstSent.Load())}
		c.IntendedRate, c.AchievedRate = st.IntendedRate(), st.AchievedRate()
	}
	return c
}

// released notes a part of a batch the pacer handed to the sinks at
// sentAt; intended maps arrivals to their intended wall time.
func (s *LiveStream) released(b *generators.Batch, sentAt time.Time, intended func(int64) time.Time) {
	n := b.Len()
	if n == 0 {
		return
	}
	first, last, at := intended(b.Arrival[0]).UnixNano(), intended(b.Arrival[n-1]).UnixNano(), sentAt.UnixNano()
	if s.sent.Load() == 0 {
		s.firstIntended.Store(first)
		s.firstSent.Store(at)
	}
	s.lastIntended.Store(last)
	s.lastSent.Store(at)
	// The first record of a part waited longest: its lag is the part's.
	lag := at - first
	s.lag.Store(lag)
	if lag > s.maxLag.Load() {
		s.maxLag.Store(lag)
	}
	s.sent.Add(int64(n))
}

// LiveSink is one sink's live counts for one stream.
type LiveSink struct {
	Name string // sinks[i].kind, as --set spells the sink
	Kind string

	records, bytes, errors atomic.Int64
	files, fileBytes       atomic.Int64 // committed, for sinks that write files (lake)
	// Latency is the produce latency of sinks that measure one (kafka).
	Latency LiveHistogram
}

// SinkCounts is a snapshot of a LiveSink.
type SinkCounts struct {
	Records, Bytes, Errors int64
	// Files and FileBytes are the files committed and their bytes (lake).
	Files, FileBytes int64
}

// Counts returns the sink's counts now.
func (s *LiveSink) Counts() SinkCounts {
	return SinkCounts{Records: s.records.Load(), Bytes: s.bytes.Load(), Errors: s.errors.Load(),
		Files: s.files.Load(), FileBytes: s.fileBytes.Load()}
}

// committed counts a file of size bytes stored by the sink.
func (s *LiveSink) committed(size int64) {
	s.files.Add(1)
	s.fileBytes.Add(size)
}

// LiveBounds are the upper bounds, in seconds, of LiveHistogram's buckets:
// 100 µs to about 52 s, doubling.
var LiveBounds = func() []float64 {
	b := make([]float64, 20)
	for i := range b {
		b[i] = 100e-6 * float64(uint64(1)<<i)
	}
	return b
}()

// LiveHistogram counts durations into LiveBounds buckets with atomics, so
// a callback that runs per record (a produce acknowledgement) stays cheap.
type LiveHistogram struct {
	counts [21]atomic.Uint64 // per bucket, the last one above every bound
	sum    atomic.Int64      // ns
}

// Observe counts one duration.
func (h *LiveHistogram) Observe(d time.Duration) {
	s := d.Seconds()
	i := 0
	for i < len(LiveBounds) && s > LiveBounds[i] {
		i++
	}
	h.counts[i].Add(1)
	h.sum.Add(int64(d))
}

// Snapshot returns the cumulative count at or below each of LiveBounds,
// the total count and the sum in seconds.
func (h *LiveHistogram) Snapshot() (cumulative []uint64, count uint64, sum float64) {
	cumulative = make([]uint64, len(LiveBounds))
	for i := range h.counts {
		count += h.counts[i].Load()
		if i < len(cumulative) {
			cumulative[i] = count
		}
	}
	return cumulative, count, time.Duration(h.sum.Load()).Seconds()
}

// writeLive is writeNow with the live counts of a watched run.
func (r *streamRun) writeLive(ctx context.Context, b *generators.Batch) error {
	n, vb := int64(b.Len()), generators.ValueBytes(b)
	for i, sk := range r.sinks {
		ls := r.live.Sinks[i]
		if err := sk.Write(ctx, b); err != nil {
			ls.errors.Add(1)
			return err
		}
		ls.records.Add(n)
		ls.bytes.Add(vb)
	}
	r.delivered(b)
	r.live.records.Add(n)
	r.live.bytes.Add(vb)
	if r.pacer != nil {
		r.live.released(b, time.Now(), r.rt.intended)
	}
	return nil
}

// releaseLive is the pacer's Release with the drops of a watched run
// counted: what of b was not sent when Release returns cleanly.
func (r *streamRun) releaseLive(ctx context.Context, b *generators.Batch) error {
	before := r.live.sent.Load()
	err := r.pacer.Release(ctx, b, r.rt.intended, func(v *generators.Batch) error { return r.writeLive(ctx, v) })
	if err == nil {
		r.live.dropped.Add(int64(b.Len()) - (r.live.sent.Load() - before))
	}
	return err
}

// observeKafka returns the produce callback of a kafka sink feeding ls, or
// nil when the run is not watched.
func observeKafka(ls *LiveSink) func(time.Duration, error) {
	if ls == nil {
		return nil
	}
	return func(latency time.Duration, err error) {
		if err != nil {
			ls.errors.Add(1)
			return
		}
		ls.Latency.Observe(latency)
	}
}
