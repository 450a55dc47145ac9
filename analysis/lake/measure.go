package lake

import (
	"sort"

	"github.com/HdrHistogram/hdrhistogram-go"

	"github.com/prodshape/prodshape/analysis/lake/catalog"
	"github.com/prodshape/prodshape/analysis/metrics"
	"github.com/prodshape/prodshape/sinks/facts"
)

// Metrics only a writer's facts give.
const (
	MetricFreshness      = "freshness"
	MetricFilesWritten   = "lake.files.written"
	MetricCompactionRuns = "lake.compaction.runs"
	MetricCompacted      = "lake.compaction.files_rewritten"
)

// Measure puts the lake metrics and charts of l into m: the lake as it
// stands, and when a writer reported it, freshness, compaction and the same
// lake metrics at production volume (name@1x). It is the one path from
// lake facts to metrics, for a run and for analyze lake alike. Prices come
// from o; a non-zero o.TargetFileSize overrides l's.
func Measure(m *metrics.Set, l *facts.Lake, o Options) {
	opts := o.catalog()
	if opts.TargetFileSize == 0 {
		opts.TargetFileSize = l.TargetFileSize
	}
	if !l.End.IsZero() {
		opts.Span = l.End.Sub(l.Start)
	}
	live := l.Live()
	sort.Slice(live, func(i, j int) bool { return live[i].Key < live[j].Key })
	catalog.Summarize(live, opts).Put(m, "")
	w := l.Writer
	if w == nil {
		// A listing's files are charted under one name; with no writer
		// every live file is a written one.
		m.AddSeries(catalog.SizeHistogram(live, "files"))
		if !l.Start.IsZero() {
			m.AddSeries(catalog.FilesPerPartitionHour(live, l.Start, "files"))
		}
		return
	}
	written := l.Written()
	m.Put(MetricFilesWritten, float64(len(written)))
	m.Put(MetricCompactionRuns, float64(w.CompactionRuns))
	m.Put(MetricCompacted, float64(w.Rewritten))
	// Measured beside projected, so named so.
	m.AddSeries(catalog.SizeHistogram(live, "measured"))
	m.AddSeries(catalog.FilesPerPartitionHour(written, l.Start, "measured"))
	if w.Freshness != nil && w.Freshness.TotalCount() > 0 {
		m.MergeHistogram(MetricFreshness, w.Freshness)
		m.AddSeries(freshnessSeries(w.FreshnessHourly, l.Start.UnixMicro()))
	}
	if p := w.Projected; p != nil {
		catalog.Summarize(p.Files, opts).Put(m, metrics.ProjectedSuffix)
		m.Put(MetricFilesWritten+metrics.ProjectedSuffix, float64(p.Written))
		m.Put(MetricCompacted+metrics.ProjectedSuffix, float64(p.Rewritten))
		m.AddSeries(catalog.SizeHistogram(p.Files, "production (projected)"))
	}
}

// PutScan puts the measured full scan, when there was one.
func PutScan(m *metrics.Set, a *Analysis) {
	if a.ScanSeconds > 0 {
		m.Put(catalog.MetricScanSeconds, a.ScanSeconds)
		m.Put(catalog.MetricScanRowsPerSecond, float64(a.ScannedRows)/a.ScanSeconds)
	}
}

const hourUs = int64(3600e6)

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
