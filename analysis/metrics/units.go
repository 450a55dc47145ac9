package metrics

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// USD is money in US dollars; goal targets take $1.50 or 1.5.
const USD Unit = "usd"

// Errors returned by the unit parsers; each says what would be valid.
var (
	ErrSize     = errors.New("want a size like 512, 64KiB, 128MiB, 1.5GiB or 100MB")
	ErrDuration = errors.New("want a duration like 500ms, 90s, 10m, 1h30m, 2d or 5y")
	ErrRate     = errors.New("want a rate like 1500/s, 90000/m, 2M/d or 1.2B/d")
	ErrPercent  = errors.New("want a percentage like 99.95% or a fraction like 0.9995")
)

var sizeUnits = []struct {
	suffix string
	mult   float64
}{
	{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40},
	{"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"TB", 1e12}, {"B", 1},
}

// ParseSize reads "128MiB", "64MB", "1.5GiB" or a plain byte count.
func ParseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	mult := 1.0
	for _, u := range sizeUnits {
		if rest, ok := strings.CutSuffix(t, u.suffix); ok {
			t, mult = strings.TrimSpace(rest), u.mult
			break
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || t == "" || v < 0 || math.IsNaN(v) || math.IsInf(v, 0) || v*mult > math.MaxInt64/2 {
		return 0, fmt.Errorf("%w, got %q", ErrSize, s)
	}
	return int64(math.Round(v * mult)), nil
}

var durationUnits = map[string]time.Duration{
	"ns": time.Nanosecond, "us": time.Microsecond, "µs": time.Microsecond, "ms": time.Millisecond,
	"s": time.Second, "m": time.Minute, "h": time.Hour, "d": 24 * time.Hour, "w": 7 * 24 * time.Hour,
	"y": 365 * 24 * time.Hour,
}

// ParseDuration reads Go durations plus d (24h), w (7d) and y (365d):
// "90s", "10m", "1h30m", "2d", "5y", "1.5d".
func ParseDuration(s string) (time.Duration, error) {
	t := strings.TrimSpace(s)
	bad := fmt.Errorf("%w, got %q", ErrDuration, s)
	if t == "" {
		return 0, bad
	}
	if t == "0" {
		return 0, nil
	}
	var total float64
	for t != "" {
		i := 0
		for i < len(t) && (t[i] >= '0' && t[i] <= '9' || t[i] == '.') {
			i++
		}
		if i == 0 {
			return 0, bad
		}
		num, err := strconv.ParseFloat(t[:i], 64)
		if err != nil {
			return 0, bad
		}
		t = t[i:]
		j := 0
		for j < len(t) && !(t[j] >= '0' && t[j] <= '9' || t[j] == '.') {
			j++
		}
		unit, ok := durationUnits[t[:j]]
		if !ok {
			return 0, bad
		}
		t = t[j:]
		total += num * float64(unit)
		if total > float64(math.MaxInt64)/2 {
			return 0, bad
		}
	}
	return time.Duration(total), nil
}

var rateUnits = map[string]float64{"s": 1, "m": 60, "h": 3600, "d": 86400}

// ParseRate reads "N/unit" with unit s, m, h or d and N optionally suffixed
// k/K (thousand), M (million) or B/G (billion); it returns events per second.
func ParseRate(s string) (float64, error) {
	bad := fmt.Errorf("%w, got %q", ErrRate, s)
	num, unit, ok := strings.Cut(strings.TrimSpace(s), "/")
	if !ok {
		return 0, bad
	}
	per, ok := rateUnits[strings.TrimSpace(unit)]
	if !ok {
		return 0, bad
	}
	num = strings.TrimSpace(num)
	mult := 1.0
	if n := len(num); n > 0 {
		switch num[n-1] {
		case 'k', 'K':
			mult, num = 1e3, num[:n-1]
		case 'M':
			mult, num = 1e6, num[:n-1]
		case 'B', 'G':
			mult, num = 1e9, num[:n-1]
		}
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, bad
	}
	return v * mult / per, nil
}

// ParsePercent reads "99.95%" or a fraction "0.9995" and returns a fraction.
func ParsePercent(s string) (float64, error) {
	t := strings.TrimSpace(s)
	div := 1.0
	if rest, ok := strings.CutSuffix(t, "%"); ok {
		t, div = strings.TrimSpace(rest), 100
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%w, got %q", ErrPercent, s)
	}
	return v / div, nil
}

// ParseValue reads a goal target or threshold in the given unit.
func ParseValue(u Unit, s string) (float64, error) {
	switch u {
	case Seconds:
		d, err := ParseDuration(s)
		return d.Seconds(), err
	case Bytes:
		b, err := ParseSize(s)
		return float64(b), err
	case Ratio:
		return ParsePercent(s)
	case PerSecond:
		if strings.Contains(s, "/") {
			return ParseRate(s)
		}
	case USD:
		s = strings.TrimPrefix(strings.TrimSpace(s), "$")
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("want a number, got %q", s)
	}
	return v, nil
}

// Format renders v in its unit the way a person reads it: 150ms, 2.1 MiB,
// 99.95%, 1,234,567.
func Format(u Unit, v float64) string {
	switch u {
	case Seconds:
		return FormatSeconds(v)
	case Bytes:
		return FormatBytes(v)
	case Ratio:
		// Three decimals of a percent tell 99.95% from 99.949%.
		p := strconv.FormatFloat(v*100, 'f', 3, 64)
		return strings.TrimRight(strings.TrimRight(p, "0"), ".") + "%"
	case PerSecond:
		return FormatCount(v) + "/s"
	case USD:
		return FormatUSD(v)
	}
	return FormatCount(v)
}

// FormatUSD renders dollars with cents, and with three significant digits
// below a dollar: a scan's request cost is often a fraction of a cent.
func FormatUSD(v float64) string {
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	digits := 2
	if v > 0 && v < 1 {
		digits = min(8, 2-int(math.Floor(math.Log10(v))))
	}
	return sign + "$" + strconv.FormatFloat(v, 'f', digits, 64)
}

// FormatSeconds renders a duration given in seconds.
func FormatSeconds(v float64) string {
	if v == 0 {
		return "0s"
	}
	x, unit := DurationUnit(v)
	return trim(x) + unit
}

// DurationUnit scales a duration in seconds to the unit it reads best in
// (µs, ms, s, m, h, d) and returns it with the unit's symbol.
func DurationUnit(v float64) (float64, string) {
	switch a := math.Abs(v); {
	case a < 1e-3:
		return v * 1e6, "µs"
	case a < 1:
		return v * 1e3, "ms"
	case a < 120:
		return v, "s"
	case a < 2*3600:
		return v / 60, "m"
	case a < 3*86400:
		return v / 3600, "h"
	}
	return v / 86400, "d"
}

// FormatBytes renders a size in binary units.
func FormatBytes(v float64) string {
	x, unit := BinaryUnit(v)
	return trim(x) + " " + unit
}

// BinaryUnit scales a size in bytes to the largest binary unit (B, KiB,
// MiB, GiB, TiB) it fills and returns it with the unit's symbol.
func BinaryUnit(v float64) (float64, string) {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB"}
	i := 0
	for math.Abs(v) >= 1024 && i < len(units)-1 {
		v /= 1024
		i++
	}
	return v, units[i]
}

// FormatCount renders a number with thousands separators (integers) or three
// significant decimals.
func FormatCount(v float64) string {
	if v != math.Trunc(v) || math.Abs(v) >= 1e18 {
		return trim(v)
	}
	s := strconv.FormatInt(int64(math.Abs(v)), 10)
	var b strings.Builder
	if v < 0 {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func trim(v float64) string {
	switch a := math.Abs(v); {
	case a >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	digits := 2
	if math.Abs(v) >= 10 {
		digits = 1
	}
	s := strconv.FormatFloat(v, 'f', digits, 64)
	return strings.TrimRight(strings.TrimRight(s, "0"), ".")
}
