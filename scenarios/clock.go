package scenarios

func init() { extraChecks = append(extraChecks, validateClockLag) }

func validateClockLag(s *Scenario, c *check) {
	if s.Clock.MaxLag < 0 {
		c.errorf("clock.max_lag", "want a duration of 0 or more, like 1s")
	}
	if s.Clock.MaxLag > 0 && s.Clock.Mode != "realtime" {
		c.errorf("clock.max_lag", "only a realtime clock sends late; set clock.mode: realtime or remove max_lag")
	}
}
