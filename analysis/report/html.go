package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/prodshape/prodshape/analysis"
	"github.com/prodshape/prodshape/analysis/metrics"
)

// Page parts shared with the compare report: the stylesheet and the render
// check script, both inline so the file needs no network.
var (
	//go:embed assets/style.css
	Style template.CSS
	//go:embed assets/check.js
	Check template.JS
)

//go:embed assets/report.html.tmpl
var reportTemplate string

var reportPage = template.Must(template.New("report").Parse(reportTemplate))

// Figure is a rendered chart ready for a page.
type Figure struct {
	ID    string
	Title string
	SVG   template.HTML
}

// Figures renders charts to inline SVG.
func Figures(charts []Chart) ([]Figure, error) {
	out := make([]Figure, 0, len(charts))
	for _, c := range charts {
		svg, err := c.InlineSVG()
		if err != nil {
			return nil, err
		}
		out = append(out, Figure{ID: c.ID, Title: c.Title, SVG: template.HTML(svg)}) // #nosec: gonum's SVG, titles escaped
	}
	return out, nil
}

// PaletteAttr lists the data colours for the check script, as the SVG
// writes them.
func PaletteAttr() string {
	parts := make([]string, len(Palette))
	for i, c := range Palette {
		parts[i] = fmt.Sprintf("#%02X%02X%02X", c.R, c.G, c.B)
	}
	return strings.Join(parts, " ")
}

type reportData struct {
	R        *analysis.Result
	Summary  string
	Passed   bool
	Facts    [][2]string
	Goals    []GoalRow
	Figures  []Figure
	Tables   []metrics.Table
	Metrics  []MetricRow
	Style    template.CSS
	Check    template.JS
	Palette  string
	Markdown string
}

// HTML writes report.html: one self-contained page, verdict first, then the
// goals, then every chart the result's data supports.
func HTML(w io.Writer, r *analysis.Result) error {
	charts, err := Charts(r)
	if err != nil {
		return err
	}
	figs, err := Figures(charts)
	if err != nil {
		return err
	}
	return reportPage.Execute(w, reportData{
		R: r, Summary: Summary(r), Passed: r.Passed(), Facts: RunFacts(r), Goals: GoalRows(r),
		Figures: figs, Tables: r.Tables, Metrics: MetricRows(r), Style: Style, Check: Check, Palette: PaletteAttr(),
	})
}
