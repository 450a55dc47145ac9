package merge

import (
	"math"
	"sort"
	"strings"
	"sync"

	"github.com/prodshape/prodshape/analysis/metrics"
)

// Rule combines one metric's values across shards (in shard order).
type Rule struct {
	Name string // as shown in the merge.rules table
	// Exact is true when the rule gives the whole run's value for shards
	// that are disjoint slices of the workload; false when it can only
	// approximate or bound it.
	Exact   bool
	Combine func(values []float64) float64
}

// The rules.
var (
	// Sum: counts, totals and throughputs. Shards are disjoint slices
	// running side by side, so their counts and rates add up.
	Sum = Rule{Name: "sum", Exact: true, Combine: func(v []float64) float64 {
		t := 0.0
		for _, x := range v {
			t += x
		}
		return tidy(t)
	}}
	// Max: maxima, largest-of measures, and the elapsed time of parallel
	// shards.
	Max = Rule{Name: "max", Exact: true, Combine: func(v []float64) float64 {
		m := math.Inf(-1)
		for _, x := range v {
			m = math.Max(m, x)
		}
		return m
	}}
	// RateStat: a statistic of a rate over time (its peak, its median).
	// Shards run side by side with the same shape, so the whole run's rate
	// at any moment is the sum of the shards'; summing their statistics is
	// exact for the mean and close for the rest.
	RateStat = Rule{Name: "sum (rate statistic)", Exact: false, Combine: Sum.Combine}
	// PerGroupMax: the largest count in one group ("files per partition").
	// Shards take every n-th record, so every shard fills the same groups
	// and the busiest group is the same in each: the whole run's maximum is
	// the sum of the shards' maxima (exact when the busiest group
	// coincides, an upper bound otherwise).
	PerGroupMax = Rule{Name: "sum (per-group maximum)", Exact: false, Combine: Sum.Combine}
	// SharedGroups: the number of groups (partitions) the shards fill
	// together. Every shard takes every n-th record, so each one fills the
	// same groups and their union is the largest shard's count; a shard that
	// missed a rare group makes this a lower bound.
	SharedGroups = Rule{Name: "max (groups shared by every shard)", Exact: false, Combine: Max.Combine}
	// Min: minima.
	Min = Rule{Name: "min", Exact: true, Combine: func(v []float64) float64 {
		m := math.Inf(1)
		for _, x := range v {
			m = math.Min(m, x)
		}
		return m
	}}
	// Mean: ratios and central percentiles without a histogram. Shards are
	// slices of equal size by construction, so an unweighted mean is the
	// whole run's value when each shard has the same shape, and close to it
	// otherwise.
	Mean = Rule{Name: "mean", Exact: false, Combine: func(v []float64) float64 {
		return tidy(Sum.Combine(v) / float64(len(v)))
	}}
	// TailMax: a tail percentile without a histogram. The whole run's p99
	// lies between the shards' smallest and largest p99; the largest is the
	// conservative answer for a goal with an upper bound.
	TailMax = Rule{Name: "max (tail percentile, no histogram)", Exact: false, Combine: Max.Combine}
	// MaxElapsed: a time that is not a latency sample (a scan, a run):
	// shards run in parallel, so the slowest one bounds the whole from
	// below.
	MaxElapsed = Rule{Name: "max (elapsed)", Exact: false, Combine: Max.Combine}
	// FromHistogram marks the summaries recomputed from merged histograms.
	FromHistogram = Rule{Name: "from merged histogram", Exact: true}
)

var (
	overridesMu sync.RWMutex
	// overrides hold the metrics whose name says too little. Packages
	// under sinks may not import this one, so their exceptions live here.
	overrides = map[string]Rule{
		"lake.partitions.total": SharedGroups, // every shard writes into the same partitions
	}
)

// Register sets the rule for a metric name, overriding the default below.
// A package that knows its metric better than the naming convention (a
// per-partition maximum that must be summed because shards share
// partitions) registers it from an init function.
func Register(metric string, r Rule) {
	overridesMu.Lock()
	overrides[metric] = r
	overridesMu.Unlock()
}

// RuleFor returns the rule for a metric of unit u that no merged histogram
// summarizes. The default, in order:
//
//	registered with Register          that rule
//	name@1x                           the rule of name
//	unit per_second, *.max/min/pNN    sum, approximate (see RateStat)
//	unit per_second                   sum
//	*_per_*.max                       sum, approximate (see PerGroupMax)
//	*.max, *.max_*, *largest*, *.peak max
//	*.min, *.min_*, *smallest*        min
//	*.p50, *.median, *.mean, *.avg    mean (approximate)
//	*.p90 ... *.p9999                 max (approximate)
//	unit count, bytes, per_second     sum
//	unit ratio                        mean (approximate)
//	unit seconds                      max (approximate)
func RuleFor(name string, u metrics.Unit) Rule {
	overridesMu.RLock()
	r, ok := overrides[name]
	overridesMu.RUnlock()
	if ok {
		return r
	}
	base := strings.TrimSuffix(name, metrics.ProjectedSuffix)
	if base != name {
		return RuleFor(base, u)
	}
	last := base[strings.LastIndex(base, ".")+1:]
	switch {
	case u == metrics.PerSecond && (last == "max" || last == "min" || last == "mean" || last == "median" || percentile(last)):
		return RateStat
	case u == metrics.PerSecond:
		return Sum
	case last == "max" && strings.Contains(base, "_per_"):
		return PerGroupMax
	case last == "max" || strings.HasPrefix(last, "max_") || strings.Contains(base, "largest") || last == "peak":
		return Max
	case last == "min" || strings.HasPrefix(last, "min_") || strings.Contains(base, "smallest"):
		return Min
	case last == "p50" || last == "median" || last == "mean" || last == "avg":
		return Mean
	case percentile(last) && strings.HasPrefix(last, "p9"):
		return TailMax
	}
	switch u {
	case metrics.Ratio:
		return Mean
	case metrics.Seconds:
		return MaxElapsed
	}
	return Sum
}

// summaries are the metrics metrics.Set.Summarize derives from a histogram.
var summaries = []string{"p50", "p90", "p99", "max", "mean"}

// histogramOf returns the histogram a metric summarizes, if it is one of
// the merged histograms' summaries.
func histogramOf(name string, hists map[string]bool) (string, bool) {
	i := strings.LastIndex(name, ".")
	if i < 0 {
		return "", false
	}
	h, q := name[:i], name[i+1:]
	if !hists[h] {
		return "", false
	}
	for _, s := range summaries {
		if q == s {
			return h, true
		}
	}
	return "", false
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// tidy removes floating-point residue from a sum: shards' projected counts
// (426566666.67 three times) must add up to the whole run's 1279700000, not
// 1279699999.9999998, or a goal on the boundary flips.
func tidy(v float64) float64 {
	r := math.Round(v)
	if math.Abs(v-r) <= 1e-9*math.Max(1, math.Abs(v)) {
		return r
	}
	return v
}

// percentile reports whether a name segment is pNN: p50, p99, p999.
func percentile(seg string) bool {
	if len(seg) < 2 || seg[0] != 'p' {
		return false
	}
	for _, c := range seg[1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
