// Package pgtest starts a real PostgreSQL server for tests: initdb and
// pg_ctl into a temporary folder, a free loopback port, stopped and removed
// in Cleanup. When the server binaries are missing the test is skipped, or
// fails when CI=true (CI must install them: scripts/setup/postgres.sh).
package pgtest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/prodshape/prodshape/sinks/graph/postgres"
)

// Start starts a server for this test.
func Start(tb testing.TB) *postgres.Server {
	tb.Helper()
	s, err := postgres.StartServer(context.Background(), "", postgres.ServerOptions{})
	if errors.Is(err, postgres.ErrNoBinaries) {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("CI=true and %v", err)
		}
		tb.Skip(err)
	}
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := s.Remove(); err != nil {
			tb.Errorf("stop postgres: %v", err)
		}
	})
	return s
}

var dbSeq atomic.Int64

// NewDatabase creates an empty database on the server and returns its DSN.
func NewDatabase(tb testing.TB, s *postgres.Server) string {
	tb.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, s.DSN)
	if err != nil {
		tb.Fatal(err)
	}
	defer conn.Close(ctx)
	name := fmt.Sprintf("test_%d", dbSeq.Add(1))
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		tb.Fatal(err)
	}
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", s.Port, name)
}
