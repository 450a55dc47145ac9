package postgres

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/prodshape/prodshape/sinks"
	"github.com/prodshape/prodshape/sinks/graph"
)

// Traversals.
const (
	CTE = "cte" // one recursive query per profile
	BFS = "bfs" // one query per hop, the walk in the application
)

// Schemes of the store's DSNs, as libpq spells them.
var Schemes = []string{"postgres", "postgresql"}

func init() {
	for _, scheme := range Schemes {
		graph.Register(scheme, func(ctx context.Context, dsn string, site graph.Site) (graph.Store, error) {
			conn, o, err := ParseDSN(dsn)
			if err != nil {
				return nil, err
			}
			o.Fresh = site.Fresh
			return Open(ctx, conn, o)
		})
	}
}

var errNotURL = errors.New("postgres graph store: dsn is not a postgres://user@host:port/db URL")

// ParseDSN takes the store's own option, traversal=cte|bfs, out of a
// postgres:// DSN: it returns the DSN to connect with and the options.
func ParseDSN(dsn string) (conn string, o Options, err error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return "", o, errNotURL // url's error repeats the DSN, password included
	}
	q := u.Query()
	if !q.Has("traversal") {
		return dsn, o, nil
	}
	o.Traversal = q.Get("traversal")
	q.Del("traversal")
	u.RawQuery = q.Encode()
	return u.String(), o, nil
}

var _ graph.Store = (*Store)(nil)

// Options tune the store.
type Options struct {
	Traversal string // CTE (default) or BFS
	Fresh     bool   // drop the tables an earlier run left
}

const schema = `
CREATE SEQUENCE IF NOT EXISTS identity_cluster_seq;
CREATE TABLE IF NOT EXISTS identity_nodes (
	id      text PRIMARY KEY,
	kind    smallint NOT NULL,
	cluster bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS identity_nodes_cluster ON identity_nodes (cluster);
CREATE TABLE IF NOT EXISTS identity_clusters (
	cluster bigint PRIMARY KEY,
	size    bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS identity_edges (
	src  text NOT NULL,
	dst  text NOT NULL,
	seen timestamptz NOT NULL,
	PRIMARY KEY (src, dst)
);
`

// Store is an identity graph in PostgreSQL tables.
type Store struct {
	pool      *pgxpool.Pool
	traversal string
	ingestMu  sync.Mutex // one writer: batches commit in order
	// Planner statistics are refreshed when the edge count doubles, as
	// autovacuum would on a live server; without them the first plans
	// scan whole tables on every hop.
	rows, analyzedAt int64
}

// Open connects to the server at dsn and creates the tables.
func Open(ctx context.Context, dsn string, o Options) (*Store, error) {
	switch o.Traversal {
	case "":
		o.Traversal = CTE
	case CTE, BFS:
	default:
		return nil, fmt.Errorf("postgres graph store: traversal %q: want %s or %s", o.Traversal, CTE, BFS)
	}
	if dsn == "" {
		return nil, errors.New("postgres graph store: no dsn: set system.graph.dsn to postgres://user@host:port/db, or to embedded")
	}
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres graph store: dsn: %w", err)
	}
	cfg.MaxConns = 4
	cfg.ConnConfig.ConnectTimeout = 10 * time.Second
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, target("connect", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		where := fmt.Sprintf("%s:%d", cfg.ConnConfig.Host, cfg.ConnConfig.Port)
		return nil, target("cannot reach the server at "+where+" (is it running, and is system.graph.dsn right? dsn: embedded starts a local one)", err)
	}
	s := &Store{pool: pool, traversal: o.Traversal}
	ddl := schema
	if o.Fresh {
		ddl = "DROP TABLE IF EXISTS identity_edges, identity_nodes, identity_clusters; DROP SEQUENCE IF EXISTS identity_cluster_seq;" + ddl
	}
	if _, err := pool.Exec(ctx, ddl); err != nil {
		pool.Close()
		return nil, target("create the identity tables (may the user create tables in this database?)", err)
	}
	return s, nil
}

func target(what string, err error) error {
	return fmt.Errorf("postgres graph store: %s: %w: %w", what, sinks.ErrTarget, err)
}

// WithTraversal returns dsn with its traversal option set to traversal.
func WithTraversal(dsn, traversal string) (string, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return "", errNotURL
	}
	q := u.Query()
	q.Set("traversal", traversal)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

