package scenarios

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/prodshape/prodshape/analysis/metrics"
)

// Duration is a span of time: Go syntax plus d (24h), w (7d) and y (365d).
type Duration time.Duration

// Size is a byte count: 512, 64KiB, 128MiB, 1.5GiB, 100MB.
type Size int64

// Rate is events per second, written N/s, N/m, N/h or N/d (N may end in
// k, M or B).
type Rate float64

// Percent is a share in [0, 1], written 5% or 0.05.
type Percent float64

// ClockTime is a time of day, written HH:MM or HH:MM:SS (UTC).
type ClockTime time.Duration

// Time is an instant, written RFC 3339 (2026-03-02T00:00:00Z) or as a date.
type Time struct{ time.Time }

// At is when something happens: a daily time of day (HH:MM) or an offset
// from the clock start (a duration such as 90m).
type At struct {
	Offset time.Duration
	Daily  bool
}

func (d *Duration) parseScalar(s string) error {
	v, err := metrics.ParseDuration(s)
	*d = Duration(v)
	return err
}

func (s *Size) parseScalar(v string) error {
	b, err := metrics.ParseSize(v)
	*s = Size(b)
	return err
}

func (r *Rate) parseScalar(s string) error {
	v, err := metrics.ParseRate(s)
	*r = Rate(v)
	return err
}

func (p *Percent) parseScalar(s string) error {
	v, err := metrics.ParsePercent(s)
	if err != nil {
		return err
	}
	if v < 0 || v > 1 {
		return fmt.Errorf("want a share between 0%% and 100%%, got %q", s)
	}
	*p = Percent(v)
	return nil
}

func (c *ClockTime) parseScalar(s string) error {
	d, ok := parseClock(s)
	if !ok {
		return fmt.Errorf("want a time of day like 20:00 or 07:30:00, got %q", s)
	}
	*c = ClockTime(d)
	return nil
}

func parseClock(s string) (time.Duration, bool) {
	parts := strings.Split(strings.TrimSpace(s), ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, false
	}
	limits := []int{23, 59, 59}
	units := []time.Duration{time.Hour, time.Minute, time.Second}
	var d time.Duration
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 || v > limits[i] || len(p) > 2 {
			return 0, false
		}
		d += time.Duration(v) * units[i]
	}
	return d, true
}

func (t *Time) parseScalar(s string) error {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
		if v, err := time.Parse(layout, strings.TrimSpace(s)); err == nil {
			t.Time = v.UTC()
			return nil
		}
	}
	return fmt.Errorf("want a time like 2026-03-02T00:00:00Z or a date like 2026-03-02, got %q", s)
}

func (a *At) parseScalar(s string) error {
	if d, ok := parseClock(s); ok {
		*a = At{Offset: d, Daily: true}
		return nil
	}
	d, err := metrics.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("want a time of day like 20:00 (daily) or an offset from the start like 90m, got %q", s)
	}
	*a = At{Offset: d}
	return nil
}

// jsonSchema of each scalar type, for prodshape schema.
func (Duration) jsonSchema() map[string]any {
	return map[string]any{"type": "string", "pattern": `^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h|d|w|y))+$|^0$`,
		"description": "a duration: 500ms, 90s, 10m, 1h30m, 2d, 5y"}
}

func (Size) jsonSchema() map[string]any {
	return map[string]any{"type": []string{"string", "integer"}, "pattern": `^[0-9]+(\.[0-9]+)?\s*(B|KiB|MiB|GiB|TiB|KB|MB|GB|TB)?$`,
		"description": "a size: 512, 64KiB, 128MiB, 1.5GiB"}
}

func (Rate) jsonSchema() map[string]any {
	return map[string]any{"type": "string", "pattern": `^[0-9]+(\.[0-9]+)?[kKMBG]?\s*/\s*[smhd]$`,
		"description": "a rate: 1500/s, 90000/m, 2M/d"}
}

func (Percent) jsonSchema() map[string]any {
	return map[string]any{"type": []string{"string", "number"}, "description": "a share: 5% or 0.05"}
}

func (ClockTime) jsonSchema() map[string]any {
	return map[string]any{"type": "string", "pattern": `^[0-2]?[0-9]:[0-5][0-9](:[0-5][0-9])?$`, "description": "a time of day, HH:MM (UTC)"}
}

func (Time) jsonSchema() map[string]any {
	return map[string]any{"type": "string", "description": "an RFC 3339 time or a date: 2026-03-02T00:00:00Z"}
}

func (At) jsonSchema() map[string]any {
	return map[string]any{"type": "string", "description": "HH:MM (every day at that time) or an offset from the clock start such as 90m"}
}
