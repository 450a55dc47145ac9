package kv

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/prodshape/prodshape/sinks"
	"github.com/prodshape/prodshape/sinks/graph"
)

// FileName is the store's file in the run folder.
const FileName = "graph.kv"

var (
	bucketNodes    = []byte("nodes")    // identifier → cluster id + neighbours
	bucketClusters = []byte("clusters") // cluster id → size (uvarint)
	bucketMeta     = []byte("meta")
	keyNextCluster = []byte("next_cluster")
)

// Schemes: kv: and its alias bolt: (the store is one bbolt file).
const (
	Scheme      = "kv"
	SchemeAlias = "bolt"
)

func init() {
	for _, scheme := range []string{Scheme, SchemeAlias} {
		graph.Register(scheme, openDSN)
	}
}

func openDSN(_ context.Context, dsn string, site graph.Site) (graph.Store, error) {
	path, o, err := ParseDSN(dsn)
	if err != nil {
		return nil, err
	}
	if !filepath.IsAbs(path) {
		if site.Dir == "" {
			return nil, errors.New("kv graph store: no folder to keep " + path + " in")
		}
		path = filepath.Join(site.Dir, path)
	}
	if site.Fresh {
		if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("kv graph store: start fresh: %w", err)
		}
	}
	return Open(path, o)
}

// ParseDSN reads kv:[path][?nosync=true] (or bolt:...): the graph file,
// FileName when the path is empty, and the store's options.
func ParseDSN(dsn string) (path string, o Options, err error) {
	rest, ok := strings.CutPrefix(dsn, Scheme+":")
	if !ok {
		if rest, ok = strings.CutPrefix(dsn, SchemeAlias+":"); !ok {
			return "", o, fmt.Errorf("kv graph store: dsn %q: want kv:[path][?nosync=true]", dsn)
		}
	}
	path, query, _ := strings.Cut(rest, "?")
	if path == "" {
		path = FileName
	}
	q, err := url.ParseQuery(query)
	if err != nil {
		return "", o, fmt.Errorf("kv graph store: dsn %q: %w", dsn, err)
	}
	for k, v := range q {
		if k != "nosync" {
			return "", o, fmt.Errorf("kv graph store: dsn %q: unknown option %q: want nosync", dsn, k)
		}
		if o.NoSync, err = strconv.ParseBool(v[len(v)-1]); err != nil {
			return "", o, fmt.Errorf("kv graph store: dsn %q: nosync: %w", dsn, err)
		}
	}
	return path, o, nil
}

var _ graph.Store = (*Store)(nil)

// Options tune the store.
type Options struct {
	// NoSync skips the fsync at each commit: faster, and a crash may lose
	// the last batches. Off by default, like a production deployment.
	NoSync bool
}

// Store is a graph in one bbolt file. It is safe for concurrent use: one
// writer, many readers.
type Store struct {
	db *bolt.DB
}

// Open opens (creating if needed) the graph file at path.
func Open(path string, o Options) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("kv graph store: %w: %w", sinks.ErrTarget, err)
	}
	db, err := bolt.Open(path, 0o644, &bolt.Options{
		Timeout:        5 * time.Second,
		NoSync:         o.NoSync,
		NoFreelistSync: true,
		FreelistType:   bolt.FreelistMapType,
		// Address space only: saves remapping the file as it grows.
		InitialMmapSize: 1 << 30,
	})
	if err != nil {
		return nil, fmt.Errorf("kv graph store: open %s: %w: %w (is another run using it?)", path, sinks.ErrTarget, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketNodes, bucketClusters, bucketMeta} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("kv graph store: init %s: %w: %w", path, sinks.ErrTarget, err)
	}
	return &Store{db: db}, nil
}

// Ingest runs the processing path for each link, the batch in one
// transaction: read both sides, merge their clusters (relabelling the
// smaller one hop by hop), append each side to the other's adjacency.
func (s *Store) Ingest(ctx context.Context, links []graph.Link) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		w := newWriter(tx)
		for i := range links {
			if i%256 == 255 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			if err := w.link(&links[i]); err != nil {
				return err
			}
		}
		return w.flush()
	})
	if err != nil {
		if ctx.Err() != nil {
			return err
		}
		return fmt.Errorf("kv graph store: ingest: %w: %w", sinks.ErrTarget, err)
	}
	return nil
}

// writer runs the processing path inside one transaction. Nodes and
// cluster sizes touched by the batch are read from the store once, changed
// in memory, and written back once, in key order, at the end of the batch:
// a write-behind buffer the size of one batch.
type writer struct {
	nodes, clusters, meta *bolt.Bucket
	next                  uint64
	dirty                 map[string][]byte // identifier → node value owned by the writer
	sizes                 map[uint64]uint64 // cluster → size; 0 means deleted
}

func newWriter(tx *bolt.Tx) *writer {
	return &writer{
		nodes:    tx.Bucket(bucketNodes),
		clusters: tx.Bucket(bucketClusters),
		meta:     tx.Bucket(bucketMeta),
		dirty:    map[string][]byte{},
		sizes:    map[uint64]uint64{},
	}
}

func (w *writer) newCluster() uint64 {
	if w.next == 0 {
		w.next = 1
		if v := w.meta.Get(keyNextCluster); v != nil {
			w.next = binary.BigEndian.Uint64(v)
		}
	}
	c := w.next
	w.next++
	return c
}

