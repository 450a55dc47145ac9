// Command prodshape generates production-volume workloads, pushes them into a
// candidate system, measures the result and grades the scenario's goals:
// persevere or pivot, with numbers.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := execute(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
