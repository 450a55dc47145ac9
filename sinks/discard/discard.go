// Package discard is the sink that drops every record: it measures the cost
// of generation alone.
package discard

import (
	"context"

	"github.com/prodshape/prodshape/generators"
	"github.com/prodshape/prodshape/sinks"
)

// Sink drops records, counting them.
type Sink struct{ Records int64 }

var _ sinks.Sink = (*Sink)(nil)

func (s *Sink) Write(_ context.Context, b *generators.Batch) error {
	s.Records += int64(b.Len())
	return nil
}

func (s *Sink) Close(context.Context) error { return nil }
