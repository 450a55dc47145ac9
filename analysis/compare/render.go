package compare

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/prodshape/prodshape/analysis/report"
)

// glyphs are the marks a rendering uses for a cell.
type glyphs struct{ met, missed, unmeasured, projected string }

var (
	textGlyphs     = glyphs{met: "✓", missed: "✗", unmeasured: "? not measured", projected: " @1x"}
	markdownGlyphs = glyphs{met: "✅", missed: "❌", unmeasured: "⚠️ not measured", projected: " at 1x"}
)

// cell renders a cell compactly: "✓ 7.9m (+21%)".
func (g glyphs) cell(c Cell) string {
	switch {
	case !c.Set:
		return "—"
	case c.Status == report.StatusNotMeasured:
		return g.unmeasured
	}
	mark := g.met
	if c.Status == report.StatusMissed {
		mark = g.missed
	}
	s := fmt.Sprintf("%s %s (%s)", mark, c.Actual, c.Headroom)
	if c.Projected {
		s += g.projected
	}
	return s
}

// cellText renders a cell for the terminal.
func cellText(c Cell) string { return textGlyphs.cell(c) }

// WriteText writes the terminal table.
func (c *Comparison) WriteText(w io.Writer) error {
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	fmt.Fprint(tw, "GOAL\tTARGET")
	for _, cand := range c.Candidates {
		fmt.Fprintf(tw, "\t%s", cand.Label)
	}
	fmt.Fprintln(tw)
	for _, row := range c.Rows {
		fmt.Fprintf(tw, "%s\t%s %s", row.Metric, row.Op, row.Text)
		for _, cell := range row.Cells {
			fmt.Fprintf(tw, "\t%s", cellText(cell))
		}
		fmt.Fprintln(tw)
	}
	fmt.Fprint(tw, "VERDICT\t")
	for _, cand := range c.Candidates {
		fmt.Fprintf(tw, "\t%s", strings.ToUpper(verdict(cand)))
	}
	fmt.Fprintln(tw)
	tw.Flush()
	if breaks := c.breakLines(); len(breaks) > 0 {
		b.WriteString("\nWhere each candidate broke:\n")
		for _, l := range breaks {
			fmt.Fprintf(&b, "  %s\n", l)
		}
	}
	fmt.Fprintf(&b, "\n%s\n", c.passingLine())
	if note := c.ScaleNote(); note != "" {
		fmt.Fprintf(&b, "%s\n", note)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// ScaleNote warns when candidates ran at different scales: only goals graded
// at production volume (@1x) compare directly then.
func (c *Comparison) ScaleNote() string {
	scales := map[float64]bool{}
	var list []string
	for _, cand := range c.Candidates {
		if !scales[cand.Result.Scale] {
			scales[cand.Result.Scale] = true
			list = append(list, fmt.Sprintf("%g", cand.Result.Scale))
		}
	}
	if len(scales) < 2 {
		return ""
	}
	return "Note: the candidates ran at different scales (" + strings.Join(list, ", ") +
		"); goals graded at production volume (@1x) compare directly, measured values do not."
}

// breakLines says where each candidate broke, one line per missed goal.
func (c *Comparison) breakLines() []string {
	var out []string
	for ci, cand := range c.Candidates {
		for _, row := range c.Rows {
			cell := row.Cells[ci]
			if cell.Break == nil {
				continue
			}
			out = append(out, fmt.Sprintf("%s: %s broke %s", cand.Label, row.Goal(), cell.Break.Text))
		}
	}
	return out
}

// passingLine names the candidates that met every goal.
func (c *Comparison) passingLine() string {
	pass := c.Passing()
	if len(pass) == 0 {
		st := c.Standings()
		best := st[0]
		for _, s := range st[1:] {
			if s.Met > best.Met || (s.Met == best.Met && s.WorstMargin > best.WorstMargin) {
				best = s
			}
		}
		if best.Goals == 0 {
			return "No candidate meets every goal."
		}
		return fmt.Sprintf("No candidate meets every goal; closest: %s (%d of %d met, worst %s on %s).",
			best.Label, best.Met, best.Goals, report.Headroom(best.WorstMargin), best.Worst)
	}
	names := make([]string, len(pass))
	for i, s := range pass {
		names[i] = s.Label
		if s.Worst != "" {
			names[i] += fmt.Sprintf(" (least headroom %s on %s)", report.Headroom(s.WorstMargin), s.Worst)
		}
	}
	return "Meets every goal: " + strings.Join(names, "; ") + "."
}

func verdict(c Candidate) string {
	if c.Result.Verdict == "" {
		return "persevere"
	}
	return c.Result.Verdict
}
