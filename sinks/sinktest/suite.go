package sinktest

import (
	"context"
	"errors"
	"fmt"
	"github.com/prodshape/prodshape/analysis/measure"
	"slices"
	"testing"
	"time"

	"github.com/prodshape/prodshape/analysis/metrics"
	"github.com/prodshape/prodshape/generators"
	"github.com/prodshape/prodshape/sinks"
)

// Harness is how the suite drives one sink.
type Harness struct {
	// Open returns a fresh sink over schema writing into a fresh, empty
	// target, and an independent reader of that target. It registers its
	// cleanups with t; the suite closes or aborts the sink.
	Open func(t *testing.T, schema *generators.Schema) (sinks.Sink, Reader)
	// Broken returns a sink whose target fails (a folder that cannot be
	// created, a store whose writes fail, a broker gone after Open), or
	// the error that opening it gave. Nil when the sink has no target that
	// can fail.
	Broken func(t *testing.T, schema *generators.Schema) (sinks.Sink, error)
	// Counts maps each count metric the sink reports to what the reader
	// measures for it; each must be reported, and equal.
	Counts map[string]Measure
	// Records is how many records the suite's stream holds; default
	// 6,000 (20 s at 300/s, in batches of 500).
	Records int
	// Bound is how long a Write or Close on a cancelled context may take
	// (a bound against hangs, not a speed target); default 5 s.
	Bound time.Duration
}

// Reader reads what landed in a sink's target, by other code than the
// sink's own. The suite calls it after Close or Abort.
type Reader func(t *testing.T) Landed

// Landed is what a reader found in the target.
type Landed struct {
	Records int64 // records (rows, lines, messages) readable in the target
	Files   int64 // files or objects holding them; 0 where there are none
	Bytes   int64 // bytes of those files, or of the records' keys and values
	// Values holds each record in a canonical text form (any order),
	// where reading them is cheap; nil otherwise.
	Values []string
	// Stray names what the target holds that is not committed output:
	// temporary files, partial objects.
	Stray []string
}

// Measure picks the reader's figure that a reported metric must equal.
type Measure func(Landed) int64

// The figures a reported count may be checked against.
var (
	Records Measure = func(l Landed) int64 { return l.Records }
	Files   Measure = func(l Landed) int64 { return l.Files }
	Bytes   Measure = func(l Landed) int64 { return l.Bytes }
)

// aborter is implemented by sinks that can discard unfinished output.
type aborter interface{ Abort() }

// Run runs the conformance suite against the sink h opens.
func Run(t *testing.T, h Harness) {
	if h.Records == 0 {
		h.Records = 6000
	}
	if h.Bound == 0 {
		h.Bound = 5 * time.Second
	}
	tests := []struct {
		name string
		run  func(t *testing.T, h Harness)
	}{
		{"WriteAfterClose", testWriteAfterClose},
		{"CloseTwice", testCloseTwice},
		{"Abort", testAbort},
		{"CanceledWrite", testCanceledWrite},
		{"CanceledClose", testCanceledClose},
		{"TargetErrors", testTargetErrors},
		{"BatchChangedAfterWrite", testBatchChanged},
		{"ReportedCounts", testReportedCounts},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.run(t, h) })
	}
}

// stream is the suite's generator for h.
func (h Harness) stream(t *testing.T) *generators.Stream {
	const rate, batch = 300, 500
	span := time.Duration(float64(h.Records) / rate * float64(time.Second))
	return Stream(t, rate, span, batch)
}

// feed writes the whole stream, each batch copied into memory the suite
// owns; scribble overwrites each copy once its Write has returned. It
// returns the number of records written.
func feed(t *testing.T, s sinks.Sink, gen *generators.Stream, scribble bool) int {
	t.Helper()
	b := gen.NewBatch()
	n := 0
	for gen.Next(b) {
		o := Own(b)
		if err := call("Write", func() error { return s.Write(context.Background(), o.Batch) }); err != nil {
			t.Fatalf("write: %v", err)
		}
		if scribble {
			o.Scribble()
		}
		n += b.Len()
	}
	return n
}

