package lake

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/prodshape/prodshape/sinks"
	"github.com/prodshape/prodshape/sinks/facts"
)

// planCompaction picks which of a partition's files to rewrite together:
// files under SmallFileShare of the target, in key order, packed into bins
// of at most target bytes. A bin of one file would rewrite it unchanged, so
// only bins of two or more files are returned.
func planCompaction(sizes []int64, target int64) [][]int {
	limit := int64(float64(target) * SmallFileShare)
	var bins [][]int
	var cur []int
	var curSize int64
	for i, sz := range sizes {
		if sz >= limit {
			continue
		}
		if len(cur) > 0 && curSize+sz > target {
			if len(cur) > 1 {
				bins = append(bins, cur)
			}
			cur, curSize = nil, 0
		}
		cur = append(cur, i)
		curSize += sz
	}
	if len(cur) > 1 {
		bins = append(bins, cur)
	}
	return bins
}

// compact runs one compaction tick at the given clock time over files
// committed by then. Outputs are stored before their inputs are deleted, so
// a reader never misses rows (it may briefly see both, as with any
// object-store compaction without a table format).
func (s *Sink) compact(at time.Time) error {
	if err := s.pool.wait(); err != nil {
		return err
	}
	s.compactions++
	for part := int32(0); int(part) < len(s.parts.paths); part++ {
		files := s.live[part]
		var ready []*fileEntry
		var sizes []int64
		for _, f := range files {
			if !f.Committed.After(at) {
				ready = append(ready, f)
				sizes = append(sizes, f.Size)
			}
		}
		bins := planCompaction(sizes, s.cfg.Compaction.TargetSize)
		if len(bins) == 0 {
			continue
		}
		gone := map[*fileEntry]bool{}
		for _, bin := range bins {
			inputs := make([]*fileEntry, len(bin))
			for k, idx := range bin {
				inputs[k] = ready[idx]
			}
			out, err := s.rewrite(part, inputs, at)
			if err != nil {
				return err
			}
			keys := make([]string, len(inputs))
			for k, in := range inputs {
				keys[k] = in.Key
				gone[in] = true
			}
			if err := s.cfg.Store.Delete(context.Background(), keys...); err != nil {
				return fmt.Errorf("lake: compaction delete in %s: %w: %w", s.cfg.Store.URL(), sinks.ErrTarget, err)
			}
			s.rewritten += int64(len(inputs))
			s.files = append(s.files, out)
			files = append(files, out)
		}
		kept := files[:0]
		for _, f := range files {
			if !gone[f] {
				kept = append(kept, f)
			}
		}
		s.live[part] = kept
	}
	return nil
}

// rewrite reads the inputs' rows back from the store and writes them as one
// file with full-size row groups.
func (s *Sink) rewrite(part int32, inputs []*fileEntry, at time.Time) (*fileEntry, error) {
	ctx := context.Background()
	if s.compactor == nil {
		s.compactor = newEncoder(s.cfg.Schema, s.pschema, s.codec, s.cfg.RowGroupRows)
	}
	enc := s.compactor
	w := enc.writer()
	defer enc.release()
	var rows int64
	for _, in := range inputs {
		r, size, err := s.cfg.Store.Open(ctx, in.Key)
		if err != nil {
			return nil, fmt.Errorf("lake: compaction open %s: %w: %w", in.Key, sinks.ErrTarget, err)
		}
		f, err := parquet.OpenFile(r, size)
		if err == nil {
			for _, rg := range f.RowGroups() {
				rr := rg.Rows()
				n, cerr := parquet.CopyRows(w, rr)
				rr.Close()
				rows += n
				if cerr != nil {
					err = cerr
					break
				}
			}
		}
		r.Close()
		if err != nil {
			return nil, fmt.Errorf("lake: compaction read %s: %w", in.Key, err)
		}
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("lake: compaction write: %w", err)
	}
	data := enc.out.Bytes()
	groups, err := rowGroupCount(data)
	if err != nil {
		return nil, err
	}
	path := s.parts.paths[part]
	key := fmt.Sprintf("%s/part-c00-%06d.parquet", path, s.compactSeq)
	if path == "" {
		key = key[1:]
	}
	s.compactSeq++
	if err := s.cfg.Store.Put(ctx, key, data); err != nil {
		return nil, fmt.Errorf("lake: compaction store %s in %s: %w: %w", key, s.cfg.Store.URL(), sinks.ErrTarget, err)
	}
	if s.cfg.OnCommit != nil {
		s.cfg.OnCommit(int64(len(data)))
	}
	return &fileEntry{File: facts.File{Key: key, Partition: path, Size: int64(len(data)), Rows: rows, RowGroups: int64(groups), Committed: at, CommittedWall: time.Now(), Compacted: true}, part: part}, nil
}

func rowGroupCount(data []byte) (int, error) {
	f, err := parquet.OpenFile(bytes.NewReader(data), int64(len(data)), parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true))
	if err != nil {
		return 0, fmt.Errorf("lake: compaction output unreadable: %w", err)
	}
	return len(f.RowGroups()), nil
}
