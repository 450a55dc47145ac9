package scenarios

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/prodshape/prodshape/generators"
)

// TestRateBuildFromRegistry checks that a rate section with every shape
// builds, through the generators' registry, the rate it asks for.
func TestRateBuildFromRegistry(t *testing.T) {
	s := parse(t, `
name: r
streams:
  - name: s
    rate:
      base: 100/s
      shape: diurnal
      peak_to_trough: 3
      peak_at: "18:30"
      weekly: {weekend: 0.5}
      ramp: {to: 2, after: 1h, over: 30m}
      steps: [{at: 2h, factor: 3}]
      spikes: [{at: "20:00", factor: 5, for: 15m}, {at: 90m, factor: 2, for: 1m}]
    fields: {id: uuid}
`)
	got, err := s.Streams[0].Rate.Build(s.Clock.Start.Time)
	if err != nil {
		t.Fatal(err)
	}
	want := generators.Rate{Base: 100, Shapes: []generators.Shape{
		&generators.Diurnal{PeakToTrough: 3, PeakAt: 18*time.Hour + 30*time.Minute},
		&generators.Weekly{Weekend: 0.5},
		&generators.Ramp{From: 0, To: 2, After: time.Hour, Over: 30 * time.Minute},
		&generators.Steps{Steps: []generators.Step{{At: 2 * time.Hour, Factor: 3}}},
		&generators.Spikes{Spikes: []generators.Spike{
			{At: 20 * time.Hour, Daily: true, Factor: 5, For: 15 * time.Minute},
			{At: 90 * time.Minute, Factor: 2, For: time.Minute},
		}},
	}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Build() = %+v\nwant %+v", got, want)
	}
	// The default shape is the registry's constant: a factor of 1.
	constant := RateSpec{Base: 10, Shape: "constant"}
	if r, err := constant.Build(s.Clock.Start.Time); err != nil || r.At(s.Clock.Start.Time, s.Clock.Start.Time) != 10 {
		t.Errorf("constant rate = %+v, %v", r, err)
	}
}

// TestFieldKindRegistry checks the registry's lists and that registering a
// taken name, order or key panics.
func TestFieldKindRegistry(t *testing.T) {
	if got, want := fieldKindList(), "uuid, sequence, event_time, bool, enum, faker, ref, uniform, normal, lognormal, exponential, poisson, zipf"; got != want {
		t.Errorf("fieldKindList() = %q, want %q", got, want)
	}
	var names []string
	for _, k := range fieldKeys() {
		names = append(names, k.name)
	}
	if got, want := strings.Join(names, ", "), "kind, enum, faker, cardinality, skew, ref, sequence, bool, uniform, normal, lognormal, exponential, poisson, zipf, type, decimals, null, when"; got != want {
		t.Errorf("field keys = %q, want %q", got, want)
	}
	tests := []struct {
		name string
		kind fieldKind
	}{
		{"uuid", fieldKind{order: 1000, bare: true, newOptions: func() fieldOptions { return &uuidField{} }}}, // taken name
		{"uuid2", fieldKind{order: 40, bare: true, newOptions: func() fieldOptions { return &uuidField{} }}},  // taken order
		{"normal2", fieldKind{order: 1001, newOptions: func() fieldOptions { return &normalField{} }}},        // taken key
		{"nothing", fieldKind{order: 1002, newOptions: func() fieldOptions { return &uuidField{} }}},          // neither bare nor keyed
		{"null", fieldKind{order: 1003, newOptions: func() fieldOptions { return &nullField{} }}},             // a common key
	}
	for _, tt := range tests {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("registering %s did not panic", tt.name)
				}
			}()
			registerFieldKind(tt.name, tt.kind)
		}()
		if _, ok := fieldKinds[tt.name]; ok && tt.name != "uuid" {
			t.Errorf("%s was registered", tt.name)
		}
	}
}

// nullField claims the key every field has.
type nullField struct {
	uuidField
	Null Percent `yaml:"null"`
}
