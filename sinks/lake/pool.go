package lake

import (
	"context"
	"fmt"
	"slices"
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
	newEnc func() *encoder
	jobs   chan *encodeJob
	store  objstore.Store
	// onCommit is Config.OnCommit, or nil.
	onCommit func(size int64)
	wg       sync.WaitGroup // workers
	busy     sync.WaitGroup // jobs in flight

	mu    sync.Mutex
	err   error
	freed []*rowBuf
	fresh []*freshness // one per worker, merged in Report
}

// maxRecycledRows bounds the buffers kept for reuse: a buffer that held an
// hour of a batch job's rows is worth returning to the runtime, not keeping.
const maxRecycledRows = 1 << 16

type encodeJob struct {
	file   *fileEntry // nil for a part that more parts follow
	rows   *rowBuf
	commit time.Time
	open   *openFile // set when the file is written in parts
	part   int       // which part of open
}

// openFile is a file written in parts: a part is a buffer's worth of rows
// (see maxPartRows) handed on while the file's later rows still buffer, so
// the encoders work while the records are generated instead of all at the
// end of an hour-long batch. The parts run in order on the file's own
// encoder, whichever worker takes them.
type openFile struct {
	mu     sync.Mutex
	turn   *sync.Cond
	done   int // parts finished
	enc    *encoder
	events [][]int64 // event times of the rows written so far, a part at a time, for freshness
}

func newOpenFile() *openFile {
	f := &openFile{}
	f.turn = sync.NewCond(&f.mu)
	return f
}

func newEncodePool(workers int, newEnc func() *encoder, store objstore.Store, onCommit func(int64)) *encodePool {
	p := &encodePool{newEnc: newEnc, jobs: make(chan *encodeJob, 2*workers), store: store, onCommit: onCommit}
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
	defer p.recycle(j.rows)
	if j.open != nil {
		p.runPart(fresh, j)
		return
	}
	if p.failed() != nil {
		return
	}
	data, groups, err := enc.encode(j.rows)
	if err != nil {
		p.fail(fmt.Errorf("lake: encode %s: %w", j.file.Key, err))
		return
	}
	p.store1(fresh, j, data, groups, [][]int64{j.rows.event})
}

// runPart writes one part of a file written in parts, waiting for the
// file's earlier parts; the last part stores the file.
func (p *encodePool) runPart(fresh *freshness, j *encodeJob) {
	f := j.open
	f.mu.Lock()
	defer f.mu.Unlock()
	for f.done != j.part {
		f.turn.Wait()
	}
	defer func() {
		f.done++
		f.turn.Broadcast()
	}()
	if p.failed() != nil {
		return
	}
	if f.enc == nil {
		f.enc = p.newEnc()
		f.enc.start()
	}
	if err := f.enc.add(j.rows); err != nil {
		p.fail(fmt.Errorf("lake: encode a file in parts: %w", err))
		return
	}
	f.events = append(f.events, slices.Clone(j.rows.event)) // the part's buffer is recycled
	if j.file == nil {
		return
	}
	data, groups, err := f.enc.finish()
	if err != nil {
		p.fail(fmt.Errorf("lake: encode %s: %w", j.file.Key, err))
		return
	}
	p.store1(fresh, j, data, groups, f.events)
	f.enc.out.Reset() // its blocks serve the next file
	f.enc, f.events = nil, nil
}

// store1 stores an encoded file and records its rows' freshness. The
// file goes to the store in the blocks it was encoded into.
func (p *encodePool) store1(fresh *freshness, j *encodeJob, data *outBuf, groups int, events [][]int64) {
	if err := objstore.PutBlocks(context.Background(), p.store, j.file.Key, data.blocks); err != nil {
		p.fail(fmt.Errorf("lake: store %s in %s: %w: %w (check the lake location is writable and has space)", j.file.Key, p.store.URL(), sinks.ErrTarget, err))
		return
	}
	j.file.Size, j.file.RowGroups, j.file.CommittedWall = int64(data.n), int64(groups), time.Now()
	if p.onCommit != nil {
		p.onCommit(j.file.Size)
	}
	for _, part := range events {
		fresh.recordAll(j.commit.UnixMicro(), part)
	}
}

// recycle keeps an encoded buffer for reuse. It keeps enough to cover the
// jobs in flight; beyond that they would only pin memory a burst once
// needed.
func (p *encodePool) recycle(rb *rowBuf) {
	rb.reset()
	p.mu.Lock()
	if len(p.freed) < cap(p.jobs) && cap(rb.event) <= maxRecycledRows {
		p.freed = append(p.freed, rb)
	}
	p.mu.Unlock()
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

// recordAll records rows with these event times committed at commitUs.
func (f *freshness) recordAll(commitUs int64, events []int64) {
	hh := f.hour(commitUs)
	top, hourTop := f.all.HighestTrackableValue(), hh.HighestTrackableValue()
	for _, ev := range events {
		us := max(commitUs-ev, 1)
		_ = f.all.RecordValue(min(us, top))
		_ = hh.RecordValue(min(us, hourTop))
	}
}

func (f *freshness) hour(commitUs int64) *hdrhistogram.Histogram {
	h := floorDiv(commitUs, hourUs)
	hh := f.hourly[h]
	if hh == nil {
		hh = hdrhistogram.New(1, 7*24*hourUs, 2)
		f.hourly[h] = hh
	}
	return hh
}
