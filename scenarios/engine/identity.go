package engine

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"time"

	"github.com/prodshape/prodshape/analysis/metrics"
	"github.com/prodshape/prodshape/generators/identity"
	"github.com/prodshape/prodshape/generators/pace"
	"github.com/prodshape/prodshape/scenarios"
	"github.com/prodshape/prodshape/scenarios/engine/backfill"
	"github.com/prodshape/prodshape/sinks/graph"
	_ "github.com/prodshape/prodshape/sinks/graph/kv"     // registers kv: and bolt:
	_ "github.com/prodshape/prodshape/sinks/graph/memory" // registers memory:
	"github.com/prodshape/prodshape/sinks/graph/postgres" // registers postgres:// and postgresql://
)

// EdgesFile is the edge export in a run folder.
const EdgesFile = "edges.parquet"

// identityBackfill is the workload of a population: generate it and
// backfill its history into the candidate graph store.
type identityBackfill struct{}

func (identityBackfill) Run(ctx context.Context, env *Env, set *metrics.Set) error {
	s := env.Scenario()
	cfg := *env.Plan.Identity
	began := time.Now()
	pop, err := identity.Generate(cfg)
	if err != nil {
		return fmt.Errorf("population: %w", err)
	}
	history := backfill.FromPopulation(pop)
	env.Log("identity population: %s people, %s identifiers, %s link events over %s",
		metrics.FormatCount(float64(cfg.People)), metrics.FormatCount(float64(pop.Identifiers())),
		metrics.FormatCount(float64(history.Len())), metrics.FormatSeconds(cfg.Span.Seconds()))

	g := s.System.Graph
	if g == nil {
		g = &scenarios.GraphSystem{}
	}
	store, err := openGraphStore(ctx, env, g, history.Identifiers())
	if err != nil {
		return err
	}
	defer store.Close()

	bcfg := backfill.Config{
		Batch:       g.Batch,
		Checkpoints: g.Checkpoints,
		OpTimeout:   time.Duration(g.Timeout),
		Seed:        s.Seed,
		Scale:       s.Scale / float64(env.Plan.Shards),
	}
	if g.ExportEdges == nil || *g.ExportEdges {
		bcfg.EdgesPath = filepath.Join(env.OutDir, EdgesFile)
	}
	if l := g.Lookups; l != nil {
		bcfg.Profiles, bcfg.Targeted = l.PerCheckpoint, l.Targeted
		if l.PerCheckpoint == 0 && l.Targeted > 0 {
			bcfg.Profiles = -1 // only targeted picks
		}
	}
	if gr := g.Guardrails; gr != nil {
		bcfg.Guardrails = graph.Guardrails{MaxComponent: gr.MaxComponent, OnExceed: gr.OnExceed, Blocklist: gr.Blocklist, MaxPerKind: gr.MaxPerKind}
	}
	if env.progress != nil {
		last := time.Now()
		bcfg.Progress = func(done, total int) {
			if now := time.Now(); now.Sub(last) >= env.progressEvery || done == total {
				last = now
				env.progress(Progress{Done: float64(done) / float64(total), Records: int64(done),
					Clock: cfg.Start.Add(time.Duration(float64(cfg.Span) * float64(done) / float64(total))), Elapsed: time.Since(began)})
			}
		}
	}
	if s.Clock.Mode == "realtime" {
		// The history replays on the wall clock, compressed by the speedup:
		// each batch waits until its place in the history is due.
		clock := pace.Clock{Scenario: cfg.Start, Wall: time.Now(), Speedup: s.Clock.Speedup}
		env.Log("realtime: %s of history at speedup %g takes %s of wall time",
			metrics.FormatSeconds(cfg.Span.Seconds()), s.Clock.Speedup,
			metrics.FormatSeconds(cfg.Span.Seconds()/s.Clock.Speedup))
		bcfg.Pace = func(ctx context.Context, progress float64) (time.Time, error) {
			due := clock.WallAt(cfg.Start.Add(time.Duration(progress * float64(cfg.Span))))
			if wait := time.Until(due); wait > 0 {
				t := time.NewTimer(wait)
				defer t.Stop()
				select {
				case <-t.C:
				case <-ctx.Done():
					return due, ctx.Err()
				}
			}
			return due, nil
		}
	}
	_, err = backfill.Run(ctx, store, history, bcfg, set)
	return err
}

// openGraphStore opens the store the scenario's DSN names, by its scheme;
// dsn: embedded first starts a throwaway PostgreSQL server for the run.
func openGraphStore(ctx context.Context, env *Env, g *scenarios.GraphSystem, identifiers int) (graph.Store, error) {
	dsn := g.StoreDSN()
	if dsn == scenarios.EmbeddedDSN {
		var err error
		if dsn, err = env.EmbeddedPostgres(ctx); err != nil {
			return nil, fmt.Errorf("system.graph.dsn: embedded: %w", err)
		}
	}
	scheme := graph.Scheme(dsn)
	if g.Traversal != "" && slices.Contains(postgres.Schemes, scheme) {
		var err error
		if dsn, err = postgres.WithTraversal(dsn, g.Traversal); err != nil {
			return nil, fmt.Errorf("system.graph.dsn: %w", err)
		}
	}
	store, err := graph.Open(ctx, dsn, graph.Site{Dir: env.OutDir, Fresh: true, SizeHint: identifiers})
	if err != nil {
		return nil, fmt.Errorf("system.graph (%s): %w", scheme, err)
	}
	return store, nil
}
