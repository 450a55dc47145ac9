package lake

import (
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/prodshape/prodshape/sinks/facts"
)

// profile is the observed arrival profile: rows per partition per second of
// arrival time. It is all the projection needs to replay the writer policy
// at production volume, and it stays small (at most one entry per partition
// per second) however many rows the run writes.
type profile struct {
	entries []profEntry
	cur     []profEntry // the open second of each partition
}

type profEntry struct {
	sec  int64
	part int32
	rows int32
}

func (p *profile) note(part int32, arrivalNs int64) {
	sec := floorDiv(arrivalNs, 1e9)
	for int(part) >= len(p.cur) {
		p.cur = append(p.cur, profEntry{part: int32(len(p.cur)), sec: math.MinInt64})
	}
	c := &p.cur[part]
	if c.sec == sec && c.rows < math.MaxInt32 {
		c.rows++
		return
	}
	if c.rows > 0 {
		p.entries = append(p.entries, *c)
	}
	c.sec, c.rows = sec, 1
}

// sorted closes every open second and returns all entries in time order.
func (p *profile) sorted() []profEntry {
	out := append([]profEntry(nil), p.entries...)
	for _, c := range p.cur {
		if c.rows > 0 {
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].sec != out[j].sec {
			return out[i].sec < out[j].sec
		}
		return out[i].part < out[j].part
	})
	return out
}

// sizeModel predicts a file's bytes from its rows: a fixed cost (footer,
// page headers, dictionaries) plus a cost per row, fitted by least squares
// over the files the run actually wrote.
type sizeModel struct{ fixed, perRow float64 }

// fitSizes fits the model to the files. When the files cannot carry a fit
// (all of one row count, or so few rows each that the data's own variation
// hides the slope), it takes the fixed cost from floor, the size of a
// one-row file, and spreads the rest over the rows.
func fitSizes(files []*fileEntry, floor int64) sizeModel {
	var n, sx, sy, sxx, sxy float64
	var rows, bytes float64
	for _, f := range files {
		if f.Rows == 0 || f.Size == 0 {
			continue
		}
		x, y := float64(f.Rows), float64(f.Size)
		n++
		sx += x
		sy += y
		sxx += x * x
		sxy += x * y
		rows += x
		bytes += y
	}
	if n == 0 {
		return sizeModel{}
	}
	if den := n*sxx - sx*sx; n >= 2 && den > 0 {
		perRow := (n*sxy - sx*sy) / den
		fixed := (sy - perRow*sx) / n
		if perRow > 0 && fixed >= 0 {
			return sizeModel{fixed: fixed, perRow: perRow}
		}
	}
	fixed := min(float64(floor), bytes/n)
	return sizeModel{fixed: fixed, perRow: max(bytes-n*fixed, 0) / rows}
}

// floorSize is the size of a file holding only the run's first record:
// the footer, one row group's column chunks, page headers and statistics
// of real values, and one row of data.
func (s *Sink) floorSize() int64 {
	if s.first == nil {
		return 0
	}
	data, _, err := newEncoder(s.cfg.Schema, s.pschema, s.codec, s.cfg.RowGroupRows).encode(s.first)
	if err != nil {
		return 0
	}
	return int64(data.n)
}

func (m sizeModel) size(rows int64) int64 {
	return int64(math.Round(m.fixed + m.perRow*float64(rows)))
}

// countSet is a buffer's payload in the projection: rows per partition.
type countSet struct {
	rows    map[int32]int64
	touched []int32
}

