package metrics

import (
	"strings"
	"testing"
)

// unitByName is how a metric's name says its unit: the catalog must agree,
// or goals parse their targets in one unit and reports print another.
// The first rule that matches decides.
var unitByName = []struct {
	match func(name string) bool
	unit  Unit
	why   string
}{
	{func(n string) bool { return strings.HasSuffix(n, "_usd") }, USD, "ends in _usd"},
	{func(n string) bool { return strings.HasSuffix(n, "_share") || strings.HasSuffix(n, ".share") }, Ratio, "is a share"},
	{func(n string) bool { return strings.HasSuffix(n, ".key_skew") || strings.HasSuffix(n, ".availability") }, Ratio, "is a share"},
	{func(n string) bool { return strings.HasSuffix(n, "_per_second") || strings.Contains(n, ".rate") }, PerSecond, "is a rate"},
	{func(n string) bool { return strings.HasSuffix(n, "_rate") && !strings.Contains(n, "rate.") }, PerSecond, "is a rate"},
	{func(n string) bool {
		return strings.HasSuffix(n, "seconds") || strings.Contains(n, "latency") || strings.Contains(n, "freshness") || strings.Contains(n, ".lag")
	}, Seconds, "is a duration"},
	{func(n string) bool {
		return strings.HasSuffix(n, ".bytes") || strings.Contains(n, ".bytes.") || strings.Contains(n, "_size") || n == "bytes.total"
	}, Bytes, "is a size"},
}

// TestUnitsMatchNames checks every registered metric's unit against its
// name, and that a count-like name is not given a unit it does not say.
func TestUnitsMatchNames(t *testing.T) {
	for _, d := range All() {
		want, why := Count, "says no other unit"
		for _, r := range unitByName {
			if r.match(d.Name) {
				want, why = r.unit, r.why
				break
			}
		}
		if d.Unit != want {
			t.Errorf("%s has unit %s; its name %s, so want %s", d.Name, d.Unit, why, want)
		}
	}
}

// TestUnitsRoundTrip checks that each unit's formatted value parses back as
// a goal target in the same unit, so a value copied from a report is a
// valid goal.
func TestUnitsRoundTrip(t *testing.T) {
	for _, c := range []struct {
		unit Unit
		v    float64
	}{
		{Count, 1234567}, {Seconds, 0.15}, {Seconds, 90}, {Bytes, 64 << 20}, {Ratio, 0.9995},
		{PerSecond, 1500}, {USD, 0.00423}, {USD, 12.5},
	} {
		text := Format(c.unit, c.v)
		if c.unit == Count || c.unit == PerSecond {
			text = strings.ReplaceAll(strings.TrimSuffix(text, "/s"), ",", "")
		}
		got, err := ParseValue(c.unit, text)
		if err != nil {
			t.Errorf("%s %g: Format gives %q, which does not parse: %v", c.unit, c.v, text, err)
			continue
		}
		if d := got - c.v; d > c.v*0.01 || d < -c.v*0.01 {
			t.Errorf("%s %g: Format gives %q, which parses as %g", c.unit, c.v, text, got)
		}
	}
}

func TestFormatUSD(t *testing.T) {
	for v, want := range map[float64]string{0: "$0.00", 12.5: "$12.50", 0.00423: "$0.00423", 0.5: "$0.500", -2: "-$2.00"} {
		if got := FormatUSD(v); got != want {
			t.Errorf("FormatUSD(%g) = %q, want %q", v, got, want)
		}
	}
}
