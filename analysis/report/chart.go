package report

import (
	"bytes"
	"fmt"
	"html"
	"image/color"
	"math"
	"sort"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/prodshape/prodshape/analysis"
	"github.com/prodshape/prodshape/analysis/metrics"
)

// Chart is one figure of a report: the series that share a chart id, drawn
// on shared axes, plus the goal targets that apply to them.
type Chart struct {
	ID      string
	Title   string
	Series  []metrics.Series
	Targets []Target
}

// Target is a goal drawn as a dashed horizontal line.
type Target struct {
	Label string
	Y     float64
}

// Palette holds the colours of data lines, in order. The browser check
// looks for them to tell drawn data from axes and grid.
var Palette = []color.RGBA{
	{31, 119, 180, 255}, {255, 127, 14, 255}, {44, 160, 44, 255}, {148, 103, 189, 255},
	{140, 86, 75, 255}, {227, 119, 194, 255}, {23, 190, 207, 255}, {127, 127, 127, 255},
}

var targetColor = color.RGBA{214, 39, 40, 255}

// Tracks reports whether series s follows metric, of unit u, over its x
// axis. The convention: a series named after the metric, or whose chart id
// and name join to it ("graph.profile_latency" + "p99" tracks
// "graph.profile_latency.p99"), or the only line of a chart named after it;
// and its y values are in the metric's unit, so they compare with a goal's
// target.
func Tracks(s metrics.Series, metric string, u metrics.Unit) bool {
	metric = strings.TrimSuffix(metric, metrics.ProjectedSuffix)
	named := s.Name == metric || s.Chart+"."+s.Name == metric || s.Chart == metric
	return named && (s.YUnit == u || s.YUnit == "")
}

// Charts returns the charts a result's data supports, in order: one per
// chart id of its series (first appearance first), then one
// latency-by-percentile chart per histogram (sorted by name). A chart with
// nothing drawable is left out.
func Charts(r *analysis.Result) ([]Chart, error) {
	var charts []Chart
	index := map[string]int{}
	for _, s := range r.Series {
		if len(drawable(s)) == 0 {
			continue
		}
		i, ok := index[s.Chart]
		if !ok {
			i = len(charts)
			index[s.Chart] = i
			charts = append(charts, Chart{ID: s.Chart, Title: s.Title})
		}
		if charts[i].Title == "" {
			charts[i].Title = s.Title
		}
		charts[i].Series = append(charts[i].Series, s)
	}
	names := make([]string, 0, len(r.Histograms))
	for name := range r.Histograms {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		s, err := percentileSeries(name, r.Histograms[name])
		if err != nil {
			return nil, err
		}
		if len(s.Points) == 0 {
			continue
		}
		charts = append(charts, Chart{ID: s.Chart, Title: s.Title, Series: []metrics.Series{s}})
	}
	for i := range charts {
		if charts[i].Title == "" {
			charts[i].Title = charts[i].ID
		}
		charts[i].Targets = targets(charts[i], r.Goals)
	}
	return charts, nil
}

// percentileSeries draws an HDR histogram as latency by percentile, the
// classic HDR plot: x is 1/(1-q) on a log axis, so the tail gets room.
func percentileSeries(name, encoded string) (metrics.Series, error) {
	h, err := metrics.DecodeHistogram(encoded)
	if err != nil {
		return metrics.Series{}, fmt.Errorf("histogram %s: %w", name, err)
	}
	s := metrics.Series{Chart: name + ".percentiles", Title: name + " by percentile", Name: name,
		Kind: "line", XLabel: "percentile", YLabel: name, XUnit: percentileUnit, YUnit: metrics.Seconds, LogX: true}
	if h.TotalCount() == 0 {
		return s, nil
	}
	for _, q := range []float64{0, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 99.999} {
		if q > 0 && float64(h.TotalCount())*(1-q/100) < 1 {
			break // beyond the tail the histogram can resolve
		}
		s.Points = append(s.Points, metrics.Point{X: 1 / (1 - q/100), Y: float64(h.ValueAtQuantile(q)) / 1e6})
	}
	return s, nil
}

