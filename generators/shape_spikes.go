package generators

import (
	"fmt"
	"time"
)

func init() { RegisterShape("spikes", func() Shape { return &Spikes{} }) }

// Spike multiplies the rate by Factor for For. Daily spikes recur at time of
// day At (an evening push notification); one-off spikes happen once, At after
// the clock start.
type Spike struct {
	At     time.Duration
	Daily  bool
	Factor float64
	For    time.Duration
}

// Spikes is a set of spikes; overlapping spikes multiply.
type Spikes struct{ Spikes []Spike }

func (s *Spikes) Factor(t, start time.Time) float64 {
	f := 1.0
	for _, sp := range s.Spikes {
		var e time.Duration
		if sp.Daily {
			midnight := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
			e = t.Sub(midnight) - sp.At
			if e < 0 { // a spike that started before midnight and runs past it
				e += 24 * time.Hour
			}
		} else {
			e = t.Sub(start) - sp.At
		}
		if e >= 0 && e < sp.For {
			f *= sp.Factor
		}
	}
	return f
}

func (s *Spikes) Validate() error {
	for i, sp := range s.Spikes {
		if sp.Factor < 0 {
			return fmt.Errorf("spike %d: factor must not be negative, got %g", i, sp.Factor)
		}
		if sp.For <= 0 {
			return fmt.Errorf("spike %d: for must be a positive duration, got %v", i, sp.For)
		}
		if sp.Daily && sp.For > 24*time.Hour {
			return fmt.Errorf("spike %d: a daily spike lasts at most 24h, got %v", i, sp.For)
		}
	}
	return nil
}
