package metrics

import (
	"math"
	"testing"
	"time"
)

func TestParseSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"512", 512, true},          // plain bytes
		{"64KiB", 64 << 10, true},   // binary unit
		{"128MiB", 128 << 20, true}, // the Spark/Hudi target
		{"1.5GiB", 3 << 29, true},   // fractions
		{"100MB", 100e6, true},      // decimal unit
		{" 2 TiB ", 2 << 40, true},  // spaces around
		{"10B", 10, true},           // explicit bytes
		{"", 0, false},              // empty
		{"-1MiB", 0, false},         // negative
		{"12 megabytes", 0, false},  // unknown unit
		{"MiB", 0, false},           // no number
		{"1e30GiB", 0, false},       // overflow
		{"NaN", 0, false},           // not a number
	}
	for _, tt := range tests {
		got, err := ParseSize(tt.in)
		if (err == nil) != tt.ok || (tt.ok && got != tt.want) {
			t.Errorf("ParseSize(%q) = %d, %v; want %d ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"90s", 90 * time.Second, true},
		{"10m", 10 * time.Minute, true},
		{"1h30m", 90 * time.Minute, true},
		{"2d", 48 * time.Hour, true},            // days
		{"5y", 5 * 365 * 24 * time.Hour, true},  // years
		{"1.5d", 36 * time.Hour, true},          // fractional days
		{"1w", 7 * 24 * time.Hour, true},        // weeks
		{"150ms", 150 * time.Millisecond, true}, // SLA-sized
		{"0", 0, true},                          // bare zero
		{"10", 0, false},                        // number without unit
		{"-1h", 0, false},                       // negative
		{"1 h", 0, false},                       // space inside
		{"fast", 0, false},                      // word
		{"", 0, false},                          // empty
		{"1..5s", 0, false},                     // malformed number
		{"99999999999y", 0, false},              // overflow
	}
	for _, tt := range tests {
		got, err := ParseDuration(tt.in)
		if (err == nil) != tt.ok || (tt.ok && got != tt.want) {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestParseRate(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"14000/s", 14000, true},
		{"90000/m", 1500, true},
		{"3600/h", 1, true},
		{"2M/d", 2e6 / 86400, true},     // millions
		{"1.2B/d", 1.2e9 / 86400, true}, // billions
		{"5k/s", 5000, true},
		{"0/s", 0, true},    // zero parses; validation decides
		{"100", 0, false},   // no unit
		{"100/w", 0, false}, // unknown unit
		{"fast/s", 0, false},
		{"-5/s", 0, false},
		{"/s", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseRate(tt.in)
		if (err == nil) != tt.ok || (tt.ok && math.Abs(got-tt.want) > 1e-9*math.Max(1, tt.want)) {
			t.Errorf("ParseRate(%q) = %g, %v; want %g ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestParsePercent(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"99.95%", 0.9995, true},
		{"0.9995", 0.9995, true},
		{"5 %", 0.05, true},
		{"%", 0, false},
		{"half", 0, false},
	}
	for _, tt := range tests {
		got, err := ParsePercent(tt.in)
		if (err == nil) != tt.ok || (tt.ok && math.Abs(got-tt.want) > 1e-12) {
			t.Errorf("ParsePercent(%q) = %g, %v; want %g ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestFormat(t *testing.T) {
	tests := []struct {
		u    Unit
		v    float64
		want string
	}{
		{Seconds, 0.15, "150ms"},
		{Seconds, 420, "7m"},
		{Seconds, 2700, "45m"},
		{Bytes, 2.1 * (1 << 20), "2.1 MiB"},
		{Ratio, 0.9995, "99.95%"},
		{Count, 34560, "34,560"},
		{PerSecond, 1500, "1,500/s"},
	}
	for _, tt := range tests {
		if got := Format(tt.u, tt.v); got != tt.want {
			t.Errorf("Format(%s, %g) = %q, want %q", tt.u, tt.v, got, tt.want)
		}
	}
}

func FuzzParseSize(f *testing.F) {
	for _, s := range []string{"128MiB", "1.5GiB", "512", "-1", "1e400KB", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseSize(s)
		if err == nil && v < 0 {
			t.Fatalf("ParseSize(%q) = %d: negative", s, v)
		}
	})
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"90s", "1h30m", "5y", "1.5d", "0", "-1h", "9999999999999y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseDuration(s)
		if err == nil && v < 0 {
			t.Fatalf("ParseDuration(%q) = %v: negative", s, v)
		}
	})
}

func FuzzParseRate(f *testing.F) {
	for _, s := range []string{"14000/s", "2M/d", "1.2B/d", "x/y", "/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseRate(s)
		if err == nil && (v < 0 || math.IsNaN(v) || math.IsInf(v, 0)) {
			t.Fatalf("ParseRate(%q) = %g", s, v)
		}
	})
}
