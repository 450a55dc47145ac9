// Package metrics is the leaf every other package may use: the catalog of
// metric names and units, and Set, which holds a run's numbers and its HDR
// latency histograms.
//
// Values are kept in base units: seconds for time, bytes for size, a
// fraction in [0,1] for ratios. Goals parse their targets into the same unit.
package metrics

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Unit says how a metric's value is measured and how a goal's target is read.
type Unit string

const (
	Count     Unit = "count"      // a plain number
	Seconds   Unit = "seconds"    // a duration; goal targets take 150ms, 2s, 10m
	Bytes     Unit = "bytes"      // a size; goal targets take 64MiB
	Ratio     Unit = "ratio"      // a share in [0,1]; goal targets take 99.95% or 0.9995
	PerSecond Unit = "per_second" // a rate; goal targets take 1500/s, 2M/d
)

// Def describes one metric a run can produce.
type Def struct {
	Name string `json:"name"`
	Unit Unit   `json:"unit"`
	Help string `json:"help"`
	// Projected is true when the metric also exists as Name+"@1x": the value
	// at production volume, computed when a run's scale is below 1.
	Projected bool `json:"projected,omitempty"`
	// Linear marks a projected metric that grows in proportion to volume
	// (a count, a total, a rate of arrivals): when nothing projected it
	// otherwise, its value at production volume is the measured value over
	// the scale.
	Linear bool `json:"linear,omitempty"`
}

// ProjectedSuffix marks a metric projected to production volume (scale 1.0).
const ProjectedSuffix = "@1x"

var (
	catalogMu sync.RWMutex
	catalog   = map[string]Def{}
)

// Register adds metric definitions to the catalog. Packages register the
// metrics they produce from an init function, so goal validation knows every
// name before anything runs. Registering a name twice with a different unit
// panics: it is a programming mistake.
func Register(defs ...Def) {
	catalogMu.Lock()
	defer catalogMu.Unlock()
	for _, d := range defs {
		if old, ok := catalog[d.Name]; ok && old.Unit != d.Unit {
			panic(fmt.Sprintf("metrics: %s registered as %s and %s", d.Name, old.Unit, d.Unit))
		}
		catalog[d.Name] = d
	}
}

// RegisterLatency registers name.p50, .p90, .p99, .max and .mean in seconds.
func RegisterLatency(name, help string) {
	for _, q := range []string{"p50", "p90", "p99", "max", "mean"} {
		Register(Def{Name: name + "." + q, Unit: Seconds, Help: help + " (" + q + ")"})
	}
}

// Lookup finds a metric by name; a name ending in "@1x" resolves to its base
// metric when that metric is projected.
func Lookup(name string) (Def, bool) {
	catalogMu.RLock()
	defer catalogMu.RUnlock()
	if d, ok := catalog[name]; ok {
		return d, true
	}
	if base, ok := strings.CutSuffix(name, ProjectedSuffix); ok {
		if d, ok := catalog[base]; ok && d.Projected {
			d.Name = name
			return d, true
		}
	}
	return Def{}, false
}

// All returns every registered metric, sorted by name.
func All() []Def {
	catalogMu.RLock()
	defer catalogMu.RUnlock()
	out := make([]Def, 0, len(catalog))
	for _, d := range catalog {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Suggest returns up to n registered names closest to name, for "did you
// mean" hints in validation errors.
func Suggest(name string, n int) []string {
	type scored struct {
		name string
		d    int
	}
	var all []scored
	for _, d := range All() {
		all = append(all, scored{d.Name, EditDistance(name, d.Name)})
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].d < all[j].d })
	var out []string
	for i := 0; i < len(all) && i < n; i++ {
		if all[i].d <= len(name)/2+2 {
			out = append(out, all[i].name)
		}
	}
	return out
}

// EditDistance is the Levenshtein distance between a and b, for "did you
// mean" hints.
func EditDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
