package pace

import (
	"context"
	"errors"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/prodshape/prodshape/generators"
)

// paceFor sends a schedule on the wall clock for span and returns the
// pacer's stats and the actual send offsets.
func paceFor(t *testing.T, rate Rate, span time.Duration) (Stats, []time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), span+10*time.Second)
	t.Cleanup(cancel)
	start := time.Now()
	s := NewSchedule(rate, Clock{Scenario: t0, Wall: start}, span)
	p := New(Config{})
	var sends []time.Duration
	for {
		at, ok := s.Next()
		if !ok {
			break
		}
		send, err := p.Wait(ctx, at)
		if err != nil {
			t.Fatal(err)
		}
		if send {
			now := time.Now()
			p.Sent(at, now, 1)
			sends = append(sends, now.Sub(start))
		}
	}
	return p.Stats(), sends
}

// TestPacerAccuracy paces constant rates on the real clock over a short
// window: the achieved rate stays within 1% of the intended one.
func TestPacerAccuracy(t *testing.T) {
	tests := []struct {
		name string
		rate float64
		span time.Duration
	}{
		{"1000/s", 1000, 3 * time.Second},
		{"50000/s", 50000, 2 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			retryOnce(t, func() error {
				st, _ := paceFor(t, constant(tt.rate), tt.span)
				if st.Sent != st.Intended || st.Dropped != 0 {
					t.Fatalf("sent %d of %d intended, %d dropped", st.Sent, st.Intended, st.Dropped)
				}
				if got := st.IntendedRate(); math.Abs(got-tt.rate)/tt.rate > 0.01 {
					t.Fatalf("intended rate %.1f/s, want %.0f/s ±1%%", got, tt.rate)
				}
				in, got := st.IntendedRate(), st.AchievedRate()
				t.Logf("intended %.1f/s achieved %.1f/s late %d max lag %v", in, got, st.Late, st.MaxLag)
				if math.Abs(got-in)/in > 0.01 {
					return fmt.Errorf("achieved %.1f/s vs intended %.1f/s: off by more than 1%% (late %d, max lag %v)", got, in, st.Late, st.MaxLag)
				}
				return nil
			})
		})
	}
}

// retryOnce runs a wall-clock measurement and, if it misses, once more: on
// a shared CI machine the process can be descheduled for tens of
// milliseconds, which is the machine, not the pacer. Two misses in a row
// fail the test.
func retryOnce(t *testing.T, measure func() error) {
	t.Helper()
	err := measure()
	if err == nil {
		return
	}
	t.Logf("first attempt: %v; measuring again", err)
	if err := measure(); err != nil {
		t.Fatal(err)
	}
}

// TestPacerFollowsRamp sends a ramp from 1000 to 5000 events/s and checks
// the actual sends per half second against the ramp's integral.
func TestPacerFollowsRamp(t *testing.T) {
	const lo, hi = 1000.0, 5000.0
	span := 2 * time.Second
	retryOnce(t, func() error {
		_, sends := paceFor(t, ramp(t0, lo, hi, span), span)
		const buckets = 4
		got := make([]int, buckets)
		for _, d := range sends {
			i := min(int(d*buckets/span), buckets-1)
			got[i]++
		}
		for i, n := range got {
			a := lo + (hi-lo)*float64(i)/buckets
			b := lo + (hi-lo)*float64(i+1)/buckets
			want := (a + b) / 2 * span.Seconds() / buckets
			// 5% absorbs timer slack at bucket edges; a pacer ignoring
			// the shape is off by 25% or more.
			if math.Abs(float64(n)-want)/want > 0.05 {
				return fmt.Errorf("quarter %d: %d sends, want %.0f ±5%% (all: %v)", i, n, want, got)
			}
		}
		return nil
	})
}

// testBatch returns n records of one int column arriving every step from t0.
func testBatch(n int, step time.Duration) *generators.Batch {
	schema := &generators.Schema{Stream: "s", Fields: []generators.Field{{Name: "n", Type: generators.Int64}}}
	b := &generators.Batch{Schema: schema, Columns: []generators.Column{{Field: schema.Fields[0]}}}
	for i := range n {
		b.Columns[0].Ints = append(b.Columns[0].Ints, int64(i))
		b.Arrival = append(b.Arrival, t0.Add(time.Duration(i)*step).UnixNano())
		b.Seq = append(b.Seq, int64(i))
	}
	b.Watermark = t0.Add(time.Duration(n) * step)
	return b
}