var stagingColumns = []string{"src", "dst", "src_kind", "dst_kind", "seen"}

// Ingest runs the processing path for a batch in one transaction: COPY the
// links into a staging table, look up the cluster of every identifier they
// touch, merge the clusters they join and insert the new identifiers
// (merge.go), then insert both directions of each new edge.
func (s *Store) Ingest(ctx context.Context, links []graph.Link) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(links) == 0 {
		return nil
	}
	s.ingestMu.Lock()
	defer s.ingestMu.Unlock()
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `CREATE TEMP TABLE IF NOT EXISTS identity_staging (
			src text, dst text, src_kind smallint, dst_kind smallint, seen timestamptz
		) ON COMMIT DELETE ROWS`); err != nil {
			return err
		}
		rows := pgx.CopyFromSlice(len(links), func(i int) ([]any, error) {
			l := &links[i]
			return []any{l.Src, l.Dst, int16(l.SrcKind), int16(l.DstKind), time.Unix(0, l.Time).UTC()}, nil
		})
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"identity_staging"}, stagingColumns, rows); err != nil {
			return err
		}
		if err := mergeClusters(ctx, tx, links); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `INSERT INTO identity_edges (src, dst, seen)
			SELECT src, dst, seen FROM identity_staging WHERE dst <> '' AND src <> dst
			UNION ALL SELECT dst, src, seen FROM identity_staging WHERE dst <> '' AND src <> dst
			ON CONFLICT DO NOTHING`)
		s.rows += tag.RowsAffected()
		return err
	})
	if err == nil && s.rows >= 2*max(s.analyzedAt, 1000) {
		s.analyzedAt = s.rows
		_, err = s.pool.Exec(ctx, "ANALYZE identity_nodes, identity_edges, identity_clusters")
	}
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("postgres graph store: ingest: %w", ctx.Err())
		}
		return target("ingest", err)
	}
	return nil
}

// Profile returns the cluster of id, walked as configured.
func (s *Store) Profile(ctx context.Context, id string) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []string
	var err error
	if s.traversal == BFS {
		out, err = s.bfs(ctx, id)
	} else {
		out, err = s.cte(ctx, id)
	}
	switch {
	case err == nil && len(out) == 0:
		return nil, fmt.Errorf("%q: %w", id, graph.ErrNotFound)
	case err == nil:
		return out, nil
	case ctx.Err() != nil:
		return nil, fmt.Errorf("postgres graph store: profile: %w", ctx.Err())
	}
	return nil, target("profile", err)
}

const clusterCTE = `
WITH RECURSIVE cluster(id) AS (
	SELECT id FROM identity_nodes WHERE id = $1
	UNION
	SELECT e.dst FROM identity_edges e JOIN cluster c ON e.src = c.id
)
SELECT id FROM cluster`

func (s *Store) cte(ctx context.Context, id string) ([]string, error) {
	rows, err := s.pool.Query(ctx, clusterCTE, id)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

func (s *Store) bfs(ctx context.Context, id string) ([]string, error) {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Release()
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM identity_nodes WHERE id = $1)`, id).Scan(&exists); err != nil || !exists {
		return nil, err
	}
	seen := map[string]struct{}{id: {}}
	out := []string{id}
	frontier := []string{id}
	for len(frontier) > 0 {
		rows, err := conn.Query(ctx, `SELECT dst FROM identity_edges WHERE src = ANY($1)`, frontier)
		if err != nil {
			return nil, err
		}
		next, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return nil, err
		}
		frontier = frontier[:0]
		for _, n := range next {
			if _, ok := seen[n]; !ok {
				seen[n] = struct{}{}
				out = append(out, n)
				frontier = append(frontier, n)
			}
		}
	}
	return out, nil
}

// ClusterSize returns the size of id's cluster as the processing path
// recorded it; 0 for an unknown identifier.
func (s *Store) ClusterSize(ctx context.Context, id string) (int, error) {
	var n int64
	err := s.pool.QueryRow(ctx, `SELECT c.size FROM identity_nodes n JOIN identity_clusters c ON c.cluster = n.cluster
		WHERE n.id = $1`, id).Scan(&n)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	return int(n), err
}

// Close closes the connections.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}
