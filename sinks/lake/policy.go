package lake

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// PolicyConfig is the writer policy's part of the configuration.
type PolicyConfig struct {
	// Policy is the registered name: batch, microbatch or buffered.
	Policy string
	// FlushEvery is the batch job interval, the micro-batch flush period, or
	// the delivery-stream buffer interval.
	FlushEvery time.Duration
	// Delay is the processing time between a flush and its files becoming
	// visible (the batch job's run time).
	Delay time.Duration
	// MaxRows and MaxBytes flush a buffer early; 0 means no limit. Bytes
	// count uncompressed record bytes, as delivery streams do.
	MaxRows  int64
	MaxBytes int64
	// Concurrency is the number of parallel writers (serverless consumers,
	// Spark tasks); records are spread over them.
	Concurrency int
}

// Policy decides when buffered records become files. A policy is pure: it
// sees row and byte counts and times, never rows, so the projection to
// production volume runs the very same code.
type Policy interface {
	// Writers is the number of parallel writers records are spread over.
	Writers() int
	// PerPartition is true when every partition has its own buffer and
	// timer; false when a writer flushes all its partitions at once.
	PerPartition() bool
	// Due is when a buffer that received its first record at opened must
	// flush; the zero time means never on time alone.
	Due(opened time.Time) time.Time
	// Full reports whether a buffer holding rows and bytes must flush now.
	Full(rows, bytes int64) bool
	// Delay is the time from a flush to its files being committed.
	Delay() time.Duration
}

type policyFactory func(PolicyConfig) (Policy, error)

var policies = map[string]policyFactory{}

// registerPolicy is called from each policy file's init.
func registerPolicy(name string, f policyFactory) { policies[name] = f }

// Policies lists the registered policy names, sorted.
func Policies() []string {
	names := make([]string, 0, len(policies))
	for n := range policies {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// NewPolicy builds the named policy from its configuration.
func NewPolicy(c PolicyConfig) (Policy, error) {
	f, ok := policies[c.Policy]
	if !ok {
		return nil, fmt.Errorf("writer policy %q: want one of %s", c.Policy, strings.Join(Policies(), ", "))
	}
	if c.Concurrency < 0 || c.MaxRows < 0 || c.MaxBytes < 0 || c.FlushEvery < 0 || c.Delay < 0 {
		return nil, fmt.Errorf("writer policy %s: concurrency, max_rows, max_bytes, flush_every and delay must not be negative", c.Policy)
	}
	if c.Concurrency == 0 {
		c.Concurrency = 1
	}
	return f(c)
}

// nextTick is the first multiple of every (counted from the zero time, so
// hourly ticks fall on the hour) strictly after t.
func nextTick(t time.Time, every time.Duration) time.Time {
	return t.Truncate(every).Add(every)
}
