package report

import (
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"

	"github.com/prodshape/prodshape/analysis/metrics"
)

// percentileUnit marks the x axis of a latency-by-percentile chart: x is
// 1/(1-q), so 90% sits at 10, 99% at 100, 99.9% at 1000 on a log axis.
const percentileUnit metrics.Unit = "percentile"

// ticker returns tick marks for an axis carrying values of unit u, labelled
// the way a person reads that unit.
func ticker(u metrics.Unit, log bool) plot.Ticker {
	return plot.TickerFunc(func(lo, hi float64) []plot.Tick {
		var vals []float64
		switch {
		case u == percentileUnit:
			for v := 1.0; v <= hi*1.0001; v *= 10 {
				vals = append(vals, v)
			}
			if lo <= 2 && hi >= 2 {
				vals = append(vals[:1], append([]float64{2}, vals[1:]...)...)
			}
		case log && u == metrics.Bytes:
			vals = powers(lo, hi, 2)
		case log:
			vals = powers(lo, hi, 10)
		case u == metrics.Seconds && hi-lo > 120:
			vals = steps(lo, hi, timeSteps)
		case u == metrics.Bytes && hi >= 1024:
			unit := 1024.0
			for hi/unit >= 1024*10 {
				unit *= 1024
			}
			vals = steps(lo, hi, scaled(niceSteps, unit))
		default:
			vals = steps(lo, hi, niceFor(hi-lo))
		}
		ticks := make([]plot.Tick, 0, len(vals))
		for _, v := range vals {
			if v >= lo-1e-9*math.Abs(lo) && v <= hi+1e-9*math.Abs(hi) {
				ticks = append(ticks, plot.Tick{Value: v, Label: tickLabel(u, v)})
			}
		}
		return ticks
	})
}

var (
	niceSteps = []float64{1, 2, 5}
	timeSteps = []float64{1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 2 * 3600, 3 * 3600,
		6 * 3600, 12 * 3600, 86400, 2 * 86400, 7 * 86400, 30 * 86400, 91 * 86400, 365 * 86400}
)

// maxTicks bounds the labels on one axis so they never collide.
const maxTicks = 7

// niceFor returns 1-2-5 steps around the decade of span.
func niceFor(span float64) []float64 {
	if span <= 0 || math.IsInf(span, 0) || math.IsNaN(span) {
		span = 1
	}
	base := math.Pow(10, math.Floor(math.Log10(span))-2)
	var out []float64
	for m := base; m <= span*10; m *= 10 {
		out = append(out, scaled(niceSteps, m)...)
	}
	return out
}

func scaled(s []float64, by float64) []float64 {
	var out []float64
	for m := by; m < by*1e12; m *= 10 {
		for _, v := range s {
			out = append(out, v*m)
		}
	}
	return out
}

// steps picks the smallest step from candidates that keeps the tick count
// at or below maxTicks and returns the multiples of it within [lo, hi].
func steps(lo, hi float64, candidates []float64) []float64 {
	step := candidates[len(candidates)-1]
	for _, c := range candidates {
		if (hi-lo)/c <= maxTicks-1 {
			step = c
			break
		}
	}
	var out []float64
	for v := math.Ceil(lo/step-1e-9) * step; v <= hi+step*1e-9; v += step {
		out = append(out, math.Round(v/step)*step)
	}
	return out
}

// powers returns base^k within [lo, hi], skipping exponents evenly so at
// most maxTicks remain.
func powers(lo, hi, base float64) []float64 {
	if lo <= 0 {
		lo = 1e-12
	}
	k0 := math.Floor(math.Log(lo) / math.Log(base))
	k1 := math.Ceil(math.Log(hi) / math.Log(base))
	every := math.Max(1, math.Ceil((k1-k0+1)/maxTicks))
	var out []float64
	for k := math.Ceil(k0/every) * every; k <= k1; k += every {
		out = append(out, math.Pow(base, k))
	}
	return out
}

// tickLabel renders v compactly in unit u.
func tickLabel(u metrics.Unit, v float64) string {
	switch u {
	case percentileUnit:
		return percent(1 - 1/v)
	case metrics.Seconds:
		return seconds(v)
	case metrics.Bytes:
		return binary(v)
	case metrics.Ratio:
		return percent(v)
	case metrics.PerSecond:
		return compact(v) + "/s"
	}
	return compact(v)
}

// compact renders a count as 950, 12k, 1.5M, 2B.
func compact(v float64) string {
	a := math.Abs(v)
	switch {
	case a >= 1e9:
		return short(v/1e9) + "B"
	case a >= 1e6:
		return short(v/1e6) + "M"
	case a >= 1e4:
		return short(v/1e3) + "k"
	}
	return short(v)
}

// short renders v with at most three significant digits and no trailing
// zeros.
func short(v float64) string {
	if v == 0 {
		return "0"
	}
	s := strconv.FormatFloat(v, 'g', 3, 64)
	if strings.ContainsAny(s, "e") {
		s = strconv.FormatFloat(v, 'f', -1, 64)
	}
	return s
}

// percent renders a fraction as a percentage with up to four decimals.
func percent(v float64) string {
	return strconv.FormatFloat(math.Round(v*1e6)/1e4, 'f', -1, 64) + "%"
}

// seconds renders a duration tick: 250ms, 90s, 15m, 12h, 3d.
func seconds(v float64) string {
	if v == 0 {
		return "0"
	}
	x, unit := metrics.DurationUnit(v)
	return short(x) + unit
}

// binary renders a size tick: 512KiB, 4MiB, 1GiB.
func binary(v float64) string {
	x, unit := metrics.BinaryUnit(v)
	return short(x) + unit
}
