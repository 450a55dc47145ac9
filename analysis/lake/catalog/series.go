package catalog

import (
	"math"
	"math/bits"
	"sort"
	"time"

	"github.com/prodshape/prodshape/analysis/metrics"
	"github.com/prodshape/prodshape/sinks/facts"
)

// SizeHistogram is the file-size distribution in power-of-two buckets: X is
// a bucket's upper bound in bytes, Y the number of files in it.
func SizeHistogram(files []facts.File, name string) metrics.Series {
	counts := map[int]float64{}
	for _, f := range files {
		counts[bits.Len64(uint64(max(f.Size, 1)))]++
	}
	keys := make([]int, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	s := metrics.Series{
		Chart: "lake.file_size", Title: "File sizes", Name: name, Kind: "bar",
		XLabel: "file size (bytes, upper bound)", YLabel: "files",
		XUnit: metrics.Bytes, YUnit: metrics.Count, LogX: true,
	}
	for _, k := range keys {
		s.Points = append(s.Points, metrics.Point{X: math.Ldexp(1, k), Y: counts[k]})
	}
	return s
}

// FilesPerPartitionHour counts, for every hour since start, the files
// committed in that hour divided by the partitions they went to: how many
// files each partition gains per hour. Files without a commit time are
// skipped.
func FilesPerPartitionHour(files []facts.File, start time.Time, name string) metrics.Series {
	type hour struct {
		files int
		parts map[string]bool
	}
	hours := map[int64]*hour{}
	for _, f := range files {
		if f.Committed.IsZero() {
			continue
		}
		h := int64(f.Committed.Sub(start) / time.Hour)
		e := hours[h]
		if e == nil {
			e = &hour{parts: map[string]bool{}}
			hours[h] = e
		}
		e.files++
		e.parts[f.Partition] = true
	}
	keys := make([]int64, 0, len(hours))
	for k := range hours {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	s := metrics.Series{
		Chart: "lake.files_per_partition_hour", Title: "Files per partition per hour", Name: name, Kind: "step",
		XLabel: "clock time", YLabel: "files per partition",
		XUnit: metrics.Seconds, YUnit: metrics.Count,
	}
	for _, k := range keys {
		e := hours[k]
		s.Points = append(s.Points, metrics.Point{X: float64(k * 3600), Y: float64(e.files) / float64(len(e.parts))})
	}
	return s
}
