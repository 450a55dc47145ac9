package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/spf13/pflag"

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
	printMetrics(w, r)
	printGoals(w, r)
	printVerdict(w, r, dir)
}

// printMetrics prints the headline metrics with their values at production
// volume; nothing when the result has none of them.
func printMetrics(w io.Writer, r *analysis.Result) {
	keys := []string{"records.total", "bytes.total", "records.rate.max", "run.seconds", "run.records_per_second"}
	var rows []string
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
		rows = append(rows, fmt.Sprintf("%s\t%s\t%s\n", k, metrics.Format(r.Units[k], v), proj))
	}
	if len(rows) == 0 {
		return
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "\nMETRIC\tMEASURED\tAT PRODUCTION (1x)")
	for _, row := range rows {
		fmt.Fprint(tw, row)
	}
	tw.Flush()
}

// printGoals prints the goal table, when there are goals.
func printGoals(w io.Writer, r *analysis.Result) {
	if len(r.Goals) > 0 {
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
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
}

// printVerdict prints the last lines a person or a CI log reads: the
// verdict, or why there is none, and where the result went. A run that
// failed or was interrupted gets no verdict: its goals were graded on part
// of the workload.
func printVerdict(w io.Writer, r *analysis.Result, dir string) {
	if reason, ok := incomplete(r); ok {
		fmt.Fprintf(w, "\nincomplete: %s\n", reason)
		fmt.Fprintf(w, "results: %s\n", filepath.Join(dir, analysis.FileName))
		return
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
		fmt.Fprintln(w, "\nno goals set: nothing graded")
	case missed == 0:
		fmt.Fprintf(w, "\nverdict: %s — all %d goals met\n", verdict, len(r.Goals))
	default:
		fmt.Fprintf(w, "\nverdict: %s — %d of %d goals missed\n", verdict, missed, len(r.Goals))
	}
	fmt.Fprintf(w, "results: %s\n", filepath.Join(dir, analysis.FileName))
}

// incomplete says why a result has no verdict: the run failed or was
// interrupted.
func incomplete(r *analysis.Result) (string, bool) {
	if r.Status == analysis.StatusComplete || r.Status == "" {
		return "", false
	}
	switch {
	case r.Error == "":
		return r.Status, true
	case r.Status == analysis.StatusFailed:
		return "failed: " + r.Error, true
	}
	return r.Error, true
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

// summaryFlags are run's --summary FORMAT and --summary-file FILE.
type summaryFlags struct {
	format string
	file   string
}

// Summary formats.
const (
	summaryText = "text"
	summaryJSON = "json"
)

func (f *summaryFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.format, "summary", "", "summary format: text (default) or json")
	fs.StringVar(&f.file, "summary-file", "", "write the summary to this file instead of stdout (json unless --summary text)")
}

// check resolves the format before anything runs, so a typo costs no run.
func (f *summaryFlags) check() error {
	switch f.format {
	case "":
		f.format = summaryText
		if f.file != "" {
			f.format = summaryJSON
		}
	case summaryText, summaryJSON:
	default:
		return usagef("--summary: want text or json, got %q", f.format)
	}
	return nil
}

// write prints the summary in its format to its file, or to w.
func (f *summaryFlags) write(w io.Writer, r *analysis.Result, dir string, runErr error) error {
	var buf bytes.Buffer
	if f.format == summaryJSON {
		if err := writeSummaryJSON(&buf, r, dir, exitCode(runErr)); err != nil {
			return err
		}
	} else {
		printSummary(&buf, r, dir)
	}
	if f.file == "" {
		_, err := w.Write(buf.Bytes())
		return err
	}
	if err := analysis.WriteFileAtomic(f.file, buf.Bytes()); err != nil {
		return fmt.Errorf("--summary-file: %w", err)
	}
	return nil
}

// jsonSummary is the --summary json document: what CI needs to decide and
// to link, without parsing result.json's histograms and series. Fields are
// only added, never renamed.
type jsonSummary struct {
	Scenario   string                  `json:"scenario"`
	Seed       uint64                  `json:"seed"`
	Scale      float64                 `json:"scale"`
	Shard      *analysis.Shard         `json:"shard,omitempty"`
	Status     string                  `json:"status"`
	Incomplete string                  `json:"incomplete,omitempty"` // why there is no verdict
	Verdict    string                  `json:"verdict,omitempty"`    // persevere or pivot; empty when incomplete
	ExitCode   int                     `json:"exit_code"`
	Goals      []analysis.GoalResult   `json:"goals"`
	Metrics    map[string]float64      `json:"metrics"`
	Units      map[string]metrics.Unit `json:"units"`
	Results    string                  `json:"results"`
}

func writeSummaryJSON(w io.Writer, r *analysis.Result, dir string, code int) error {
	s := jsonSummary{
		Scenario: r.Scenario, Seed: r.Seed, Scale: r.Scale, Shard: r.Shard, Status: r.Status,
		Verdict: r.Verdict, ExitCode: code, Goals: r.Goals, Metrics: r.Metrics, Units: r.Units,
		Results: filepath.Join(dir, analysis.FileName),
	}
	if reason, ok := incomplete(r); ok {
		s.Incomplete, s.Verdict = reason, ""
	}
	if s.Goals == nil {
		s.Goals = []analysis.GoalResult{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // goal operators are < and >=
	return enc.Encode(s)
}

// runOutcome is the error a run ends with: its own failure, said as a
// person would (an interrupt is not "context canceled"), or a missed goal.
func runOutcome(res *analysis.Result, runErr error) error {
	switch {
	case runErr != nil && errors.Is(runErr, context.Canceled):
		return interruptedError{runErr}
	case runErr != nil:
		return runErr
	case res != nil && !res.Passed():
		return errGoalsMissed
	}
	return nil
}

// interruptedError is a run stopped by a signal: exit 3, with a message
// that says what happened to the results.
type interruptedError struct{ err error }

func (e interruptedError) Error() string {
	return "interrupted: the run stopped before its clock ran out; result.json holds what was measured"
}
func (e interruptedError) Unwrap() error { return e.err }

// printAnalysisEnd ends an analyze command's output: the goals, if any, and
// the verdict or "no goals set", then where result.json went.
func printAnalysisEnd(w io.Writer, r *analysis.Result, dir string) {
	printGoals(w, r)
	printVerdict(w, r, dir)
}
