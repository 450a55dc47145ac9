package pace

import (
	"context"
	"time"

	"github.com/prodshape/prodshape/generators"
)

// Defaults for Config.
const (
	// DefaultLateAfter is how far past its intended time an event may be sent
	// before it counts as late. It sits above the scheduler's timer slack
	// (about a millisecond) so that only a target falling behind shows up.
	DefaultLateAfter = 10 * time.Millisecond
	// DefaultTick is the shortest sleep between two wake-ups. Waking for
	// every event costs several microseconds of scheduler work each; at
	// 100,000 events/s that alone would exceed the budget of 1 µs per
	// event. Events due within a tick leave together, at most a tick after
	// their intended time, well inside DefaultLateAfter.
	DefaultTick = time.Millisecond
)

// Config tunes a Pacer. The zero value is usable.
type Config struct {
	// LateAfter is the lag beyond which a sent event counts as late; zero
	// means DefaultLateAfter.
	LateAfter time.Duration
	// DropAfter, when positive, drops events that could not be sent within
	// this lag of their intended time instead of sending them late: the
	// behaviour of a client with a send deadline. Zero never drops.
	DropAfter time.Duration
	// Tick is the shortest interval between two wake-ups; zero means
	// DefaultTick.
	Tick time.Duration
}

// Pacer releases events at their intended wall-clock times and counts the
// outcome. It is used by one goroutine: the one that sends.
type Pacer struct {
	lateAfter time.Duration
	dropAfter time.Duration
	tick      time.Duration
	lastWake  time.Time
	idle      time.Duration

	intended, sent, late, dropped uint64
	firstIntended, lastIntended   time.Time
	firstSent, lastSent           time.Time
	maxLag                        time.Duration

	// perSecond counts events by wall second since the first intended
	// time: intended by their intended time, sent by their send time.
	perSecond []Second

	view    generators.Batch
	columns []generators.Column
}

// Second is what one wall second of a paced run held.
type Second struct {
	Intended int64 // events whose intended time fell in this second
	Sent     int64 // events handed to the target in this second
}

// second returns the counters of the wall second holding t.
func (p *Pacer) second(t time.Time) *Second {
	i := max(0, int(t.Sub(p.firstIntended)/time.Second))
	for len(p.perSecond) <= i {
		p.perSecond = append(p.perSecond, Second{})
	}
	return &p.perSecond[i]
}

// New returns a pacer.
func New(cfg Config) *Pacer {
	if cfg.LateAfter <= 0 {
		cfg.LateAfter = DefaultLateAfter
	}
	if cfg.Tick <= 0 {
		cfg.Tick = DefaultTick
	}
	return &Pacer{lateAfter: cfg.LateAfter, dropAfter: cfg.DropAfter, tick: cfg.Tick}
}

// Wait blocks until the wall clock reaches intended and reports whether the
// event should be sent now. It returns false, without waiting, for an event
// already more than DropAfter late; that event counts as dropped. A
// cancelled context returns its error.
//
// Call Sent after handing the event to the target.
func (p *Pacer) Wait(ctx context.Context, intended time.Time) (bool, error) {
	p.noteIntended(intended, 1)
	now := time.Now()
	if d := intended.Sub(now); d > 0 {
		if early := p.lastWake.Add(p.tick).Sub(now); early > d {
			d = early
		}
		err := sleep(ctx, d)
		p.lastWake = time.Now()
		p.idle += p.lastWake.Sub(now)
		if err != nil {
			return false, err
		}
		return true, nil
	}
	if p.dropAfter > 0 && now.Sub(intended) > p.dropAfter {
		p.dropped++
		p.second(intended).Intended++
		return false, nil
	}
	return true, nil
}

// Sent records that n events whose intended time was intended have been
// handed to the target at wall time now.
func (p *Pacer) Sent(intended, now time.Time, n int) {
	if n <= 0 {
		return
	}
	lag := now.Sub(intended)
	if lag > p.maxLag {
		p.maxLag = lag
	}
	if lag > p.lateAfter {
		p.late += uint64(n)
	}
	if p.sent == 0 {
		p.firstSent = now
	}
	p.second(intended).Intended += int64(n)
	p.second(now).Sent += int64(n)
	p.sent += uint64(n)
	p.lastSent = now
}

func (p *Pacer) noteIntended(intended time.Time, n int) {
	if p.intended == 0 {
		p.firstIntended = intended
	}
	p.intended += uint64(n)
	p.lastIntended = intended
}

