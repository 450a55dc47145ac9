package compare

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"

	"github.com/prodshape/prodshape/analysis/report"
)

//go:embed compare.html.tmpl
var pageTemplate string

var page = template.Must(template.New("compare").Funcs(template.FuncMap{"cell": cellText}).Parse(pageTemplate))

// Charts overlays, for each goal, the candidates' series that track its
// metric, with the target as a dashed line. Only series sharing the first
// one's x unit join a chart, so axes stay meaningful.
func (c *Comparison) Charts() []report.Chart {
	var out []report.Chart
	for _, row := range c.Rows {
		chart := report.Chart{ID: "compare." + row.Metric, Title: row.Metric + " by candidate",
			Targets: []report.Target{{Label: fmt.Sprintf("goal %s %s", row.Op, row.Text), Y: row.Target}}}
		for ci, cand := range c.Candidates {
			cell := row.Cells[ci]
			if !cell.Set {
				continue
			}
			for _, s := range cand.Result.Series {
				if !report.Tracks(s, row.Metric, row.Unit) || len(s.Points) == 0 {
					continue
				}
				if len(chart.Series) > 0 && (s.XUnit != chart.Series[0].XUnit || s.YUnit != chart.Series[0].YUnit) {
					break
				}
				s.Name = cand.Label
				s.Chart = chart.ID
				if s.Title != "" {
					chart.Title = s.Title + " by candidate"
				}
				chart.Series = append(chart.Series, s)
				break
			}
		}
		if len(chart.Series) > 0 {
			out = append(out, chart)
		}
	}
	return out
}

type pageData struct {
	C        *Comparison
	Standing []Standing
	Breaks   []string
	Passing  string
	Figures  []report.Figure
	Style    template.CSS
	Check    template.JS
	Palette  string
	Scales   []string
}

// WriteHTML writes the comparison as one self-contained page.
func (c *Comparison) WriteHTML(w io.Writer) error {
	figs, err := report.Figures(c.Charts())
	if err != nil {
		return err
	}
	var scales []string
	for _, cand := range c.Candidates {
		scales = append(scales, fmt.Sprintf("%g", cand.Result.Scale))
	}
	return page.Execute(w, pageData{C: c, Standing: c.Standings(), Breaks: c.breakLines(), Passing: c.passingLine(),
		Figures: figs, Style: report.Style, Check: report.Check, Palette: report.PaletteAttr(), Scales: scales})
}
