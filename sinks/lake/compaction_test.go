package lake

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"sync/atomic"
	"testing"
	"time"

	analake "github.com/prodshape/prodshape/analysis/lake"
	"github.com/prodshape/prodshape/analysis/metrics"
	"github.com/prodshape/prodshape/sinks"
	"github.com/prodshape/prodshape/sinks/objstore"
)

func TestPlanCompaction(t *testing.T) {
	cases := []struct {
		name  string
		sizes []int64
		want  [][]int
	}{
		{"all small pack to target", []int64{30, 30, 30, 30, 30}, [][]int{{0, 1, 2}, {3, 4}}},
		{"big files stay", []int64{80, 10, 90, 10}, [][]int{{1, 3}}},
		{"a lone small file is not rewritten", []int64{10, 80}, nil},
		{"nothing", nil, nil},
	}
	for _, tc := range cases {
		if got := planCompaction(tc.sizes, 100); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

// Compaction rewrites micro-batch files into few per partition, keeps every
// row, deletes the inputs, and leaves freshness at first commit.
func TestCompaction(t *testing.T) {
	cfg := Config{PartitionBy: []string{"hr={event_time:15}", "type={event_type}"},
		Writer:     PolicyConfig{Policy: "microbatch", FlushEvery: 5 * time.Minute, Concurrency: 2},
		Compaction: Compaction{Every: time.Hour, TargetSize: 64 << 20}, RowGroupRows: 500}
	s := newSink(t, cfg)
	feed(t, s, day0, 2*3600, time.Second, 1)
	if err := s.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	files := s.Files()
	if len(files) != 6 {
		t.Errorf("files after compaction = %d, want 6 (one per partition)", len(files))
	}
	keys := listKeys(t, s.cfg.Store)
	if len(keys) != len(files) {
		t.Errorf("store holds %d objects, catalog %d: inputs not deleted?", len(keys), len(files))
	}
	var total int64
	for _, f := range files {
		total += readWithArrowRows(t, s, f.Key)
		// Compaction makes full row groups, not one per input file.
		if want := (f.Rows + 499) / 500; f.RowGroups != want {
			t.Errorf("%s: %d row groups for %d rows, want %d", f.Key, f.RowGroups, f.Rows, want)
		}
	}
	if total != 2*3600 {
		t.Errorf("rows after compaction = %d, want %d", total, 2*3600)
	}
	m := measured(s)
	m.Summarize()
	if v, _ := m.Get(analake.MetricFilesWritten); v != 2*24*6/2 {
		t.Errorf("files written = %v, want %d", v, 2*24*6/2)
	}
	if v, _ := m.Get("freshness.max"); v > 5*60+1 {
		t.Errorf("freshness.max = %vs: compaction must not delay first visibility", v)
	}
}

// A 10% slice projected to scale 1 gives the file count the full run
// measures, though the slice itself writes fewer files.
func TestProjection(t *testing.T) {
	cfg := Config{PartitionBy: []string{"type={event_type}"},
		Writer: PolicyConfig{Policy: "microbatch", FlushEvery: 5 * time.Minute, Concurrency: 8}}
	full := newSink(t, cfg)
	feed(t, full, day0, 3600, time.Second, 1)
	if err := full.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	cfg.Scale = 0.05
	slice := newSink(t, cfg)
	feed(t, slice, day0, 3600, time.Second, 20)
	if err := slice.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	m := measured(slice)
	measured, _ := m.Get("lake.files.total")
	projected, _ := m.Get("lake.files.total@1x")
	want := float64(len(full.Files()))
	if want != 8*12*3 {
		t.Fatalf("full run files = %v, want %d", want, 8*12*3)
	}
	if measured >= want/2 {
		t.Errorf("the 5%% slice wrote %v files; expected far fewer than %v", measured, want)
	}
	if projected != want {
		t.Errorf("projected files = %v, want %v", projected, want)
	}
	if written, _ := m.Get(analake.MetricFilesWritten + "@1x"); written != projected {
		t.Errorf("projected files written = %v, want %v (no compaction)", written, projected)
	}
	rows, _ := m.Get("lake.rows.total@1x")
	if rows < 3500 || rows > 3700 {
		t.Errorf("projected rows = %v, want ≈3600", rows)
	}
	p50, _ := m.Get("lake.file_size.p50@1x")
	var sizes []float64
	for _, f := range full.Files() {
		sizes = append(sizes, float64(f.Size))
	}
	sort.Float64s(sizes)
	if med := sizes[len(sizes)/2]; p50 < med*0.7 || p50 > med*1.3 {
		t.Errorf("projected median size %v, full run %v", p50, med)
	}
}

// Same input, same bytes.
func TestDeterministic(t *testing.T) {
	sum := func() string {
		cfg := Config{PartitionBy: []string{"type={event_type}"}, RouteBy: "user_id",
			Writer:     PolicyConfig{Policy: "microbatch", FlushEvery: 10 * time.Minute, MaxRows: 300, Concurrency: 3},
			Compaction: Compaction{Every: 30 * time.Minute, TargetSize: 1 << 20}}
		s := newSink(t, cfg)
		feed(t, s, day0, 3600, time.Second, 1)
		if err := s.Close(context.Background()); err != nil {
			t.Fatal(err)
		}
		h := sha256.New()
		for _, k := range listKeys(t, s.cfg.Store) {
			r, size, err := s.cfg.Store.Open(context.Background(), k)
			if err != nil {
				t.Fatal(err)
			}
			buf := make([]byte, size)
			r.ReadAt(buf, 0)
			r.Close()
			fmt.Fprintf(h, "%s %x\n", k, sha256.Sum256(buf))
		}
		return fmt.Sprintf("%x", h.Sum(nil))
	}
	if a, b := sum(), sum(); a != b {
		t.Errorf("two runs differ: %s vs %s", a, b)
	}
}

// failingStore stands for a target that breaks mid-run (disk full).
type failingStore struct {
	objstore.Store
	after atomic.Int64
}

func (f *failingStore) Put(ctx context.Context, key string, data []byte) error {
	if f.after.Add(-1) < 0 {
		return errors.New("no space left on device")
	}
	return f.Store.Put(ctx, key, data)
}

func TestStoreFailureIsTargetError(t *testing.T) {
	fs := &failingStore{Store: newStore(t)}
	fs.after.Store(3)
	s := newSink(t, Config{Store: fs, PartitionBy: []string{"type={event_type}"},
		Writer: PolicyConfig{Policy: "microbatch", FlushEvery: time.Minute}})
	b := newTestBatch(16)
	var err error
	for k := 0; k < 3600 && err == nil; k++ {
		b.reset()
		b.add(day0.Add(time.Duration(k)*time.Second), int64(k))
		b.Watermark = day0.Add(time.Duration(k+1) * time.Second)
		err = s.Write(context.Background(), &b.Batch)
	}
	if err == nil {
		err = s.Close(context.Background())
	} else {
		s.Close(context.Background())
	}
	if !errors.Is(err, sinks.ErrTarget) {
		t.Fatalf("err = %v, want it to wrap sinks.ErrTarget", err)
	}
}

// A run's lake metrics, from the writer's facts, and analyze lake's, from a
// listing of what it left, agree: both go through analake.Measure.
func TestFactsMatchListing(t *testing.T) {
	cfg := Config{PartitionBy: []string{"hr={event_time:15}", "type={event_type}"},
		Writer:     PolicyConfig{Policy: "microbatch", FlushEvery: 5 * time.Minute, Concurrency: 2},
		Compaction: Compaction{Every: time.Hour, TargetSize: 64 << 20}, RowGroupRows: 500}
	s := newSink(t, cfg)
	feed(t, s, day0, 2*3600, time.Second, 1)
	if err := s.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	f := s.Facts()
	run := measured(s)
	a, err := analake.Analyze(context.Background(), s.cfg.Store, analake.Options{})
	if err != nil {
		t.Fatal(err)
	}
	listed := metrics.NewSet()
	a.Report(listed, analake.Options{})
	for _, name := range []string{"lake.files.total", "lake.rows.total", "lake.bytes.total", "lake.row_groups.total",
		"lake.partitions.total", "lake.file_size.p50", "lake.files_per_partition.max", "lake.scan.requests"} {
		got, _ := run.Get(name)
		want, ok := listed.Get(name)
		if !ok || got != want {
			t.Errorf("%s: run %v, listing %v", name, got, want)
		}
	}
	if rows, _ := listed.Get("lake.rows.total"); f.Records != int64(rows) {
		t.Errorf("facts records %d, listing rows %v", f.Records, rows)
	}
	if bytes, _ := listed.Get("lake.bytes.total"); f.Bytes != int64(bytes) {
		t.Errorf("facts bytes %d, listing bytes %v", f.Bytes, bytes)
	}
	for _, file := range f.Lake.Files {
		if !file.Removed && file.CommittedWall.IsZero() {
			t.Errorf("%s: no wall-clock commit time", file.Key)
		}
	}
}
