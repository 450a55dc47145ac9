package engine

import (
	"errors"
	"strings"
	"testing"
)

// TestSafely: a panic becomes an ErrInternal error that names the panic
// value and the place; errors and success pass through.
func TestSafely(t *testing.T) {
	err := safely(func() error { panic("makeslice: len out of range") })
	if !errors.Is(err, ErrInternal) || !strings.Contains(err.Error(), "makeslice") || !strings.Contains(err.Error(), "safe_test.go") {
		t.Fatalf("panic: got %v", err)
	}
	want := errors.New("sink failed")
	if err := safely(func() error { return want }); err != want {
		t.Fatalf("error: got %v", err)
	}
	if err := safely(func() error { return nil }); err != nil {
		t.Fatalf("nil: got %v", err)
	}
}