func (w *writer) size(c uint64) uint64 {
	if n, ok := w.sizes[c]; ok {
		return n
	}
	n, _ := binary.Uvarint(w.clusters.Get(u64(c)))
	return n
}

// read returns id's node value, or nil when the store has no such node.
func (w *writer) read(id string) ([]byte, error) {
	if v, ok := w.dirty[id]; ok {
		return v, nil
	}
	v := w.nodes.Get([]byte(id))
	if v != nil && len(v) < 8 {
		return nil, fmt.Errorf("%q: %w", id, errCorrupt)
	}
	return v, nil
}

// own returns a writable copy of id's node value, creating the node in a
// new cluster of one.
func (w *writer) own(id string) ([]byte, error) {
	if v, ok := w.dirty[id]; ok {
		return v, nil
	}
	v, err := w.read(id)
	if err != nil {
		return nil, err
	}
	if v == nil {
		c := w.newCluster()
		w.sizes[c] = 1
		v = newNode(c)
	} else {
		v = append(make([]byte, 0, len(v)+32), v...)
	}
	w.dirty[id] = v
	return v, nil
}

func (w *writer) link(l *graph.Link) error {
	va, err := w.own(l.Src)
	if err != nil || l.Dst == "" || l.Dst == l.Src {
		return err
	}
	vb, err := w.own(l.Dst)
	if err != nil {
		return err
	}
	if dup, err := hasNeighbour(va, l.Dst); err != nil || dup {
		return err
	}
	ca, cb := clusterOf(va), clusterOf(vb)
	if ca != cb {
		sa, sb := w.size(ca), w.size(cb)
		from, into, start := cb, ca, l.Dst
		if sa < sb {
			from, into, start = ca, cb, l.Src
		}
		if err := w.relabel(start, from, into); err != nil {
			return err
		}
		w.sizes[into] = sa + sb
		w.sizes[from] = 0
	}
	w.dirty[l.Src] = appendNeighbour(w.dirty[l.Src], l.Dst)
	w.dirty[l.Dst] = appendNeighbour(w.dirty[l.Dst], l.Src)
	return nil
}

// relabel walks the cluster from start breadth first, one read per hop,
// moving every node labelled from into cluster into.
func (w *writer) relabel(start string, from, into uint64) error {
	queue := []string{start}
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		v, err := w.read(id)
		if err != nil {
			return err
		}
		if v == nil || clusterOf(v) != from {
			continue
		}
		if err := eachNeighbour(v, func(n []byte) bool {
			queue = append(queue, string(n))
			return true
		}); err != nil {
			return fmt.Errorf("%q: %w", id, err)
		}
		v, err = w.own(id)
		if err != nil {
			return err
		}
		binary.BigEndian.PutUint64(v, into)
	}
	return nil
}

// flush writes every touched node and cluster size, in key order.
func (w *writer) flush() error {
	keys := make([]string, 0, len(w.dirty))
	for k := range w.dirty {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if err := w.nodes.Put([]byte(k), w.dirty[k]); err != nil {
			return err
		}
	}
	clusters := make([]uint64, 0, len(w.sizes))
	for c := range w.sizes {
		clusters = append(clusters, c)
	}
	slices.Sort(clusters)
	for _, c := range clusters {
		var err error
		if n := w.sizes[c]; n == 0 {
			err = w.clusters.Delete(u64(c))
		} else {
			err = w.clusters.Put(u64(c), binary.AppendUvarint(nil, n))
		}
		if err != nil {
			return err
		}
	}
	if w.next == 0 {
		return nil
	}
	return w.meta.Put(keyNextCluster, u64(w.next))
}

// Profile walks the cluster of id in the application, one read per hop.
func (s *Store) Profile(ctx context.Context, id string) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []string
	err := s.db.View(func(tx *bolt.Tx) error {
		nodes := tx.Bucket(bucketNodes)
		if nodes.Get([]byte(id)) == nil {
			return fmt.Errorf("%q: %w", id, graph.ErrNotFound)
		}
		seen := map[string]struct{}{id: {}}
		out = append(out, id)
		for i := 0; i < len(out); i++ {
			if i%256 == 255 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			v := nodes.Get([]byte(out[i]))
			if v == nil {
				return fmt.Errorf("%q is a neighbour but has no record: %w", out[i], errCorrupt)
			}
			err := eachNeighbour(v, func(n []byte) bool {
				if _, ok := seen[string(n)]; !ok {
					name := string(n)
					seen[name] = struct{}{}
					out = append(out, name)
				}
				return true
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	switch {
	case err == nil:
		return out, nil
	case errors.Is(err, graph.ErrNotFound), ctx.Err() != nil:
		return nil, err
	}
	return nil, fmt.Errorf("kv graph store: profile %q: %w: %w", id, sinks.ErrTarget, err)
}

// ClusterSize returns the size of id's cluster as the processing path
// recorded it; 0 for an unknown identifier.
func (s *Store) ClusterSize(id string) (int, error) {
	n := 0
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketNodes).Get([]byte(id))
		if v == nil {
			return nil
		}
		c, _ := binary.Uvarint(tx.Bucket(bucketClusters).Get(u64(clusterOf(v))))
		n = int(c)
		return nil
	})
	return n, err
}

// Close closes the file.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("kv graph store: close: %w: %w", sinks.ErrTarget, err)
	}
	return nil
}
