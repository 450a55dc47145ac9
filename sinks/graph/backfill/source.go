package backfill

import (
	"github.com/prodshape/prodshape/generators/identity"
	"github.com/prodshape/prodshape/sinks/graph"
)

// History is a Source over a generated population's events. Identifier
// values are rendered once, so every event carries shared strings.
type History struct {
	p     *identity.Population
	names []string
}

var _ Source = (*History)(nil)

// FromPopulation renders the population's identifiers and returns its
// history as a Source.
func FromPopulation(p *identity.Population) *History {
	names := make([]string, p.Identifiers())
	var buf []byte
	for i := range names {
		buf = p.AppendName(buf[:0], int32(i))
		names[i] = string(buf)
	}
	return &History{p: p, names: names}
}

// Len is the number of events.
func (h *History) Len() int { return len(h.p.Events) }

// Link returns event i as a store link.
func (h *History) Link(i int) graph.Link {
	e := h.p.Events[i]
	return graph.Link{Src: h.names[e.A], Dst: h.names[e.B], SrcKind: h.p.KindOf(e.A), DstKind: h.p.KindOf(e.B), Time: e.Time}
}

// Identifiers is the number of identifiers in the population, a size hint
// for stores.
func (h *History) Identifiers() int { return len(h.names) }
