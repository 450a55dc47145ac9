package topic

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/prodshape/prodshape/analysis/metrics"
	"github.com/prodshape/prodshape/sinks/kafka"
)

// seed writes records into a topic with a bare franz-go producer (the
// analyzer must not care who wrote them): n JSON records, 90% keyed "hot"
// and the rest spread over 50 keys, with event times age before now;
// then a few records that are not JSON and a few without event time.
func seed(t *testing.T, brokers []string, topic string, n int, age time.Duration) {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.DefaultProduceTopic(topic))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx := context.Background()
	var recs []*kgo.Record
	eventTime := time.Now().Add(-age).UTC()
	for i := range n {
		key := "hot"
		if i%10 == 0 {
			key = fmt.Sprintf("k%d", i%500)
		}
		v := fmt.Sprintf(`{"seq":%d,"event_time":%q,"pad":%q}`, i, eventTime.Format(time.RFC3339Nano), strings.Repeat("x", i%100))
		recs = append(recs, &kgo.Record{Key: []byte(key), Value: []byte(v)})
	}
	recs = append(recs,
		&kgo.Record{Key: []byte("x"), Value: []byte("not json")},
		&kgo.Record{Key: []byte("y"), Value: []byte(`{"seq":-1}`)},
		&kgo.Record{Key: []byte("z"), Value: []byte(`{"seq":-2,"event_time":1700000000000}`)},
	)
	if err := cl.ProduceSync(ctx, recs...).FirstErr(); err != nil {
		t.Fatal(err)
	}
}

func TestAnalyze(t *testing.T) {
	e, err := kafka.StartEmbedded(kafka.EmbeddedConfig{Partitions: 6, Topics: []string{"clicks"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.Close)
	const n = 3000
	seed(t, e.Addrs(), "clicks", n, 90*time.Second)

	r, err := Analyze(context.Background(), Config{Brokers: e.Addrs(), Topic: "clicks"})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Complete || r.Records != n+3 || len(r.Partitions) != 6 {
		t.Fatalf("read %d records from %d partitions (complete %v), want %d from 6", r.Records, len(r.Partitions), r.Complete, n+3)
	}
	var sum int64
	for _, p := range r.Partitions {
		sum += p.Records
	}
	if sum != r.Records {
		t.Errorf("partitions hold %d records, total says %d", sum, r.Records)
	}
	// 90% of the records share one key, so one partition holds at least that.
	if skew := r.KeySkew(); skew < 0.9 || skew > 0.95 {
		t.Errorf("key skew %.3f, want about 0.9", skew)
	}
	if r.InvalidJSON != 1 || r.NoEventTime != 1 {
		t.Errorf("invalid JSON %d, no event time %d; want 1 and 1", r.InvalidJSON, r.NoEventTime)
	}

	m := metrics.NewSet()
	r.Fill(m)
	m.Summarize()
	// Freshness: the records were written about 90s after their event time
	// (one record carries a 2023 time in Unix ms, which shows as the max).
	p50, _ := m.Get(MetricFreshness + ".p50")
	if p50 < 85 || p50 > 150 {
		t.Errorf("freshness p50 %.1fs, want about 90s", p50)
	}
	if mx, _ := m.Get(MetricFreshness + ".max"); mx < 365*24*3600 {
		t.Errorf("freshness max %.0fs: the Unix-ms event time of 2023 was not read", mx)
	}
	size, _ := m.Get(MetricRecordSize + ".p50")
	if size < 80 || size > 200 {
		t.Errorf("record size p50 %.0f bytes, want about 130", size)
	}
	for name := range m.Values() {
		if _, ok := metrics.Lookup(name); !ok && !strings.HasPrefix(name, MetricFreshness) {
			t.Errorf("%s is not registered", name)
		}
	}
	if tabs := m.Tables(); len(tabs) != 1 || len(tabs[0].Rows) != 6 {
		t.Errorf("want one table with a row per partition, got %+v", tabs)
	}
}

func TestAnalyzeMissingTopic(t *testing.T) {
	e, err := kafka.StartEmbedded(kafka.EmbeddedConfig{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.Close)
	_, err = Analyze(context.Background(), Config{Brokers: e.Addrs(), Topic: "nope"})
	if !errors.Is(err, ErrTarget) || !strings.Contains(err.Error(), "nope") {
		t.Fatalf("got %v, want an error naming the topic", err)
	}
}

func TestEventTime(t *testing.T) {
	want := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		raw  string
		ok   bool
	}{
		{"rfc3339", `"2026-03-02T10:00:00Z"`, true},
		{"rfc3339 micro", `"2026-03-02T10:00:00.000000Z"`, true},
		{"unix s", fmt.Sprint(want.Unix()), true},
		{"unix ms", fmt.Sprint(want.UnixMilli()), true},
		{"unix µs", fmt.Sprint(want.UnixMicro()), true},
		{"unix ns", fmt.Sprint(want.UnixNano()), true},
		{"null", `null`, false},
		{"garbage", `"yesterday"`, false},
		{"missing", ``, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := eventTime([]byte(tt.raw))
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v", ok, tt.ok)
			}
			if ok && math.Abs(got.Sub(want).Seconds()) > 1e-3 {
				t.Errorf("got %v, want %v", got, want)
			}
		})
	}
}
