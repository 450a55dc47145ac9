package generators

import (
	"fmt"
	"sort"
	"time"
)

// Shape multiplies a base rate as a function of clock time. Shapes compose by
// multiplication: diurnal × weekly × spikes over a constant base.
type Shape interface {
	// Factor is the multiplier at t; start is the clock's start time.
	Factor(t, start time.Time) float64
	// Validate says what is wrong with the shape's parameters, or nil.
	Validate() error
}

// shapeKinds is written only by RegisterShape, from init functions.
var shapeKinds = map[string]func() Shape{}

// RegisterShape makes a shape kind available by its YAML name; newShape
// returns the shape with its defaults, for the caller to fill. Each shape
// file registers itself from init; a name registered twice panics.
func RegisterShape(name string, newShape func() Shape) {
	if _, dup := shapeKinds[name]; dup {
		panic("generators: rate shape " + name + " registered twice")
	}
	shapeKinds[name] = newShape
}

// ShapeKinds lists the registered shape names, sorted.
func ShapeKinds() []string {
	names := make([]string, 0, len(shapeKinds))
	for n := range shapeKinds {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// NewShape returns a zero shape of the named kind for the caller to fill.
func NewShape(name string) (Shape, bool) {
	f, ok := shapeKinds[name]
	if !ok {
		return nil, false
	}
	return f(), true
}

// Rate is a base rate in events per second shaped over time.
type Rate struct {
	Base   float64 // events per second, at scale 1 unless scaled
	Shapes []Shape
}

// At returns the instantaneous rate at t.
func (r Rate) At(t, start time.Time) float64 {
	v := r.Base
	for _, s := range r.Shapes {
		v *= s.Factor(t, start)
	}
	if v < 0 {
		return 0
	}
	return v
}

// Validate checks every shape.
func (r Rate) Validate() error {
	if r.Base < 0 {
		return fmt.Errorf("base rate must not be negative, got %g/s", r.Base)
	}
	for _, s := range r.Shapes {
		if err := s.Validate(); err != nil {
			return err
		}
	}
	return nil
}

// Expected integrates the rate over [from, to) with one-second steps: the
// intended event count, used for charts, projections and pacing checks.
func (r Rate) Expected(from, to, start time.Time) float64 {
	var n float64
	for t := from; t.Before(to); t = t.Add(time.Second) {
		step := min(time.Second, to.Sub(t))
		n += r.At(t.Add(step/2), start) * step.Seconds()
	}
	return n
}
