package scenarios

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// LakeSystem is the candidate lake architecture.
type LakeSystem struct {
	Writer         LakeWriter      `yaml:"writer" doc:"how records become files: the writer policy and its knobs"`
	Compaction     *LakeCompaction `yaml:"compaction" doc:"rewrite small files into large ones on a schedule (a mitigation)"`
	TargetFileSize Size            `yaml:"target_file_size" doc:"files below this size count as small in lake.small_files.share (default 128MiB, Spark's maxPartitionBytes)"`
}

// LakeWriter is the writer policy.
type LakeWriter struct {
	Policy      string      `yaml:"policy" enum:"batch|microbatch|buffered" doc:"batch: a job every flush_every (hourly Spark); microbatch: concurrency writers flushing on time, rows or bytes (serverless consumers); buffered: per-partition size/interval buffers (a delivery stream)"`
	FlushEvery  Duration    `yaml:"flush_every" doc:"batch: job interval; microbatch: flush period; buffered: buffer interval (0-900s, default 300s)"`
	Delay       Duration    `yaml:"delay" doc:"processing time from a flush until its files are committed (the batch job's run time)"`
	MaxRows     int64       `yaml:"max_rows" doc:"flush a buffer early at this many rows (microbatch: the invocation's batch size)"`
	MaxBytes    Size        `yaml:"max_bytes" doc:"flush a buffer early at this many uncompressed bytes (buffered: 1MiB-128MiB, default 5MiB)"`
	Concurrency int         `yaml:"concurrency" doc:"parallel writers records are spread over (consumers, Spark tasks); default 1"`
	RouteBy     string      `yaml:"route_by" doc:"field whose hash picks a record's writer, like a Kafka key (default: round-robin)"`
	PartitionBy []string    `yaml:"partition_by" doc:"one template per directory level: dt={event_time:2006-01-02} (Go layout for timestamps), type={event_type}"`
	EventTime   string      `yaml:"event_time" doc:"timestamp field freshness counts from (default: the first timestamp field)"`
	Parquet     LakeParquet `yaml:"parquet" doc:"Parquet file options"`
}

// LakeParquet holds Parquet options.
type LakeParquet struct {
	Compression  string `yaml:"compression" enum:"snappy|zstd|gzip|none" doc:"page compression (default snappy)"`
	RowGroupRows int    `yaml:"row_group_rows" doc:"rows per row group (default 131072; larger groups hold more memory while a file is written)"`
}

// LakeCompaction schedules compaction.
type LakeCompaction struct {
	Every      Duration `yaml:"every" doc:"how often compaction runs on the scenario clock, e.g. 1h"`
	TargetSize Size     `yaml:"target_size" doc:"size compacted files aim for (default 128MiB); files under 75% of it are rewritten"`
}

// LakeSink is where the lake is written.
type LakeSink struct {
	URL      string `yaml:"url,scalar" doc:"a folder (relative to the run folder), file:///abs/path, or s3://bucket/prefix"`
	Endpoint string `yaml:"endpoint" doc:"s3 only: embedded (an in-process S3 server on loopback), or the URL of an S3-compatible server (default: AWS)"`
	Region   string `yaml:"region" doc:"s3 only: bucket region (default from the environment)"`
	Scan     *bool  `yaml:"scan" doc:"after the run, read every row once and report lake.scan_seconds (default false)"`
}

func init() { extraChecks = append(extraChecks, validateLake) }

var placeholder = regexp.MustCompile(`\{([^}:]*)(:[^}]*)?\}`)