// TestReleaseBatch releases a batch of timestamped records at speedup 4:
// every record reaches send once, in order, with its columns aligned.
func TestReleaseBatch(t *testing.T) {
	b := testBatch(2000, time.Millisecond) // 2 scenario seconds at 1000/s
	clock := Clock{Scenario: t0, Wall: time.Now(), Speedup: 4}
	p := New(Config{})
	next := int64(0)
	calls := 0
	var last time.Time
	err := p.Release(context.Background(), b, clock.WallAtNanos, func(v *generators.Batch) error {
		calls++
		if v.Watermark.Before(last) {
			t.Fatalf("watermark went back from %v to %v", last, v.Watermark)
		}
		last = v.Watermark
		if v.Len() > 0 && !v.Watermark.Equal(time.Unix(0, v.Arrival[v.Len()-1]).UTC()) {
			t.Fatalf("a part's watermark %v is not its last arrival", v.Watermark)
		}
		for i := range v.Len() {
			if v.Seq[i] != next || v.Columns[0].Ints[i] != next {
				t.Fatalf("record %d: seq %d value %d", next, v.Seq[i], v.Columns[0].Ints[i])
			}
			next++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !last.Equal(b.Watermark) {
		t.Errorf("last watermark delivered %v, want the batch's %v", last, b.Watermark)
	}
	if wall := clock.WallAt(b.Watermark); time.Now().Before(wall) {
		t.Errorf("the batch's watermark was delivered before the clock reached it")
	}
	st := p.Stats()
	if next != 2000 || st.Sent != 2000 || st.Intended != 2000 {
		t.Fatalf("released %d records, stats %+v", next, st)
	}
	if calls < 10 {
		t.Errorf("%d sends for half a wall second: records were not paced", calls)
	}
	var in, sent int64
	for _, sec := range st.PerSecond {
		in += sec.Intended
		sent += sec.Sent
	}
	if in != 2000 || sent != 2000 || len(st.PerSecond) != 1 {
		t.Errorf("per second %+v: want all 2000 in the first (half) second", st.PerSecond)
	}
	// Accuracy is TestPacerAccuracy's; over half a second this only checks
	// that the speedup applies.
	if r := st.AchievedRate(); math.Abs(r-4000)/4000 > 0.1 {
		t.Errorf("achieved %.0f/s, want 4000/s (1000/s at speedup 4)", r)
	}
}

// TestSlowTarget shows the open model: a target that takes 20 ms per send
// makes events late, and with DropAfter some are dropped; the schedule
// itself never slows down.
func TestSlowTarget(t *testing.T) {
	b := testBatch(1000, time.Millisecond) // 1 s at 1000/s
	clock := Clock{Scenario: t0, Wall: time.Now()}
	tests := []struct {
		name string
		cfg  Config
	}{
		{"late but complete", Config{}},
		{"drop after 5ms", Config{DropAfter: 5 * time.Millisecond}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock.Wall = time.Now()
			p := New(tt.cfg)
			err := p.Release(context.Background(), b, clock.WallAtNanos, func(*generators.Batch) error {
				time.Sleep(20 * time.Millisecond)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			st := p.Stats()
			if st.Late == 0 {
				t.Errorf("no late events behind a slow target: %+v", st)
			}
			if st.Sent+st.Dropped != st.Intended || st.Intended != 1000 {
				t.Errorf("sent %d + dropped %d != intended %d", st.Sent, st.Dropped, st.Intended)
			}
			if tt.cfg.DropAfter > 0 && st.Dropped == 0 {
				t.Errorf("nothing dropped with DropAfter %v: %+v", tt.cfg.DropAfter, st)
			}
			if tt.cfg.DropAfter == 0 && st.Dropped != 0 {
				t.Errorf("%d dropped without DropAfter", st.Dropped)
			}
			if st.AchievedRate() >= st.IntendedRate() {
				t.Errorf("achieved %.0f/s not below intended %.0f/s", st.AchievedRate(), st.IntendedRate())
			}
		})
	}
}

func TestReleaseCancelled(t *testing.T) {
	b := testBatch(10, time.Hour) // far in the future
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	p := New(Config{})
	sent := 0
	err := p.Release(ctx, b, Clock{Scenario: t0, Wall: time.Now()}.WallAtNanos, func(v *generators.Batch) error {
		sent += v.Len()
		return nil
	})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, want the context's error", err)
	}
	if sent != 1 {
		t.Errorf("sent %d records before the hour-long wait, want 1", sent)
	}
}

// TestReleaseWatermark delivers a batch without records when the clock
// reaches its watermark, for sinks whose timers fire on it.
func TestReleaseWatermark(t *testing.T) {
	b := testBatch(0, time.Millisecond)
	b.Watermark = t0.Add(100 * time.Millisecond)
	start := time.Now()
	clock := Clock{Scenario: t0, Wall: start}
	var got *generators.Batch
	err := New(Config{}).Release(context.Background(), b, clock.WallAtNanos, func(v *generators.Batch) error {
		got = v
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got != b {
		t.Fatal("the empty batch was not delivered")
	}
	if waited := time.Since(start); waited < 90*time.Millisecond {
		t.Errorf("delivered after %v, before the watermark's 100ms", waited)
	}
}
