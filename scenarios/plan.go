package scenarios

import (
	"fmt"

	"github.com/prodshape/prodshape/analysis"
	"github.com/prodshape/prodshape/generators"
	"github.com/prodshape/prodshape/generators/identity"
)

// Plan is a validated scenario made concrete for one shard: the generators'
// configs, which sinks take which stream, and the parsed goals. It is what
// the engine (package scenarios/engine) runs; making one starts no server,
// opens no sink and runs no workload.
type Plan struct {
	// Scenario is the validated scenario the plan was made from: names,
	// clock, system and the sink specs.
	Scenario *Scenario
	// Shard and Shards select one disjoint slice of the workload.
	Shard, Shards int
	// Streams holds one entry per stream; empty for a population.
	Streams []StreamPlan
	// Identity is the population generator's config, or nil for streams.
	Identity *identity.Config
	// Goals are the scenario's goals, parsed.
	Goals []analysis.Goal
}

// StreamPlan is one stream of a plan.
type StreamPlan struct {
	// Config is the generator's config at the run's scale and shard.
	Config generators.StreamConfig
	// Shape is the production rate over time (not scaled), from which the
	// intended rate of every minute is read.
	Shape generators.Rate
	// Sinks are the indexes into Scenario.Sinks of the sinks that take
	// this stream, in file order.
	Sinks []int
}

// Plan makes the plan of shard i of n (0 of 1 for an unsharded run). s must
// have been validated (Load and Parse do that).
func (s *Scenario) Plan(shard, shards int) (*Plan, error) {
	if shards < 1 {
		shards = 1
	}
	if shard < 0 || shard >= shards {
		return nil, fmt.Errorf("shard %d of %d: want 0 <= shard < shards", shard, shards)
	}
	p := &Plan{Scenario: s, Shard: shard, Shards: shards}
	goals, err := s.ParsedGoals()
	if err != nil {
		return nil, err
	}
	p.Goals = goals
	if s.Population != nil {
		cfg, err := s.IdentityConfig(shard, shards)
		if err != nil {
			return nil, fmt.Errorf("population: %w", err)
		}
		p.Identity = &cfg
		return p, nil
	}
	pools, err := s.BuildEntities()
	if err != nil {
		return nil, err
	}
	for i := range s.Streams {
		cfg, err := s.StreamConfig(i, pools, shard, shards)
		if err != nil {
			return nil, err
		}
		shape, err := s.Streams[i].Rate.Build(s.Clock.Start.Time)
		if err != nil {
			return nil, fmt.Errorf("streams[%d].rate: %w", i, err)
		}
		sp := StreamPlan{Config: cfg, Shape: shape}
		for j := range s.Sinks {
			if s.Sinks[j].Stream == "" || s.Sinks[j].Stream == cfg.Name {
				sp.Sinks = append(sp.Sinks, j)
			}
		}
		p.Streams = append(p.Streams, sp)
	}
	return p, nil
}

// ParsedGoals parses the scenario's goals (already validated).
func (s *Scenario) ParsedGoals() ([]analysis.Goal, error) {
	var out []analysis.Goal
	for _, g := range s.Goals {
		pg, err := analysis.ParseGoal(g.Metric, g.Expr)
		if err != nil {
			return nil, fmt.Errorf("goals.%s: %w", g.Metric, err)
		}
		out = append(out, pg)
	}
	return out, nil
}

// Kind is the YAML key of the sink's one kind (jsonl, kafka, lake, ...).
func (s *Sink) Kind() string {
	if k := s.kinds(); len(k) == 1 {
		return k[0]
	}
	return ""
}
