package lake

import (
	"sort"

	"github.com/HdrHistogram/hdrhistogram-go"

	"github.com/prodshape/prodshape/analysis/metrics"
	"github.com/prodshape/prodshape/sinks/lake/catalog"
)

// Metrics only the writer knows.
const (
	MetricFreshness      = "freshness"
	MetricFilesWritten   = "lake.files.written"
	MetricCompactionRuns = "lake.compaction.runs"
	MetricCompacted      = "lake.compaction.files_rewritten"
)

// Report puts the lake's metrics into m: the lake as it stands after Close,
// freshness, and, for runs below full scale, the same lake metrics at
// production volume (name@1x).
func (s *Sink) Report(m *metrics.Set) {
	opts := catalog.Options{TargetFileSize: s.cfg.TargetFileSize, Span: s.end.Sub(s.start)}
	live := s.liveFiles()
	catalog.Summarize(live, opts).Put(m, "")
	m.Put(MetricFilesWritten, float64(len(s.files)-int(s.compactSeq)))
	m.Put(MetricCompactionRuns, float64(s.compactions))
	m.Put(MetricCompacted, float64(s.rewritten))
	m.AddSeries(catalog.SizeHistogram(live, "measured"))
	m.AddSeries(catalog.FilesPerPartitionHour(s.writtenFiles(), s.start, "measured"))

	all := metrics.NewHistogram()
	hourly := map[int64]*hdrhistogram.Histogram{}
	for _, f := range s.pool.fresh {
		all.Merge(f.all)
		for h, hh := range f.hourly {
			if dst := hourly[h]; dst != nil {
				dst.Merge(hh)
			} else {
				hourly[h] = hh
			}
		}
	}
	if all.TotalCount() > 0 {
		m.MergeHistogram(MetricFreshness, all)
		m.AddSeries(freshnessSeries(hourly, s.start.UnixMicro()))
	}

	if s.projected != nil {
		catalog.Summarize(s.projected, opts).Put(m, metrics.ProjectedSuffix)
		m.Put(MetricFilesWritten+metrics.ProjectedSuffix, float64(s.projWritten))
		m.Put(MetricCompacted+metrics.ProjectedSuffix, float64(s.projRewritten))
		m.AddSeries(catalog.SizeHistogram(s.projected, "production (projected)"))
	}
}

// writtenFiles are the files writers committed (compaction outputs aside),
// for the files-per-partition-hour chart.
func (s *Sink) writtenFiles() []catalog.File {
	var out []catalog.File
	for _, f := range s.files {
		if !f.compacted {
			out = append(out, f.File)
		}
	}
	return out
}

func freshnessSeries(hourly map[int64]*hdrhistogram.Histogram, startUs int64) metrics.Series {
	hours := make([]int64, 0, len(hourly))
	for h := range hourly {
		hours = append(hours, h)
	}
	sort.Slice(hours, func(i, j int) bool { return hours[i] < hours[j] })
	s := metrics.Series{
		Chart: "freshness", Title: "Freshness over the day (p99 per hour of commit)", Name: "p99", Kind: "line",
		XLabel: "clock time", YLabel: "freshness", XUnit: metrics.Seconds, YUnit: metrics.Seconds,
	}
	for _, h := range hours {
		x := float64(h*hourUs-startUs) / 1e6
		s.Points = append(s.Points, metrics.Point{X: x, Y: float64(hourly[h].ValueAtQuantile(99)) / 1e6})
	}
	return s
}
