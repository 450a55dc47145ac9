package lake

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"

	"github.com/prodshape/prodshape/analysis/metrics"
	"github.com/prodshape/prodshape/sinks"
	"github.com/prodshape/prodshape/sinks/objstore"
)

// encodePool encodes buffers into Parquet and stores them on a few
// goroutines, each with its own reusable writer. It also records freshness:
// a file's rows become readable at its commit time.
type encodePool struct {
	jobs  chan *encodeJob
	store objstore.Store
	wg    sync.WaitGroup // workers
	busy  sync.WaitGroup // jobs in flight

	mu    sync.Mutex
	err   error
	freed []*rowBuf
	fresh []*freshness // one per worker, merged in Report
}

// maxRecycledRows bounds the buffers kept for reuse: a buffer that held an
// hour of a batch job's rows is worth returning to the runtime, not keeping.
const maxRecycledRows = 1 << 16

type encodeJob struct {
	file   *fileEntry
	rows   *rowBuf
	commit time.Time
}

func newEncodePool(workers int, newEnc func() *encoder, store objstore.Store) *encodePool {
	p := &encodePool{jobs: make(chan *encodeJob, 2*workers), store: store}
	for range workers {
		f := newFreshness()
		p.fresh = append(p.fresh, f)
		p.wg.Add(1)
		go p.work(newEnc(), f)
	}
	return p
}

func (p *encodePool) work(enc *encoder, fresh *freshness) {
	defer p.wg.Done()
	for j := range p.jobs {
		p.run(enc, fresh, j)
		p.busy.Done()
	}
}

func (p *encodePool) run(enc *encoder, fresh *freshness, j *encodeJob) {
	defer func() {
		j.rows.reset()
		p.mu.Lock()
		// Keep enough buffers to cover the jobs in flight; beyond that
		// they would only pin memory a burst once needed.
		if len(p.freed) < cap(p.jobs) && cap(j.rows.event) <= maxRecycledRows {
			p.freed = append(p.freed, j.rows)
		}
		p.mu.Unlock()
	}()
	if p.failed() != nil {
		return
	}
	data, groups, err := enc.encode(j.rows)
	if err != nil {
		p.fail(fmt.Errorf("lake: encode %s: %w", j.file.Key, err))
		return
	}
	if err := p.store.Put(context.Background(), j.file.Key, data); err != nil {
		p.fail(fmt.Errorf("lake: store %s in %s: %w: %w (check the lake location is writable and has space)", j.file.Key, p.store.URL(), sinks.ErrTarget, err))
		return
	}
	j.file.Size, j.file.RowGroups = int64(len(data)), int64(groups)
	commitUs := j.commit.UnixMicro()
	for _, ev := range j.rows.event {
		fresh.record(commitUs, commitUs-ev)
	}
}

func (p *encodePool) submit(j *encodeJob) error {
	if err := p.failed(); err != nil {
		return err
	}
	p.busy.Add(1)
	p.jobs <- j
	return nil
}

// reuse returns a buffer whose file is stored, or nil.
func (p *encodePool) reuse() *rowBuf {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := len(p.freed)
	if n == 0 {
		return nil
	}
	rb := p.freed[n-1]
	p.freed = p.freed[:n-1]
	return rb
}

// wait blocks until every submitted file is stored.
func (p *encodePool) wait() error {
	p.busy.Wait()
	return p.failed()
}

func (p *encodePool) close() error {
	if p.jobs != nil {
		close(p.jobs)
		p.wg.Wait()
		p.jobs = nil
	}
	return p.failed()
}

func (p *encodePool) fail(err error) {
	p.mu.Lock()
	if p.err == nil {
		p.err = err
	}
	p.mu.Unlock()
}

func (p *encodePool) failed() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err
}

// freshness collects commit − event time per row, overall and per hour of
// commit time (a coarser histogram, for the chart over the day).
type freshness struct {
	all    *hdrhistogram.Histogram
	hourly map[int64]*hdrhistogram.Histogram
}

func newFreshness() *freshness {
	return &freshness{all: metrics.NewHistogram(), hourly: map[int64]*hdrhistogram.Histogram{}}
}

const hourUs = int64(time.Hour / time.Microsecond)

func (f *freshness) record(commitUs, us int64) {
	us = max(us, 1)
	_ = f.all.RecordValue(min(us, f.all.HighestTrackableValue()))
	h := floorDiv(commitUs, hourUs)
	hh := f.hourly[h]
	if hh == nil {
		hh = hdrhistogram.New(1, 7*24*hourUs, 2)
		f.hourly[h] = hh
	}
	_ = hh.RecordValue(min(us, hh.HighestTrackableValue()))
}
