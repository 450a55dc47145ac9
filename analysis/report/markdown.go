package report

import (
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/prodshape/prodshape/analysis"
)

// Markdown writes report.md: the verdict, the goals table, the figures that
// matter and a link to the HTML report, sized for a pull-request comment.
func Markdown(w io.Writer, r *analysis.Result) error {
	var b strings.Builder
	icon := "✅"
	if !r.Passed() {
		icon = "❌"
	}
	fmt.Fprintf(&b, "## %s prodshape: %s — %s\n\n", icon, mdEscape(r.Scenario), Summary(r))
	if r.Description != "" {
		fmt.Fprintf(&b, "%s\n\n", mdEscape(r.Description))
	}
	var facts []string
	for _, f := range RunFacts(r)[1:] {
		facts = append(facts, f[0]+" "+mdEscape(f[1]))
	}
	fmt.Fprintf(&b, "%s\n\n", strings.Join(facts, " · "))

	if len(r.Goals) > 0 {
		b.WriteString("| goal | actual | target | headroom | result |\n|---|---:|---|---:|---|\n")
		for _, g := range GoalRows(r) {
			name := "`" + g.Metric + "`"
			actual := g.Actual
			if g.Projected {
				name += " at production volume"
				if g.Measured != "" {
					actual += " (measured " + g.Measured + ")"
				}
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", name, mdEscape(actual), mdEscape(g.Target),
				g.Headroom, statusIcon(g.Status)+" "+g.Status)
		}
		b.WriteString("\n")
	}

	if key := KeyGoals(r, 3); len(key) > 0 {
		b.WriteString("**Key figures**\n\n")
		for _, g := range key {
			fmt.Fprintf(&b, "- %s\n", keyFigure(g))
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "Charts and every metric: [%s](%s) · raw numbers: [%s](%s)\n",
		FileHTML, FileHTML, analysis.FileName, analysis.FileName)
	_, err := io.WriteString(w, b.String())
	return err
}

// keyFigure says one goal in a sentence.
func keyFigure(g GoalRow) string {
	where := ""
	if g.Projected {
		where = " at production volume"
	}
	switch g.Status {
	case StatusMet:
		return fmt.Sprintf("`%s` is %s%s against a goal of %s: met with %s headroom.", g.Metric, g.Actual, where, g.Target, g.Headroom)
	case StatusMissed:
		return fmt.Sprintf("`%s` is %s%s against a goal of %s: missed (%s).", g.Metric, g.Actual, where, g.Target, g.Headroom)
	}
	return fmt.Sprintf("`%s` was not measured by this run (goal %s).", g.Metric, g.Target)
}

func statusIcon(status string) string {
	switch status {
	case StatusMet:
		return "✅"
	case StatusMissed:
		return "❌"
	}
	return "⚠️"
}

// mdEscape keeps text from breaking a table or turning into markup.
func mdEscape(s string) string {
	r := strings.NewReplacer("|", `\|`, "\n", " ", "*", `\*`, "_", `\_`, "`", "'")
	return tagStart.ReplaceAllString(r.Replace(s), "&lt;$1")
}

// tagStart finds a "<" that could open an HTML tag; "< 10m" stays as is.
var tagStart = regexp.MustCompile(`<([A-Za-z/!?])`)
