package lake

import (
	"context"
	"sort"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/prodshape/prodshape/sinks/objstore"
)

// The same lake through the S3 API, against the embedded S3 server on
// loopback: every file the writer committed is listed and readable, and
// compaction's deletes go through too.
func TestLakeOnEmbeddedS3(t *testing.T) {
	ctx := context.Background()
	st, err := objstore.Open(ctx, "s3://lake-test/clicks", objstore.Options{Endpoint: objstore.EndpointEmbedded, EmbeddedDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	s := newSink(t, Config{Store: st, PartitionBy: []string{"hr={event_time:15}", "type={event_type}"},
		Writer:     PolicyConfig{Policy: "microbatch", FlushEvery: 10 * time.Minute, Concurrency: 2},
		Compaction: Compaction{Every: time.Hour, TargetSize: 8 << 20}})
	feed(t, s, day0, 2*3600, time.Second, 1)
	if err := s.Close(ctx); err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, f := range s.Files() {
		want = append(want, f.Key)
	}
	got := listKeys(t, st)
	sort.Strings(want)
	if len(got) != len(want) || len(got) != 6 {
		t.Fatalf("listed %d objects, catalog %d, want 6 (one per partition after compaction)", len(got), len(want))
	}
	var rows int64
	for i, k := range got {
		if k != want[i] {
			t.Errorf("listed %s, catalog %s", k, want[i])
		}
		r, size, err := st.Open(ctx, k)
		if err != nil {
			t.Fatal(err)
		}
		pf, err := parquet.OpenFile(r, size)
		if err != nil {
			t.Fatalf("%s: %v", k, err)
		}
		rows += pf.NumRows()
		r.Close()
	}
	if rows != 2*3600 {
		t.Errorf("rows = %d, want %d", rows, 2*3600)
	}
}
