// Package discard is the sink that drops every record: it measures the cost
// of generation alone.
package discard

import (
	"context"
	"errors"

	"github.com/prodshape/prodshape/generators"
	"github.com/prodshape/prodshape/sinks"
)

// Sink drops records, counting them.
type Sink struct {
	Records int64
	closed  bool
}

var _ sinks.Sink = (*Sink)(nil)

func (s *Sink) Write(ctx context.Context, b *generators.Batch) error {
	if s.closed {
		return errors.New("discard: write after close")
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	s.Records += int64(b.Len())
	return nil
}

// Close ends the sink; on a cancelled context it says so, as every sink
// does, though there is nothing to lose.
func (s *Sink) Close(ctx context.Context) error {
	if s.closed {
		return nil
	}
	s.closed = true
	return ctx.Err()
}
