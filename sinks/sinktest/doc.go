// Package sinktest is the conformance suite every sinks.Sink passes: the
// lifecycle (write after close, close twice, abort, cancellation), errors of
// the target wrapping sinks.ErrTarget, independence from the batch after
// Write returns, and agreement between the counts a sink reports and what an
// independent reader finds in its target.
package sinktest
