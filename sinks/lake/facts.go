package lake

import (
	"github.com/HdrHistogram/hdrhistogram-go"

	"github.com/prodshape/prodshape/analysis/metrics"
	"github.com/prodshape/prodshape/sinks/facts"
)

// Facts reports, after Close, every file committed (in commit order, with
// those compaction replaced marked Removed), the freshness observed, the
// compaction counts and, below full scale, the projection to production
// volume. Records and Bytes are the live files' rows and bytes.
func (s *Sink) Facts() facts.Report {
	live := map[*fileEntry]bool{}
	for _, fs := range s.live {
		for _, f := range fs {
			live[f] = true
		}
	}
	l := &facts.Lake{Start: s.start, End: s.end, TargetFileSize: s.cfg.TargetFileSize,
		Files: make([]facts.File, len(s.files))}
	r := facts.Report{Sink: "lake", Lake: l}
	for i, f := range s.files {
		l.Files[i] = f.File
		l.Files[i].Removed = !live[f]
		if live[f] {
			r.Records += f.Rows
			r.Bytes += f.Size
		}
	}
	w := &facts.LakeWriter{CompactionRuns: s.compactions, Rewritten: s.rewritten}
	w.Freshness, w.FreshnessHourly = s.pool.freshness()
	if s.projected != nil {
		w.Projected = &facts.Projection{Files: s.projected, Written: s.projWritten, Rewritten: s.projRewritten}
	}
	l.Writer = w
	return r
}

// freshness merges the workers' freshness histograms.
func (p *encodePool) freshness() (*hdrhistogram.Histogram, map[int64]*hdrhistogram.Histogram) {
	all := metrics.NewHistogram()
	hourly := map[int64]*hdrhistogram.Histogram{}
	for _, f := range p.fresh {
		all.Merge(f.all)
		for h, hh := range f.hourly {
			if dst := hourly[h]; dst != nil {
				dst.Merge(hh)
			} else {
				dst = hdrhistogram.New(1, 7*24*hourUs, 2)
				dst.Merge(hh)
				hourly[h] = dst
			}
		}
	}
	return all, hourly
}