// targets picks the goals whose metric a chart's series track.
func targets(c Chart, goals []analysis.GoalResult) []Target {
	var out []Target
	for _, g := range goals {
		for _, s := range c.Series {
			hist := strings.TrimSuffix(c.ID, ".percentiles")
			if Tracks(s, g.Metric, g.Unit) || (hist != c.ID && strings.HasPrefix(g.Metric, hist+".") && g.Unit == metrics.Seconds) {
				name := g.Metric[strings.LastIndex(g.Metric, ".")+1:]
				out = append(out, Target{Label: fmt.Sprintf("goal %s %s %s", name, g.Op, g.Text), Y: g.Target})
				break
			}
		}
	}
	return out
}

// drawable returns the points a series can show on its axes: finite, and
// positive on a log axis.
func drawable(s metrics.Series) plotter.XYs {
	var xys plotter.XYs
	for _, p := range s.Points {
		if math.IsNaN(p.X) || math.IsNaN(p.Y) || math.IsInf(p.X, 0) || math.IsInf(p.Y, 0) ||
			(s.LogX && p.X <= 0) || (s.LogY && p.Y <= 0) {
			continue
		}
		xys = append(xys, plotter.XY{X: p.X, Y: p.Y})
	}
	return xys
}

// Chart size: wide enough for a day of hourly bars, short enough that two
// fit on a laptop screen.
const (
	chartWidth  = 8 * vg.Inch
	chartHeight = 3.2 * vg.Inch
)

var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

// SVG renders the chart. The output is byte-stable for the same input.
func (c Chart) SVG() ([]byte, error) {
	p, legend, entries, err := c.plot()
	if err != nil {
		return nil, err
	}
	canvas := vgsvg.New(chartWidth, chartHeight)
	dc := draw.New(canvas)
	// The legend gets its own column on the right, so it never hides
	// data; a small margin keeps the last tick label inside the canvas.
	right := vg.Points(14)
	if entries > 0 {
		right += legend.Rectangle(dc).Size().X + vg.Points(8)
		legend.Draw(draw.Crop(dc, chartWidth-right+vg.Points(8), -vg.Points(6), vg.Points(24), -vg.Points(24)))
	}
	p.Draw(draw.Crop(dc, 0, -right, 0, 0))
	var buf bytes.Buffer
	if _, err := canvas.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("chart %s: %w", c.ID, err)
	}
	return buf.Bytes(), nil
}

// InlineSVG renders the chart for embedding in HTML: no XML prolog, scalable,
// and labelled for screen readers.
func (c Chart) InlineSVG() (string, error) {
	b, err := c.SVG()
	if err != nil {
		return "", err
	}
	s := string(b)
	if i := strings.Index(s, "<svg"); i >= 0 {
		s = s[i:]
	}
	s = strings.Replace(s, "<svg ", `<svg class="chart-svg" role="img" aria-label="`+html.EscapeString(c.Title)+`" `, 1)
	return s, nil
}

// plot builds the chart; its legend is returned apart, with the number of
// entries, for SVG to place beside the plot.
func (c Chart) plot() (*plot.Plot, plot.Legend, int, error) {
	legend := plot.NewLegend()
	legend.TextStyle.Font = font.From(sans, 9)
	legend.Top, legend.Left = true, true
	legend.Padding = vg.Points(3)
	if len(c.Series) == 0 {
		return nil, legend, 0, fmt.Errorf("chart %s has no series", c.ID)
	}
	first := c.Series[0]
	p := c.frame(first)
	entries, err := c.addSeries(p, &legend)
	if err != nil {
		return nil, legend, 0, err
	}
	n, err := c.addTargets(p, &legend, first.LogY)
	if err != nil {
		return nil, legend, 0, err
	}
	fitScales(p, first)
	return p, legend, entries + n, nil
}

// frame is the plot's title, axes and grid, labelled from the first series.
func (c Chart) frame(first metrics.Series) *plot.Plot {
	p := plot.New()
	p.Title.Text = c.Title
	p.Title.TextStyle.Font = font.From(sans, 12)
	p.Title.Padding = vg.Points(6)
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle.Font = font.From(sans, 10)
		ax.Tick.Label.Font = font.From(sans, 9)
	}
	p.X.Label.Text = axisLabel(first.XLabel, first.XUnit)
	p.Y.Label.Text = axisLabel(first.YLabel, first.YUnit)
	p.X.Tick.Marker = ticker(first.XUnit, first.LogX)
	p.Y.Tick.Marker = ticker(first.YUnit, first.LogY)
	grid := plotter.NewGrid()
	grid.Vertical.Color = color.Gray{Y: 225}
	grid.Horizontal.Color = color.Gray{Y: 225}
	p.Add(grid)
	return p
}

