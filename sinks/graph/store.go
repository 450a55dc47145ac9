package graph

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/prodshape/prodshape/generators/identity"
)

// Link is one link event: identifiers Src and Dst were seen together at
// Time (Unix ns). A link with an empty Dst only registers Src as a node of
// its own: what a guardrail that splits a merge leaves behind.
type Link struct {
	Src, Dst         string
	SrcKind, DstKind identity.Kind
	Time             int64
}

// Store is an identity graph a backfill writes into.
//
// Ingest is the processing path of one batch of link events: look up both
// sides of each link, merge their clusters, write. When it returns nil every
// link is durable and visible to Profile. Profile evaluates a profile: it
// returns every identifier in the cluster of id (id included), in any order,
// or an error wrapping ErrNotFound when the store has never seen id.
//
// Failures of the system behind the store wrap sinks.ErrTarget.
type Store interface {
	Ingest(ctx context.Context, links []Link) error
	Profile(ctx context.Context, id string) ([]string, error)
	Close() error
}

// ErrNotFound is returned by Profile for an identifier the store has never
// seen.
var ErrNotFound = errors.New("identifier not in the graph")

// Options configure a store. Each store reads the fields it needs.
type Options struct {
	// Dir is a folder the store may keep its files in (the run folder).
	Dir string
	// DSN is the connection string of a server-backed store.
	DSN string
	// Traversal selects how a server-backed store walks a cluster:
	// "cte" (one recursive query) or "bfs" (one query per hop in the
	// application). Empty means the store's default.
	Traversal string
	// Fresh starts from an empty graph, dropping whatever an earlier run
	// left in the same place.
	Fresh bool
	// SizeHint is the expected number of identifiers, so in-memory
	// structures can be sized once; 0 when unknown.
	SizeHint int
}

// Opener opens a store of one kind.
type Opener func(ctx context.Context, o Options) (Store, error)

var (
	registryMu sync.RWMutex
	registry   = map[string]Opener{}
)

// Register makes a store kind available by the name scenarios use. It is
// called from the init function of the store's package.
func Register(name string, open Opener) {
	registryMu.Lock()
	defer registryMu.Unlock()
	if _, dup := registry[name]; dup {
		panic("graph: store " + name + " registered twice")
	}
	registry[name] = open
}

// Names lists the registered store kinds, sorted.
func Names() []string {
	registryMu.RLock()
	defer registryMu.RUnlock()
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Open opens a store of the named kind.
func Open(ctx context.Context, name string, o Options) (Store, error) {
	registryMu.RLock()
	open, ok := registry[name]
	registryMu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("unknown graph store %q: want one of %s", name, strings.Join(Names(), ", "))
	}
	return open(ctx, o)
}

// SortedProfile returns a sorted copy of a profile, for comparisons.
func SortedProfile(ids []string) []string {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}
