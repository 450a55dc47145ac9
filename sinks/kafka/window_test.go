package kafka

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
	var w latencyWindows
	start := time.Now().UnixNano()
	for s := 0; s < 10; s++ {
		lat := 2 * time.Millisecond
		if s >= 5 {
			lat = 40 * time.Millisecond
		}
		for i := 0; i < 1000; i++ {
			w.record(start+int64(s)*int64(time.Second)+int64(i)*int64(time.Millisecond), lat)
		}
	}
	series := w.series()
	if len(series) != 3 || len(series[1].Points) != 10 {
		t.Fatalf("got %d series, %d p99 points", len(series), len(series[1].Points))
	}
	for i, p := range series[1].Points {
		want := 0.002
		if i >= 5 {
			want = 0.040
		}
		if math.Abs(p.Y-want)/want > 0.13 {
			t.Errorf("second %d: p99 %.4fs, want about %.3fs", i, p.Y, want)
		}
	}
	w.record(start+int64(5000*time.Second), time.Millisecond)
	if len(w.windows) > maxWindows || w.width <= time.Second {
		t.Errorf("%d windows of %v after a long run", len(w.windows), w.width)
	}
}
