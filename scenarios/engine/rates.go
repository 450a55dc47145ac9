package engine

import (
	"sort"
	"time"

	"github.com/prodshape/prodshape/analysis/metrics"
	"github.com/prodshape/prodshape/scenarios"
)

// recordStreamMetrics turns the per-minute arrival counts into rate
// metrics and the "records per minute against the intended shape" chart.
func recordStreamMetrics(set *metrics.Set, runs []*streamRun, p *scenarios.Plan) {
	s := p.Scenario
	duration := time.Duration(s.Clock.Duration)
	minutes := int((duration + time.Minute - 1) / time.Minute)
	counts := make([]int64, minutes)
	var total, bytes int64
	for _, r := range runs {
		for m, c := range r.perMin {
			counts[m] += c
		}
		total += r.records.Load()
		bytes += r.bytes
	}
	set.Put("records.total", float64(total))
	set.Put("bytes.total", float64(bytes))
	if minutes == 0 {
		return
	}
	start := s.Clock.Start.Time
	rates := make([]float64, minutes)
	measured := make([]metrics.Point, minutes)
	intended := make([]metrics.Point, minutes)
	for m := range counts {
		from := start.Add(time.Duration(m) * time.Minute)
		to := from.Add(time.Minute)
		if end := start.Add(duration); to.After(end) {
			to = end
		}
		width := to.Sub(from).Seconds()
		rates[m] = float64(counts[m]) / width
		measured[m] = metrics.Point{X: float64(m * 60), Y: rates[m]}
		var want float64
		for _, sp := range p.Streams {
			want += sp.Shape.Expected(from, to, start) * s.Scale / float64(p.Shards)
		}
		intended[m] = metrics.Point{X: float64(m * 60), Y: want / width}
	}
	sorted := append([]float64(nil), rates...)
	sort.Float64s(sorted)
	set.Put("records.rate.p50", sorted[len(sorted)/2])
	set.Put("records.rate.max", sorted[len(sorted)-1])
	set.Put("records.rate.min", sorted[0])
	chart := metrics.Series{Chart: "records-per-minute", Title: "Records per minute against the intended rate",
		Kind: "line", XLabel: "scenario time", YLabel: "events/s (this run's scale)", XUnit: metrics.Seconds, YUnit: metrics.PerSecond}
	if minutes < 2 {
		return // one point draws no line
	}
	m, in := chart, chart
	m.Name, m.Points = "generated", measured
	in.Name, in.Points = "intended", intended
	set.AddSeries(m, in)
}
