package engine

import (
	"errors"
	"fmt"
	"runtime/debug"
)

// ErrInternal marks a failure of prodshape itself (a panic inside the run),
// as opposed to a failing target (sinks.ErrTarget) or an invalid scenario.
// The run still writes result.json, with status failed, and the CLI exits 3.
var ErrInternal = errors.New("internal error")

// safely runs f and turns a panic into an error wrapping ErrInternal, so
// that one broken goroutine fails the run instead of killing the process
// before the result is written.
func safely(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v; please report it with the scenario file\n%s", ErrInternal, r, debug.Stack())
		}
	}()
	return f()
}
