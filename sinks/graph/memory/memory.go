package memory

import (
	"context"
	"fmt"
	"sync"

	"github.com/prodshape/prodshape/analysis/unionfind"
	"github.com/prodshape/prodshape/sinks/graph"
)

// Scheme is the DSN scheme of the store: memory: takes nothing after it.
const Scheme = "memory"

func init() {
	graph.Register(Scheme, func(_ context.Context, dsn string, site graph.Site) (graph.Store, error) {
		o, err := ParseDSN(dsn)
		if err != nil {
			return nil, err
		}
		o.SizeHint = site.SizeHint
		return Open(o), nil
	})
}

// Options tune the store.
type Options struct {
	// SizeHint is the expected number of identifiers; 0 when unknown.
	SizeHint int
}

// ParseDSN checks a memory: DSN; the store has nothing to configure in it.
func ParseDSN(dsn string) (Options, error) {
	if dsn != Scheme+":" {
		return Options{}, fmt.Errorf("memory graph store: dsn %q: want memory: with nothing after it", dsn)
	}
	return Options{}, nil
}

// Open returns an empty store.
func Open(o Options) *Store { return NewSized(o.SizeHint) }

var _ graph.Store = (*Store)(nil)

// Store keeps the graph in memory. It is safe for concurrent use.
type Store struct {
	mu    sync.RWMutex
	ids   map[string]int32
	names []string
	// Adjacency as linked lists in one arena: head[x] is x's latest
	// half-edge, to/next describe each half-edge. Appending never
	// allocates per node, which is what makes ingest cheap.
	head     []int32
	to       []int32
	next     []int32
	clusters *unionfind.Forest // the processing path's cluster merge
	closed   bool
}

// New returns an empty store.
func New() *Store { return NewSized(0) }

// NewSized returns an empty store with room for about identifiers nodes.
func NewSized(identifiers int) *Store {
	return &Store{
		ids:      make(map[string]int32, identifiers),
		names:    make([]string, 0, identifiers),
		head:     make([]int32, 0, identifiers),
		clusters: unionfind.New(identifiers),
		to:       make([]int32, 0, 2*identifiers),
		next:     make([]int32, 0, 2*identifiers),
	}
}

func (s *Store) linked(a, b int32) bool {
	for e := s.head[a]; e >= 0; e = s.next[e] {
		if s.to[e] == b {
			return true
		}
	}
	return false
}

func (s *Store) halfEdge(a, b int32) {
	s.to = append(s.to, b)
	s.next = append(s.next, s.head[a])
	s.head[a] = int32(len(s.to) - 1)
}

func (s *Store) node(name string) int32 {
	if id, ok := s.ids[name]; ok {
		return id
	}
	id := int32(len(s.names))
	s.ids[name] = id
	s.names = append(s.names, name)
	s.head = append(s.head, -1)
	s.clusters.Add()
	return id
}

// Ingest adds the links. It keeps the links' strings.
func (s *Store) Ingest(ctx context.Context, links []graph.Link) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return fmt.Errorf("memory graph store: ingest after close")
	}
	for i := range links {
		l := &links[i]
		a := s.node(l.Src)
		if l.Dst == "" {
			continue
		}
		b := s.node(l.Dst)
		if a == b || s.linked(a, b) {
			continue
		}
		s.halfEdge(a, b)
		s.halfEdge(b, a)
		s.clusters.Union(a, b)
	}
	return nil
}

// Profile walks the cluster of id breadth first.
func (s *Store) Profile(ctx context.Context, id string) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	start, ok := s.ids[id]
	if !ok {
		return nil, fmt.Errorf("%q: %w", id, graph.ErrNotFound)
	}
	seen := map[int32]struct{}{start: {}}
	queue := []int32{start}
	out := []string{s.names[start]}
	for len(queue) > 0 {
		x := queue[0]
		queue = queue[1:]
		for e := s.head[x]; e >= 0; e = s.next[e] {
			y := s.to[e]
			if _, ok := seen[y]; ok {
				continue
			}
			seen[y] = struct{}{}
			queue = append(queue, y)
			out = append(out, s.names[y])
		}
	}
	return out, nil
}

// ClusterSize returns the size of id's cluster from the union-find, without
// a walk; 0 for an unknown identifier.
func (s *Store) ClusterSize(id string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	x, ok := s.ids[id]
	if !ok {
		return 0
	}
	return s.clusters.Size(x)
}

// Close releases the graph.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	s.ids, s.names, s.head, s.to, s.next, s.clusters = nil, nil, nil, nil, nil, nil
	return nil
}
