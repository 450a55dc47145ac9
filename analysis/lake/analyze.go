package lake

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/prodshape/prodshape/analysis/lake/catalog"
	"github.com/prodshape/prodshape/analysis/metrics"
	"github.com/prodshape/prodshape/sinks/facts"
	"github.com/prodshape/prodshape/sinks/objstore"
)

// Options tune an analysis; zero values take the catalog defaults.
type Options struct {
	// Prefix limits the analysis to keys under it.
	Prefix         string
	TargetFileSize int64
	GETPer1000     float64
	LISTPer1000    float64
	// Scan reads every row once and measures how long that takes.
	Scan bool
	// Workers reading footers (and rows) in parallel; 0 means 8 per CPU.
	Workers int
}

func (o Options) catalog() catalog.Options {
	return catalog.Options{TargetFileSize: o.TargetFileSize, GETPer1000: o.GETPer1000, LISTPer1000: o.LISTPer1000}
}

// Analysis is what was found.
type Analysis struct {
	Files         []facts.File
	FooterSeconds float64
	ScanSeconds   float64 // 0 unless Options.Scan
	ScannedRows   int64
	Skipped       []string // objects that are not Parquet data files
}

// ErrNoFiles is returned when the location holds no Parquet files.
var ErrNoFiles = errors.New("no Parquet files found")

// Analyze lists the store and reads every Parquet footer.
func Analyze(ctx context.Context, st objstore.Store, o Options) (*Analysis, error) {
	began := time.Now()
	var objs []objstore.Object
	a := &Analysis{}
	err := st.List(ctx, o.Prefix, func(ob objstore.Object) error {
		if isDataFile(ob.Key) {
			objs = append(objs, ob)
		} else {
			a.Skipped = append(a.Skipped, ob.Key)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", st.URL(), err)
	}
	if len(objs) == 0 {
		return nil, fmt.Errorf("%s: %w (looked for *.parquet under prefix %q)", st.URL(), ErrNoFiles, o.Prefix)
	}
	a.Files = make([]facts.File, len(objs))
	err = parallel(ctx, len(objs), o.Workers, func(i int) error {
		ob := objs[i]
		f := facts.File{Key: ob.Key, Partition: facts.PartitionOf(ob.Key), Size: ob.Size, Committed: ob.Modified}
		err := withFile(ctx, st, ob.Key, func(pf *parquet.File) error {
			f.Rows = pf.NumRows()
			f.RowGroups = int64(len(pf.Metadata().RowGroups))
			return nil
		})
		a.Files[i] = f
		return err
	})
	if err != nil {
		return nil, err
	}
	a.FooterSeconds = time.Since(began).Seconds()
	if o.Scan {
		if err := a.scan(ctx, st, o); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// isDataFile skips markers and hidden files (_SUCCESS, .crc, temp files).
func isDataFile(key string) bool {
	base := path.Base(key)
	return strings.HasSuffix(base, ".parquet") && !strings.HasPrefix(base, "_") && !strings.HasPrefix(base, ".")
}

func withFile(ctx context.Context, st objstore.Store, key string, fn func(*parquet.File) error) error {
	r, size, err := st.Open(ctx, key)
	if err != nil {
		return fmt.Errorf("open %s: %w", key, err)
	}
	defer r.Close()
	pf, err := parquet.OpenFile(r, size, parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true), parquet.ReadBufferSize(64<<10))
	if err != nil {
		return fmt.Errorf("%s: not a readable Parquet file: %w", key, err)
	}
	return fn(pf)
}

// scan reads every row of every file once.
func (a *Analysis) scan(ctx context.Context, st objstore.Store, o Options) error {
	began := time.Now()
	var mu sync.Mutex
	err := parallel(ctx, len(a.Files), o.Workers, func(i int) error {
		return withFile(ctx, st, a.Files[i].Key, func(pf *parquet.File) error {
			var n int64
			buf := make([]parquet.Row, 256)
			for _, rg := range pf.RowGroups() {
				rows := rg.Rows()
				for {
					k, err := rows.ReadRows(buf)
					n += int64(k)
					if err == io.EOF {
						break
					}
					if err != nil {
						rows.Close()
						return fmt.Errorf("scan %s: %w", a.Files[i].Key, err)
					}
				}
				rows.Close()
			}
			mu.Lock()
			a.ScannedRows += n
			mu.Unlock()
			return nil
		})
	})
	a.ScanSeconds = time.Since(began).Seconds()
	return err
}

func parallel(ctx context.Context, n, workers int, fn func(i int) error) error {
	if workers <= 0 {
		// Footer reads wait on the store more than on the CPU.
		workers = 8 * runtime.GOMAXPROCS(0)
	}
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
		next  int
	)
	for range min(workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				i := next
				next++
				stop := first != nil || i >= n
				mu.Unlock()
				if stop || ctx.Err() != nil {
					return
				}
				if err := fn(i); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	if first != nil {
		return first
	}
	return ctx.Err()
}

// Lake returns the listing as lake facts: every file live, the hourly
// charts anchored at the hour of the earliest modification time.
func (a *Analysis) Lake() *facts.Lake {
	l := &facts.Lake{Files: a.Files}
	for _, f := range a.Files {
		if !f.Committed.IsZero() && (l.Start.IsZero() || f.Committed.Before(l.Start)) {
			l.Start = f.Committed
		}
	}
	l.Start = l.Start.Truncate(time.Hour)
	return l
}

// Report puts the lake metrics and charts into m, through Measure as a
// run's lake does, plus the timings of the listing and the scan.
func (a *Analysis) Report(m *metrics.Set, o Options) {
	Measure(m, a.Lake(), o)
	m.Put(catalog.MetricFooterSeconds, a.FooterSeconds)
	PutScan(m, a)
}
