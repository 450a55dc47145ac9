package lake

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sort"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"

	"github.com/prodshape/prodshape/generators"
	"github.com/prodshape/prodshape/sinks"
	"github.com/prodshape/prodshape/sinks/facts"
)

// Sink writes a stream into a partitioned Parquet lake under a writer
// policy. It is used from one goroutine; encoding and storing files runs on
// a few workers behind it.
type Sink struct {
	cfg      Config
	pol      Policy
	parts    *partitioner
	eng      *engine[*bufSet]
	pschema  *parquet.Schema
	codec    compress.Codec
	routeCol int
	eventCol int

	seq []int64 // next file sequence per writer
	// spillRows is how full a buffer gets before it is handed to the
	// encoders as a part of its file (see spill).
	spillRows int
	spills    int64 // parts handed on early
	files     []*fileEntry
	live      map[int32][]*fileEntry // committed files per partition
	profile   profile
	rows      int64
	rr        int64 // round-robin counter when batches carry no sequence
	rawBytes  int64

	start, end    time.Time
	nextEvent     int64 // Unix ns of the next timer or compaction tick
	compactNext   time.Time
	compactSeq    int64
	compactions   int64
	rewritten     int64
	lastCommit    time.Time
	compactor     *encoder
	pool          *encodePool
	closed        bool
	projected     []facts.File
	projWritten   int64
	projRewritten int64

	// The batch being written, and the buffers holding records of it not
	// yet copied (see rowBuf.pend).
	cur     *generators.Batch
	pending []*rowBuf
	sizes   []int64
	first   *rowBuf // the run's first record, for the projection's size model
}

// fileEntry is a file the sink wrote; the worker that stores it fills Size,
// RowGroups and CommittedWall.
type fileEntry struct {
	facts.File
	part int32
}

// New validates the configuration and returns a sink ready for Write.
func New(cfg Config) (*Sink, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	pol, err := NewPolicy(cfg.Writer)
	if err != nil {
		return nil, fmt.Errorf("lake: %w", err)
	}
	parts, err := parsePartitions(cfg.PartitionBy, cfg.Schema)
	if err != nil {
		return nil, fmt.Errorf("lake: %w", err)
	}
	codec, err := Codec(cfg.Compression)
	if err != nil {
		return nil, fmt.Errorf("lake: %w", err)
	}
	s := &Sink{
		cfg: cfg, pol: pol, parts: parts, codec: codec,
		pschema:  ParquetSchema(cfg.Schema, nil),
		routeCol: -1, eventCol: -1,
		seq:   make([]int64, pol.Writers()),
		live:  map[int32][]*fileEntry{},
		start: cfg.Start,
	}
	s.spillRows = cfg.RowGroupRows
	if s.spillRows <= 0 {
		s.spillRows = DefaultRowGroupRows
	}
	s.spillRows = min(s.spillRows, maxPartRows)
	if cfg.RouteBy != "" {
		s.routeCol = cfg.Schema.Index(cfg.RouteBy)
	}
	if cfg.EventTime != "" {
		s.eventCol = cfg.Schema.Index(cfg.EventTime)
	} else {
		for i, f := range cfg.Schema.Fields {
			if f.Type == generators.Timestamp {
				s.eventCol = i
				break
			}
		}
	}
	perPart := pol.PerPartition()
	s.eng = newEngine(pol, func() *bufSet { return &bufSet{perPart: perPart} }, s.flush)
	workers := cfg.Encoders
	if workers <= 0 {
		// Small files spend more time waiting on the store (create,
		// rename, PUT) than encoding, so run more than one per CPU.
		workers = min(4*runtime.GOMAXPROCS(0), 8)
	}
	s.pool = newEncodePool(workers, func() *encoder {
		return newEncoder(cfg.Schema, s.pschema, codec, cfg.RowGroupRows)
	}, cfg.Store, cfg.OnCommit)
	s.nextEvent = -1 << 63
	return s, nil
}

var (
	_ sinks.Sink     = (*Sink)(nil)
	_ sinks.Reporter = (*Sink)(nil)
)

// Write buffers the batch's records, firing flush timers and compaction
// ticks on the way, in clock order.
func (s *Sink) Write(ctx context.Context, b *generators.Batch) error {
	s.cur = b
	if s.first == nil && b.Len() > 0 {
		s.first = newRowBuf(s.cfg.Schema)
		s.first.pend(0, 0)
		s.first.gather(b)
	}
	err := s.write(ctx, b)
	for _, rb := range s.pending {
		rb.gather(b)
		if rb.n >= s.spillRows && err == nil {
			err = s.spill(rb)
		}
	}
	s.pending, s.cur = s.pending[:0], nil
	return err
}

// maxPartRows is the most rows a buffer holds before they go to the
// encoders as a part of their file. A part need not fill a row group (the
// file's encoder cuts row groups where they fall), and small parts keep
// the encoders busy while records are generated, leaving little to encode
// when the run ends.
const maxPartRows = 1 << 14

