package lake

import (
	"fmt"
	"time"
)

func init() { registerPolicy("microbatch", newMicrobatch) }

// microbatch is a fleet of serverless consumers (one per Kafka partition):
// each writer flushes its buffer on every FlushEvery tick, or earlier when
// it holds MaxRows rows or MaxBytes bytes, writing one file per partition
// its buffer touched.
type microbatch struct{ c PolicyConfig }

func newMicrobatch(c PolicyConfig) (Policy, error) {
	if c.FlushEvery <= 0 && c.MaxRows <= 0 && c.MaxBytes <= 0 {
		return nil, fmt.Errorf("writer policy microbatch: set flush_every, max_rows or max_bytes, or the buffer never flushes")
	}
	return microbatch{c}, nil
}

func (p microbatch) Writers() int       { return p.c.Concurrency }
func (p microbatch) PerPartition() bool { return false }
func (p microbatch) Due(opened time.Time) time.Time {
	if p.c.FlushEvery <= 0 {
		return time.Time{}
	}
	return nextTick(opened, p.c.FlushEvery)
}
func (p microbatch) Full(rows, bytes int64) bool {
	return p.c.MaxRows > 0 && rows >= p.c.MaxRows || p.c.MaxBytes > 0 && bytes >= p.c.MaxBytes
}
func (p microbatch) Delay() time.Duration { return p.c.Delay }

var _ Policy = microbatch{}
