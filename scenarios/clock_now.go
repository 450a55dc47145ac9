package scenarios

// StartsNow reports whether the scenario clock starts at the wall clock's
// now: a realtime clock without clock.start. The engine then re-anchors the
// start when the streams begin, after the sinks are open, so each record's
// event time is its intended send time.
func (s *Scenario) StartsNow() bool {
	return s.Clock.Mode == "realtime" && !s.hasPath("clock.start")
}