// spill hands a full buffer to the encoders as a part of its file, and
// puts an empty buffer in its place for the file's later rows.
func (s *Sink) spill(rb *rowBuf) error {
	if rb.open == nil {
		rb.open = newOpenFile()
	}
	next := s.newBuf()
	next.set, next.part, next.open = rb.set, rb.part, rb.open
	next.parts, next.prior = rb.parts+1, rb.prior+rb.n
	rb.set.replace(rb.part, next)
	s.spills++
	return s.pool.submit(&encodeJob{rows: rb, open: rb.open, part: rb.parts})
}

func (s *Sink) write(ctx context.Context, b *generators.Batch) error {
	if s.closed {
		return errors.New("lake: write after close")
	}
	if err := s.pool.failed(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	n := b.Len()
	if n > 0 && s.start.IsZero() {
		s.start = time.Unix(0, b.Arrival[0]).UTC()
	}
	if n > 0 && s.cfg.Compaction.Every > 0 && s.compactNext.IsZero() {
		s.compactNext = nextTick(time.Unix(0, b.Arrival[0]).UTC(), s.cfg.Compaction.Every)
		s.updateNext()
	}
	writers := int64(len(s.seq))
	s.sizes = generators.PlainSizes(b, s.sizes)
	for i := 0; i < n; i++ {
		at := b.Arrival[i]
		if at >= s.nextEvent {
			if err := s.advance(time.Unix(0, at).UTC()); err != nil {
				return err
			}
		}
		part := s.parts.of(b, i)
		var w int64
		if s.routeCol >= 0 {
			w = int64(hashValue(&b.Columns[s.routeCol], i) % uint64(writers))
		} else {
			w = s.rr % writers
			if b.Seq != nil {
				w = b.Seq[i] % writers
			}
			s.rr++
		}
		g := s.eng.buffer(int32(w), part)
		rb := g.payload.get(part, s.newBuf)
		ev := at / 1e3
		if s.eventCol >= 0 && !b.Columns[s.eventCol].IsNull(i) {
			ev = b.Columns[s.eventCol].Ints[i]
		}
		if len(rb.pending) == 0 {
			rb.slot = len(s.pending)
			s.pending = append(s.pending, rb)
		}
		rb.pend(i, ev)
		size := s.sizes[i]
		s.rows++
		s.rawBytes += size
		s.profile.note(part, at)
		opening := g.rows == 0
		if err := s.eng.add(g, time.Unix(0, at).UTC(), 1, size); err != nil {
			return err
		}
		if opening {
			s.updateNext()
		}
		if at > s.end.UnixNano() {
			s.end = time.Unix(0, at).UTC()
		}
	}
	if b.Watermark.After(s.end) {
		s.end = b.Watermark.UTC()
	}
	if !b.Watermark.IsZero() && b.Watermark.UnixNano() >= s.nextEvent {
		return s.advance(b.Watermark.UTC())
	}
	return nil
}

// advance runs timers and compaction ticks due by t, in time order (a flush
// due at the same instant as a tick goes first).
func (s *Sink) advance(t time.Time) error {
	defer s.updateNext()
	for {
		nt := s.eng.next()
		ct := s.compactNext
		switch {
		case !nt.IsZero() && !nt.After(t) && (ct.IsZero() || !nt.After(ct)):
			if err := s.eng.fireNext(); err != nil {
				return err
			}
		case !ct.IsZero() && !ct.After(t):
			if err := s.compact(ct); err != nil {
				return err
			}
			s.compactNext = ct.Add(s.cfg.Compaction.Every)
		default:
			return nil
		}
	}
}

func (s *Sink) updateNext() {
	next := int64(1<<63 - 1)
	if t := s.eng.next(); !t.IsZero() {
		next = t.UnixNano()
	}
	if !s.compactNext.IsZero() && s.compactNext.UnixNano() < next {
		next = s.compactNext.UnixNano()
	}
	s.nextEvent = next
}

// flush turns a writer's (or a partition's) buffer into files, one per
// partition, committed after the policy's delay.
func (s *Sink) flush(g *group[*bufSet], at time.Time) error {
	commit := at.Add(s.pol.Delay())
	if commit.After(s.lastCommit) {
		s.lastCommit = commit
	}
	return g.payload.each(func(part int32, rb *rowBuf) error {
		s.collect(rb)
		w := g.writer
		key := fmt.Sprintf("%s/part-w%02d-%06d.parquet", s.parts.paths[part], w, s.seq[w])
		if s.parts.paths[part] == "" {
			key = key[1:]
		}
		s.seq[w]++
		fe := &fileEntry{File: facts.File{Key: key, Partition: s.parts.paths[part], Rows: int64(rb.prior + rb.n), Committed: commit}, part: part}
		s.files = append(s.files, fe)
		s.live[part] = append(s.live[part], fe)
		return s.pool.submit(&encodeJob{file: fe, rows: rb, commit: commit, open: rb.open, part: rb.parts})
	})
}

// collect copies rb's pending records of the current batch before the
// buffer leaves the sink.
func (s *Sink) collect(rb *rowBuf) {
	if len(rb.pending) == 0 {
		return
	}
	rb.gather(s.cur)
	last := s.pending[len(s.pending)-1]
	s.pending[rb.slot], last.slot = last, rb.slot
	s.pending = s.pending[:len(s.pending)-1]
}

func (s *Sink) newBuf() *rowBuf {
	if rb := s.pool.reuse(); rb != nil {
		return rb
	}
	return newRowBuf(s.cfg.Schema)
}

// Close flushes every buffer at the time its timer would fire, runs the
// compaction ticks that follow the last commit, waits for every file to be
// stored, and projects the run to production volume.
func (s *Sink) Close(ctx context.Context) error {
	if s.closed {
		return nil
	}
	s.closed = true
	err := s.finish(ctx)
	if perr := s.pool.close(); err == nil {
		err = perr
	}
	if s.cfg.CloseStore {
		if cerr := s.cfg.Store.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("lake: close store: %w: %w", sinks.ErrTarget, cerr)
		}
	}
	if err == nil && s.cfg.Scale > 0 && s.cfg.Scale < 1 {
		s.projected, err = s.project()
	}
	return err
}

