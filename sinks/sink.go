// Package sinks defines where generated records go. Each target lives in its
// own subpackage (lake, objstore, kafka, graph, jsonl) and implements Sink.
package sinks

import (
	"context"
	"errors"

	"github.com/prodshape/prodshape/analysis/metrics"
	"github.com/prodshape/prodshape/generators"
)

// Sink receives the records of one stream in batches, in clock order.
//
// Write may keep no reference to the batch or its columns after it returns.
// Close flushes and commits everything written; after Close the data is
// durable in the target (files renamed into place, objects PUT, records
// acknowledged), or Close returns an error saying what was lost.
type Sink interface {
	Write(ctx context.Context, b *generators.Batch) error
	Close(ctx context.Context) error
}

// Reporter is implemented by sinks that measure something about the target
// (files written, produce latency, ...). Report is called once after Close.
type Reporter interface {
	Report(m *metrics.Set)
}

// ErrTarget wraps every failure of the target system itself (unreachable
// broker, full disk, S3 error), as opposed to a usage mistake. The CLI maps it
// to exit code 3.
var ErrTarget = errors.New("sink target failed")
