package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/prodshape/prodshape/analysis/metrics"
)

func init() { register("", newMetricsCmd) }

func newMetricsCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "metrics",
		Short: "List every metric a goal can name, with its unit",
		Args:  cobraArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			w := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "METRIC\tUNIT\tDESCRIPTION")
			for _, d := range metrics.All() {
				name := d.Name
				if d.Projected {
					name += " (and " + d.Name + metrics.ProjectedSuffix + ")"
				}
				fmt.Fprintf(w, "%s\t%s\t%s\n", name, d.Unit, d.Help)
			}
			return w.Flush()
		},
	}
}
