package backfill

import (
	"slices"
	"strconv"

	"github.com/prodshape/prodshape/analysis/metrics"
)

// Chart ids in result.json.
const (
	ChartProgress   = "graph.latency_vs_progress"
	ChartGrowth     = "graph.largest_vs_progress"
	ChartBySize     = "graph.latency_vs_component_size"
	ChartSizes      = "graph.component_sizes"
	ChartDegrees    = "graph.degrees"
	TableSupernodes = "graph.top_supernodes"
	TableCheckpoint = "graph.checkpoints"
	TableBlocked    = "graph.guardrails.blocked"
)

// report writes everything measured so far into the set.
func (r *run) report() {
	set, t := r.set, r.tracker
	set.Put("graph.links", float64(r.sum.Links))
	set.Put("graph.nodes", float64(t.Nodes()))
	set.Put("graph.edges", float64(t.Edges()))
	set.Put("graph.components", float64(t.Components()))
	largest := 0
	if l := t.Largest(1); len(l) > 0 {
		largest = l[0].Size
	}
	set.Put("graph.largest_component", float64(largest))
	share := 0.0
	if t.Nodes() > 0 {
		share = float64(largest) / float64(t.Nodes())
	}
	set.Put("graph.largest_component.share", share)
	maxDegree := 0
	if top := t.TopDegree(1); len(top) > 0 {
		maxDegree = t.Degree(top[0])
	}
	set.Put("graph.max_degree", float64(maxDegree))
	set.Put("graph.operations", float64(r.ops))
	set.Put("graph.operations.failed", float64(r.failed))
	availability := 1.0
	if r.ops > 0 {
		availability = float64(r.ops-r.failed) / float64(r.ops)
	}
	set.Put("graph.availability", availability)
	if s := r.storeTime.Seconds(); s > 0 {
		set.Put("graph.ingest_rate", float64(r.ingested)/s)
	}
	set.Put("graph.profiles", float64(r.profile.TotalCount()))
	if r.guard != nil {
		rej := r.guard.Rejections()
		r.sum.Rejections = rej
		set.Put("graph.guardrails.rejected", float64(rej.Total()))
		set.Put("graph.guardrails.blocked", float64(rej.Blocked))
		set.Put("graph.guardrails.max_component", float64(rej.TooLarge))
		set.Put("graph.guardrails.max_per_kind", float64(rej.TooManyOfKind))
		set.Put("graph.guardrails.split", float64(rej.Split))
	}
	if r.ingest.TotalCount() > 0 {
		set.MergeHistogram(IngestLatency, r.ingest)
	}
	if r.profile.TotalCount() > 0 {
		set.MergeHistogram(ProfileLatency, r.profile)
	}
	r.project(r.cfg.Scale)
	r.series()
	r.tables()
}

func (r *run) series() {
	progress := func(name, ylabel string, unit metrics.Unit, chart, title string, y func(Checkpoint) float64) metrics.Series {
		s := metrics.Series{Chart: chart, Title: title, Name: name, Kind: "line",
			XLabel: "backfill progress (%)", YLabel: ylabel, XUnit: metrics.Count, YUnit: unit}
		for _, cp := range r.sum.Checkpoints {
			s.Points = append(s.Points, metrics.Point{X: cp.Progress * 100, Y: y(cp)})
		}
		return s
	}
	// Lines are named after the metric a goal would name, in its unit, so
	// compare can place where along the backfill a goal broke.
	const latTitle = "Latency versus backfill progress"
	sec := func(d interface{ Seconds() float64 }) float64 { return d.Seconds() }
	r.set.AddSeries(
		progress(ProfileLatency+".p50", "latency", metrics.Seconds, ChartProgress, latTitle, func(c Checkpoint) float64 { return sec(c.ProfileP50) }),
		progress(ProfileLatency+".p99", "latency", metrics.Seconds, ChartProgress, latTitle, func(c Checkpoint) float64 { return sec(c.ProfileP99) }),
		progress(IngestLatency+".p99", "latency", metrics.Seconds, ChartProgress, latTitle, func(c Checkpoint) float64 { return sec(c.IngestP99) }),
		progress("graph.largest_component", "identifiers", metrics.Count, ChartGrowth, "Largest component versus backfill progress", func(c Checkpoint) float64 { return float64(c.Largest) }),
	)
	bySize := slices.Clone(r.bySize)
	slices.SortStableFunc(bySize, func(a, b metrics.Point) int {
		switch {
		case a.X < b.X:
			return -1
		case a.X > b.X:
			return 1
		}
		return 0
	})
	r.set.AddSeries(metrics.Series{Chart: ChartBySize, Title: "Profile latency versus component size", Name: "profile evaluations",
		Kind: "scatter", XLabel: "component size (identifiers)", YLabel: "latency (ms)", XUnit: metrics.Count, YUnit: metrics.Count,
		LogX: true, LogY: true, Points: bySize})
	r.set.AddSeries(
		distribution(r.tracker.SizeCounts(), ChartSizes, "Component-size distribution", "components", "component size (identifiers)", "components"),
		distribution(r.tracker.DegreeCounts(), ChartDegrees, "Degree distribution", "identifiers", "degree (neighbours)", "identifiers"),
	)
}

// distribution turns value → count into a log-log series (zero values
// left out: they have no place on a log axis).
func distribution(counts map[int]int, chart, title, name, xlabel, ylabel string) metrics.Series {
	return metrics.Series{Chart: chart, Title: title, Name: name, Kind: "scatter", XLabel: xlabel, YLabel: ylabel,
		XUnit: metrics.Count, YUnit: metrics.Count, LogX: true, LogY: true, Points: metrics.CountPoints(counts)}
}

func (r *run) tables() {
	t := r.tracker
	top := metrics.Table{Name: TableSupernodes, Title: "Top supernodes",
		Columns: []string{"identifier", "kind", "degree", "component size"}}
	for _, id := range t.TopDegree(10) {
		top.Rows = append(top.Rows, []string{r.names.name(t.ID(id)), t.Kind(id).String(), strconv.Itoa(t.Degree(id)), strconv.Itoa(t.Size(id))})
	}
	r.set.AddTable(top)
	cps := metrics.Table{Name: TableCheckpoint, Title: "Backfill checkpoints",
		Columns: []string{"progress", "identifiers", "edges", "components", "largest", "share", "profile p99", "ingest p99", "rejected"}}
	for _, c := range r.sum.Checkpoints {
		cps.Rows = append(cps.Rows, []string{
			strconv.FormatFloat(c.Progress*100, 'f', 0, 64) + "%",
			metrics.FormatCount(float64(c.Nodes)),
			metrics.FormatCount(float64(c.Edges)),
			metrics.FormatCount(float64(c.Components)),
			metrics.FormatCount(float64(c.Largest)),
			strconv.FormatFloat(c.Share*100, 'f', 2, 64) + "%",
			metrics.FormatSeconds(c.ProfileP99.Seconds()),
			metrics.FormatSeconds(c.IngestP99.Seconds()),
			metrics.FormatCount(float64(c.Rejected)),
		})
	}
	r.set.AddTable(cps)
	if r.guard != nil {
		blocked := metrics.Table{Name: TableBlocked, Title: "Identifiers the blocklist kept out",
			Columns: []string{"identifier", "links dropped"}}
		for _, b := range r.guard.TopBlocked(10) {
			blocked.Rows = append(blocked.Rows, []string{b.ID, metrics.FormatCount(float64(b.Links))})
		}
		r.set.AddTable(blocked)
	}
}
