package kafka

import (
	"context"
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/prodshape/prodshape/generators"
)

var start = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)

// clickstream returns a seeded generator of clickstream records of about
// 300 bytes of JSON each, at rate records/s for the given span.
func clickstream(tb testing.TB, rate float64, span time.Duration) *generators.Stream {
	tb.Helper()
	users, err := generators.NewEntities("users", "user-", 100_000, 1.1, 7)
	if err != nil {
		tb.Fatal(err)
	}
	types, err := generators.NewWeightedPick([]float64{96.7, 2.5, 0.8})
	if err != nil {
		tb.Fatal(err)
	}
	urls := []string{
		"https://shop.example.com/catalog/outdoor/tents/ultralight-2p?ref=home&utm_source=newsletter",
		"https://shop.example.com/catalog/kitchen/knives/chef-8in?ref=search&q=knife",
		"https://shop.example.com/cart?step=review",
		"https://shop.example.com/account/orders/history?page=2",
	}
	agents := []string{
		"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
		"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
	}
	s, err := generators.NewStream(generators.StreamConfig{
		Name:      "clickstream",
		Seed:      42,
		Start:     start,
		Duration:  span,
		Rate:      generators.Rate{Base: rate},
		BatchSize: 2000,
		Fields: []generators.FieldConfig{
			{Name: "seq", Values: generators.Sequence{}},
			{Name: "event_id", Values: generators.UUID{}},
			{Name: "event_time", Values: generators.EventTime{}},
			{Name: "user_id", Values: generators.Ref{Entities: users}},
			{Name: "event_type", Values: &generators.Choice{Values: []string{"page_view", "add_to_cart", "purchase"}, Picker: types}},
			{Name: "url", Values: &generators.Choice{Values: urls, Picker: generators.UniformPick{N: len(urls)}}},
			{Name: "user_agent", Values: &generators.Choice{Values: agents, Picker: generators.UniformPick{N: len(agents)}}},
		},
	})
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// writeAll generates the whole stream into the sink and returns the number
// of records generated.
func writeAll(tb testing.TB, ctx context.Context, s *Sink, gen *generators.Stream) int {
	tb.Helper()
	b := gen.NewBatch()
	n := 0
	for gen.Next(b) {
		if err := s.Write(ctx, b); err != nil {
			tb.Fatal(err)
		}
		n += b.Len()
	}
	return n
}

// embedded starts an in-process broker for the test.
func embedded(tb testing.TB, partitions int) *Embedded {
	tb.Helper()
	e, err := StartEmbedded(EmbeddedConfig{Partitions: partitions})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(e.Close)
	return e
}

// openSink opens a sink on the test's context with cleanup.
func openSink(tb testing.TB, cfg Config) *Sink {
	tb.Helper()
	s, err := Open(context.Background(), cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// consumeSeqs reads a topic to its end with a franz-go consumer and returns
// how often each "seq" value was seen.
func consumeSeqs(t *testing.T, brokers []string, topic string, want int) map[int64]int {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.ConsumeTopics(topic),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	seen := map[int64]int{}
	total := 0
	for total < want {
		fs := cl.PollFetches(ctx)
		if err := ctx.Err(); err != nil {
			t.Fatalf("consumed %d of %d records: %v", total, want, err)
		}
		fs.EachError(func(topic string, p int32, err error) { t.Fatalf("fetch %s/%d: %v", topic, p, err) })
		fs.EachRecord(func(r *kgo.Record) {
			var v struct{ Seq int64 }
			if err := json.Unmarshal(r.Value, &v); err != nil {
				t.Fatalf("record at %d/%d is not JSON: %v", r.Partition, r.Offset, err)
			}
			seen[v.Seq]++
			total++
		})
	}
	// Anything beyond want would be a duplicate; give it a moment to show.
	short, cancel2 := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel2()
	cl.PollFetches(short).EachRecord(func(*kgo.Record) { total++ })
	if total != want {
		t.Errorf("topic holds %d records, want %d", total, want)
	}
	return seen
}

// checkExactlyOnce fails unless seen holds every seq in [0,n) exactly once.
func checkExactlyOnce(t *testing.T, seen map[int64]int, n int) {
	t.Helper()
	dups, missing := 0, 0
	for i := range int64(n) {
		switch seen[i] {
		case 0:
			missing++
		case 1:
		default:
			dups++
		}
	}
	if dups > 0 || missing > 0 || len(seen) != n {
		t.Errorf("%d duplicated and %d missing sequence numbers of %d (%d distinct seen)", dups, missing, n, len(seen))
	}
}

// requireTool returns the path of a command-line tool, skipping the test when
// it is missing, or failing it under CI=true.
func requireTool(t *testing.T, name, setup string) string {
	t.Helper()
	path, err := execLookPath(name)
	if err == nil {
		return path
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s not found on PATH (run %s)", name, setup)
	}
	t.Skipf("%s not found on PATH; run %s to install it", name, setup)
	return ""
}
