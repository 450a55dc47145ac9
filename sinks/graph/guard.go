package graph

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/prodshape/prodshape/generators/identity"
)

// What a guardrail does when a merge would make a cluster too large.
const (
	// Refuse drops the link: neither identifier is written by it.
	Refuse = "refuse"
	// Split writes both identifiers but not the edge, so each stays in
	// its own cluster and can still be profiled.
	Split = "split"
)

// Guardrails are the mitigations a candidate system can switch on. The
// zero value switches everything off.
type Guardrails struct {
	// MaxComponent refuses (or splits) a merge that would make a cluster
	// larger than this many identifiers; 0 means no limit. Vendors cap
	// clusters at 20–200 identifiers (Zeotap) or 50 (Adobe); docs/realism.md,
	// Identity graphs.
	MaxComponent int
	// OnExceed is Refuse (the default) or Split.
	OnExceed string
	// Blocklist holds regular expressions; a link touching an identifier
	// that matches one is dropped. Segment blocks ^[0-]*$, -1, null,
	// anonymous; Adobe rejects "null", "anonymous", "invalid".
	Blocklist []string
	// MaxPerKind refuses a merge that would give a cluster more than this
	// many identifiers of one kind (Segment: 1 user_id, ~5 others); 0
	// means no limit.
	MaxPerKind int
}

// Enabled reports whether any guardrail is on.
func (g Guardrails) Enabled() bool {
	return g.MaxComponent > 0 || len(g.Blocklist) > 0 || g.MaxPerKind > 0
}

// Decision is what the guard decided about one link.
type Decision uint8

// Decisions.
const (
	Accept        Decision = iota // write the link
	Blocked                       // an identifier matches the blocklist
	TooLarge                      // the merged cluster would exceed MaxComponent
	TooManyOfKind                 // the merged cluster would exceed MaxPerKind
)

// Rejections counts what the guard turned away.
type Rejections struct {
	Blocked       int64 // links touching a blocklisted identifier
	TooLarge      int64 // merges over MaxComponent
	TooManyOfKind int64 // merges over MaxPerKind
	Split         int64 // of TooLarge and TooManyOfKind, those written as two separate nodes
}

// Total is the number of links not written as an edge.
func (r Rejections) Total() int64 { return r.Blocked + r.TooLarge + r.TooManyOfKind }

// Guard applies guardrails to links before they reach the store, using a
// Tracker that mirrors the store to know cluster sizes.
type Guard struct {
	cfg      Guardrails
	patterns []*regexp.Regexp
	names    Names
	buf      []byte
	verdicts []verdict // blocklist verdict per population id
	counts   Rejections
	blocked  map[int32]int64 // links dropped per blocklisted identifier
}

type verdict uint8

const (
	unjudged verdict = iota
	allowed
	blocked
)

// NewGuard compiles the guardrails; names renders identifiers for the
// blocklist.
func NewGuard(cfg Guardrails, names Names) (*Guard, error) {
	switch cfg.OnExceed {
	case "":
		cfg.OnExceed = Refuse
	case Refuse, Split:
	default:
		return nil, fmt.Errorf("guardrails on_exceed: want %s or %s, got %q", Refuse, Split, cfg.OnExceed)
	}
	if cfg.MaxComponent < 0 || cfg.MaxPerKind < 0 {
		return nil, fmt.Errorf("guardrails: limits must be >= 0 (0 means off)")
	}
	g := &Guard{cfg: cfg, names: names, blocked: map[int32]int64{}}
	for i, p := range cfg.Blocklist {
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, fmt.Errorf("guardrails blocklist[%d]: %q is not a regular expression: %w", i, p, err)
		}
		g.patterns = append(g.patterns, re)
	}
	return g, nil
}

// isBlocked matches an identifier against the blocklist once and keeps
// the verdict.
func (g *Guard) isBlocked(id int32) bool {
	if len(g.patterns) == 0 {
		return false
	}
	if int(id) >= len(g.verdicts) {
		g.verdicts = append(g.verdicts, make([]verdict, int(id)+1-len(g.verdicts))...)
	}
	if v := g.verdicts[id]; v != unjudged {
		return v == blocked
	}
	g.buf = g.names.AppendName(g.buf[:0], id)
	v := allowed
	for _, re := range g.patterns {
		if re.Match(g.buf) {
			v = blocked
			break
		}
	}
	g.verdicts[id] = v
	return v == blocked
}

// Decide judges event e against the clusters in t, before e is applied to
// t.
func (g *Guard) Decide(t *Tracker, e *Event) Decision {
	for _, id := range [2]int32{e.Src, e.Dst} {
		if id != NoID && g.isBlocked(id) {
			g.counts.Blocked++
			g.blocked[id]++
			return Blocked
		}
	}
	if e.Dst == NoID || (g.cfg.MaxComponent == 0 && g.cfg.MaxPerKind == 0) {
		return Accept
	}
	size := [2]int{1, 1}
	var kinds [2][identity.NumKinds]int32
	kinds[0][e.SrcKind], kinds[1][e.DstKind] = 1, 1
	roots := [2]int32{-1, -1}
	for i, side := range [2]int32{e.Src, e.Dst} {
		if id, ok := t.Lookup(side); ok {
			roots[i] = t.Find(id)
			size[i] = t.Size(id)
			kinds[i] = t.KindCounts(id)
		}
	}
	if roots[0] >= 0 && roots[0] == roots[1] {
		return Accept // same cluster already: nothing grows
	}
	d := Accept
	if g.cfg.MaxComponent > 0 && size[0]+size[1] > g.cfg.MaxComponent {
		d = TooLarge
		g.counts.TooLarge++
	} else if g.cfg.MaxPerKind > 0 {
		for k := range kinds[0] {
			if kinds[0][k]+kinds[1][k] > int32(g.cfg.MaxPerKind) {
				d = TooManyOfKind
				g.counts.TooManyOfKind++
				break
			}
		}
	}
	if d != Accept && g.cfg.OnExceed == Split {
		g.counts.Split++
	}
	return d
}

// SplitsMerges reports whether refused merges are written as separate
// nodes.
func (g *Guard) SplitsMerges() bool { return g.cfg.OnExceed == Split }

// BlockedCount is one blocklisted identifier and the links it lost.
type BlockedCount struct {
	ID    string
	Links int64
}

// TopBlocked returns the n blocklisted identifiers that lost the most
// links, most first (ties by identifier).
func (g *Guard) TopBlocked(n int) []BlockedCount {
	out := make([]BlockedCount, 0, len(g.blocked))
	for id, c := range g.blocked {
		g.buf = g.names.AppendName(g.buf[:0], id)
		out = append(out, BlockedCount{string(g.buf), c})
	}
	slices.SortFunc(out, func(a, b BlockedCount) int {
		if a.Links != b.Links {
			return cmp.Compare(b.Links, a.Links)
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out[:min(n, len(out))]
}

// Rejections returns the counts so far.
func (g *Guard) Rejections() Rejections { return g.counts }
