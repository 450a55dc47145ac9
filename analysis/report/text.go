package report

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/prodshape/prodshape/analysis"
)

// Text writes the terminal summary: verdict, goals, run facts.
func Text(w io.Writer, r *analysis.Result) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s  %s\n", r.Scenario, Summary(r))
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	for _, f := range RunFacts(r)[1:] {
		fmt.Fprintf(tw, "  %s\t%s\n", f[0], f[1])
	}
	tw.Flush()
	if len(r.Goals) > 0 {
		b.WriteString("\n")
		tw = tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "  GOAL\tACTUAL\tTARGET\tHEADROOM\tRESULT")
		for _, g := range GoalRows(r) {
			name := g.Metric
			if g.Projected {
				name += " @1x"
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", name, g.Actual, g.Target, g.Headroom, g.Status)
		}
		tw.Flush()
	}
	_, err := io.WriteString(w, b.String())
	return err
}
