package lake

import (
	"fmt"
	"time"

	"github.com/prodshape/prodshape/generators"
	"github.com/prodshape/prodshape/sinks/objstore"
)

// Config is everything the lake writer needs; package scenarios fills it
// from the scenario's system.lake section and the lake sink URL.
type Config struct {
	Store  objstore.Store
	Schema *generators.Schema
	// PartitionBy holds one template per directory level, e.g.
	// "dt={event_time:2006-01-02}", "hr={event_time:15}", "type={event_type}".
	PartitionBy []string
	Writer      PolicyConfig
	// RouteBy names the field whose hash picks a record's writer (a Kafka
	// partition key); empty spreads records round-robin.
	RouteBy string
	// Compression is snappy (default), zstd, gzip or none.
	Compression  string
	RowGroupRows int
	Compaction   Compaction
	// EventTime names the timestamp field freshness counts from; empty
	// takes the first timestamp field, or the arrival time when there is
	// none.
	EventTime string
	// Scale below 1 turns on the projection to production volume.
	Scale float64
	// TargetFileSize is the size below which a file counts as small; 0
	// means 128 MiB.
	TargetFileSize int64
	// Start is the scenario clock's start, for charts and files per day;
	// zero takes the first record's arrival.
	Start time.Time
	// Encoders is how many files are encoded and stored in parallel; 0
	// means four per CPU, at most 8.
	Encoders int
	// OnCommit, when set, is called with the size of every file once it
	// is stored (compaction outputs too), from the goroutine that stored
	// it: a live view's counter, so it must be cheap and safe for
	// concurrent use.
	OnCommit func(size int64)
	// CloseStore makes Close close the store too.
	CloseStore bool
}

// Compaction rewrites a partition's small files into files near TargetSize,
// every Every on the scenario clock. A zero Every turns it off.
type Compaction struct {
	Every      time.Duration
	TargetSize int64
}

// SmallFileShare is the fraction of the target under which a committed file
// is a compaction candidate (docs/realism.md: AWS Glue compacts files under 75%
// of the target).
const SmallFileShare = 0.75

func (c *Config) check() error {
	if c.Store == nil {
		return fmt.Errorf("lake: no object store configured")
	}
	if c.Schema == nil || len(c.Schema.Fields) == 0 {
		return fmt.Errorf("lake: the stream has no fields to write")
	}
	if c.Compaction.Every < 0 || c.Compaction.TargetSize < 0 {
		return fmt.Errorf("lake: compaction every and target_size must not be negative")
	}
	if c.Compaction.Every > 0 && c.Compaction.TargetSize == 0 {
		c.Compaction.TargetSize = 128 << 20
	}
	if c.Scale < 0 || c.Scale > 1 {
		return fmt.Errorf("lake: scale %g: want a fraction in (0, 1]", c.Scale)
	}
	if c.RouteBy != "" && c.Schema.Index(c.RouteBy) < 0 {
		return fmt.Errorf("lake: route_by %q: no such field in stream %s", c.RouteBy, c.Schema.Stream)
	}
	if c.EventTime != "" {
		i := c.Schema.Index(c.EventTime)
		if i < 0 || c.Schema.Fields[i].Type != generators.Timestamp {
			return fmt.Errorf("lake: event_time %q: want a timestamp field of stream %s", c.EventTime, c.Schema.Stream)
		}
	}
	return nil
}
