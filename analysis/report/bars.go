package report

import (
	"image/color"
	"math"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// bars draws one series of a bar chart on a numeric x axis: each point a
// bar centred on its x, side by side with the other bar series of the chart
// (slot of slots). gonum's BarChart wants nominal categories, which would
// label every one of 24 hours or 30 size buckets.
type bars struct {
	xys         plotter.XYs
	color       color.Color
	logX, logY  bool
	slot, slots int
}

var (
	_ plot.Plotter     = bars{}
	_ plot.DataRanger  = bars{}
	_ plot.Thumbnailer = bars{}
)

// gap is the smallest distance between neighbouring x values, in data
// units (a ratio on a log axis).
func (b bars) gap() float64 {
	xs := make([]float64, len(b.xys))
	for i, p := range b.xys {
		xs[i] = p.X
	}
	sort.Float64s(xs)
	g := math.Inf(1)
	for i := 1; i < len(xs); i++ {
		d := xs[i] - xs[i-1]
		if b.logX {
			d = xs[i] / xs[i-1]
		}
		if d > 0 && ((!b.logX && d < g) || (b.logX && d > 1 && d < g)) {
			g = d
		}
	}
	if math.IsInf(g, 1) {
		if b.logX {
			return 2
		}
		return 1
	}
	return g
}

func (b bars) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax, ymin, ymax = plotter.XYRange(b.xys)
	g := b.gap()
	if b.logX {
		xmin, xmax = xmin/math.Sqrt(g), xmax*math.Sqrt(g)
	} else {
		xmin, xmax = xmin-g/2, xmax+g/2
	}
	if !b.logY {
		ymin = math.Min(ymin, 0)
	}
	return xmin, xmax, ymin, ymax
}

func (b bars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	g := b.gap()
	base := trY(math.Max(0, p.Y.Min))
	if b.logY {
		base = trY(p.Y.Min)
	}
	for _, pt := range b.xys {
		lo, hi := pt.X-g/2, pt.X+g/2
		if b.logX {
			lo, hi = pt.X/math.Sqrt(g), pt.X*math.Sqrt(g)
		}
		left, right := trX(lo), trX(hi)
		width := (right - left) * 0.8 / vg.Length(b.slots)
		x0 := left + (right-left)*0.1 + width*vg.Length(b.slot)
		top := trY(pt.Y)
		poly := c.ClipPolygonY([]vg.Point{{X: x0, Y: base}, {X: x0, Y: top}, {X: x0 + width, Y: top}, {X: x0 + width, Y: base}})
		c.FillPolygon(b.color, poly)
	}
}

func (b bars) Thumbnail(c *draw.Canvas) {
	pts := []vg.Point{
		{X: c.Min.X, Y: c.Min.Y}, {X: c.Min.X, Y: c.Max.Y},
		{X: c.Max.X, Y: c.Max.Y}, {X: c.Max.X, Y: c.Min.Y},
	}
	c.FillPolygon(b.color, c.ClipPolygonY(pts))
}
