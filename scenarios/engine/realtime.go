package engine

import (
	"context"
	"time"

	"github.com/prodshape/prodshape/analysis/metrics"
	"github.com/prodshape/prodshape/generators"
	"github.com/prodshape/prodshape/generators/pace"
	"github.com/prodshape/prodshape/scenarios"
)

// realtime paces a run in clock.mode realtime: the scenario clock runs on
// the wall clock (clock.speedup times faster), and every stream hands its
// records to the sinks when they fall due (the open model of package pace).
type realtime struct {
	clock  pace.Clock
	maxLag time.Duration
}

// newRealtime returns nil for a virtual clock.
func newRealtime(s *scenarios.Scenario) *realtime {
	if s.Clock.Mode != "realtime" {
		return nil
	}
	return &realtime{
		clock:  pace.Clock{Scenario: s.Clock.Start.Time, Speedup: s.Clock.Speedup},
		maxLag: time.Duration(s.Clock.MaxLag),
	}
}

// start puts the scenario start on the wall clock now; call it once, just
// before the streams start. A clock that starts now (no clock.start) is
// re-anchored here rather than at validation: opening the sinks (starting
// a broker, creating a topic) takes tens to hundreds of milliseconds, and
// every event time would otherwise lie that much before its intended send,
// inflating freshness by a constant. The generators are rebuilt on the new
// start; they have produced nothing yet.
func (rt *realtime) start(s *scenarios.Scenario, plans []scenarios.StreamPlan, runs []*streamRun) error {
	if rt == nil {
		return nil
	}
	now := time.Now()
	if s.StartsNow() {
		start := now.UTC()
		for i, r := range runs {
			cfg := plans[i].Config
			cfg.Start = start
			gen, err := generators.NewStream(cfg)
			if err != nil {
				return err
			}
			r.gen = gen
		}
		s.Clock.Start = scenarios.Time{Time: start}
		rt.clock.Scenario = start
	}
	rt.clock.Wall = now
	return nil
}

// intended is the wall time at which a record arriving at the scenario
// instant arrival (Unix ns) is meant to be sent: what sinks measure
// latency from.
func (rt *realtime) intended(arrival int64) time.Time { return rt.clock.WallAtNanos(arrival) }

// newPacer returns a stream's pacer, or nil on a virtual clock.
func (rt *realtime) newPacer() *pace.Pacer {
	if rt == nil {
		return nil
	}
	return pace.New(pace.Config{DropAfter: rt.maxLag})
}

// write hands a batch to the stream's sinks: at once on a virtual clock,
// as its records fall due on a realtime one.
func (r *streamRun) write(ctx context.Context, b *generators.Batch) error {
	if r.pacer == nil {
		return r.writeNow(ctx, b)
	}
	if r.live != nil {
		return r.releaseLive(ctx, b)
	}
	return r.pacer.Release(ctx, b, r.rt.intended, func(v *generators.Batch) error { return r.writeNow(ctx, v) })
}

// writeNow hands b to every sink and counts its records as delivered. On
// a realtime clock b is the part of a batch that fell due, so an
// interrupted run counts exactly what it sent.
func (r *streamRun) writeNow(ctx context.Context, b *generators.Batch) error {
	if r.live != nil {
		return r.writeLive(ctx, b)
	}
	for _, sk := range r.sinks {
		if err := sk.Write(ctx, b); err != nil {
			return err
		}
	}
	r.delivered(b)
	return nil
}

// delivered counts b's records as sent and moves the stream's released
// clock to b's watermark: the scenario time its sinks have been handed.
func (r *streamRun) delivered(b *generators.Batch) {
	r.records.Add(int64(b.Len()))
	r.released.Store(b.Watermark.UnixNano())
}

// report adds the pacing metrics of every stream: rates add up; lags and
// the achieved share take the worst stream.
func (rt *realtime) report(set *metrics.Set, runs []*streamRun) {
	if rt == nil {
		return
	}
	var intended, achieved, lag float64
	var seconds []pace.Second
	share := 1.0
	var late, dropped, sent uint64
	for _, r := range runs {
		if r.pacer == nil {
			continue
		}
		st := r.pacer.Stats()
		intended += st.IntendedRate()
		achieved += st.AchievedRate()
		late += st.Late
		dropped += st.Dropped
		sent += st.Sent
		lag = max(lag, st.MaxLag.Seconds())
		if st.Sent > 1 {
			share = min(share, st.AchievedShare())
		}
		for i, sec := range st.PerSecond {
			if i >= len(seconds) {
				seconds = append(seconds, pace.Second{})
			}
			seconds[i].Intended += sec.Intended
			seconds[i].Sent += sec.Sent
		}
	}
	set.Put(pace.MetricIntendedRate, intended)
	set.Put(pace.MetricAchievedRate, achieved)
	set.Put(pace.MetricAchievedShare, share)
	set.Put(pace.MetricLate, float64(late))
	set.Put(pace.MetricDropped, float64(dropped))
	set.Put(pace.MetricSent, float64(sent))
	set.Put(pace.MetricMaxLag, lag)
	if len(seconds) > 0 {
		chart := metrics.Series{Chart: "load-rate", Title: "Intended and achieved send rate on the wall clock",
			Kind: "line", XLabel: "wall time since start", YLabel: "events/s", XUnit: metrics.Seconds, YUnit: metrics.PerSecond}
		in, out := chart, chart
		in.Name, out.Name = "intended", "achieved"
		for i, sec := range seconds {
			in.Points = append(in.Points, metrics.Point{X: float64(i), Y: float64(sec.Intended)})
			out.Points = append(out.Points, metrics.Point{X: float64(i), Y: float64(sec.Sent)})
		}
		set.AddSeries(in, out)
	}
}
