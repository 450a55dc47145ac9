package engine

import (
	"context"
	"fmt"

	"github.com/prodshape/prodshape/generators"
	"github.com/prodshape/prodshape/scenarios"
	"github.com/prodshape/prodshape/sinks"
)

// opener opens the sink of one sink spec for one stream; live receives its
// counts as they happen, and is nil when the run is not watched.
type opener func(ctx context.Context, env *Env, spec *scenarios.Sink, schema *generators.Schema, live *LiveSink) (sinks.Sink, error)

// openers maps a sink kind (its YAML key under sinks:) to its opener. It is
// written only by registerSink, from the init function of each
// sink_<kind>.go file.
var openers = map[string]opener{}

func registerSink(kind string, open opener) {
	if _, dup := openers[kind]; dup {
		panic("engine: sink kind " + kind + " registered twice")
	}
	openers[kind] = open
}

// openSink opens the sink of one spec for one stream.
func openSink(ctx context.Context, env *Env, spec *scenarios.Sink, schema *generators.Schema, live *LiveSink) (sinks.Sink, error) {
	kind := spec.Kind()
	open, ok := openers[kind]
	if !ok {
		return nil, fmt.Errorf("sink kind %q cannot be opened by this engine", kind)
	}
	return open(ctx, env, spec, schema, live)
}

// aborter is implemented by sinks that can discard unfinished output.
type aborter interface{ Abort() }
