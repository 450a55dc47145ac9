package graph

import "github.com/prodshape/prodshape/generators/identity"

// NoID stands for the missing side of a node-only Event.
const NoID int32 = -1

// Event is one link event as a backfill and its guardrails see it: Src and
// Dst are the population's integer ids, and the strings a store keeps are
// made only when the event becomes a Link. A Dst of NoID only registers Src
// as a node of its own.
type Event struct {
	Src, Dst         int32
	SrcKind, DstKind identity.Kind
	Time             int64
}

// Names renders a population's identifiers (identity.Population is one).
type Names interface {
	AppendName(dst []byte, id int32) []byte
}