func validateLake(s *Scenario, c *check) {
	hasSink := false
	for i := range s.Sinks {
		if s.Sinks[i].Lake == nil {
			continue
		}
		hasSink = true
		p := fmt.Sprintf("sinks[%d].lake", i)
		if strings.TrimSpace(s.Sinks[i].Lake.URL) == "" {
			c.errorf(p+".url", "missing; want a folder, file:///path or s3://bucket/prefix")
		}
		if e := s.Sinks[i].Lake.Endpoint; e != "" && !strings.HasPrefix(s.Sinks[i].Lake.URL, "s3://") {
			c.errorf(p+".endpoint", "applies to s3:// lakes only; remove it or use an s3://bucket/prefix url")
		}
	}
	l := s.System.Lake
	if l == nil {
		if hasSink {
			c.errorf("system.lake", "a lake sink needs system.lake: {writer: {policy: microbatch, flush_every: 1m, ...}}")
		}
		return
	}
	w := l.Writer
	validatePolicy(w, c)
	if w.Parquet.RowGroupRows < 0 {
		c.errorf("system.lake.writer.parquet.row_group_rows", "want a positive row count, got %d", w.Parquet.RowGroupRows)
	}
	if l.Compaction != nil && l.Compaction.Every <= 0 {
		c.errorf("system.lake.compaction.every", "want how often compaction runs, like 1h")
	}
	for _, st := range s.Streams {
		for i, tpl := range w.PartitionBy {
			for _, m := range placeholder.FindAllStringSubmatch(tpl, -1) {
				if !st.hasField(m[1]) {
					c.errorf(fmt.Sprintf("system.lake.writer.partition_by[%d]", i), "stream %q has no field %q%s", st.Name, m[1], didYouMean(m[1], st.fieldNames()))
				}
			}
		}
		for _, f := range []struct{ key, name string }{{"route_by", w.RouteBy}, {"event_time", w.EventTime}} {
			if f.name != "" && !st.hasField(f.name) {
				c.errorf("system.lake.writer."+f.key, "stream %q has no field %q%s", st.Name, f.name, didYouMean(f.name, st.fieldNames()))
			}
		}
	}
}

// WriterPolicies are the writer policies a scenario can name.
var WriterPolicies = []string{"batch", "buffered", "microbatch"}

// validatePolicy checks the writer's knobs against its policy: the ranges a
// real writer of that kind has (a delivery stream buffers 1-128 MiB for up
// to 900 s; a batch job runs on its schedule only).
func validatePolicy(w LakeWriter, c *check) {
	const p = "system.lake.writer"
	switch w.Policy {
	case "":
		c.errorf(p+".policy", "missing; want one of %s", strings.Join(WriterPolicies, ", "))
		return
	case "batch", "buffered", "microbatch":
	default:
		return // the enum check reports it
	}
	if w.Concurrency < 0 || w.MaxRows < 0 || w.MaxBytes < 0 || w.FlushEvery < 0 || w.Delay < 0 {
		c.errorf(p, "writer policy %s: concurrency, max_rows, max_bytes, flush_every and delay must not be negative", w.Policy)
		return
	}
	switch w.Policy {
	case "batch":
		if w.FlushEvery == 0 {
			c.errorf(p, "writer policy batch: flush_every (the job interval, e.g. 1h) is required")
		} else if w.MaxRows != 0 || w.MaxBytes != 0 {
			c.errorf(p, "writer policy batch: max_rows and max_bytes apply to microbatch and buffered; a batch job runs on its schedule only")
		}
	case "buffered":
		if w.MaxBytes != 0 && (w.MaxBytes < 1<<20 || w.MaxBytes > 128<<20) {
			c.errorf(p, "writer policy buffered: max_bytes %d out of range: a delivery stream buffers 1MiB to 128MiB", int64(w.MaxBytes))
		} else if w.FlushEvery > Duration(900*time.Second) {
			c.errorf(p, "writer policy buffered: flush_every %s out of range: a delivery stream buffers 0s to 900s", time.Duration(w.FlushEvery))
		}
	case "microbatch":
		if w.FlushEvery == 0 && w.MaxRows == 0 && w.MaxBytes == 0 {
			c.errorf(p, "writer policy microbatch: set flush_every, max_rows or max_bytes, or the buffer never flushes")
		}
	}
}
