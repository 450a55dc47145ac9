package pace

import "time"

// Clock maps the scenario clock onto the wall clock. Scenario time runs
// Speedup times faster than wall time, so a day at speedup 1440 takes one
// wall minute and keeps the shape of the day.
type Clock struct {
	// Scenario is the scenario instant that happens at Wall.
	Scenario time.Time
	// Wall is the wall-clock instant the run starts.
	Wall time.Time
	// Speedup is scenario seconds per wall second; zero means 1.
	Speedup float64
}

func (c Clock) speedup() float64 {
	if c.Speedup <= 0 {
		return 1
	}
	return c.Speedup
}

// WallAt returns the wall-clock instant at which scenario instant t happens.
func (c Clock) WallAt(t time.Time) time.Time {
	return c.WallAtNanos(t.UnixNano())
}

// WallAtNanos is WallAt for a scenario instant in Unix nanoseconds, the form
// a batch's Arrival column uses.
func (c Clock) WallAtNanos(unixNano int64) time.Time {
	d := unixNano - c.Scenario.UnixNano()
	if s := c.speedup(); s != 1 {
		d = int64(float64(d) / s)
	}
	return c.Wall.Add(time.Duration(d))
}

// ScenarioAt returns the scenario instant that happens at wall instant w.
func (c Clock) ScenarioAt(w time.Time) time.Time {
	d := w.Sub(c.Wall)
	if s := c.speedup(); s != 1 {
		d = time.Duration(float64(d) * s)
	}
	return c.Scenario.Add(d)
}
