package facts

import (
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"
)

// File is one data file of a lake.
type File struct {
	Key       string // object key relative to the lake root
	Partition string // directory part of Key: "dt=2026-03-02/hr=07/type=purchase", "" at the root
	Size      int64
	Rows      int64
	RowGroups int64
	// Committed is when the file became visible on the scenario clock (for
	// a listing, its modification time); zero when unknown.
	Committed time.Time
	// CommittedWall is when the store accepted the file on the wall clock;
	// zero when unknown (a listing, a projection).
	CommittedWall time.Time
	// Compacted marks a file written by compaction rather than by a writer.
	Compacted bool
	// Removed marks a file compaction replaced and deleted: it was committed
	// but is no longer in the lake.
	Removed bool
}

// Lake is a lake's files, as a writer committed them or as a listing found
// them.
type Lake struct {
	// Files holds every file committed. A listing knows only the live ones
	// and cannot tell a writer's file from compaction's.
	Files []File
	// Start and End bound the scenario time the lake covers; a zero End
	// means unknown (no per-day figures). Start anchors the hourly charts.
	Start, End time.Time
	// TargetFileSize is the size the lake aims for; 0 takes the default.
	TargetFileSize int64
	// Writer holds what only the writer knows; nil for a listing.
	Writer *LakeWriter
}

// LakeWriter is what a lake writer observed beyond its files.
type LakeWriter struct {
	CompactionRuns int64 // compaction ticks run
	Rewritten      int64 // files compaction rewrote and deleted
	// Freshness is commit − event time per row in µs (scenario clock);
	// FreshnessHourly is the same per hour of commit time, keyed by Unix
	// µs / hour, floored. Both empty when nothing was committed.
	Freshness       *hdrhistogram.Histogram
	FreshnessHourly map[int64]*hdrhistogram.Histogram
	// Projected is the same writer policy re-run at production counts;
	// nil for a run at full scale.
	Projected *Projection
}

// Projection is what a lake would hold at production volume.
type Projection struct {
	Files     []File // the files production would end with
	Written   int64  // files the writers would commit
	Rewritten int64  // files compaction would rewrite
}

// Live returns the files still in the lake, in the order of Files.
func (l *Lake) Live() []File {
	var out []File
	for _, f := range l.Files {
		if !f.Removed {
			out = append(out, f)
		}
	}
	return out
}

// Written returns the files writers committed (compaction outputs aside),
// including those compaction later removed.
func (l *Lake) Written() []File {
	var out []File
	for _, f := range l.Files {
		if !f.Compacted {
			out = append(out, f)
		}
	}
	return out
}
