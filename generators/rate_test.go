package generators

import (
	"slices"
	"testing"
)

// TestShapeRegistry checks that every shape file registered itself and that
// a second registration under a taken name panics.
func TestShapeRegistry(t *testing.T) {
	want := []string{"constant", "diurnal", "ramp", "spikes", "steps", "weekly"}
	if got := ShapeKinds(); !slices.Equal(got, want) {
		t.Errorf("ShapeKinds() = %v, want %v", got, want)
	}
	for _, name := range want {
		if s, ok := NewShape(name); !ok || s == nil {
			t.Errorf("NewShape(%q) = %v, %v", name, s, ok)
		}
	}
	if _, ok := NewShape("sawtooth"); ok {
		t.Error("NewShape of an unregistered name succeeded")
	}
	defer func() {
		if recover() == nil {
			t.Error("registering constant twice did not panic")
		}
	}()
	RegisterShape("constant", func() Shape { return Constant{} })
}
