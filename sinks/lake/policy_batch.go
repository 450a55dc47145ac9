package lake

import (
	"fmt"
	"time"
)

func init() { registerPolicy("batch", newBatch) }

// batch is a scheduled job (hourly Spark): every FlushEvery, on the tick, it
// takes what arrived since the last run and, after Delay of processing,
// commits one file per partition per writer (task).
type batch struct{ c PolicyConfig }

func newBatch(c PolicyConfig) (Policy, error) {
	if c.FlushEvery <= 0 {
		return nil, fmt.Errorf("writer policy batch: flush_every (the job interval, e.g. 1h) is required")
	}
	if c.MaxRows > 0 || c.MaxBytes > 0 {
		return nil, fmt.Errorf("writer policy batch: max_rows and max_bytes apply to microbatch and buffered; a batch job runs on its schedule only")
	}
	return batch{c}, nil
}

func (p batch) Writers() int                   { return p.c.Concurrency }
func (p batch) PerPartition() bool             { return false }
func (p batch) Due(opened time.Time) time.Time { return nextTick(opened, p.c.FlushEvery) }
func (p batch) Full(rows, bytes int64) bool    { return false }
func (p batch) Delay() time.Duration           { return p.c.Delay }

var _ Policy = batch{}
