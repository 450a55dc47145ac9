package generators

import (
	"fmt"
	"time"
)

func init() { RegisterShape("weekly", func() Shape { return &Weekly{Weekend: 1} }) }

// Weekly scales Saturdays and Sundays by Weekend relative to weekdays. The
// weekday/weekend ratio has no published default (docs/realism.md, Traffic), so it
// is always the scenario's choice.
type Weekly struct {
	Weekend float64
}

func (w *Weekly) Factor(t, _ time.Time) float64 {
	if d := t.Weekday(); d == time.Saturday || d == time.Sunday {
		return w.Weekend
	}
	return 1
}

func (w *Weekly) Validate() error {
	if w.Weekend < 0 {
		return fmt.Errorf("weekend factor must not be negative, got %g", w.Weekend)
	}
	return nil
}
