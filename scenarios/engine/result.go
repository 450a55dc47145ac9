package engine

import (
	"github.com/prodshape/prodshape/analysis"
	"github.com/prodshape/prodshape/analysis/metrics"
	"github.com/prodshape/prodshape/analysis/report"
)

// writeResult writes result.json, then the reports (report.md,
// report.html, junit.xml): the result first, so a failing report never
// loses it.
func writeResult(r *analysis.Result, dir string) error {
	if err := r.WriteFile(dir); err != nil {
		return err
	}
	return report.WriteAll(dir, r)
}

// project adds metric@1x for every projected metric nothing projected
// itself: a metric whose definition says it grows in proportion to volume
// (Def.Linear) scales with 1/scale. Sinks that know better (the lake re-runs
// its writer policy) put their own @1x first.
func project(set *metrics.Set, scale float64) {
	if scale >= 1 {
		return
	}
	values := set.Values()
	for name, v := range values {
		d, ok := metrics.Lookup(name)
		if !ok || !d.Projected || !d.Linear {
			continue
		}
		if _, done := values[name+metrics.ProjectedSuffix]; done {
			continue
		}
		set.Put(name+metrics.ProjectedSuffix, v/scale)
	}
}
