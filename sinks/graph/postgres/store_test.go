package postgres_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/prodshape/prodshape/sinks"
	"github.com/prodshape/prodshape/sinks/graph"
	"github.com/prodshape/prodshape/sinks/graph/graphtest"
	"github.com/prodshape/prodshape/sinks/graph/postgres"
	"github.com/prodshape/prodshape/sinks/graph/postgres/pgtest"
)

func TestConformance(t *testing.T) {
	srv := pgtest.Start(t)
	for _, traversal := range []string{postgres.CTE, postgres.BFS} {
		t.Run(traversal, func(t *testing.T) {
			// One database; each case starts from fresh tables.
			dsn := pgtest.NewDatabase(t, srv)
			graphtest.Run(t, func(t *testing.T) graph.Store {
				s, err := postgres.Open(context.Background(), dsn, postgres.Options{Traversal: traversal, Fresh: true})
				if err != nil {
					t.Fatal(err)
				}
				return s
			})
		})
	}
}

// A server that goes away mid-run fails with sinks.ErrTarget.
func TestServerStopped(t *testing.T) {
	srv := pgtest.Start(t)
	ctx := context.Background()
	s := openStore(t, srv, postgres.Options{})
	t.Cleanup(func() { s.Close() })
	if err := s.Ingest(ctx, []graph.Link{graphtest.L("a", "b")}); err != nil {
		t.Fatal(err)
	}
	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	err := s.Ingest(ctx, []graph.Link{graphtest.L("b", "c")})
	if !errors.Is(err, sinks.ErrTarget) {
		t.Fatalf("ingest into a stopped server: got %v, want an error wrapping sinks.ErrTarget", err)
	}
	if _, err := s.Profile(ctx, "a"); !errors.Is(err, sinks.ErrTarget) {
		t.Fatalf("profile on a stopped server: got %v, want an error wrapping sinks.ErrTarget", err)
	}
}

func TestBadDSN(t *testing.T) {
	_, err := postgres.Open(context.Background(), "postgres://nobody@127.0.0.1:1/x?connect_timeout=2", postgres.Options{})
	if !errors.Is(err, sinks.ErrTarget) {
		t.Fatalf("got %v, want an error wrapping sinks.ErrTarget", err)
	}
}

// The store's own option leaves the DSN before pgx sees it.
func TestParseDSN(t *testing.T) {
	dsn, err := postgres.WithTraversal("postgres://u@127.0.0.1:5432/db?sslmode=disable", postgres.BFS)
	if err != nil {
		t.Fatal(err)
	}
	conn, o, err := postgres.ParseDSN(dsn)
	if err != nil || o.Traversal != postgres.BFS || conn != "postgres://u@127.0.0.1:5432/db?sslmode=disable" {
		t.Fatalf("ParseDSN(%q) = %q, %+v, %v", dsn, conn, o, err)
	}
	if _, err := graph.Open(context.Background(), "postgres://u@127.0.0.1:1/db?traversal=dfs", graph.Site{}); err == nil {
		t.Fatal("an unknown traversal opened")
	}
}

// The processing path keeps cluster sizes that agree with the walk, across
// batches that merge clusters built earlier.
func TestClusterSizes(t *testing.T) {
	srv := pgtest.Start(t)
	ctx := context.Background()
	s := openStore(t, srv, postgres.Options{})
	t.Cleanup(func() { s.Close() })
	links, comp := graphtest.KnownComponents([]int{1, 4, 9, 30, 120}, 5)
	for chunk := range slices.Chunk(links, 7) {
		if err := s.Ingest(ctx, chunk); err != nil {
			t.Fatal(err)
		}
	}
	sizes := map[int]int{}
	for _, c := range comp {
		sizes[c]++
	}
	for id, c := range comp {
		got, err := s.ClusterSize(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if got != sizes[c] {
			t.Fatalf("cluster size of %s = %d, want %d", id, got, sizes[c])
		}
	}
	if n, _ := s.ClusterSize(ctx, "nobody"); n != 0 {
		t.Fatalf("unknown identifier has a cluster of %d", n)
	}
}
