package scenarios

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"github.com/prodshape/prodshape/generators"
	"github.com/prodshape/prodshape/sinks"
	"github.com/prodshape/prodshape/sinks/discard"
	"github.com/prodshape/prodshape/sinks/jsonl"
)

// RunEnv is what a sink factory may use while wiring a run.
type RunEnv struct {
	Scenario *Scenario
	OutDir   string
	Stdout   io.Writer
	// Log prints a line for the user (embedded server addresses, say).
	Log func(format string, args ...any)
	// cleanups run after every sink has closed, last registered first.
	cleanups []func()
	// realtime paces a clock.mode realtime run; nil on a virtual clock.
	realtime *realtime
}

// Resolve makes a relative path relative to the run folder.
func (e *RunEnv) Resolve(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(e.OutDir, p)
}

// OnClose registers f to run when the run ends (stopping an embedded
// server, say).
func (e *RunEnv) OnClose(f func()) { e.cleanups = append(e.cleanups, f) }

func (e *RunEnv) close() {
	for i := len(e.cleanups) - 1; i >= 0; i-- {
		e.cleanups[i]()
	}
	e.cleanups = nil
}

// sinkFactory builds the sink of one Sink entry for one stream.
type sinkFactory func(ctx context.Context, env *RunEnv, spec *Sink, schema *generators.Schema) (sinks.Sink, error)

// sinkFactories maps a sink kind (its YAML key) to its factory. Each area
// registers its own from an init function in its file.
var sinkFactories = map[string]sinkFactory{}

func registerSink(kind string, f sinkFactory) { sinkFactories[kind] = f }

func init() {
	registerSink("jsonl", func(_ context.Context, env *RunEnv, spec *Sink, schema *generators.Schema) (sinks.Sink, error) {
		if spec.JSONL.Path == "-" {
			return jsonl.NewWriter(env.Stdout), nil
		}
		p := env.Resolve(spec.JSONL.Path)
		if len(env.Scenario.Streams) > 1 && spec.Stream == "" {
			ext := filepath.Ext(p)
			p = p[:len(p)-len(ext)] + "." + schema.Stream + ext
		}
		return jsonl.Create(p)
	})
	registerSink("discard", func(context.Context, *RunEnv, *Sink, *generators.Schema) (sinks.Sink, error) {
		return &discard.Sink{}, nil
	})
}

// buildSink makes the sink for one entry and one stream.
func buildSink(ctx context.Context, env *RunEnv, spec *Sink, schema *generators.Schema) (sinks.Sink, error) {
	kinds := spec.kinds()
	if len(kinds) != 1 {
		return nil, fmt.Errorf("sink has %d kinds", len(kinds))
	}
	f, ok := sinkFactories[kinds[0]]
	if !ok {
		return nil, fmt.Errorf("sink kind %s cannot be built here", kinds[0])
	}
	return f(ctx, env, spec, schema)
}

// aborter is implemented by sinks that can discard unfinished output.
type aborter interface{ Abort() }
