package engine

import (
	"context"

	"github.com/prodshape/prodshape/generators"
	"github.com/prodshape/prodshape/scenarios"
	"github.com/prodshape/prodshape/sinks"
	"github.com/prodshape/prodshape/sinks/discard"
)

func init() {
	registerSink("discard", func(context.Context, *Env, *scenarios.Sink, *generators.Schema, *LiveSink) (sinks.Sink, error) {
		return &discard.Sink{}, nil
	})
}
