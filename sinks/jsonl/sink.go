// Package jsonl writes records as JSON lines, one object per record, to a
// file (atomically: a temp file renamed into place at Close) or to a stream
// such as standard output.
package jsonl

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/prodshape/prodshape/generators"
	"github.com/prodshape/prodshape/sinks"
	"github.com/prodshape/prodshape/sinks/facts"
)

// Sink writes JSON lines.
type Sink struct {
	path    string // final path; empty for a plain writer
	tmp     *os.File
	w       *bufio.Writer
	line    []byte
	enc     Encoder
	bytes   int64
	records int64
	closed  bool
}

var (
	_ sinks.Sink     = (*Sink)(nil)
	_ sinks.Reporter = (*Sink)(nil)
)

// Create writes to a temporary file beside path; Close renames it to path,
// so a failed run never leaves a torn file behind.
func Create(path string) (*Sink, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("%w: jsonl: %v", sinks.ErrTarget, err)
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("%w: jsonl: %v", sinks.ErrTarget, err)
	}
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, fmt.Errorf("%w: jsonl: %v", sinks.ErrTarget, err)
	}
	return &Sink{path: path, tmp: f, w: bufio.NewWriterSize(f, 1<<20)}, nil
}

// NewWriter writes to w (standard output, say); Close flushes it.
func NewWriter(w io.Writer) *Sink { return &Sink{w: bufio.NewWriterSize(w, 1<<20)} }

func (s *Sink) Write(ctx context.Context, b *generators.Batch) error {
	if s.closed {
		return errors.New("jsonl: write after close")
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	// One buffer per batch, one write: the encoder, not the writer, is the
	// per-record cost.
	s.line = s.line[:0]
	for i := 0; i < b.Len(); i++ {
		s.line = s.enc.Append(s.line, b, i)
		s.line = append(s.line, '\n')
	}
	// The buffer goes out only at line ends, so a stream that is cut off
	// (Abort, a cancelled Close) holds whole lines: a batch that does not
	// fit flushes what is buffered first, and one larger than the buffer
	// then goes out directly.
	if s.w.Buffered() > 0 && len(s.line) > s.w.Available() {
		if err := s.w.Flush(); err != nil {
			return s.fail(err)
		}
	}
	if _, err := s.w.Write(s.line); err != nil {
		return s.fail(err)
	}
	s.bytes += int64(len(s.line))
	s.records += int64(b.Len())
	return nil
}

func (s *Sink) fail(err error) error {
	if s.tmp != nil {
		s.tmp.Close()
		os.Remove(s.tmp.Name())
		s.tmp = nil
	}
	return fmt.Errorf("%w: jsonl %s: %v", sinks.ErrTarget, s.path, err)
}

// Close flushes, syncs and renames the file into place. On a cancelled
// context it discards the file instead, as Abort does.
func (s *Sink) Close(ctx context.Context) error {
	if s.closed {
		return nil
	}
	s.closed = true
	if err := ctx.Err(); err != nil {
		s.Abort()
		return fmt.Errorf("jsonl %s: not committed: %w", s.path, err)
	}
	if err := s.w.Flush(); err != nil {
		return s.fail(err)
	}
	if s.tmp == nil {
		return nil
	}
	if err := s.tmp.Sync(); err != nil {
		return s.fail(err)
	}
	if err := s.tmp.Close(); err != nil {
		return s.fail(err)
	}
	if err := os.Rename(s.tmp.Name(), s.path); err != nil {
		os.Remove(s.tmp.Name())
		return fmt.Errorf("%w: jsonl %s: %v", sinks.ErrTarget, s.path, err)
	}
	s.tmp = nil
	return nil
}

// Abort discards a file that was not closed; later Writes fail.
func (s *Sink) Abort() {
	s.closed = true
	if s.tmp != nil {
		s.tmp.Close()
		os.Remove(s.tmp.Name())
		s.tmp = nil
	}
}

// Facts reports the lines and bytes written.
func (s *Sink) Facts() facts.Report {
	return facts.Report{Sink: "jsonl", Records: s.records, Bytes: s.bytes}
}
