package compare

import (
	"fmt"
	"io"
	"strings"

	"github.com/prodshape/prodshape/analysis/metrics"
)

// WriteMarkdown writes the decision record: what was compared (scenarios,
// seeds, scales), the table, where each candidate broke, and a blank
// "Decision / why" section for the team to fill in and keep.
func (c *Comparison) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	labels := make([]string, len(c.Candidates))
	for i, cand := range c.Candidates {
		labels[i] = cand.Label
	}
	fmt.Fprintf(&b, "# Decision record: %s\n\n", esc(strings.Join(labels, " vs ")))

	b.WriteString("## Candidates\n\n| candidate | scenario | seed | scale | clock | verdict | goals met |\n|---|---|---:|---:|---|---|---:|\n")
	for i, cand := range c.Candidates {
		r := cand.Result
		clock := ""
		if r.Clock != nil {
			clock = fmt.Sprintf("%s, %s", r.Clock.Mode, metrics.FormatSeconds(r.Clock.Duration))
		}
		st := c.Standings()[i]
		fmt.Fprintf(&b, "| **%s** | %s | %d | %g | %s | %s | %d of %d |\n", esc(cand.Label), esc(r.Scenario), r.Seed, r.Scale,
			clock, strings.ToUpper(verdict(cand)), st.Met, st.Goals)
	}

	b.WriteString("\n## Goals side by side\n\nEach cell: actual value, headroom against the target (negative: missed by that share).\n\n| goal | target |")
	for _, l := range labels {
		fmt.Fprintf(&b, " %s |", esc(l))
	}
	b.WriteString("\n|---|---|" + strings.Repeat("---|", len(labels)) + "\n")
	for _, row := range c.Rows {
		fmt.Fprintf(&b, "| `%s` | %s %s |", row.Metric, row.Op, esc(row.Text))
		for _, cell := range row.Cells {
			fmt.Fprintf(&b, " %s |", esc(mdCell(cell)))
		}
		b.WriteString("\n")
	}

	b.WriteString("\n## Where each candidate broke\n\n")
	if lines := c.breakLines(); len(lines) > 0 {
		for _, l := range lines {
			fmt.Fprintf(&b, "- %s\n", esc(l))
		}
	} else {
		b.WriteString("No candidate missed a goal.\n")
	}
	fmt.Fprintf(&b, "\n%s\n", esc(c.passingLine()))
	if note := c.ScaleNote(); note != "" {
		fmt.Fprintf(&b, "\n%s\n", esc(note))
	}

	b.WriteString("\n## Decision / why\n\n" +
		"<!-- Fill in: which candidate, persevere or pivot, and the reasoning, so it is kept with the numbers. -->\n\n" +
		"**Decision:** \n\n**Why:** \n\n**Decided by / date:** \n")
	_, err := io.WriteString(w, b.String())
	return err
}

func mdCell(c Cell) string { return markdownGlyphs.cell(c) }

func esc(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "_", `\_`, "*", `\*`).Replace(s)
}
