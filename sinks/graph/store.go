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

// Site is what a run gives every store it opens, whatever its kind: a
// folder for files and the size of the population. What differs between
// stores (a file name, a server, a traversal) is in the DSN, which each
// store parses into its own options type.
type Site struct {
	// Dir is a folder the store may keep its files in (the run folder);
	// relative paths in a DSN are relative to it.
	Dir string
	// Fresh starts from an empty graph, dropping whatever an earlier run
	// left in the same place.
	Fresh bool
	// SizeHint is the expected number of identifiers, so in-memory
	// structures can be sized once; 0 when unknown.
	SizeHint int
}

// Opener opens a store from its DSN.
type Opener func(ctx context.Context, dsn string, site Site) (Store, error)

var (
	registryMu sync.RWMutex
	registry   = map[string]Opener{}
)

// Register makes a store kind available under a DSN scheme ("memory" for
// memory:, "postgres" for postgres://). It is called from the init function
// of the store's package, once per scheme the store answers to.
func Register(scheme string, open Opener) {
	registryMu.Lock()
	defer registryMu.Unlock()
	if _, dup := registry[scheme]; dup {
		panic("graph: scheme " + scheme + " registered twice")
	}
	registry[scheme] = open
}

// Schemes lists the registered DSN schemes, sorted.
func Schemes() []string {
	registryMu.RLock()
	defer registryMu.RUnlock()
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Scheme returns the scheme of a DSN: what comes before its first colon,
// or "" when it has none.
func Scheme(dsn string) string {
	scheme, _, ok := strings.Cut(dsn, ":")
	if !ok {
		return ""
	}
	return scheme
}

// Open opens the store a DSN names, by its scheme.
func Open(ctx context.Context, dsn string, site Site) (Store, error) {
	scheme := Scheme(dsn)
	registryMu.RLock()
	open, ok := registry[scheme]
	registryMu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("graph store %q: unknown scheme: want a DSN starting with one of %s", dsn, strings.Join(schemePrefixes(), ", "))
	}
	return open(ctx, dsn, site)
}

// SortedProfile returns a sorted copy of a profile, for comparisons.
func SortedProfile(ids []string) []string {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}

// schemePrefixes lists the registered schemes as a DSN starts: "kv:".
func schemePrefixes() []string {
	out := Schemes()
	for i := range out {
		out[i] += ":"
	}
	return out
}
