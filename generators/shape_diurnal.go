package generators

import (
	"fmt"
	"math"
	"time"
)

func init() {
	RegisterShape("diurnal", func() Shape { return &Diurnal{PeakToTrough: 4, PeakAt: 20 * time.Hour} })
}

// Diurnal is a daily cosine around a mean of 1: the busiest hour is PeakAt
// (time of day, UTC), the quietest twelve hours later, and their ratio is
// PeakToTrough. A global user base sees 3–4×, a single region ~10×
// (docs/realism.md, Traffic).
type Diurnal struct {
	PeakToTrough float64
	PeakAt       time.Duration // offset from midnight
}

func (d *Diurnal) Factor(t, _ time.Time) float64 {
	a := (d.PeakToTrough - 1) / (d.PeakToTrough + 1)
	sinceMidnight := time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute +
		time.Duration(t.Second())*time.Second + time.Duration(t.Nanosecond())
	phase := 2 * math.Pi * (sinceMidnight - d.PeakAt).Hours() / 24
	return 1 + a*math.Cos(phase)
}

func (d *Diurnal) Validate() error {
	if !(d.PeakToTrough >= 1) {
		return fmt.Errorf("peak_to_trough must be at least 1, got %g", d.PeakToTrough)
	}
	if d.PeakAt < 0 || d.PeakAt >= 24*time.Hour {
		return fmt.Errorf("peak_at must be a time of day between 00:00 and 23:59, got %v", d.PeakAt)
	}
	return nil
}
