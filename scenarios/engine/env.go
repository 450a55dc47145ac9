package engine

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/prodshape/prodshape/scenarios"
	"github.com/prodshape/prodshape/sinks"
	"github.com/prodshape/prodshape/sinks/graph/postgres"
	"github.com/prodshape/prodshape/sinks/kafka"
)

// DefaultEmbeddedPartitions is the partition count of topics on the
// embedded broker when the sink does not say.
const DefaultEmbeddedPartitions = 12

// Env is one run's environment: its plan, run folder and output, and the
// embedded servers its sinks asked for. Servers start on first use and stop
// in Close, so nothing outlives the run and nothing is shared between runs.
type Env struct {
	Plan   *scenarios.Plan
	OutDir string
	Stdout io.Writer
	// Log prints a line for the user (embedded server addresses, say).
	Log func(format string, args ...any)

	progress      func(Progress)
	progressEvery time.Duration
	// realtime paces a clock.mode realtime run; nil on a virtual clock.
	realtime *realtime
	live     *Live // nil when the run is not watched

	unlock func() // releases the run folder's lock

	mu       sync.Mutex
	kafka    *kafka.Embedded
	cleanups []func() // run in Close, last registered first
}

// Scenario is the plan's scenario.
func (e *Env) Scenario() *scenarios.Scenario { return e.Plan.Scenario }

// Resolve makes a relative path relative to the run folder.
func (e *Env) Resolve(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(e.OutDir, p)
}

// OnClose registers f to run when the run ends.
func (e *Env) OnClose(f func()) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.cleanups = append(e.cleanups, f)
}

// Close stops every server the run started, last started first.
func (e *Env) Close() {
	e.mu.Lock()
	cleanups := e.cleanups
	e.cleanups, e.kafka = nil, nil
	e.mu.Unlock()
	for i := len(cleanups) - 1; i >= 0; i-- {
		cleanups[i]()
	}
}

// EmbeddedKafka returns the run's in-process Kafka-protocol broker on
// loopback, starting it on first use; every kafka sink of the run that asks
// for brokers: embedded shares it.
func (e *Env) EmbeddedKafka() (*kafka.Embedded, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.kafka != nil {
		return e.kafka, nil
	}
	k, err := kafka.StartEmbedded(kafka.EmbeddedConfig{Partitions: DefaultEmbeddedPartitions})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", sinks.ErrTarget, err)
	}
	e.kafka = k
	e.Log("embedded Kafka broker on %s", strings.Join(k.Addrs(), ","))
	e.cleanups = append(e.cleanups, k.Close)
	return k, nil
}

// EmbeddedPostgres starts a throwaway PostgreSQL server for the run and
// returns its DSN; the server and its data are removed when the run ends.
func (e *Env) EmbeddedPostgres(ctx context.Context) (string, error) {
	// Durable, like the server it stands in for: commits are fsynced.
	srv, err := postgres.StartServer(ctx, "", postgres.ServerOptions{Durable: true})
	if err != nil {
		return "", fmt.Errorf("%w: %w", sinks.ErrTarget, err)
	}
	e.OnClose(func() { srv.Remove() })
	e.Log("embedded PostgreSQL listening on 127.0.0.1:%d (removed when the run ends)", srv.Port)
	return srv.DSN, nil
}
