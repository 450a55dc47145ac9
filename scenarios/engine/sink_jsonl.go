package engine

import (
	"context"
	"path/filepath"

	"github.com/prodshape/prodshape/generators"
	"github.com/prodshape/prodshape/scenarios"
	"github.com/prodshape/prodshape/sinks"
	"github.com/prodshape/prodshape/sinks/jsonl"
)

func init() { registerSink("jsonl", openJSONL) }

// openJSONL writes a file in the run folder (one per stream when several
// streams share the spec), or standard output for "-".
func openJSONL(_ context.Context, env *Env, spec *scenarios.Sink, schema *generators.Schema, _ *LiveSink) (sinks.Sink, error) {
	if spec.JSONL.Path == "-" {
		return jsonl.NewWriter(env.Stdout), nil
	}
	p := env.Resolve(spec.JSONL.Path)
	if len(env.Scenario().Streams) > 1 && spec.Stream == "" {
		ext := filepath.Ext(p)
		p = p[:len(p)-len(ext)] + "." + schema.Stream + ext
	}
	return jsonl.Create(p)
}
