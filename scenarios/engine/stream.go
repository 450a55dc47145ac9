package engine

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prodshape/prodshape/analysis/measure"
	"github.com/prodshape/prodshape/analysis/metrics"
	"github.com/prodshape/prodshape/generators"
	"github.com/prodshape/prodshape/generators/pace"
	"github.com/prodshape/prodshape/scenarios"
	"github.com/prodshape/prodshape/sinks"
)

// streams is the workload of a scenario's event streams: each stream's
// generator runs in its own pipeline into the sinks that take it.
type streams struct{}

// streamRun is one stream's generator and sinks.
type streamRun struct {
	gen     *generators.Stream
	sinks   []sinks.Sink
	rt      *realtime   // nil on a virtual clock
	pacer   *pace.Pacer // nil on a virtual clock
	records atomic.Int64
	// released is the watermark (scenario Unix ns) of the last batch, or
	// part of one, handed to the sinks.
	released atomic.Int64
	perMin   []int64
	bytes    int64
	live     *LiveStream // nil when the run is not watched
}

func (streams) Run(ctx context.Context, env *Env, set *metrics.Set) error {
	s := env.Scenario()
	var runs []*streamRun
	defer func() {
		for _, r := range runs {
			abortAll(r.sinks)
		}
	}()
	minutes := int((time.Duration(s.Clock.Duration) + time.Minute - 1) / time.Minute)
	for i := range env.Plan.Streams {
		r, err := openStream(ctx, env, &env.Plan.Streams[i], minutes)
		if r != nil {
			runs = append(runs, r)
		}
		if err != nil {
			return err
		}
	}
	if err := env.realtime.start(s, env.Plan.Streams, runs); err != nil {
		return err
	}
	stop := startProgress(env, runs)
	defer stop()
	var wg sync.WaitGroup
	errs := make([]error, len(runs))
	for i, r := range runs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = safely(func() error { return r.run(ctx, s.Clock.Start.Time) })
		}()
	}
	wg.Wait()
	for _, r := range runs {
		for _, sk := range r.sinks {
			if rep, ok := sk.(sinks.Reporter); ok {
				measure.Put(set, rep.Facts())
			}
			if a, ok := sk.(afterRun); ok {
				a.afterRun(set)
			}
		}
	}
	recordStreamMetrics(set, runs, env.Plan)
	env.realtime.report(set, runs)
	runs = nil // closed or failed: nothing left to abort
	return errors.Join(errs...)
}

// openStream makes a stream's generator and opens its sinks. On error the
// returned run (if any) holds the sinks opened so far, for the caller to
// abort.
func openStream(ctx context.Context, env *Env, sp *scenarios.StreamPlan, minutes int) (*streamRun, error) {
	gen, err := generators.NewStream(sp.Config)
	if err != nil {
		return nil, err
	}
	r := &streamRun{gen: gen, perMin: make([]int64, minutes), rt: env.realtime, pacer: env.realtime.newPacer()}
	kinds := make([]string, len(sp.Sinks))
	for i, j := range sp.Sinks {
		kinds[i] = env.Scenario().Sinks[j].Kind()
	}
	r.live = env.live.stream(gen.Schema().Stream, sp.Sinks, kinds, env.realtime != nil)
	for i, j := range sp.Sinks {
		spec := &env.Scenario().Sinks[j]
		var live *LiveSink
		if r.live != nil {
			live = r.live.Sinks[i]
		}
		sk, err := openSink(ctx, env, spec, gen.Schema(), live)
		if err != nil {
			return r, fmt.Errorf("sinks[%d] (%s): %w", j, spec.Kind(), err)
		}
		r.sinks = append(r.sinks, sk)
	}
	return r, nil
}

// afterRun is a sink that measures the target once more after the facts
// of its sink are in: a scan of the lake, a read of the topic.
type afterRun interface {
	afterRun(set *metrics.Set)
}

func abortAll(list []sinks.Sink) {
	for _, sk := range list {
		if a, ok := sk.(aborter); ok {
			a.Abort()
		}
	}
}

// run pipelines generation and delivery: one goroutine fills batches while
// the other hands the previous ones to the sinks.
func (r *streamRun) run(ctx context.Context, start time.Time) error {
	const depth = 3
	free := make(chan *generators.Batch, depth)
	full := make(chan *generators.Batch, depth)
	for i := 0; i < depth; i++ {
		free <- r.gen.NewBatch()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var genErr error // written before full is closed, read after
	go func() {
		defer close(full)
		genErr = safely(func() error { r.generate(ctx, free, full); return nil })
	}()
	var err error
	for b := range full {
		if err == nil {
			err = r.deliver(ctx, b, start)
			if err != nil {
				cancel()
			}
		}
		free <- b
	}
	if err == nil {
		err = genErr
	}
	if err == nil {
		err = ctx.Err()
	}
	return r.finish(ctx, err)
}

// generate fills free batches and hands them on until the stream ends or
// ctx is cancelled.
func (r *streamRun) generate(ctx context.Context, free <-chan *generators.Batch, full chan<- *generators.Batch) {
	for {
		var b *generators.Batch
		select {
		case b = <-free:
		case <-ctx.Done():
			return
		}
		if !r.gen.Next(b) {
			return
		}
		full <- b
	}
}

// finish closes every sink after a clean run and aborts those that can
// discard unfinished output after a failed or interrupted one.
func (r *streamRun) finish(ctx context.Context, err error) error {
	for _, sk := range r.sinks {
		if err != nil {
			if a, ok := sk.(aborter); ok {
				a.Abort()
				continue
			}
		}
		if cerr := sk.Close(context.WithoutCancel(ctx)); cerr != nil && err == nil {
			err = cerr
		}
	}
	return err
}

func (r *streamRun) deliver(ctx context.Context, b *generators.Batch, start time.Time) error {
	base := start.UnixNano()
	for _, a := range b.Arrival {
		if m := int((a - base) / int64(time.Minute)); m >= 0 && m < len(r.perMin) {
			r.perMin[m]++
		}
	}
	r.bytes += generators.ValueBytes(b)
	return r.write(ctx, b)
}

// startProgress calls env.progress every progressEvery with a snapshot
// and lends the snapshot to the live view, until the returned stop.
func startProgress(env *Env, runs []*streamRun) func() {
	snapshot := progressOf(env, runs, time.Now())
	env.live.setProgress(snapshot)
	if env.progress == nil {
		return func() { env.live.setProgress(nil) }
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(env.progressEvery)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				env.progress(snapshot())
			case <-done:
				env.progress(snapshot())
				return
			}
		}
	}()
	return func() { close(done); wg.Wait(); env.live.setProgress(nil) }
}

// progressOf returns the snapshot function of a run. On a virtual clock a
// stream has done the share of its clock generated; on a realtime clock
// the share released to its sinks, which follows the wall clock: the
// generator runs ahead of the pacer by the batches queued between them.
func progressOf(env *Env, runs []*streamRun, began time.Time) func() Progress {
	s := env.Scenario()
	start, span := s.Clock.Start.UnixNano(), float64(s.Clock.Duration)
	return func() Progress {
		var p Progress
		for _, r := range runs {
			p.Records += r.records.Load()
			done := r.gen.Progress()
			if env.realtime != nil && span > 0 {
				done = min(1, max(0, float64(r.released.Load()-start)/span))
			}
			p.Done += done / float64(len(runs))
		}
		p.Clock = s.Clock.Start.Add(time.Duration(p.Done * float64(s.Clock.Duration)))
		p.Elapsed = time.Since(began)
		return p
	}
}
