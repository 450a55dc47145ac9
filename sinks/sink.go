// Package sinks defines where generated records go. Each target lives in its
// own subpackage (lake, objstore, kafka, graph, jsonl) and implements Sink.
package sinks

import (
	"context"
	"errors"

	"github.com/prodshape/prodshape/generators"
	"github.com/prodshape/prodshape/sinks/facts"
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

// Reporter is implemented by sinks that report what they delivered: files
// committed, acknowledgements and their latency, records and bytes written.
// Facts is called after a successful Close; the analysis packages turn the
// facts into metrics (analysis/measure), so a sink measures nothing itself.
type Reporter interface {
	Facts() facts.Report
}

// ErrTarget wraps every failure of the target system itself (unreachable
// broker, full disk, S3 error), as opposed to a usage mistake. The CLI maps it
// to exit code 3.
var ErrTarget = errors.New("sink target failed")
