package facts

import (
	"math"
	"math/bits"
	"time"
)

// LatencyWindows keeps latencies per wall-clock window (one second, widened
// as the run grows) in a coarse log histogram, for a latency-over-time
// chart; exact percentiles come from an HDR histogram beside it. 8
// sub-buckets per power of two bound a quantile's error to 1/8.
type LatencyWindows struct {
	began int64 // wall Unix ns of the first record
	// Width is every window's width; window i starts i*Width after the
	// first record.
	Width   time.Duration
	Windows []LatencyWindow
}

const (
	subBuckets = 8
	maxWindows = 4096 // past this, windows pair up and double their width
)

// LatencyWindow is one window's histogram.
type LatencyWindow struct {
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

// Record adds one latency observed at wall time now (Unix ns).
func (w *LatencyWindows) Record(now int64, d time.Duration) {
	if w.Width == 0 {
		w.Width, w.began = time.Second, now
	}
	i := int((now - w.began) / int64(w.Width))
	if i < 0 {
		i = 0
	}
	for i >= maxWindows {
		w.halve()
		i = int((now - w.began) / int64(w.Width))
	}
	if i >= len(w.Windows) {
		w.Windows = append(w.Windows, make([]LatencyWindow, i+1-len(w.Windows))...)
	}
	us := max(d.Microseconds(), 1)
	win := &w.Windows[i]
	win.counts[min(bucketOf(us), len(win.counts)-1)]++
	win.n++
	win.max = max(win.max, us)
}

// halve merges neighbouring windows and doubles the width.
func (w *LatencyWindows) halve() {
	merged := make([]LatencyWindow, (len(w.Windows)+1)/2)
	for i := range w.Windows {
		dst, src := &merged[i/2], &w.Windows[i]
		for b, c := range src.counts {
			dst.counts[b] += c
		}
		dst.n += src.n
		dst.max = max(dst.max, src.max)
	}
	w.Windows, w.Width = merged, 2*w.Width
}

// N is the number of latencies in the window.
func (win *LatencyWindow) N() int { return int(win.n) }

// Max is the window's largest latency.
func (win *LatencyWindow) Max() time.Duration { return time.Duration(win.max) * time.Microsecond }

// Quantile is the window's q-quantile (0 < q ≤ 1), never above Max.
func (win *LatencyWindow) Quantile(q float64) time.Duration {
	return time.Duration(win.quantile(q)) * time.Microsecond
}

func (win *LatencyWindow) quantile(q float64) int64 {
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