// oneBatch is a non-empty batch of the suite's stream.
func oneBatch(t *testing.T) *generators.Batch {
	t.Helper()
	gen := Stream(t, 100, 2*time.Second, 100)
	b := gen.NewBatch()
	if !gen.Next(b) || b.Len() == 0 {
		t.Fatal("the suite's stream is empty")
	}
	return b
}

// call runs a sink method, turning a panic into an error.
func call(name string, f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s panicked: %v", name, r)
		}
	}()
	return f()
}

// bounded runs a sink method and fails the test if it has not returned
// within bound.
func bounded(t *testing.T, bound time.Duration, name string, f func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- call(name, f) }()
	select {
	case err := <-done:
		return err
	case <-time.After(bound):
		t.Fatalf("%s on a cancelled context had not returned after %v", name, bound)
		return nil
	}
}

func closeOK(t *testing.T, s sinks.Sink) {
	t.Helper()
	if err := call("Close", func() error { return s.Close(context.Background()) }); err != nil {
		t.Fatalf("close: %v", err)
	}
}

func expectLanded(t *testing.T, l Landed, records int) {
	t.Helper()
	if l.Records != int64(records) {
		t.Errorf("the target holds %d records, want the %d written", l.Records, records)
	}
	if len(l.Stray) > 0 {
		t.Errorf("the target holds stray files: %q", l.Stray)
	}
}

func testWriteAfterClose(t *testing.T, h Harness) {
	gen := h.stream(t)
	s, read := h.Open(t, gen.Schema())
	n := feed(t, s, gen, false)
	closeOK(t, s)
	if err := call("Write", func() error { return s.Write(context.Background(), oneBatch(t)) }); err == nil {
		t.Errorf("Write after Close returned nil, want an error")
	} else if errors.Is(err, sinks.ErrTarget) {
		t.Errorf("Write after Close: %v; a usage mistake must not wrap ErrTarget", err)
	}
	expectLanded(t, read(t), n)
}

func testCloseTwice(t *testing.T, h Harness) {
	gen := h.stream(t)
	s, read := h.Open(t, gen.Schema())
	n := feed(t, s, gen, false)
	first := call("Close", func() error { return s.Close(context.Background()) })
	if first != nil {
		t.Fatalf("close: %v", first)
	}
	if err := call("Close", func() error { return s.Close(context.Background()) }); err != nil {
		t.Errorf("second Close: %v, want nil", err)
	}
	expectLanded(t, read(t), n) // committed once, not twice
}

func testAbort(t *testing.T, h Harness) {
	gen := h.stream(t)
	s, read := h.Open(t, gen.Schema())
	a, ok := s.(aborter)
	if !ok {
		t.Skip("the sink has no Abort")
	}
	feed(t, s, gen, false)
	if err := call("Abort", func() error { a.Abort(); return nil }); err != nil {
		t.Fatal(err)
	}
	l := read(t)
	if l.Records != 0 || l.Files != 0 || len(l.Stray) > 0 {
		t.Errorf("after Abort the target holds %d records in %d files, stray %q; want nothing", l.Records, l.Files, l.Stray)
	}
	if err := call("Write", func() error { return s.Write(context.Background(), oneBatch(t)) }); err == nil {
		t.Errorf("Write after Abort returned nil, want an error")
	}

	// Abort after a successful Close keeps what was committed.
	gen = h.stream(t)
	s, read = h.Open(t, gen.Schema())
	n := feed(t, s, gen, false)
	closeOK(t, s)
	if err := call("Abort", func() error { s.(aborter).Abort(); return nil }); err != nil {
		t.Fatal(err)
	}
	expectLanded(t, read(t), n)
}

func cancelled() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

func testCanceledWrite(t *testing.T, h Harness) {
	gen := h.stream(t)
	s, _ := h.Open(t, gen.Schema())
	t.Cleanup(func() { discard(s) })
	b := oneBatch(t)
	err := bounded(t, h.Bound, "Write", func() error { return s.Write(cancelled(), b) })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Write on a cancelled context: %v, want an error wrapping context.Canceled", err)
	}
}

