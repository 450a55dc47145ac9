package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/prodshape/prodshape/scenarios"
)

func init() { register("", newValidateCmd) }

type validateOptions struct {
	sets []string
}

func newValidateCmd(a *app) *cobra.Command {
	var opts validateOptions
	cmd := &cobra.Command{
		Use:   "validate SCENARIO...",
		Short: "Check scenario files (or built-in names) and report every mistake at once",
		Example: `  prodshape validate my.yaml
  prodshape validate clickstream-day --set streams[0].rate.base=500/s`,
		Args: cobraArgs(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error { return runValidate(a, opts, args) },
	}
	cmd.Flags().StringArrayVar(&opts.sets, "set", nil, "override a field, path=value (repeatable)")
	return cmd
}

func runValidate(a *app, opts validateOptions, args []string) error {
	var firstErr error
	for _, ref := range args {
		s, err := scenarios.Load(ref, scenarios.Options{Sets: opts.sets})
		if err != nil {
			if firstErr == nil {
				firstErr = err
			} else {
				fmt.Fprintln(a.stderr, "prodshape:", prefixLines(err))
			}
			continue
		}
		fmt.Fprintf(a.stdout, "%s: ok (%s)\n", ref, s.Name)
	}
	return firstErr
}
