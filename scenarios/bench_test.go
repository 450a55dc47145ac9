package scenarios

import (
	"context"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/brianvoe/gofakeit/v7"

	"github.com/prodshape/prodshape/generators"
	"github.com/prodshape/prodshape/sinks/jsonl"
)

// clickstream loads the built-in 10-field clickstream stream at a scale
// whose rate keeps batches full.
func clickstream(b *testing.B) (*Scenario, *generators.Stream) {
	b.Helper()
	s, err := Load("clickstream-day", Options{Sets: []string{"scale=0.01"}})
	if err != nil {
		b.Fatal(err)
	}
	return s, firstStream(b, s)
}

// firstStream builds the generator of a scenario's first stream, unsharded.
func firstStream(b *testing.B, s *Scenario) *generators.Stream {
	b.Helper()
	pools, err := s.BuildEntities()
	if err != nil {
		b.Fatal(err)
	}
	cfg, err := s.StreamConfig(0, pools, 0, 1)
	if err != nil {
		b.Fatal(err)
	}
	gen, err := generators.NewStream(cfg)
	if err != nil {
		b.Fatal(err)
	}
	return gen
}

// BenchmarkGenerateClickstream fills 10-column batches into nothing: the
// cost of generation alone (records/s is the figure to quote).
func BenchmarkGenerateClickstream(b *testing.B) {
	_, gen := clickstream(b)
	batch := gen.NewBatch()
	b.ReportAllocs()
	b.ResetTimer()
	var n int
	for n < b.N {
		if !gen.Next(batch) {
			b.Fatal("stream ended; raise the duration")
		}
		n += batch.Len()
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "records/s")
}

// naiveEvent is what a hand-written generator makes per record.
type naiveEvent struct {
	EventID, UserID, SessionID, EventType, URL, Country, Device, Referrer string
	EventTime                                                             time.Time
	Price                                                                 float64
}

// BenchmarkGenerateNaiveGofakeit is the baseline: one gofakeit call per
// field per record, the way a quick generator script is written.
func BenchmarkGenerateNaiveGofakeit(b *testing.B) {
	f := gofakeit.New(42)
	events := []string{"page_view", "add_to_cart", "purchase"}
	devices := []string{"mobile", "desktop", "tablet"}
	t := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	var sink naiveEvent
	for i := 0; i < b.N; i++ {
		e := naiveEvent{
			EventID:   f.UUID(),
			EventTime: t.Add(time.Duration(i) * time.Millisecond),
			UserID:    "user-" + f.DigitN(6),
			SessionID: "session-" + f.DigitN(8),
			EventType: f.RandomString(events),
			URL:       f.URL(),
			Country:   f.CountryAbr(),
			Device:    f.RandomString(devices),
			Referrer:  f.DomainName(),
			Price:     f.Price(1, 200),
		}
		sink = e
	}
	_ = sink
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkRunClickstreamJSONL is the whole pipeline (generate on one
// goroutine, encode and write JSON lines on another) into a file: on disk,
// where the disk's own write rate is the ceiling (a 330-byte record at
// ~190 MB/s with fdatasync is ~570,000 records/s here), and in memory
// (/dev/shm), which measures the pipeline itself.
func BenchmarkRunClickstreamJSONL(b *testing.B) {
	dirs := []struct{ name, dir string }{{"disk", ""}}
	if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
		dirs = append(dirs, struct{ name, dir string }{"tmpfs", "/dev/shm"})
	}
	for _, d := range dirs {
		b.Run(d.name, func(b *testing.B) {
			s, err := Load("clickstream-day", Options{Sets: []string{"scale=0.01", "sinks[0].jsonl=out.jsonl"}})
			if err != nil {
				b.Fatal(err)
			}
			// One simulated second at scale 0.01 is ~140 records; size the clock to b.N.
			secs := max(1, b.N/140)
			s.Clock.Duration = Duration(time.Duration(secs) * time.Second)
			out := b.TempDir()
			if d.dir != "" {
				if out, err = os.MkdirTemp(d.dir, "prodshape-bench-"); err != nil {
					b.Fatal(err)
				}
				defer os.RemoveAll(out)
			}
			b.ReportAllocs()
			b.ResetTimer()
			res, err := Run(context.Background(), s, RunOptions{OutDir: out, Stdout: io.Discard})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(res.Metrics["records.total"]/b.Elapsed().Seconds(), "records/s")
			b.ReportMetric(res.Metrics["jsonl.bytes"]/res.Metrics["records.total"], "bytes/record")
		})
	}
}

// BenchmarkJSONLEncode is the encoder alone.
func BenchmarkJSONLEncode(b *testing.B) {
	_, gen := clickstream(b)
	batch := gen.NewBatch()
	gen.Next(batch)
	var buf []byte
	var enc jsonl.Encoder
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		buf = enc.Append(buf[:0], batch, i%batch.Len())
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkDayMemory runs a whole 24-hour virtual day of the clickstream
// into the discard sink and reports the process's peak resident memory
// (VmHWM): it must stay flat with run length (under 256 MiB at any scale).
func BenchmarkDayMemory(b *testing.B) {
	for i := 0; i < b.N; i++ {
		s, err := Load("clickstream-day", Options{Sets: []string{"scale=0.001", "sinks[0]={discard: true}"}})
		if err != nil {
			b.Fatal(err)
		}
		res, err := Run(context.Background(), s, RunOptions{OutDir: b.TempDir(), Stdout: io.Discard})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(res.Metrics["records.total"], "records")
	}
	if hwm, ok := peakRSS(); ok {
		b.ReportMetric(hwm/(1<<20), "peak-RSS-MiB")
	}
}

// peakRSS reads the process's high-water resident set size from /proc.
func peakRSS() (float64, bool) {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 64)
			return kb * 1024, err == nil
		}
	}
	return 0, false
}