func testCanceledClose(t *testing.T, h Harness) {
	gen := h.stream(t)
	s, read := h.Open(t, gen.Schema())
	feed(t, s, gen, false)
	err := bounded(t, h.Bound, "Close", func() error { return s.Close(cancelled()) })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Close on a cancelled context: %v, want an error wrapping context.Canceled", err)
	}
	if a, ok := s.(aborter); ok {
		a.Abort()
	}
	// Whatever did land, nothing is half-written.
	if l := read(t); len(l.Stray) > 0 {
		t.Errorf("after a cancelled Close the target holds stray files: %q", l.Stray)
	}
}

// discard ends a sink a test left open: Abort where there is one, else a
// Close whose outcome does not matter.
func discard(s sinks.Sink) {
	if a, ok := s.(aborter); ok {
		a.Abort()
		return
	}
	_ = call("Close", func() error { return s.Close(context.Background()) })
}

func testTargetErrors(t *testing.T, h Harness) {
	if h.Broken == nil {
		t.Skip("the sink has no target that can fail")
	}
	gen := h.stream(t)
	s, err := h.Broken(t, gen.Schema())
	if err == nil {
		b := gen.NewBatch()
		for err == nil && gen.Next(b) {
			err = call("Write", func() error { return s.Write(context.Background(), b) })
		}
		if err == nil {
			err = call("Close", func() error { return s.Close(context.Background()) })
		} else {
			discard(s)
		}
	}
	if err == nil {
		t.Fatal("a sink on a failing target opened, wrote and closed without an error")
	}
	t.Logf("the target's failure: %v", err)
	if !errors.Is(err, sinks.ErrTarget) {
		t.Errorf("the target's failure: %v, want an error wrapping sinks.ErrTarget", err)
	}
}

func testBatchChanged(t *testing.T, h Harness) {
	runs := make([]Landed, 2)
	for i, scribble := range []bool{false, true} {
		gen := h.stream(t)
		s, read := h.Open(t, gen.Schema())
		n := feed(t, s, gen, scribble)
		closeOK(t, s)
		runs[i] = read(t)
		expectLanded(t, runs[i], n)
	}
	clean, scribbled := runs[0], runs[1]
	if clean.Values == nil {
		return // the reader does not read values; the counts were checked
	}
	slices.Sort(clean.Values)
	slices.Sort(scribbled.Values)
	if len(clean.Values) != len(scribbled.Values) {
		t.Fatalf("read %d values from the clean run, %d after scribbling", len(clean.Values), len(scribbled.Values))
	}
	changed := 0
	for i := range clean.Values {
		if clean.Values[i] != scribbled.Values[i] {
			if changed == 0 {
				t.Errorf("changing batches after Write changed the output:\n clean     %s\n scribbled %s", clean.Values[i], scribbled.Values[i])
			}
			changed++
		}
	}
	if changed > 0 {
		t.Errorf("%d of %d records differ", changed, len(clean.Values))
	}
}

func testReportedCounts(t *testing.T, h Harness) {
	gen := h.stream(t)
	s, read := h.Open(t, gen.Schema())
	n := feed(t, s, gen, false)
	closeOK(t, s)
	l := read(t)
	t.Logf("the reader found %d records in %d files, %d bytes", l.Records, l.Files, l.Bytes)
	expectLanded(t, l, n)
	if l.Values != nil && len(l.Values) != int(l.Records) {
		t.Errorf("the reader found %d records but %d values", l.Records, len(l.Values))
	}
	if len(h.Counts) == 0 {
		return
	}
	m := report(t, s)
	for name, measure := range h.Counts {
		got, ok := m.Get(name)
		switch {
		case !ok:
			t.Errorf("%s: not reported", name)
		case got != float64(measure(l)):
			t.Errorf("%s = %v, the independent reader finds %d", name, got, measure(l))
		}
	}
}

// report collects what the sink reports after Close.
func report(t *testing.T, s sinks.Sink) *metrics.Set {
	t.Helper()
	r, ok := s.(sinks.Reporter)
	if !ok {
		t.Fatalf("%T reports nothing, but the harness names counts it should report", s)
	}
	// The counts are checked as a run reports them: the sink's facts turned
	// into metrics by analysis, the one path run and analyze share.
	m := metrics.NewSet()
	measure.Put(m, r.Facts())
	return m
}
