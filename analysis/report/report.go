package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/prodshape/prodshape/analysis"
)

// File names WriteAll writes into a run folder.
const (
	FileMarkdown = "report.md"
	FileHTML     = "report.html"
	FileJUnit    = "junit.xml"
)

// renderers maps a --format name to its renderer.
var renderers = map[string]func(io.Writer, *analysis.Result) error{
	"html":  HTML,
	"md":    Markdown,
	"junit": JUnit,
	"text":  Text,
	"json":  JSON,
}

// Formats lists the format names Render accepts, sorted.
func Formats() []string {
	out := make([]string, 0, len(renderers))
	for f := range renderers {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// Render writes r in the named format: html, md, junit, text or json.
func Render(w io.Writer, format string, r *analysis.Result) error {
	f, ok := renderers[strings.ToLower(format)]
	if !ok {
		return fmt.Errorf("unknown report format %q: want one of %s", format, strings.Join(Formats(), ", "))
	}
	return f(w, r)
}

// JSON writes the result as result.json holds it.
func JSON(w io.Writer, r *analysis.Result) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("encode result: %w", err)
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// WriteAll writes report.md, report.html and junit.xml into dir, each
// atomically, next to the result.json the caller has written.
func WriteAll(dir string, r *analysis.Result) error {
	for _, f := range []struct {
		name   string
		render func(io.Writer, *analysis.Result) error
	}{{FileMarkdown, Markdown}, {FileHTML, HTML}, {FileJUnit, JUnit}} {
		var buf bytes.Buffer
		if err := f.render(&buf, r); err != nil {
			return fmt.Errorf("render %s: %w", f.name, err)
		}
		if err := analysis.WriteFileAtomic(filepath.Join(dir, f.name), buf.Bytes()); err != nil {
			return err
		}
	}
	return nil
}
