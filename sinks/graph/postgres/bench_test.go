package postgres_test

import (
	"context"
	"errors"
	"os"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/prodshape/prodshape/sinks/graph"
	"github.com/prodshape/prodshape/sinks/graph/graphtest"
	"github.com/prodshape/prodshape/sinks/graph/postgres"
	"github.com/prodshape/prodshape/sinks/graph/postgres/pgtest"
)

// The benchmarks share one server, started by the first that needs it
// and removed by TestMain.
var shared struct {
	once sync.Once
	srv  *postgres.Server
	err  error
}

func benchServer(b *testing.B) *postgres.Server {
	shared.once.Do(func() {
		shared.srv, shared.err = postgres.StartServer(context.Background(), "", postgres.ServerOptions{})
	})
	if errors.Is(shared.err, postgres.ErrNoBinaries) {
		if os.Getenv("CI") == "true" {
			b.Fatalf("CI=true and %v", shared.err)
		}
		b.Skip(shared.err)
	}
	if shared.err != nil {
		b.Fatal(shared.err)
	}
	return shared.srv
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.srv != nil {
		shared.srv.Remove()
	}
	os.Exit(code)
}

// openStore opens the store on a fresh database of srv.
func openStore(tb testing.TB, srv *postgres.Server, o postgres.Options) *postgres.Store {
	tb.Helper()
	s, err := postgres.Open(context.Background(), pgtest.NewDatabase(tb, srv), o)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// Batched COPY ingest, 5,000 links per transaction. Target: at least
// 20,000 links/s.
func BenchmarkIngestCopy(b *testing.B) {
	srv := benchServer(b)
	links := graphtest.History(50000, 1)
	graphtest.BenchIngest(b, func(b *testing.B) graph.Store { return openStore(b, srv, postgres.Options{}) }, links, 5000)
}

// Baseline: one INSERT statement per edge direction, autocommit.
func BenchmarkIngestInsertPerLink(b *testing.B) {
	srv := benchServer(b)
	links := graphtest.History(50000, 1)[:1000]
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		s := openStore(b, srv, postgres.Options{})
		s.Close()
		conn, err := pgx.Connect(ctx, srv.DSN)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := conn.Exec(ctx, `DROP TABLE IF EXISTS naive_edges; CREATE TABLE naive_edges (src text, dst text, PRIMARY KEY (src, dst))`); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for _, l := range links {
			for _, e := range [][2]string{{l.Src, l.Dst}, {l.Dst, l.Src}} {
				if _, err := conn.Exec(ctx, `INSERT INTO naive_edges VALUES ($1, $2) ON CONFLICT DO NOTHING`, e[0], e[1]); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.StopTimer()
		conn.Close(ctx)
		b.StartTimer()
	}
	b.ReportMetric(float64(len(links))*float64(b.N)/b.Elapsed().Seconds(), "links/s")
}

func BenchmarkProfile1000CTE(b *testing.B) {
	srv := benchServer(b)
	s := openStore(b, srv, postgres.Options{Traversal: postgres.CTE})
	b.Cleanup(func() { s.Close() })
	graphtest.BenchProfile(b, s, 1000)
}

func BenchmarkProfile1000BFS(b *testing.B) {
	srv := benchServer(b)
	s := openStore(b, srv, postgres.Options{Traversal: postgres.BFS})
	b.Cleanup(func() { s.Close() })
	graphtest.BenchProfile(b, s, 1000)
}
