package pace_test

import (
	"fmt"
	"time"

	"github.com/prodshape/prodshape/generators/pace"
)

// A day of traffic at 10 events/s on the scenario clock, compressed into
// one wall minute (speedup 1440): the schedule sends 14,400 events per wall
// second, every event of the day, one every 69 µs or so.
func ExampleSchedule() {
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	wall := time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)
	clock := pace.Clock{Scenario: day, Wall: wall, Speedup: 1440}
	s := pace.NewSchedule(func(time.Time) float64 { return 10 }, clock, time.Minute)
	for range 3 {
		d, _ := s.NextOffset()
		fmt.Println(d.Round(time.Microsecond))
	}
	n := 3
	for {
		if _, ok := s.NextOffset(); !ok {
			break
		}
		n++
	}
	fmt.Println(n, "events in one wall minute")
	// Output:
	// 0s
	// 69µs
	// 139µs
	// 864000 events in one wall minute
}
