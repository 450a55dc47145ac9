package main

import (
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/prodshape/prodshape/analysis"
	"github.com/prodshape/prodshape/analysis/metrics"
)

// printSummary prints the verdict and the goal table: what a person reads
// first after a run.
func printSummary(w io.Writer, r *analysis.Result, dir string) {
	fmt.Fprintf(w, "\n%s  seed %d  scale %g", r.Scenario, r.Seed, r.Scale)
	if r.Shard != nil {
		fmt.Fprintf(w, "  shard %d/%d", r.Shard.Index, r.Shard.Count)
	}
	fmt.Fprintf(w, "  status %s\n", r.Status)
	if r.Error != "" {
		fmt.Fprintf(w, "error: %s\n", r.Error)
	}
	keys := []string{"records.total", "bytes.total", "records.rate.max", "run.seconds", "run.records_per_second"}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "\nMETRIC\tMEASURED\tAT PRODUCTION (1x)")
	shown := map[string]bool{}
	for _, k := range append(keys, headline(r)...) {
		v, ok := r.Metrics[k]
		if !ok || shown[k] {
			continue
		}
		shown[k] = true
		proj := ""
		if p, ok := r.Metrics[k+metrics.ProjectedSuffix]; ok {
			proj = metrics.Format(r.Units[k], p)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", k, metrics.Format(r.Units[k], v), proj)
	}
	tw.Flush()
	if len(r.Goals) > 0 {
		tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "\nGOAL\tACTUAL\tTARGET\tMARGIN\tRESULT")
		for _, g := range r.Goals {
			actual, margin, result := "not measured", "", "MISSED"
			if g.Actual != nil {
				actual = metrics.Format(g.Unit, *g.Actual)
				margin = fmt.Sprintf("%+.1f%%", g.Margin*100)
			}
			if g.Pass {
				result = "met"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s %s\t%s\t%s\n", g.Graded, actual, g.Op, g.Text, margin, result)
		}
		tw.Flush()
	}
	verdict := strings.ToUpper(r.Verdict)
	missed := 0
	for _, g := range r.Goals {
		if !g.Pass {
			missed++
		}
	}
	switch {
	case len(r.Goals) == 0:
		fmt.Fprintf(w, "\nverdict: %s (no goals set)\n", verdict)
	case missed == 0:
		fmt.Fprintf(w, "\nverdict: %s — all %d goals met\n", verdict, len(r.Goals))
	default:
		fmt.Fprintf(w, "\nverdict: %s — %d of %d goals missed\n", verdict, missed, len(r.Goals))
	}
	fmt.Fprintf(w, "results: %s\n", filepath.Join(dir, analysis.FileName))
}

// headline lists the graded metrics, so each goal's metric shows in the
// table with its measured and projected value.
func headline(r *analysis.Result) []string {
	var out []string
	for _, g := range r.Goals {
		out = append(out, strings.TrimSuffix(g.Metric, metrics.ProjectedSuffix))
	}
	sort.Strings(out)
	return out
}
