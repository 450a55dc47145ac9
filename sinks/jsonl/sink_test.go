package jsonl

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/prodshape/prodshape/generators"
	"github.com/prodshape/prodshape/sinks"
	"github.com/prodshape/prodshape/sinks/sinktest"
)

var counts = map[string]sinktest.Measure{
	"jsonl.records": sinktest.Records,
	"jsonl.bytes":   sinktest.Bytes,
}

// A file sink: the reader lists the folder (anything but the final file is
// stray) and decodes the file with encoding/json.
func TestConformanceFile(t *testing.T) {
	sinktest.Run(t, sinktest.Harness{
		Open: func(t *testing.T, _ *generators.Schema) (sinks.Sink, sinktest.Reader) {
			dir := t.TempDir()
			s, err := Create(filepath.Join(dir, "out.jsonl"))
			if err != nil {
				t.Fatal(err)
			}
			return s, func(t *testing.T) sinktest.Landed { return readFolder(t, dir, "out.jsonl") }
		},
		// The folder cannot be made: a file stands where it would be.
		Broken: func(t *testing.T, _ *generators.Schema) (sinks.Sink, error) {
			blocker := filepath.Join(t.TempDir(), "blocker")
			if err := os.WriteFile(blocker, nil, 0o644); err != nil {
				t.Fatal(err)
			}
			return Create(filepath.Join(blocker, "out.jsonl"))
		},
		Counts: counts,
	})
}

// A stream sink (standard output, say). What reached a stream cannot be
// taken back, so the sink is offered without its Abort.
func TestConformanceWriter(t *testing.T) {
	sinktest.Run(t, sinktest.Harness{
		Open: func(t *testing.T, _ *generators.Schema) (sinks.Sink, sinktest.Reader) {
			var buf bytes.Buffer
			s := NewWriter(&buf)
			return streamOnly{s, s}, func(t *testing.T) sinktest.Landed { return sinktest.JSONLines(t, buf.Bytes()) }
		},
		Broken: func(t *testing.T, _ *generators.Schema) (sinks.Sink, error) {
			return NewWriter(failingWriter{}), nil
		},
		Counts: counts,
	})
}

type streamOnly struct {
	sinks.Sink
	sinks.Reporter
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("broken pipe") }

func readFolder(t *testing.T, dir, name string) sinktest.Landed {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var l sinktest.Landed
	for _, e := range entries {
		if e.Name() != name {
			l.Stray = append(l.Stray, e.Name())
		}
	}
	data, err := os.ReadFile(filepath.Join(dir, name))
	if errors.Is(err, os.ErrNotExist) {
		return l
	}
	if err != nil {
		t.Fatal(err)
	}
	stray := l.Stray
	l = sinktest.JSONLines(t, data)
	l.Files, l.Stray = 1, stray
	return l
}