// addSeries draws every series and returns the legend entries it added.
func (c Chart) addSeries(p *plot.Plot, legend *plot.Legend) (int, error) {
	nbars := 0
	for _, s := range c.Series {
		if s.Kind == "bar" {
			nbars++
		}
	}
	slot, entries := 0, 0
	for i, s := range c.Series {
		xys := drawable(s)
		if len(xys) == 0 {
			continue
		}
		col := Palette[i%len(Palette)]
		var thumb plot.Thumbnailer
		switch s.Kind {
		case "bar":
			b := bars{xys: xys, color: col, logX: s.LogX, logY: s.LogY, slot: slot, slots: nbars}
			slot++
			p.Add(b)
			thumb = b
		case "scatter":
			sc, err := plotter.NewScatter(xys)
			if err != nil {
				return 0, fmt.Errorf("chart %s, series %s: %w", c.ID, s.Name, err)
			}
			sc.GlyphStyle = draw.GlyphStyle{Color: col, Radius: vg.Points(2.5), Shape: draw.CircleGlyph{}}
			p.Add(sc)
			thumb = sc
		default: // line, step
			l, err := c.line(s, xys, col)
			if err != nil {
				return 0, err
			}
			p.Add(l)
			thumb = l
		}
		if len(c.Series) > 1 || len(c.Targets) > 0 {
			legend.Add(s.Name, thumb)
			entries++
		}
	}
	return entries, nil
}

func (c Chart) line(s metrics.Series, xys plotter.XYs, col color.Color) (*plotter.Line, error) {
	l, err := plotter.NewLine(xys)
	if err != nil {
		return nil, fmt.Errorf("chart %s, series %s: %w", c.ID, s.Name, err)
	}
	l.Color = col
	l.Width = vg.Points(1.5)
	if s.Kind == "step" {
		l.StepStyle = plotter.PostStep
		if len(c.Series) > 1 {
			// Beside measured lines a step is the plan (an intended
			// rate): dashed, so the eye reads it as such.
			l.Dashes = []vg.Length{vg.Points(4), vg.Points(2)}
		}
	}
	return l, nil
}

// addTargets draws each goal's target as a dashed line across the plot and
// returns the legend entries it added.
func (c Chart) addTargets(p *plot.Plot, legend *plot.Legend, logY bool) (int, error) {
	entries := 0
	dataMax := p.Y.Max
	for _, t := range c.Targets {
		if (logY && t.Y <= 0) || (dataMax > 0 && t.Y > 3*dataMax) {
			// A line far above the data would squash it flat: the target
			// is named in the legend only.
			legend.Add(t.Label + " (above the chart)")
			entries++
			continue
		}
		l, err := plotter.NewLine(plotter.XYs{{X: p.X.Min, Y: t.Y}, {X: p.X.Max, Y: t.Y}})
		if err != nil {
			return 0, fmt.Errorf("chart %s, target: %w", c.ID, err)
		}
		l.Color = targetColor
		l.Width = vg.Points(1)
		l.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
		p.Add(l)
		legend.Add(t.Label, l)
		entries++
	}
	return entries, nil
}

// fitScales sets log scales and pads the ranges so no point sits on an
// edge and a single value still spans an axis.
func fitScales(p *plot.Plot, first metrics.Series) {
	if first.LogX {
		p.X.Scale = plot.LogScale{}
	}
	if first.LogY {
		p.Y.Scale = plot.LogScale{}
		p.Y.Max *= 1.5
	} else {
		p.Y.Min = math.Min(p.Y.Min, 0)
		p.Y.Max += (p.Y.Max - p.Y.Min) * 0.05
		if p.Y.Max == p.Y.Min {
			p.Y.Max = p.Y.Min + 1
		}
	}
	if p.X.Max == p.X.Min {
		p.X.Min, p.X.Max = p.X.Min-1, p.X.Max+1
		if first.LogX {
			p.X.Min, p.X.Max = p.X.Max/4, p.X.Max*2
		}
	}
}

// axisLabel adds the unit to a label unless the ticks already carry it.
func axisLabel(label string, u metrics.Unit) string {
	if label == "" {
		label = string(u)
	}
	return label
}
