package backfill

import (
	"github.com/prodshape/prodshape/generators/identity"
	"github.com/prodshape/prodshape/sinks/graph"
)

// Source is a history of link events in replay order, over identifiers
// known by integer ids 0..Identifiers()-1.
type Source interface {
	Len() int
	// Event returns event i.
	Event(i int) graph.Event
	// Identifiers is the number of identifier ids, a size hint.
	Identifiers() int
	// AppendName renders an identifier, for the stores and the reports.
	AppendName(dst []byte, id int32) []byte
}

// History is a Source over a generated population's events: the
// population's own integer ids, rendered only where a string is needed.
type History struct {
	p *identity.Population
}

var _ Source = (*History)(nil)

// FromPopulation returns the population's history as a Source.
func FromPopulation(p *identity.Population) *History { return &History{p: p} }

// Len is the number of events.
func (h *History) Len() int { return len(h.p.Events) }

// Event returns event i.
func (h *History) Event(i int) graph.Event {
	e := h.p.Events[i]
	return graph.Event{Src: e.A, Dst: e.B, SrcKind: h.p.KindOf(e.A), DstKind: h.p.KindOf(e.B), Time: e.Time}
}

// Identifiers is the number of identifiers in the population.
func (h *History) Identifiers() int { return h.p.Identifiers() }

// AppendName renders identifier id.
func (h *History) AppendName(dst []byte, id int32) []byte { return h.p.AppendName(dst, id) }

// names renders each identifier once, when a store or a report first needs
// it, so every link of a run shares one string per identifier.
type names struct {
	src   Source
	cache []string
	buf   []byte
}

func (n *names) name(id int32) string {
	if int(id) >= len(n.cache) {
		n.cache = append(n.cache, make([]string, int(id)+1-len(n.cache))...)
	}
	if s := n.cache[id]; s != "" {
		return s
	}
	n.buf = n.src.AppendName(n.buf[:0], id)
	s := string(n.buf)
	n.cache[id] = s
	return s
}

// link turns an admitted event into the store's link.
func (n *names) link(e *graph.Event) graph.Link {
	l := graph.Link{Src: n.name(e.Src), SrcKind: e.SrcKind, Time: e.Time}
	if e.Dst != graph.NoID {
		l.Dst, l.DstKind = n.name(e.Dst), e.DstKind
	}
	return l
}
