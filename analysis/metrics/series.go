package metrics

import "slices"

// Point is one (x, y) sample of a series.
type Point struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
}

// Series is a curve a report can draw: records per minute over the day,
// latency against backfill progress, component sizes on log-log axes.
// Series sharing a Chart are drawn together, one line each.
type Series struct {
	Chart  string  `json:"chart"`           // chart id; series with the same id share axes
	Title  string  `json:"title"`           // chart title
	Name   string  `json:"name"`            // this line's legend
	Kind   string  `json:"kind"`            // "line", "step", "bar" or "scatter"
	XLabel string  `json:"x_label"`         // axis label, unit included
	YLabel string  `json:"y_label"`         //
	XUnit  Unit    `json:"x_unit"`          // how to read X (seconds are clock time offsets)
	YUnit  Unit    `json:"y_unit"`          //
	LogX   bool    `json:"log_x,omitempty"` // logarithmic axes
	LogY   bool    `json:"log_y,omitempty"` //
	Points []Point `json:"points"`
}

// Table is a small named table for reports (top supernodes, busiest
// partitions).
type Table struct {
	Name    string     `json:"name"`
	Title   string     `json:"title"`
	Columns []string   `json:"columns"`
	Rows    [][]string `json:"rows"`
}

// AddSeries attaches a series to the set.
func (s *Set) AddSeries(series ...Series) {
	s.mu.Lock()
	s.series = append(s.series, series...)
	s.mu.Unlock()
}

// AddTable attaches a table to the set.
func (s *Set) AddTable(t Table) {
	s.mu.Lock()
	s.tables = append(s.tables, t)
	s.mu.Unlock()
}

// SeriesList returns the series attached so far.
func (s *Set) SeriesList() []Series {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Series(nil), s.series...)
}

// Tables returns the tables attached so far.
func (s *Set) Tables() []Table {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Table(nil), s.tables...)
}

// CountPoints turns a value → count map into points sorted by value, for a
// distribution on log-log axes: values below 1 are left out, having no
// place on a log axis.
func CountPoints(counts map[int]int) []Point {
	keys := make([]int, 0, len(counts))
	for k := range counts {
		if k > 0 {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return nil
	}
	slices.Sort(keys)
	points := make([]Point, len(keys))
	for i, k := range keys {
		points[i] = Point{X: float64(k), Y: float64(counts[k])}
	}
	return points
}
