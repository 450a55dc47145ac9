package kafka

import (
	"math"
	"math/bits"
	"time"

	"github.com/prodshape/prodshape/analysis/metrics"
)

// latencyWindows keeps produce latency per wall-clock window (one second,
// widened as the run grows) in a coarse log histogram, for the "produce
// latency over time" chart; the exact percentiles come from the HDR
// histogram. 8 sub-buckets per power of two bound a quantile's error to
// 1/8.
type latencyWindows struct {
	began   int64         // wall Unix ns of the first record
	width   time.Duration // window width
	windows []latencyWindow
}

const (
	subBuckets = 8
	maxWindows = 4096 // past this, windows pair up and double their width
)

type latencyWindow struct {
	counts [64 * subBuckets]uint32
	n      uint32
	max    int64 // µs
}

func bucketOf(us int64) int {
	if us < subBuckets {
		return int(us)
	}
	exp := bits.Len64(uint64(us)) - 1 // us in [2^exp, 2^(exp+1))
	sub := int(uint64(us)>>(exp-3)) & (subBuckets - 1)
	return (exp-2)*subBuckets + sub
}

// bucketValue is the largest value bucket b holds, in µs.
func bucketValue(b int) int64 {
	if b < subBuckets {
		return int64(b)
	}
	exp := b/subBuckets + 2
	sub := b % subBuckets
	return int64(subBuckets+sub+1)<<(exp-3) - 1
}

// record adds one latency observed at wall time now (Unix ns).
func (w *latencyWindows) record(now int64, d time.Duration) {
	if w.width == 0 {
		w.width, w.began = time.Second, now
	}
	i := int((now - w.began) / int64(w.width))
	if i < 0 {
		i = 0
	}
	for i >= maxWindows {
		w.halve()
		i = int((now - w.began) / int64(w.width))
	}
	if i >= len(w.windows) {
		w.windows = append(w.windows, make([]latencyWindow, i+1-len(w.windows))...)
	}
	us := max(d.Microseconds(), 1)
	win := &w.windows[i]
	win.counts[min(bucketOf(us), len(win.counts)-1)]++
	win.n++
	win.max = max(win.max, us)
}

// halve merges neighbouring windows and doubles the width.
func (w *latencyWindows) halve() {
	merged := make([]latencyWindow, (len(w.windows)+1)/2)
	for i := range w.windows {
		dst, src := &merged[i/2], &w.windows[i]
		for b, c := range src.counts {
			dst.counts[b] += c
		}
		dst.n += src.n
		dst.max = max(dst.max, src.max)
	}
	w.windows, w.width = merged, 2*w.width
}

func (win *latencyWindow) quantile(q float64) int64 {
	target := uint32(math.Ceil(q * float64(win.n)))
	var seen uint32
	for b, c := range win.counts {
		seen += c
		if seen >= target && c > 0 {
			return min(bucketValue(b), win.max)
		}
	}
	return win.max
}

// series returns p50, p99 and max per window, in seconds against seconds
// since the first record, charted under the metric's own name so reports
// and compare can track the kafka.produce_latency goals along it.
func (w *latencyWindows) series() []metrics.Series {
	if len(w.windows) == 0 {
		return nil
	}
	base := metrics.Series{Chart: MetricProduceLatency, Title: "Produce latency over time", Kind: "line",
		XLabel: "wall time since the first record", YLabel: "latency from the intended send time",
		XUnit: metrics.Seconds, YUnit: metrics.Seconds}
	p50, p99, top := base, base, base
	p50.Name, p99.Name, top.Name = "p50", "p99", "max"
	for i := range w.windows {
		win := &w.windows[i]
		if win.n == 0 {
			continue
		}
		x := (time.Duration(i) * w.width).Seconds()
		p50.Points = append(p50.Points, metrics.Point{X: x, Y: float64(win.quantile(0.5)) / 1e6})
		p99.Points = append(p99.Points, metrics.Point{X: x, Y: float64(win.quantile(0.99)) / 1e6})
		top.Points = append(top.Points, metrics.Point{X: x, Y: float64(win.max) / 1e6})
	}
	return []metrics.Series{p50, p99, top}
}
