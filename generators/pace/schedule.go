package pace

import "time"

// Rate is an intended event rate in events per scenario second at scenario
// instant t. Rate shapes (constant, ramp, diurnal, spikes) are such
// functions; the rate a Schedule sends on the wall clock is Rate times the
// clock's speedup.
type Rate func(t time.Time) float64

// DefaultStep is the wall-clock resolution at which a Schedule samples its
// rate function. A millisecond follows any shape a scenario can describe
// (the finest is a spike lasting minutes) while calling the function only a
// thousand times per wall second, whatever the event rate.
const DefaultStep = time.Millisecond

// Schedule yields the intended wall-clock send time of each successive
// event of a rate function: event k is sent when the integral of the rate
// since the start reaches k. The first event is due at the start.
//
// Within one step the rate is taken as constant (sampled at the step's
// middle), so the cost per event is one multiplication and a comparison.
type Schedule struct {
	rate  Rate
	clock Clock
	step  float64 // wall seconds
	end   float64 // wall seconds; 0: no end

	stepStart float64 // wall seconds since clock.Wall
	perEvent  float64 // wall seconds per event in this step; 0: rate is zero
	at        float64 // wall seconds of the last event
	need      float64 // events still owed before the next one is due, in [0,1]
}

// NewSchedule returns a schedule that follows rate on clock. end is the wall
// duration after which Next reports no more events; zero means none.
func NewSchedule(rate Rate, clock Clock, end time.Duration) *Schedule {
	s := &Schedule{
		rate:  rate,
		clock: clock,
		step:  DefaultStep.Seconds(),
		end:   end.Seconds(),
	}
	s.sample()
	return s
}

// sample reads the rate for the step that starts at stepStart.
func (s *Schedule) sample() {
	mid := s.stepStart + s.step/2
	scenario := s.clock.ScenarioAt(s.clock.Wall.Add(time.Duration(mid * float64(time.Second))))
	r := s.rate(scenario) * s.clock.speedup()
	if r > 0 {
		s.perEvent = 1 / r
	} else {
		s.perEvent = 0
	}
}

// Next returns the intended wall-clock time of the next event, or false once
// the schedule's end has passed.
func (s *Schedule) Next() (time.Time, bool) {
	d, ok := s.NextOffset()
	if !ok {
		return time.Time{}, false
	}
	return s.clock.Wall.Add(d), true
}

// NextOffset is Next as an offset from the clock's wall start.
func (s *Schedule) NextOffset() (time.Duration, bool) {
	for {
		stepEnd := s.stepStart + s.step
		if s.perEvent > 0 {
			t := s.at + s.need*s.perEvent
			if t <= stepEnd {
				// Within a nanosecond of the end is at the end: float
				// sums of many steps drift by less than that.
				if s.end > 0 && t >= s.end-1e-9 {
					return 0, false
				}
				s.at, s.need = t, 1
				return time.Duration(t * float64(time.Second)), true
			}
			s.need -= (stepEnd - s.at) / s.perEvent
		}
		s.at, s.stepStart = stepEnd, stepEnd
		if s.end > 0 && s.stepStart >= s.end {
			return 0, false
		}
		s.sample()
	}
}
