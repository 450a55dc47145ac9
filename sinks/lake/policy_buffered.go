package lake

import (
	"fmt"
	"time"
)

func init() { registerPolicy("buffered", newBuffered) }

// Delivery-stream buffering limits (docs/realism.md, Firehose BufferingHints row).
const (
	bufferedMinBytes     = 1 << 20
	bufferedMaxBytes     = 128 << 20
	bufferedMaxInterval  = 900 * time.Second
	bufferedDefaultBytes = 5 << 20
	bufferedDefaultEvery = 300 * time.Second
)

// buffered is a delivery stream (Firehose with dynamic partitioning): each
// partition has its own buffer that is delivered as one object when it
// reaches MaxBytes or when FlushEvery has passed since its first record.
type buffered struct{ c PolicyConfig }

func newBuffered(c PolicyConfig) (Policy, error) {
	if c.MaxBytes == 0 {
		c.MaxBytes = bufferedDefaultBytes
	}
	if c.FlushEvery == 0 {
		c.FlushEvery = bufferedDefaultEvery
	}
	if c.MaxBytes < bufferedMinBytes || c.MaxBytes > bufferedMaxBytes {
		return nil, fmt.Errorf("writer policy buffered: max_bytes %d out of range: a delivery stream buffers 1MiB to 128MiB", c.MaxBytes)
	}
	if c.FlushEvery > bufferedMaxInterval {
		return nil, fmt.Errorf("writer policy buffered: flush_every %s out of range: a delivery stream buffers 0s to 900s", c.FlushEvery)
	}
	return buffered{c}, nil
}

func (p buffered) Writers() int                   { return p.c.Concurrency }
func (p buffered) PerPartition() bool             { return true }
func (p buffered) Due(opened time.Time) time.Time { return opened.Add(p.c.FlushEvery) }
func (p buffered) Full(rows, bytes int64) bool {
	return bytes >= p.c.MaxBytes || p.c.MaxRows > 0 && rows >= p.c.MaxRows
}
func (p buffered) Delay() time.Duration { return p.c.Delay }

var _ Policy = buffered{}
