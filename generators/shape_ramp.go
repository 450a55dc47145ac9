package generators

import (
	"fmt"
	"time"
)

func init() { RegisterShape("ramp", func() Shape { return &Ramp{From: 0, To: 1} }) }

// Ramp moves the factor linearly from From to To over Over, starting After
// the clock start, and holds To afterwards: a load test's warm-up.
type Ramp struct {
	From, To    float64
	After, Over time.Duration
}

func (r *Ramp) Factor(t, start time.Time) float64 {
	e := t.Sub(start) - r.After
	switch {
	case e <= 0:
		return r.From
	case e >= r.Over:
		return r.To
	}
	return r.From + (r.To-r.From)*float64(e)/float64(r.Over)
}

func (r *Ramp) Validate() error {
	if r.From < 0 || r.To < 0 {
		return fmt.Errorf("ramp factors must not be negative, got from %g to %g", r.From, r.To)
	}
	if r.Over <= 0 {
		return fmt.Errorf("ramp needs a positive duration in over, got %v", r.Over)
	}
	return nil
}
