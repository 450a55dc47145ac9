package backfill

import (
	"time"

	"github.com/prodshape/prodshape/analysis/metrics"
)

// SupernodeDegree is the degree above which an identifier is a supernode
// rather than one person's identifier: Amperity calls a cluster of more than
// 64 records supersized (docs/realism.md, Identity graphs), and a person owns at
// most 40 identifiers by default.
const SupernodeDegree = 64

// project adds the production-volume (@1x) figures of a run at scale < 1.
//
// A cluster held together by a supernode (a junk identifier every n-th
// person links to) grows in proportion to the population, so its size is
// divided by the scale; a cluster without one is a person or a household
// and keeps its size. Traversal reads each identifier of a cluster once, so
// profile latency is linear in cluster size: a least-squares line through
// the timed profiles (latency against cluster size) gives the p99 at the
// projected largest cluster, since the targeted picks make sure the largest
// cluster's evaluations are well above 1% of them.
func (r *run) project(scale float64) {
	if scale <= 0 || scale >= 1 || r.tracker.Nodes() == 0 {
		return
	}
	hubbed := map[int32]bool{}
	for _, id := range r.tracker.TopDegree(100) {
		if r.tracker.Degree(id) > SupernodeDegree {
			hubbed[r.tracker.Find(id)] = true
		}
	}
	largest := 0.0
	for _, c := range r.tracker.Largest(10) {
		size := float64(c.Size)
		if hubbed[c.Root] {
			size /= scale
		}
		largest = max(largest, size)
	}
	r.set.Put("graph.largest_component@1x", largest)
	if r.cfg.Targeted == 0 || len(r.bySize) < 2 {
		return
	}
	slope, intercept := fit(r.bySize)
	predicted := time.Duration((intercept + slope*largest) * float64(time.Millisecond))
	measured := quantile(r.profile, 99).Seconds()
	r.set.Put(ProfileLatency+".p99@1x", max(predicted.Seconds(), measured))
}

// fit returns the least-squares line y = intercept + slope*x, with the
// slope held at zero or above (a bigger cluster is never cheaper to walk).
func fit(ps []metrics.Point) (slope, intercept float64) {
	var sx, sy, sxx, sxy float64
	n := float64(len(ps))
	for _, p := range ps {
		sx += p.X
		sy += p.Y
		sxx += p.X * p.X
		sxy += p.X * p.Y
	}
	if den := n*sxx - sx*sx; den > 0 {
		slope = (n*sxy - sx*sy) / den
	}
	slope = max(slope, 0)
	intercept = (sy - slope*sx) / n
	return slope, intercept
}
