package main

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/prodshape/prodshape/analysis"
	"github.com/prodshape/prodshape/analysis/compare"
)

func init() { register("", newCompareCmd) }

type compareOptions struct {
	out    string
	format string
}

func newCompareCmd(a *app) *cobra.Command {
	var opts compareOptions
	cmd := &cobra.Command{
		Use:   "compare RUN...",
		Short: "Put candidate runs side by side, goal by goal: the pivot-or-persevere table",
		Long: `compare reads the result of each run folder and shows, per goal, each
candidate's actual value, whether it passed, its headroom, and where a missed
goal broke (the backfill progress, time or volume at which its series crossed
the target). Candidates are named by their folder.

--out writes a file too: a .md file is a decision record (scenarios, seeds,
scales, the table, and a blank "Decision / why" section to fill in); a .html
file is a self-contained page with the tracked series overlaid.
It exits 0 when the comparison was written, whatever the verdicts.`,
		Example: `  prodshape compare runs/spark runs/serverless runs/compacted
  prodshape compare runs/spark runs/serverless --out decision.md
  prodshape compare runs/* --format html > compare.html`,
		Args: cobraArgs(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error { return runCompare(a, opts, args) },
	}
	cmd.Flags().StringVarP(&opts.out, "out", "o", "", "also write the comparison to this .md or .html file")
	cmd.Flags().StringVarP(&opts.format, "format", "f", "text", "standard output format: text, md or html")
	return cmd
}

func runCompare(a *app, opts compareOptions, runs []string) error {
	cands := make([]compare.Candidate, 0, len(runs))
	for _, run := range runs {
		r, err := readRun(run)
		if err != nil {
			return err
		}
		cands = append(cands, compare.Candidate{Label: runLabel(run), Result: r})
	}
	c, err := compare.New(cands...)
	if err != nil {
		return usageError{err}
	}
	write := map[string]func(*bytes.Buffer) error{
		"text": func(b *bytes.Buffer) error { return c.WriteText(b) },
		"md":   func(b *bytes.Buffer) error { return c.WriteMarkdown(b) },
		"html": func(b *bytes.Buffer) error { return c.WriteHTML(b) },
	}
	render, ok := write[opts.format]
	if !ok {
		return usagef("--format: want text, md or html, got %q", opts.format)
	}
	var buf bytes.Buffer
	if err := render(&buf); err != nil {
		return err
	}
	if _, err := a.stdout.Write(buf.Bytes()); err != nil {
		return err
	}
	if opts.out == "" {
		return nil
	}
	format := strings.TrimPrefix(strings.ToLower(filepath.Ext(opts.out)), ".")
	switch format {
	case "markdown":
		format = "md"
	case "htm":
		format = "html"
	}
	render, ok = write[format]
	if !ok || format == "text" {
		return usagef("--out %s: want a .md or .html file", opts.out)
	}
	buf.Reset()
	if err := render(&buf); err != nil {
		return err
	}
	if err := analysis.WriteFileAtomic(opts.out, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(a.stderr, "wrote %s\n", opts.out)
	return nil
}
