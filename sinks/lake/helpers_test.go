package lake

import (
	"context"
	"fmt"
	"testing"
	"time"

	analake "github.com/prodshape/prodshape/analysis/lake"
	"github.com/prodshape/prodshape/analysis/metrics"
	"github.com/prodshape/prodshape/generators"
	"github.com/prodshape/prodshape/sinks/objstore"
)

var testSchema = &generators.Schema{Stream: "clicks", Fields: []generators.Field{
	{Name: "event_id", Type: generators.String},
	{Name: "event_time", Type: generators.Timestamp},
	{Name: "user_id", Type: generators.Int64},
	{Name: "event_type", Type: generators.String, Distinct: 3}, // dictionary-encoded
	{Name: "price", Type: generators.Float64, Nullable: true},
	{Name: "mobile", Type: generators.Bool},
}}

var testTypes = []string{"page_view", "add_to_cart", "purchase"}

var day0 = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)

// feed writes n records spaced every apart from start, in batches of size
// batch, record k of type k%3 with user k%97. Only records whose index is a
// multiple of keep are emitted (keep=10 is a 10% slice with the same shape).
func feed(t testing.TB, s *Sink, start time.Time, n int, every time.Duration, keep int) {
	t.Helper()
	const batch = 4096
	b := newTestBatch(batch)
	for lo := 0; lo < n; lo += batch {
		b.reset()
		for k := lo; k < min(lo+batch, n); k++ {
			if keep > 1 && k%keep != 0 {
				continue
			}
			b.add(start.Add(time.Duration(k)*every), int64(k))
		}
		hi := min(lo+batch, n)
		b.Watermark = start.Add(time.Duration(hi) * every)
		if err := s.Write(context.Background(), &b.Batch); err != nil {
			t.Fatalf("write: %v", err)
		}
	}
}

type testBatch struct{ generators.Batch }

func newTestBatch(capacity int) *testBatch {
	b := &testBatch{}
	b.Schema = testSchema
	b.Columns = make([]generators.Column, len(testSchema.Fields))
	for i, f := range testSchema.Fields {
		b.Columns[i].Field = f
	}
	// event_type picks from a fixed list, as an enum does: the sink
	// keeps positions in it; event_id's strings it copies.
	b.Columns[3].Pool = testTypes
	return b
}

func (b *testBatch) reset() {
	b.Arrival, b.Seq = b.Arrival[:0], b.Seq[:0]
	for i := range b.Columns {
		c := &b.Columns[i]
		c.Strings, c.Ints, c.Floats, c.Bools, c.Null = c.Strings[:0], c.Ints[:0], c.Floats[:0], c.Bools[:0], c.Null[:0]
		c.Index = c.Index[:0]
	}
}

func (b *testBatch) add(at time.Time, k int64) {
	c := b.Columns
	c[0].Strings = append(c[0].Strings, fmt.Sprintf("ev-%08d", k))
	c[1].Ints = append(c[1].Ints, at.UnixMicro())
	c[2].Ints = append(c[2].Ints, k%97)
	typ := testTypes[k%3]
	c[3].Strings = append(c[3].Strings, typ)
	c[3].Index = append(c[3].Index, int32(k%3))
	c[4].Floats = append(c[4].Floats, float64(k%1000)/10)
	c[4].Null = append(c[4].Null, typ != "purchase")
	c[5].Bools = append(c[5].Bools, k%2 == 0)
	b.Arrival = append(b.Arrival, at.UnixNano())
	b.Seq = append(b.Seq, k)
}

func newStore(t testing.TB) objstore.Store {
	t.Helper()
	st, err := objstore.NewLocal(t.TempDir(), objstore.DeferSync())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func newSink(t testing.TB, cfg Config) *Sink {
	t.Helper()
	if cfg.Store == nil {
		cfg.Store = newStore(t)
	}
	if cfg.Schema == nil {
		cfg.Schema = testSchema
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func listKeys(t testing.TB, st objstore.Store) []string {
	t.Helper()
	var keys []string
	err := st.List(context.Background(), "", func(o objstore.Object) error {
		keys = append(keys, o.Key)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

// measured is the sink's metrics, as a run computes them from its facts.
func measured(s *Sink) *metrics.Set {
	m := metrics.NewSet()
	analake.Measure(m, s.Facts().Lake, analake.Options{})
	return m
}
