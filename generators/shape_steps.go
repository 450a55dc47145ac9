package generators

import (
	"fmt"
	"sort"
	"time"
)

func init() { RegisterShape("steps", func() Shape { return &Steps{} }) }

// Step sets the factor from At (offset from the clock start) until the next
// step.
type Step struct {
	At     time.Duration
	Factor float64
}

// Steps is a staircase: factor 1 until the first step.
type Steps struct{ Steps []Step }

func (s *Steps) Factor(t, start time.Time) float64 {
	e := t.Sub(start)
	i := sort.Search(len(s.Steps), func(i int) bool { return s.Steps[i].At > e })
	if i == 0 {
		return 1
	}
	return s.Steps[i-1].Factor
}

func (s *Steps) Validate() error {
	for i, st := range s.Steps {
		if st.Factor < 0 {
			return fmt.Errorf("step %d: factor must not be negative, got %g", i, st.Factor)
		}
		if i > 0 && st.At <= s.Steps[i-1].At {
			return fmt.Errorf("step %d: steps must be in increasing order of at", i)
		}
	}
	return nil
}
