package scenarios

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// ErrInvalid is wrapped by every scenario error list: the CLI maps it to
// exit code 2.
var ErrInvalid = errors.New("invalid scenario")

// Pos is where a value came from: a file position, or a --set override.
type Pos struct {
	File string
	Line int
	Col  int
	Set  string // the --set argument, when the value came from one
}

func (p Pos) String() string {
	if p.Set != "" {
		return "--set " + p.Set
	}
	if p.Line == 0 {
		return p.File
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Error is one mistake in a scenario.
type Error struct {
	Pos  Pos
	Path string // field path, e.g. streams[0].rate.base
	Msg  string // what is wrong; what would be valid
}

func (e *Error) Error() string {
	if e.Path == "" {
		return fmt.Sprintf("%s: %s", e.Pos, e.Msg)
	}
	return fmt.Sprintf("%s: %s: %s", e.Pos, e.Path, e.Msg)
}

// ErrorList is every mistake found, in file order. It wraps ErrInvalid.
type ErrorList []*Error

func (l ErrorList) Error() string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

func (l ErrorList) Unwrap() error { return ErrInvalid }

func (l ErrorList) sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i].Pos, l[j].Pos
		if (a.Set == "") != (b.Set == "") {
			return a.Set == ""
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

// dedupe drops repeated identical messages (one typo can be reported by two
// checks).
func (l ErrorList) dedupe() ErrorList {
	seen := map[string]bool{}
	out := l[:0]
	for _, e := range l {
		k := e.Error()
		if !seen[k] {
			seen[k] = true
			out = append(out, e)
		}
	}
	return out
}
