package facts

import (
	"math"
	"testing"
	"time"
)

// Bucket edges bound every value from above within an eighth.
func TestLatencyBuckets(t *testing.T) {
	for _, us := range []int64{1, 7, 8, 9, 15, 16, 100, 1000, 12345, 1 << 40} {
		b := bucketOf(us)
		up := bucketValue(b)
		if up < us || float64(up-us) > float64(us)/8+1 {
			t.Errorf("%dµs: bucket %d upper edge %d", us, b, up)
		}
		if b > 0 && bucketValue(b-1) >= us {
			t.Errorf("%dµs: bucket %d is not the first that holds it", us, b)
		}
	}
}

// Windows follow a latency that steps up mid-run, and widen instead of
// growing without bound.
func TestLatencyWindows(t *testing.T) {
	var w LatencyWindows
	start := time.Now().UnixNano()
	for s := 0; s < 10; s++ {
		lat := 2 * time.Millisecond
		if s >= 5 {
			lat = 40 * time.Millisecond
		}
		for i := 0; i < 1000; i++ {
			w.Record(start+int64(s)*int64(time.Second)+int64(i)*int64(time.Millisecond), lat)
		}
	}
	if len(w.Windows) != 10 {
		t.Fatalf("got %d windows", len(w.Windows))
	}
	for i := range w.Windows {
		want := 0.002
		if i >= 5 {
			want = 0.040
		}
		if got := w.Windows[i].Quantile(0.99).Seconds(); math.Abs(got-want)/want > 0.13 {
			t.Errorf("second %d: p99 %.4fs, want about %.3fs", i, got, want)
		}
	}
	w.Record(start+int64(5000*time.Second), time.Millisecond)
	if len(w.Windows) > maxWindows || w.Width <= time.Second {
		t.Errorf("%d windows of %v after a long run", len(w.Windows), w.Width)
	}
}
