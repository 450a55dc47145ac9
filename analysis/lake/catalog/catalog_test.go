package catalog

import (
	"math"
	"testing"
	"time"

	"github.com/prodshape/prodshape/analysis/metrics"
	"github.com/prodshape/prodshape/sinks/facts"
)

func TestSummarize(t *testing.T) {
	var files []facts.File
	// Partition a: 1,500 files of 1 KiB (two LIST pages); partition b: 10
	// files of 200 MiB with 4 row groups each.
	for i := 0; i < 1500; i++ {
		files = append(files, facts.File{Partition: "p=a", Size: 1 << 10, Rows: 10, RowGroups: 1})
	}
	for i := 0; i < 10; i++ {
		files = append(files, facts.File{Partition: "p=b", Size: 200 << 20, Rows: 1e6, RowGroups: 4})
	}
	s := Summarize(files, Options{Span: 48 * time.Hour})
	checks := []struct {
		name      string
		got, want float64
	}{
		{"files", float64(s.Files), 1510},
		{"rows", float64(s.Rows), 1500*10 + 10e6},
		{"row groups", float64(s.RowGroups), 1500 + 40},
		{"files per partition", float64(s.FilesPerPartitionMax), 1500},
		{"partitions", float64(s.Partitions), 2},
		{"p50", float64(s.SizeP50), 1 << 10},
		{"max", float64(s.SizeMax), 200 << 20},
		{"small share", s.SmallShare, 1500.0 / 1510},
		// A footer GET per file plus one per row group; LIST pages per partition.
		{"GETs", float64(s.GETs), 1500*2 + 10*5},
		{"LISTs", float64(s.LISTs), 2 + 1},
		{"cost", s.CostUSD, 3050.0/1000*DefaultGETPer1000 + 3.0/1000*DefaultLISTPer1000},
		{"files per day", s.FilesPerDay, 755},
	}
	for _, c := range checks {
		if math.Abs(c.got-c.want) > 1e-9*math.Max(1, math.Abs(c.want)) {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}

// The scan model reproduces the two Athena measurements it was fitted to.
func TestScanModel(t *testing.T) {
	for _, c := range []struct{ files, want float64 }{{1e6, 201}, {100, 2.35}} {
		got := c.files*SecondsPerFile + 100e6*SecondsPerRow
		if math.Abs(got-c.want) > 1e-6 {
			t.Errorf("%v files: %v s, want %v", c.files, got, c.want)
		}
	}
}

func TestPutSuffix(t *testing.T) {
	m := metrics.NewSet()
	Summarize([]facts.File{{Partition: "x", Size: 5, Rows: 1, RowGroups: 1}}, Options{}).Put(m, metrics.ProjectedSuffix)
	if v, ok := m.Get("lake.files.total@1x"); !ok || v != 1 {
		t.Errorf("lake.files.total@1x = %v, %v", v, ok)
	}
	if _, ok := m.Get("lake.files.total"); ok {
		t.Error("a projected summary must not set the measured metric")
	}
	for _, name := range []string{MetricFiles, MetricFileSizeP50, MetricFilesPerPartition} {
		if d, ok := metrics.Lookup(name + metrics.ProjectedSuffix); !ok || !d.Projected {
			t.Errorf("%s is not registered as projected", name)
		}
	}
}