// Release hands the records of b to send as they fall due on the wall clock.
// wallAt maps a record's arrival (scenario Unix ns) to its intended wall
// time, usually Clock.WallAtNanos. Records already due are sent together in
// one sub-batch, so the cost per record stays small at any rate; send
// receives a view of b that is valid only during the call. Each view's
// watermark is its last record's arrival; when b's watermark lies beyond,
// a view without records carries it once the clock gets there, so sinks
// with timers see time pass on the wall clock.
func (p *Pacer) Release(ctx context.Context, b *generators.Batch, wallAt func(int64) time.Time, send func(*generators.Batch) error) error {
	n := b.Len()
	if n == 0 {
		return p.releaseWatermark(ctx, b, wallAt, send)
	}
	lo := 0
	for lo < n {
		first := wallAt(b.Arrival[lo])
		ok, err := p.Wait(ctx, first)
		if err != nil {
			return err
		}
		if !ok {
			lo++
			continue
		}
		now := time.Now()
		hi := lo + 1
		last := first
		for hi < n {
			t := wallAt(b.Arrival[hi])
			if t.After(now) {
				break
			}
			if p.dropAfter > 0 && now.Sub(t) > p.dropAfter {
				// Records are in arrival order, so one too late
				// to send ends the due run; it is dropped on the
				// next turn of the outer loop.
				break
			}
			last = t
			hi++
		}
		p.noteIntended(last, hi-lo-1)
		if err := send(p.slice(b, lo, hi)); err != nil {
			return err
		}
		sentAt := time.Now()
		// The first record of the run is the latest relative to its
		// intended time: count lateness per record from its own time.
		for i := lo; i < hi; i++ {
			p.Sent(wallAt(b.Arrival[i]), sentAt, 1)
		}
		lo = hi
	}
	if b.Watermark.UnixNano() > b.Arrival[n-1] {
		return p.releaseWatermark(ctx, p.slice(b, n, n), wallAt, send)
	}
	return nil
}

// releaseWatermark hands over a batch without records, which carries only
// its watermark for sinks with timers, when the clock reaches the watermark.
func (p *Pacer) releaseWatermark(ctx context.Context, b *generators.Batch, wallAt func(int64) time.Time, send func(*generators.Batch) error) error {
	if d := time.Until(wallAt(b.Watermark.UnixNano())); d > 0 {
		if err := sleep(ctx, d); err != nil {
			return err
		}
	}
	return send(b)
}

// slice returns a view of records [lo,hi) of b, reusing the pacer's buffers.
func (p *Pacer) slice(b *generators.Batch, lo, hi int) *generators.Batch {
	if lo == 0 && hi == b.Len() {
		return b
	}
	if cap(p.columns) < len(b.Columns) {
		p.columns = make([]generators.Column, len(b.Columns))
	}
	cols := p.columns[:len(b.Columns)]
	for i := range b.Columns {
		src := &b.Columns[i]
		dst := &cols[i]
		*dst = generators.Column{Field: src.Field}
		if src.Strings != nil {
			dst.Strings = src.Strings[lo:hi]
		}
		if src.Ints != nil {
			dst.Ints = src.Ints[lo:hi]
		}
		if src.Floats != nil {
			dst.Floats = src.Floats[lo:hi]
		}
		if src.Bools != nil {
			dst.Bools = src.Bools[lo:hi]
		}
		if src.Null != nil {
			dst.Null = src.Null[lo:hi]
		}
	}
	p.view = generators.Batch{
		Schema:    b.Schema,
		Columns:   cols,
		Arrival:   b.Arrival[lo:hi],
		Watermark: b.Watermark,
		Seq:       b.Seq[lo:hi],
	}
	if hi > lo {
		// The clock has reached this part's last record, not yet the
		// batch's watermark: that follows in its own empty part, on time.
		p.view.Watermark = time.Unix(0, b.Arrival[hi-1]).UTC()
	}
	return &p.view
}

// maxSleep bounds one sleep, so that a cancelled context ends a long wait
// within this much.
const maxSleep = 50 * time.Millisecond

// sleep waits for d or until ctx is done. It sleeps with time.Sleep in
// steps of at most maxSleep rather than on a timer and a select: on the
// virtual machines prodshape runs on, a timer wake-up costs about twice the
// CPU of a plain sleep, and the pacer wakes up to a thousand times a second.
func sleep(ctx context.Context, d time.Duration) error {
	deadline := time.Now().Add(d)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		left := time.Until(deadline)
		if left <= 0 {
			return nil
		}
		time.Sleep(min(left, maxSleep))
	}
}
