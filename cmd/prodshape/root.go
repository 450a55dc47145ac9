package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/prodshape/prodshape/scenarios"
	"github.com/prodshape/prodshape/scenarios/engine"
	"github.com/prodshape/prodshape/sinks"
)

// Exit codes, decided here and only here.
const (
	exitOK      = 0 // every goal met
	exitGoals   = 1 // a goal missed
	exitUsage   = 2 // invalid scenario or usage
	exitRuntime = 3 // runtime failure: a sink or target failed, or the run was interrupted
)

// errGoalsMissed is returned by commands that graded goals and found a miss;
// the verdict has already been printed.
var errGoalsMissed = errors.New("goals missed")

// usageError marks a mistake in how the command was called.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// exitCode maps an error to the process exit code.
func exitCode(err error) int {
	var ue usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errGoalsMissed):
		return exitGoals
	case errors.As(err, &ue), errors.Is(err, scenarios.ErrInvalid), errors.Is(err, scenarios.ErrNotFound),
		errors.Is(err, engine.ErrRunFolder):
		return exitUsage
	case errors.Is(err, sinks.ErrTarget), errors.Is(err, context.Canceled):
		return exitRuntime
	}
	return exitRuntime
}

// commands registers every subcommand; each cmd_<name>.go adds itself from
// an init function. parent is "" for a top-level command, or "serve" /
// "analyze" for the command groups.
var commands []struct {
	parent string
	make   func(*app) *cobra.Command
}

func register(parent string, make func(*app) *cobra.Command) {
	commands = append(commands, struct {
		parent string
		make   func(*app) *cobra.Command
	}{parent, make})
}

// app is what every command shares: where to print, and the context.
type app struct {
	ctx    context.Context
	stdout io.Writer
	stderr io.Writer
}

func newRoot(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "prodshape",
		Short: "Production-volume load and data-shape simulator: persevere or pivot, with numbers",
		Long: `prodshape generates a scenario's workload at production volume (or a faithful
scaled-down slice), pushes it into a candidate system, measures file counts,
file sizes, graph sizes and latencies, and grades every goal.

Exit codes: 0 every goal met, 1 a goal missed, 2 invalid scenario or usage,
3 runtime failure.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		//lint:ignore ST1005 the usage hint is the message's last line, as cobra's own are
		return usageError{fmt.Errorf("%w\nRun '%s --help' for usage.", err, c.CommandPath())}
	})
	groups := map[string]*cobra.Command{
		"serve":   {Use: "serve", Short: "Run a local Kafka-protocol broker or S3-compatible endpoint on loopback"},
		"analyze": {Use: "analyze", Short: "Grade a lake, topic or graph that any system produced"},
	}
	used := map[string]bool{}
	for _, c := range commands {
		cmd := c.make(a)
		if c.parent == "" {
			root.AddCommand(cmd)
			continue
		}
		g := groups[c.parent]
		g.AddCommand(cmd)
		used[c.parent] = true
	}
	for name, g := range groups {
		if used[name] {
			g.Args = cobra.NoArgs
			g.RunE = func(c *cobra.Command, _ []string) error {
				return usagef("%s needs a subcommand; see %s --help", name, c.CommandPath())
			}
			root.AddCommand(g)
		}
	}
	return root
}

// execute runs the CLI and returns the exit code.
func execute(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	a := &app{ctx: ctx, stdout: stdout, stderr: stderr}
	root := newRoot(a)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err != nil && !errors.Is(err, errGoalsMissed) {
		msg := err.Error()
		if strings.Contains(msg, "unknown command") || strings.Contains(msg, "accepts ") || strings.Contains(msg, "requires ") {
			err = usageError{err}
		}
		fmt.Fprintln(stderr, "prodshape:", strings.TrimSpace(prefixLines(err)))
	}
	return exitCode(err)
}

// prefixLines keeps a multi-line error (a scenario error list) readable:
// the first line follows "prodshape:", the rest stand on their own.
func prefixLines(err error) string {
	var list scenarios.ErrorList
	if errors.As(err, &list) {
		return fmt.Sprintf("%d error(s) in scenario:\n%s", len(list), list.Error())
	}
	return err.Error()
}

// cobraArgs wraps cobra's argument validators so a wrong count is a usage
// error.
func cobraArgs(v cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := v(cmd, args); err != nil {
			//lint:ignore ST1005 the usage hint is the message's last line, as cobra's own are
			return usageError{fmt.Errorf("%w\nRun '%s --help' for usage.", err, cmd.CommandPath())}
		}
		return nil
	}
}
