package lake

import (
	"container/heap"
	"time"
)

// engine runs a policy on the scenario clock: it keeps one buffer per writer
// (or per writer and partition), opens it with its first record, arms its
// timer, and flushes it when the timer fires or the policy finds it full.
// The payload P is what a buffer holds: rows for the real writer, counts for
// the projection.
type engine[P any] struct {
	pol     Policy
	perPart bool
	groups  [][]*group[P] // [writer][partition]; partition 0 only when !perPart
	timers  timerHeap
	newP    func() P
	// flush turns a buffer into files committed at the given time and
	// empties the payload.
	flush func(g *group[P], at time.Time) error
}

type group[P any] struct {
	writer, part int32
	rows, bytes  int64
	opened       time.Time
	gen          uint64 // bumped on every flush, so stale timers are ignored
	payload      P
}

func newEngine[P any](pol Policy, newP func() P, flush func(*group[P], time.Time) error) *engine[P] {
	return &engine[P]{pol: pol, perPart: pol.PerPartition(), groups: make([][]*group[P], pol.Writers()), newP: newP, flush: flush}
}

// buffer returns the buffer a record of partition part routed to writer
// goes to.
func (e *engine[P]) buffer(writer, part int32) *group[P] {
	p := int32(0)
	if e.perPart {
		p = part
	}
	ws := e.groups[writer]
	if int(p) >= len(ws) {
		ws = append(ws, make([]*group[P], int(p)+1-len(ws))...)
		e.groups[writer] = ws
	}
	g := ws[p]
	if g == nil {
		g = &group[P]{writer: writer, part: p, payload: e.newP()}
		ws[p] = g
	}
	return g
}

// next is when the next timer fires, or the zero time.
func (e *engine[P]) next() time.Time {
	if len(e.timers) == 0 {
		return time.Time{}
	}
	return e.timers[0].due
}

func (e *engine[P]) fireNext() error {
	tm := heap.Pop(&e.timers).(timer)
	g := e.groups[tm.writer][tm.part]
	if g.gen != tm.gen || g.rows == 0 {
		return nil
	}
	return e.flushGroup(g, tm.due)
}

// add accounts rows and bytes arriving at t into g, opening it first when it
// was empty, and flushes it at t when the policy finds it full. The caller
// has put the rows into the payload.
func (e *engine[P]) add(g *group[P], t time.Time, rows, bytes int64) error {
	if g.rows == 0 {
		g.opened = t
		if due := e.pol.Due(t); !due.IsZero() {
			heap.Push(&e.timers, timer{due: due, writer: g.writer, part: g.part, gen: g.gen})
		}
	}
	g.rows += rows
	g.bytes += bytes
	if e.pol.Full(g.rows, g.bytes) {
		return e.flushGroup(g, t)
	}
	return nil
}

// room is how many more rows of bytesPerRow fit before g is full; at least 1.
func (e *engine[P]) room(g *group[P], bytesPerRow float64, want int64) int64 {
	lo, hi := int64(1), want
	if e.pol.Full(g.rows+hi, g.bytes+int64(float64(hi)*bytesPerRow)) {
		// Binary search the smallest count that fills the buffer.
		for lo < hi {
			mid := (lo + hi) / 2
			if e.pol.Full(g.rows+mid, g.bytes+int64(float64(mid)*bytesPerRow)) {
				hi = mid
			} else {
				lo = mid + 1
			}
		}
		return lo
	}
	return want
}

func (e *engine[P]) flushGroup(g *group[P], at time.Time) error {
	err := e.flush(g, at)
	g.rows, g.bytes, g.opened = 0, 0, time.Time{}
	g.gen++
	return err
}

// drain fires every remaining timer in time order, then flushes buffers
// that have no timer (size-only policies) at the given end time.
func (e *engine[P]) drain(end time.Time) error {
	for len(e.timers) > 0 {
		if err := e.fireNext(); err != nil {
			return err
		}
	}
	for _, ws := range e.groups {
		for _, g := range ws {
			if g != nil && g.rows > 0 {
				if err := e.flushGroup(g, end); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

type timer struct {
	due          time.Time
	writer, part int32
	gen          uint64
}

// timerHeap orders timers by due time, then writer and partition, so flushes
// due at the same instant always run in the same order.
type timerHeap []timer

func (h timerHeap) Len() int { return len(h) }
func (h timerHeap) Less(i, j int) bool {
	a, b := h[i], h[j]
	if !a.due.Equal(b.due) {
		return a.due.Before(b.due)
	}
	if a.writer != b.writer {
		return a.writer < b.writer
	}
	return a.part < b.part
}
func (h timerHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *timerHeap) Push(x any)   { *h = append(*h, x.(timer)) }
func (h *timerHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