// project replays the observed arrival profile at production volume through
// the same policy and compaction planning, with counts instead of rows, and
// returns the files production would end the run with.
func (s *Sink) project() ([]facts.File, error) {
	if s.rows == 0 {
		return nil, nil
	}
	pol, err := NewPolicy(s.cfg.Writer)
	if err != nil {
		return nil, err
	}
	model := fitSizes(s.files, s.floorSize())
	rawPerRow := float64(s.rawBytes) / float64(s.rows)
	rowGroupRows := int64(s.cfg.RowGroupRows)
	if rowGroupRows <= 0 {
		rowGroupRows = DefaultRowGroupRows
	}
	p := &projector{
		model: model, rowGroupRows: rowGroupRows, delay: pol.Delay(),
		live: map[int32][]facts.File{}, paths: s.parts.paths,
		compactEvery: s.cfg.Compaction.Every, target: s.cfg.Compaction.TargetSize,
	}
	p.eng = newEngine(pol, func() *countSet { return &countSet{rows: map[int32]int64{}} }, p.flush)
	entries := s.profile.sorted()
	if p.compactEvery > 0 {
		p.compactNext = nextTick(time.Unix(entries[0].sec, 0).UTC(), p.compactEvery)
	}
	writers := int64(pol.Writers())
	carry := make([]float64, len(s.parts.paths))
	cursor := make([]int64, len(s.parts.paths))
	for _, e := range entries {
		t := time.Unix(e.sec, 0).UTC()
		p.advance(t)
		carry[e.part] += float64(e.rows) / s.cfg.Scale
		n := int64(carry[e.part])
		carry[e.part] -= float64(n)
		// Spread the second's rows over the writers as routing would on
		// average, rotating who gets the remainder.
		share, extra := n/writers, n%writers
		for k := int64(0); k < writers; k++ {
			w := (cursor[e.part] + k) % writers
			r := share
			if k < extra {
				r++
			}
			for r > 0 {
				g := p.eng.buffer(int32(w), e.part)
				take := p.eng.room(g, rawPerRow, r)
				cs := g.payload
				if _, ok := cs.rows[e.part]; !ok {
					cs.touched = append(cs.touched, e.part)
				}
				cs.rows[e.part] += take
				if err := p.eng.add(g, t, take, int64(float64(take)*rawPerRow)); err != nil {
					return nil, err
				}
				r -= take
			}
		}
		cursor[e.part] = (cursor[e.part] + extra) % writers
	}
	for !p.eng.next().IsZero() {
		p.advance(p.eng.next())
	}
	if err := p.eng.drain(s.end); err != nil {
		return nil, err
	}
	if p.compactEvery > 0 {
		p.advance(p.lastCommit.Add(p.compactEvery))
	}
	var out []facts.File
	for part := int32(0); int(part) < len(p.paths); part++ {
		out = append(out, p.live[part]...)
	}
	s.projWritten, s.projRewritten = p.written, p.rewritten
	if len(out) == 0 && s.rows > 0 {
		return nil, fmt.Errorf("lake: projection produced no files")
	}
	return out, nil
}

type projector struct {
	eng          *engine[*countSet]
	model        sizeModel
	rowGroupRows int64
	delay        time.Duration
	live         map[int32][]facts.File
	paths        []string
	lastCommit   time.Time
	compactEvery time.Duration
	compactNext  time.Time
	target       int64
	written      int64 // files the writers committed
	rewritten    int64 // files compaction replaced
}

func (p *projector) advance(t time.Time) {
	for {
		nt := p.eng.next()
		ct := p.compactNext
		switch {
		case !nt.IsZero() && !nt.After(t) && (ct.IsZero() || !nt.After(ct)):
			_ = p.eng.fireNext()
		case !ct.IsZero() && !ct.After(t):
			p.compact(ct)
			p.compactNext = ct.Add(p.compactEvery)
		default:
			return
		}
	}
}

func (p *projector) flush(g *group[*countSet], at time.Time) error {
	commit := at.Add(p.delay)
	if commit.After(p.lastCommit) {
		p.lastCommit = commit
	}
	cs := g.payload
	for _, part := range cs.touched {
		rows := cs.rows[part]
		if rows == 0 {
			continue
		}
		p.written++
		// Projected files have no key: at production volume there can be
		// millions, and only their partition, rows and size matter.
		p.live[part] = append(p.live[part], facts.File{
			Partition: p.paths[part], Rows: rows, Size: p.model.size(rows),
			RowGroups: (rows + p.rowGroupRows - 1) / p.rowGroupRows, Committed: commit,
		})
		delete(cs.rows, part)
	}
	cs.touched = cs.touched[:0]
	return nil
}

func (p *projector) compact(at time.Time) {
	for part := int32(0); int(part) < len(p.paths); part++ {
		files := p.live[part]
		var ready []int
		var sizes []int64
		for i, f := range files {
			if !f.Committed.After(at) {
				ready = append(ready, i)
				sizes = append(sizes, f.Size)
			}
		}
		bins := planCompaction(sizes, p.target)
		if len(bins) == 0 {
			continue
		}
		gone := map[int]bool{}
		for _, bin := range bins {
			var rows int64
			for _, k := range bin {
				rows += files[ready[k]].Rows
				gone[ready[k]] = true
			}
			p.rewritten += int64(len(bin))
			files = append(files, facts.File{
				Partition: p.paths[part],
				Rows:      rows, Size: p.model.size(rows), RowGroups: (rows + p.rowGroupRows - 1) / p.rowGroupRows, Committed: at,
			})
		}
		kept := files[:0]
		for i, f := range files {
			if !gone[i] {
				kept = append(kept, f)
			}
		}
		p.live[part] = kept
	}
}
