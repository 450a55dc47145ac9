package catalog

import (
	"math"
	"sort"
	"time"

	"github.com/prodshape/prodshape/analysis/metrics"
	"github.com/prodshape/prodshape/sinks/facts"
)

// Scan model defaults.
const (
	// DefaultTargetFileSize is the file size a lake aims for: Spark's
	// files.maxPartitionBytes (docs/realism.md, "128 MB, 4 MB" row).
	DefaultTargetFileSize = 128 << 20
	// DefaultGETPer1000 and DefaultLISTPer1000 are S3 Standard request prices
	// in USD (docs/realism.md, "$0.005 / $0.0004 per 1,000" row).
	DefaultGETPer1000  = 0.0004
	DefaultLISTPer1000 = 0.005
	// ListPageSize is how many keys one LIST request returns.
	ListPageSize = 1000
	// SecondsPerFile and SecondsPerRow fit t = files*a + rows*b through the
	// two Athena measurements over 100 M rows (docs/realism.md, "201 s vs 2.35 s"
	// row): 1 M files took 201 s, 100 files 2.35 s.
	SecondsPerFile = (201 - 2.35) / (1e6 - 100)
	SecondsPerRow  = (2.35 - 100*SecondsPerFile) / 100e6
)

// Options tune the statistics; zero values take the defaults above.
type Options struct {
	TargetFileSize int64
	GETPer1000     float64
	LISTPer1000    float64
	// Span is the stretch of time the lake covers, for files per day; zero
	// leaves lake.files.per_day out.
	Span time.Duration
}

func (o Options) withDefaults() Options {
	if o.TargetFileSize <= 0 {
		o.TargetFileSize = DefaultTargetFileSize
	}
	if o.GETPer1000 <= 0 {
		o.GETPer1000 = DefaultGETPer1000
	}
	if o.LISTPer1000 <= 0 {
		o.LISTPer1000 = DefaultLISTPer1000
	}
	return o
}

// Summary is what a file list amounts to.
type Summary struct {
	Files, Rows, Bytes, RowGroups      int64
	Partitions                         int64
	SizeP10, SizeP50, SizeP90, SizeMax int64
	RowsPerFileP50                     int64
	FilesPerPartitionMax               int64
	SmallShare                         float64
	GETs, LISTs                        int64
	CostUSD                            float64
	EstimatedScanSeconds               float64
	FilesPerDay                        float64 // 0 when the span is unknown
}

// Summarize computes the summary of files.
func Summarize(files []facts.File, o Options) Summary {
	o = o.withDefaults()
	var s Summary
	if len(files) == 0 {
		return s
	}
	sizes := make([]int64, len(files))
	rows := make([]int64, len(files))
	perPart := map[string]int64{}
	var small int64
	for i, f := range files {
		s.Files++
		s.Rows += f.Rows
		s.Bytes += f.Size
		s.RowGroups += f.RowGroups
		sizes[i], rows[i] = f.Size, f.Rows
		perPart[f.Partition]++
		if f.Size < o.TargetFileSize {
			small++
		}
		// One ranged GET reads the footer, then one per row group reads
		// its column chunks.
		s.GETs += 1 + max(f.RowGroups, 1)
	}
	for _, n := range perPart {
		s.FilesPerPartitionMax = max(s.FilesPerPartitionMax, n)
		s.LISTs += (n + ListPageSize - 1) / ListPageSize
	}
	s.Partitions = int64(len(perPart))
	sort.Slice(sizes, func(i, j int) bool { return sizes[i] < sizes[j] })
	sort.Slice(rows, func(i, j int) bool { return rows[i] < rows[j] })
	s.SizeP10, s.SizeP50, s.SizeP90 = Percentile(sizes, 10), Percentile(sizes, 50), Percentile(sizes, 90)
	s.SizeMax = sizes[len(sizes)-1]
	s.RowsPerFileP50 = Percentile(rows, 50)
	s.SmallShare = float64(small) / float64(s.Files)
	s.CostUSD = float64(s.GETs)/1000*o.GETPer1000 + float64(s.LISTs)/1000*o.LISTPer1000
	s.EstimatedScanSeconds = float64(s.Files)*SecondsPerFile + float64(s.Rows)*SecondsPerRow
	if o.Span > 0 {
		s.FilesPerDay = float64(s.Files) / (o.Span.Hours() / 24)
	}
	return s
}

// Percentile is the nearest-rank percentile p (0–100] of sorted values.
func Percentile(sorted []int64, p float64) int64 {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	return sorted[min(max(rank, 1), len(sorted))-1]
}

// Put writes the summary into m, each name followed by suffix ("" for the
// measured values, metrics.ProjectedSuffix for production volume).
func (s Summary) Put(m *metrics.Set, suffix string) {
	put := func(name string, v float64) { m.Put(name+suffix, v) }
	put(MetricFiles, float64(s.Files))
	put(MetricRows, float64(s.Rows))
	put(MetricBytes, float64(s.Bytes))
	put(MetricRowGroups, float64(s.RowGroups))
	put(MetricPartitions, float64(s.Partitions))
	put(MetricFilesPerPartition, float64(s.FilesPerPartitionMax))
	put(MetricScanRequests, float64(s.GETs+s.LISTs))
	put(MetricScanCost, s.CostUSD)
	put(MetricScanEstimated, s.EstimatedScanSeconds)
	if s.FilesPerDay > 0 {
		put(MetricFilesPerDay, s.FilesPerDay)
	}
	if s.Files == 0 {
		return
	}
	put(MetricFileSizeP10, float64(s.SizeP10))
	put(MetricFileSizeP50, float64(s.SizeP50))
	put(MetricFileSizeP90, float64(s.SizeP90))
	put(MetricFileSizeMax, float64(s.SizeMax))
	put(MetricRowsPerFileP50, float64(s.RowsPerFileP50))
	put(MetricSmallShare, s.SmallShare)
}