func (s *Sink) finish(ctx context.Context) error {
	if err := s.pool.failed(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	// Timers fire as the clock would have run on; compaction ticks are
	// interleaved until one tick after the last commit.
	for {
		nt := s.eng.next()
		if nt.IsZero() {
			break
		}
		if err := s.advance(nt); err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	if err := s.eng.drain(s.end); err != nil {
		return err
	}
	if s.cfg.Compaction.Every > 0 && !s.compactNext.IsZero() {
		if err := s.advance(s.lastCommit.Add(s.cfg.Compaction.Every)); err != nil {
			return err
		}
	}
	return s.pool.wait()
}

// liveFiles is the lake as it stands: every committed file not compacted
// away, ordered by key.
func (s *Sink) liveFiles() []facts.File {
	var out []facts.File
	for _, fs := range s.live {
		for _, f := range fs {
			out = append(out, f.File)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// Files returns the lake's files after Close, ordered by key.
func (s *Sink) Files() []facts.File { return s.liveFiles() }

// Projected returns the files the projection to production volume would
// leave, after Close; nil when the run was at full scale.
func (s *Sink) Projected() []facts.File { return s.projected }

// bufSet is a buffer's payload: rows per partition, in first-touch order.
type bufSet struct {
	perPart bool
	one     *rowBuf
	onePart int32
	many    map[int32]*rowBuf
	touched []int32
}

func (b *bufSet) get(part int32, alloc func() *rowBuf) *rowBuf {
	if b.perPart {
		if b.one == nil {
			b.one, b.onePart = alloc(), part
			b.one.set, b.one.part = b, part
		}
		return b.one
	}
	if rb, ok := b.many[part]; ok {
		return rb
	}
	if b.many == nil {
		b.many = map[int32]*rowBuf{}
	}
	rb := alloc()
	rb.set, rb.part = b, part
	b.many[part] = rb
	b.touched = append(b.touched, part)
	return rb
}

// replace puts rb in the place of the partition's buffer.
func (b *bufSet) replace(part int32, rb *rowBuf) {
	if b.perPart {
		b.one = rb
		return
	}
	b.many[part] = rb
}

// each hands every non-empty partition buffer to fn, which takes ownership,
// and empties the set.
func (b *bufSet) each(fn func(part int32, rb *rowBuf) error) error {
	var err error
	if b.perPart {
		if b.one != nil && b.one.n > 0 {
			err = fn(b.onePart, b.one)
		}
		b.one = nil
		return err
	}
	for _, p := range b.touched {
		if rb := b.many[p]; rb.n > 0 && err == nil {
			err = fn(p, rb)
		}
		delete(b.many, p)
	}
	b.touched = b.touched[:0]
	return err
}

// hashValue is FNV-1a over the value of record i, stable across runs and
// machines so routing is deterministic.
func hashValue(c *generators.Column, i int) uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	if c.IsNull(i) {
		return h
	}
	switch c.Type {
	case generators.String:
		v := c.Strings[i]
		for k := 0; k < len(v); k++ {
			h ^= uint64(v[k])
			h *= prime
		}
		return h
	case generators.Float64:
		return mix64(uint64(int64(c.Floats[i])))
	case generators.Bool:
		if c.Bools[i] {
			return 1
		}
		return 0
	}
	return mix64(uint64(c.Ints[i]))
}

func mix64(x uint64) uint64 {
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	return x ^ x>>33
}
