package discard

import (
	"testing"

	"github.com/prodshape/prodshape/generators"
	"github.com/prodshape/prodshape/sinks"
	"github.com/prodshape/prodshape/sinks/sinktest"
)

// The discard sink has no target: its reader is its own count, and the
// suite checks its lifecycle.
func TestConformance(t *testing.T) {
	sinktest.Run(t, sinktest.Harness{
		Open: func(t *testing.T, _ *generators.Schema) (sinks.Sink, sinktest.Reader) {
			s := &Sink{}
			return s, func(t *testing.T) sinktest.Landed { return sinktest.Landed{Records: s.Records} }
		},
	})
}
