package pgtest_test

import (
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/prodshape/prodshape/sinks/graph/postgres/pgtest"
)

func TestStart(t *testing.T) {
	s := pgtest.Start(t)
	conn, err := pgx.Connect(t.Context(), pgtest.NewDatabase(t, s))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(t.Context())
	var one int
	if err := conn.QueryRow(t.Context(), "SELECT 1").Scan(&one); err != nil || one != 1 {
		t.Fatalf("SELECT 1: %v, %v", one, err)
	}
}
