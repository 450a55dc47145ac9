package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/prodshape/prodshape/scenarios"
)

func init() { register("", newScenariosCmd) }

func newScenariosCmd(a *app) *cobra.Command {
	var show string
	cmd := &cobra.Command{
		Use:   "scenarios",
		Short: "List the built-in scenarios (or print one with --show NAME)",
		Example: `  prodshape scenarios
  prodshape scenarios --show clickstream-day > my.yaml`,
		Args: cobraArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error { return runScenarios(a, show) },
	}
	cmd.Flags().StringVar(&show, "show", "", "print the YAML of this built-in scenario, to start your own from it")
	return cmd
}

func runScenarios(a *app, show string) error {
	if show != "" {
		data, ok := scenarios.BuiltinSource(show)
		if !ok {
			return usagef("no built-in scenario %q; prodshape scenarios lists them", show)
		}
		_, err := a.stdout.Write(data)
		return err
	}
	list, err := scenarios.Builtins()
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "NAME\tDESCRIPTION")
	for _, b := range list {
		fmt.Fprintf(w, "%s\t%s\n", b.Name, b.Description)
	}
	return w.Flush()
}
