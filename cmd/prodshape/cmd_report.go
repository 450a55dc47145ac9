package main

import (
	"bytes"
	"strings"

	"github.com/spf13/cobra"

	"github.com/prodshape/prodshape/analysis"
	"github.com/prodshape/prodshape/analysis/report"
)

func init() { register("", newReportCmd) }

type reportOptions struct {
	format string
	out    string
}

func newReportCmd(a *app) *cobra.Command {
	var opts reportOptions
	cmd := &cobra.Command{
		Use:   "report RUN",
		Short: "Render a run's result.json as html, md, junit, json or text",
		Long: `report re-renders the result of a run (its folder or its result.json) in any
format: html (self-contained, with charts), md (for pull-request comments),
junit (one test case per goal), json, or text (the terminal summary).
It exits 0 when the report was written, whatever the verdict.`,
		Example: `  prodshape report runs/a
  prodshape report runs/a --format html --out /tmp/a.html
  prodshape report runs/a --format junit > junit.xml`,
		Args: cobraArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error { return runReport(a, opts, args[0]) },
	}
	cmd.Flags().StringVarP(&opts.format, "format", "f", "text", "one of "+strings.Join(report.Formats(), ", "))
	cmd.Flags().StringVarP(&opts.out, "out", "o", "", "write to this file instead of standard output")
	return cmd
}

func runReport(a *app, opts reportOptions, run string) error {
	r, err := readRun(run)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := report.Render(&buf, opts.format, r); err != nil {
		return usageError{err}
	}
	if opts.out == "" {
		_, err = a.stdout.Write(buf.Bytes())
		return err
	}
	return analysis.WriteFileAtomic(opts.out, buf.Bytes())
}
