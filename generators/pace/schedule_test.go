package pace

import (
	"math"
	"testing"
	"time"
)

var t0 = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)

func constant(r float64) Rate { return func(time.Time) float64 { return r } }

// ramp rises linearly from lo to hi events/s over span of scenario time.
func ramp(start time.Time, lo, hi float64, span time.Duration) Rate {
	return func(t time.Time) float64 {
		f := float64(t.Sub(start)) / float64(span)
		f = min(max(f, 0), 1)
		return lo + (hi-lo)*f
	}
}

// count drains a schedule and returns how many events it yields.
func count(t *testing.T, s *Schedule) (n int, last time.Duration) {
	t.Helper()
	for {
		d, ok := s.NextOffset()
		if !ok {
			return n, last
		}
		if d < last {
			t.Fatalf("event %d at %v goes back in time from %v", n, d, last)
		}
		n, last = n+1, d
	}
}

func TestScheduleCounts(t *testing.T) {
	tests := []struct {
		name  string
		rate  Rate
		clock Clock
		end   time.Duration
		want  float64 // expected events
		tol   float64 // absolute tolerance
	}{
		// The first event is due at the start, so a window holds rate×span+1
		// events less the one that would land exactly on the end.
		{"constant 1000/s for 3s", constant(1000), Clock{Scenario: t0, Wall: t0}, 3 * time.Second, 3000, 1},
		{"constant 50000/s for 2s", constant(50000), Clock{Scenario: t0, Wall: t0}, 2 * time.Second, 100000, 1},
		{"fractional 0.5/s for 10s", constant(0.5), Clock{Scenario: t0, Wall: t0}, 10 * time.Second, 5, 1},
		// A ramp from 1000 to 3000/s over 2s holds its mean, 2000/s.
		{"ramp", ramp(t0, 1000, 3000, 2*time.Second), Clock{Scenario: t0, Wall: t0}, 2 * time.Second, 4000, 2},
		// Speedup 3600 sends an hour of 10/s scenario traffic in one wall
		// second: every event of the hour, 36,000 of them.
		{"speedup keeps every event", constant(10), Clock{Scenario: t0, Wall: t0, Speedup: 3600}, time.Second, 36000, 1},
		// No traffic while the rate is zero, then 100/s.
		{"silence then traffic", func(t time.Time) float64 {
			if t.Before(t0.Add(time.Second)) {
				return 0
			}
			return 100
		}, Clock{Scenario: t0, Wall: t0}, 2 * time.Second, 100, 1},
		{"zero rate", constant(0), Clock{Scenario: t0, Wall: t0}, time.Second, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, _ := count(t, NewSchedule(tt.rate, tt.clock, tt.end))
			if math.Abs(float64(n)-tt.want) > tt.tol {
				t.Errorf("got %d events, want %.0f ± %.0f", n, tt.want, tt.tol)
			}
		})
	}
}

// TestScheduleFollowsShape checks the intended times of a ramp, bucket by
// bucket, against the integral of the rate.
func TestScheduleFollowsShape(t *testing.T) {
	const lo, hi = 1000.0, 5000.0
	span := 4 * time.Second
	s := NewSchedule(ramp(t0, lo, hi, span), Clock{Scenario: t0, Wall: t0}, span)
	buckets := make([]int, 4)
	for {
		d, ok := s.NextOffset()
		if !ok {
			break
		}
		buckets[int(d/time.Second)]++
	}
	for i, got := range buckets {
		// Mean rate over second i of a linear ramp.
		a := lo + (hi-lo)*float64(i)/4
		b := lo + (hi-lo)*float64(i+1)/4
		want := (a + b) / 2
		if math.Abs(float64(got)-want) > 2 {
			t.Errorf("second %d: %d events, want %.0f", i, got, want)
		}
	}
}

func TestClockRoundTrip(t *testing.T) {
	wall := time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		speedup float64
		after   time.Duration // scenario time after the start
		wall    time.Duration // wall time after the start
	}{
		{"real time", 0, 90 * time.Second, 90 * time.Second},
		{"a day in a minute", 1440, 24 * time.Hour, time.Minute},
		{"slow motion", 0.5, time.Second, 2 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Clock{Scenario: t0, Wall: wall, Speedup: tt.speedup}
			if got := c.WallAt(t0.Add(tt.after)).Sub(wall); got != tt.wall {
				t.Errorf("WallAt: %v after the start, want %v", got, tt.wall)
			}
			if got := c.ScenarioAt(wall.Add(tt.wall)).Sub(t0); got != tt.after {
				t.Errorf("ScenarioAt: %v after the start, want %v", got, tt.after)
			}
		})
	}
}
