package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/prodshape/prodshape/analysis"
	"github.com/prodshape/prodshape/analysis/graph"
	"github.com/prodshape/prodshape/analysis/metrics"
)

func init() { register("analyze", newAnalyzeGraphCmd) }

type analyzeGraphOptions struct {
	out   string
	top   int
	goals goalFlags
	quiet bool
}

func newAnalyzeGraphCmd(a *app) *cobra.Command {
	var opts analyzeGraphOptions
	cmd := &cobra.Command{
		Use:   "graph FILE",
		Short: "Components, largest cluster, degree distribution and supernodes of any edge list (Parquet or CSV src,dst[,kind,time])",
		Example: `  prodshape analyze graph runs/kv/edges.parquet
  prodshape analyze graph export.csv --goal 'graph.largest_component=<= 200' --out runs/graph`,
		Args: cobraArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error { return runAnalyzeGraph(a, opts, args) },
	}
	cmd.Flags().StringVar(&opts.out, "out", "", "folder for result.json and reports (default runs/graph-NAME)")
	cmd.Flags().BoolVarP(&opts.quiet, "quiet", "q", false, "no tables: only the goals, the verdict and where result.json went")
	cmd.Flags().IntVar(&opts.top, "top", 10, "how many supernodes to list")
	opts.goals.register(cmd.Flags(), "graph.largest_component=<= 200")
	return cmd
}

func runAnalyzeGraph(a *app, opts analyzeGraphOptions, args []string) error {
	goals, err := opts.goals.parse()
	if err != nil {
		return err
	}
	path := args[0]
	if _, err := os.Stat(path); err != nil {
		return usagef("analyze graph: %v", err)
	}
	started := time.Now().UTC()
	an, err := graph.AnalyzeFile(path, opts.top)
	if err != nil {
		return usagef("analyze graph: %v", err)
	}
	out := opts.out
	if out == "" {
		base := filepath.Base(path)
		out = filepath.Join("runs", "graph-"+strings.TrimSuffix(base, filepath.Ext(base)))
	}
	set := metrics.NewSet()
	an.Report(set)
	res := &analysis.Result{Version: analysis.ResultVersion, Kind: "analyze", Scenario: "analyze-graph",
		Source: path, Scale: 1, Status: analysis.StatusComplete, Started: started}
	if err := finishAnalysis(res, set, goals, out); err != nil {
		return err
	}
	if !opts.quiet {
		printGraph(a, path, an)
	}
	printAnalysisEnd(a.stdout, res, out)
	if !res.Passed() {
		return errGoalsMissed
	}
	return nil
}

func printGraph(a *app, path string, an *graph.Analysis) {
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\n\n", path)
	for _, row := range [][2]string{
		{"identifiers", metrics.FormatCount(float64(an.Nodes))},
		{"edges", metrics.FormatCount(float64(an.Edges))},
		{"components", metrics.FormatCount(float64(an.Components))},
		{"largest component", fmt.Sprintf("%s (%.2f%% of identifiers)", metrics.FormatCount(float64(an.Largest)), an.LargestShare*100)},
		{"max degree", metrics.FormatCount(float64(an.MaxDegree))},
	} {
		fmt.Fprintf(tw, "%s\t%s\n", row[0], row[1])
	}
	if len(an.Top) > 0 {
		fmt.Fprintln(tw, "\nSUPERNODE\tKIND\tDEGREE\tCOMPONENT SIZE")
		for _, s := range an.Top {
			kind := s.Kind
			if kind == "" {
				kind = "-"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", s.Name, kind, metrics.FormatCount(float64(s.Degree)), metrics.FormatCount(float64(s.ComponentSize)))
		}
	}
	tw.Flush()
}
