package merge

import (
	"math"
	"math/rand/v2"
	"sort"
	"testing"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"

	"github.com/prodshape/prodshape/analysis/metrics"
)

// The two ways to get the p99 of 16 shards of 100,000 latencies each: merge
// the shards' HDR histograms (what merge does; each shard ships a few KiB),
// or the naive exact way, gather every raw sample and sort (each shard would
// ship 800 KB, and the sort grows with the run).
const benchShards, benchSamples = 16, 100_000

func benchLatencies() [][]time.Duration {
	rng := rand.New(rand.NewPCG(5, 6))
	out := make([][]time.Duration, benchShards)
	for i := range out {
		out[i] = make([]time.Duration, benchSamples)
		for j := range out[i] {
			out[i][j] = time.Duration(math.Exp(rng.NormFloat64()*0.8) * float64(20*time.Millisecond))
		}
	}
	return out
}

func BenchmarkP99MergedHistograms(b *testing.B) {
	hists := make([]*hdrhistogram.Histogram, benchShards)
	for i, shard := range benchLatencies() {
		hists[i] = metrics.NewHistogram()
		for _, d := range shard {
			metrics.RecordDuration(hists[i], d)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		all := metrics.NewHistogram()
		for _, h := range hists {
			all.Merge(h)
		}
		_ = all.ValueAtQuantile(99)
	}
}

func BenchmarkP99NaiveSortAllSamples(b *testing.B) {
	shards := benchLatencies()
	b.ResetTimer()
	for b.Loop() {
		all := make([]time.Duration, 0, benchShards*benchSamples)
		for _, s := range shards {
			all = append(all, s...)
		}
		sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
		_ = all[len(all)*99/100]
	}
}
