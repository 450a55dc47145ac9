package pace

import (
	"context"
	"syscall"
	"testing"
	"time"

	"github.com/prodshape/prodshape/generators"
)

// cpuTime is the process's user+system CPU time so far.
func cpuTime(b *testing.B) time.Duration {
	b.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkScheduleNext is the cost of computing one intended send time.
func BenchmarkScheduleNext(b *testing.B) {
	s := NewSchedule(constant(100000), Clock{Scenario: t0, Wall: t0}, 0)
	for b.Loop() {
		s.NextOffset()
	}
}

// BenchmarkPace100k paces b.N records at 100,000 events/s on the real clock
// and reports the time the sending loop spends in the pacer per event, not
// counting the sleeps (busy-ns/event, the overhead the issue bounds at
// 1 µs), the whole process's CPU per event including the Go scheduler's work
// to park and wake the sender (cpu-ns/event), and the rate achieved.
func BenchmarkPace100k(b *testing.B) {
	const rate = 100000
	batch := testBatch(1000, time.Second/rate)
	ctx := context.Background()
	p := New(Config{})
	sent := 0
	send := func(v *generators.Batch) error { sent += v.Len(); return nil }
	b.ResetTimer()
	cpu0 := cpuTime(b)
	clock := Clock{Scenario: t0, Wall: time.Now()}
	for done := 0; done < b.N; done += batch.Len() {
		// Shift the clock so the same batch is due again right after the
		// previous one: a continuous 100k/s stream.
		clock.Wall = clock.WallAtNanos(t0.Add(time.Duration(batch.Len()) * time.Second / rate).UnixNano())
		if done == 0 {
			clock.Wall = time.Now()
		}
		if err := p.Release(ctx, batch, clock.WallAtNanos, send); err != nil {
			b.Fatal(err)
		}
	}
	cpu := cpuTime(b) - cpu0
	b.StopTimer()
	st := p.Stats()
	b.ReportMetric(float64((b.Elapsed()-st.Idle).Nanoseconds())/float64(sent), "busy-ns/event")
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(sent), "cpu-ns/event")
	b.ReportMetric(st.AchievedRate(), "events/s")
}

// BenchmarkPace100kNaive is the baseline: one sleep per event for the gap
// to the next one. Timer granularity makes it fall far behind 100k/s, so it
// stops after two seconds and reports what it managed.
func BenchmarkPace100kNaive(b *testing.B) {
	const rate = 100000
	gap := time.Second / rate
	b.ResetTimer()
	cpu0 := cpuTime(b)
	start := time.Now()
	n := 0
	for n < b.N && time.Since(start) < 2*time.Second {
		time.Sleep(gap)
		n++
	}
	elapsed := time.Since(start)
	cpu := cpuTime(b) - cpu0
	b.StopTimer()
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(n), "cpu-ns/event")
	b.ReportMetric(float64(n)/elapsed.Seconds(), "events/s")
}
