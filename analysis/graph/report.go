package graph

import (
	"strconv"

	"github.com/prodshape/prodshape/analysis/metrics"
)

// Report writes the analysis into a metrics set: the graph.* metrics, the
// component-size and degree distributions as log-log series, and the top
// supernodes as a table.
func (a *Analysis) Report(set *metrics.Set) {
	set.Put("graph.nodes", float64(a.Nodes))
	set.Put("graph.edges", float64(a.Edges))
	set.Put("graph.components", float64(a.Components))
	set.Put("graph.largest_component", float64(a.Largest))
	set.Put("graph.largest_component.share", a.LargestShare)
	set.Put("graph.max_degree", float64(a.MaxDegree))
	set.AddSeries(
		logLog(a.SizeCounts, "graph.component_sizes", "Component-size distribution", "components", "component size (identifiers)"),
		logLog(a.DegreeCounts, "graph.degrees", "Degree distribution", "identifiers", "degree (neighbours)"),
	)
	t := metrics.Table{Name: "graph.top_supernodes", Title: "Top supernodes", Columns: []string{"identifier", "kind", "degree", "component size"}}
	for _, s := range a.Top {
		t.Rows = append(t.Rows, []string{s.Name, s.Kind, strconv.Itoa(s.Degree), strconv.Itoa(s.ComponentSize)})
	}
	set.AddTable(t)
}

func logLog(counts map[int]int, chart, title, name, xlabel string) metrics.Series {
	return metrics.Series{Chart: chart, Title: title, Name: name, Kind: "scatter", XLabel: xlabel, YLabel: name,
		XUnit: metrics.Count, YUnit: metrics.Count, LogX: true, LogY: true, Points: metrics.CountPoints(counts)}
}
