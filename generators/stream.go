package generators

import (
	"fmt"
	"math"
	"slices"
	"sync/atomic"
	"time"
	"unsafe"
)

// StreamConfig is everything needed to generate one stream.
type StreamConfig struct {
	Name     string
	Seed     uint64
	Start    time.Time
	Duration time.Duration
	Rate     Rate // already multiplied by the run's scale
	Fields   []FieldConfig
	// BatchSize is the number of records after which a batch is handed over
	// (a batch always covers whole clock seconds and at most a minute).
	BatchSize int
	// Shard and Shards select every Shards-th record starting at Shard.
	Shard, Shards int
}

// FieldConfig is one field of a stream.
type FieldConfig struct {
	Name     string
	Values   Values
	NullProb float64     // probability of null where the field applies
	When     []Condition // all must hold, else the field is null
}

// Condition holds when field Field (a string field) has one of Equals.
type Condition struct {
	Field  string
	Equals []string
}

// Stream generates the records of one stream as batches in clock order.
type Stream struct {
	cfg        StreamConfig
	schema     Schema
	order      []int // fill order: a field comes after those its conditions read
	keys       []uint64
	nullKeys   []uint64
	condCols   [][]condRef
	arrivalKey uint64
	actives    [][]bool
	spacing    []float64

	second   int64        // next clock second to generate
	reached  atomic.Int64 // second, published for Progress from other goroutines
	seconds  int64        // total seconds (the last may be partial)
	nextSeq  int64        // stream-wide sequence number of the next record
	done     bool
	lastFrac float64
}

type condRef struct {
	col    int
	equals []string // few values: a scan beats hashing the string
	// For a source column with a pool: which positions are among equals,
	// so a record's test is one load. pool is the pool they were made for.
	pool  []string
	match []bool
}

// matchPool makes c.match the positions of pool that meet the condition,
// unless it already is.
func (c *condRef) matchPool(pool []string) {
	if len(c.pool) != len(pool) || unsafe.SliceData(c.pool) != unsafe.SliceData(pool) {
		c.pool, c.match = pool, make([]bool, len(pool))
		for k, v := range pool {
			c.match[k] = slices.Contains(c.equals, v)
		}
	}
}

// NewStream checks the config and prepares the generator.
func NewStream(cfg StreamConfig) (*Stream, error) {
	if cfg.Shards == 0 {
		cfg.Shards = 1
	}
	if cfg.Shard < 0 || cfg.Shard >= cfg.Shards {
		return nil, fmt.Errorf("shard %d/%d: want 0 <= index < count", cfg.Shard, cfg.Shards)
	}
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = 4096
	}
	if cfg.Duration <= 0 {
		return nil, fmt.Errorf("stream %s: duration must be positive, got %v", cfg.Name, cfg.Duration)
	}
	if err := cfg.Rate.Validate(); err != nil {
		return nil, fmt.Errorf("stream %s: %w", cfg.Name, err)
	}
	s := &Stream{cfg: cfg, schema: Schema{Stream: cfg.Name}}
	index := map[string]int{}
	for i, f := range cfg.Fields {
		if _, dup := index[f.Name]; dup {
			return nil, fmt.Errorf("stream %s: field %s defined twice", cfg.Name, f.Name)
		}
		index[f.Name] = i
		field := Field{Name: f.Name, Type: f.Values.Type(), Nullable: f.NullProb > 0 || len(f.When) > 0}
		if d, ok := f.Values.(distincter); ok {
			field.Distinct = d.distinct()
		}
		s.schema.Fields = append(s.schema.Fields, field)
		s.keys = append(s.keys, Key(cfg.Seed, cfg.Name, f.Name))
		s.nullKeys = append(s.nullKeys, Key(cfg.Seed, cfg.Name, f.Name, "null"))
	}
	s.condCols = make([][]condRef, len(cfg.Fields))
	for i, f := range cfg.Fields {
		for _, c := range f.When {
			j, ok := index[c.Field]
			if !ok {
				return nil, fmt.Errorf("stream %s: field %s: condition on unknown field %s", cfg.Name, f.Name, c.Field)
			}
			if s.schema.Fields[j].Type != String {
				return nil, fmt.Errorf("stream %s: field %s: condition field %s must be a string field", cfg.Name, f.Name, c.Field)
			}
			s.condCols[i] = append(s.condCols[i], condRef{col: j, equals: c.Equals})
		}
	}
	order, err := fillOrder(s.condCols)
	if err != nil {
		return nil, fmt.Errorf("stream %s: %w", cfg.Name, err)
	}
	s.order = order
	s.arrivalKey = Key(cfg.Seed, cfg.Name, "arrivals")
	s.actives = make([][]bool, len(cfg.Fields))
	s.seconds = int64(math.Ceil(cfg.Duration.Seconds()))
	s.lastFrac = cfg.Duration.Seconds() - float64(s.seconds-1)
	return s, nil
}

// fillOrder sorts fields so each comes after the fields its conditions read.
func fillOrder(conds [][]condRef) ([]int, error) {
	state := make([]int, len(conds)) // 0 new, 1 visiting, 2 done
	var order []int
	var visit func(i int) error
	visit = func(i int) error {
		switch state[i] {
		case 1:
			return fmt.Errorf("field conditions form a cycle")
		case 2:
			return nil
		}
		state[i] = 1
		for _, c := range conds[i] {
			if err := visit(c.col); err != nil {
				return err
			}
		}
		state[i] = 2
		order = append(order, i)
		return nil
	}
	for i := range conds {
		if err := visit(i); err != nil {
			return nil, err
		}
	}
	return order, nil
}

// Schema describes the stream's columns.
func (s *Stream) Schema() *Schema { return &s.schema }

// Progress returns the share of the clock generated so far, in [0, 1]. It
// may be called from any goroutine while another calls Next.
func (s *Stream) Progress() float64 { return float64(s.reached.Load()) / float64(s.seconds) }

// NewBatch returns an empty batch with this stream's columns.
func (s *Stream) NewBatch() *Batch {
	b := &Batch{Schema: &s.schema, Columns: make([]Column, len(s.schema.Fields))}
	for i, f := range s.schema.Fields {
		b.Columns[i].Field = f
		if p, ok := s.cfg.Fields[i].Values.(plainer); ok && f.Type == String {
			b.Columns[i].Plain = p.plain()
		}
		if p, ok := s.cfg.Fields[i].Values.(pooler); ok && f.Type == String {
			b.Columns[i].Pool = p.pool()
		}
	}
	return b
}

// Next fills b with the next run of records and reports whether it did;
// after the last batch (which may be empty and only carries the final
// watermark) it returns false.
func (s *Stream) Next(b *Batch) bool {
	if s.done {
		return false
	}
	b.Arrival, b.Seq = b.Arrival[:0], b.Seq[:0]
	start := s.cfg.Start
	firstSecond := s.second
	for s.second < s.seconds && len(b.Arrival) < s.cfg.BatchSize && s.second-firstSecond < 60 {
		s.arrivals(b, start)
		s.second++
	}
	s.reached.Store(s.second)
	if s.second >= s.seconds {
		b.Watermark = start.Add(s.cfg.Duration)
		s.done = true
	} else {
		b.Watermark = start.Add(time.Duration(s.second) * time.Second)
	}
	s.fill(b)
	return true
}

// arrivals appends the records of clock second s.second: a Poisson count
// around the shaped rate, at times spread as a Poisson process's are (sorted
// uniforms, drawn in order through exponential spacings).
func (s *Stream) arrivals(b *Batch, start time.Time) {
	sec := s.second
	width := 1.0
	if sec == s.seconds-1 {
		width = s.lastFrac
	}
	t0 := start.Add(time.Duration(sec) * time.Second)
	lambda := s.cfg.Rate.At(t0.Add(time.Duration(width*float64(time.Second)/2)), start) * width
	r := NewRNG(s.arrivalKey, uint64(sec))
	n := int(PoissonSample(&r, lambda))
	if n == 0 {
		return
	}
	if cap(s.spacing) < n+1 {
		s.spacing = make([]float64, n+1)
	}
	sp := s.spacing[:n+1]
	var total float64
	for i := range sp {
		total += r.Exp()
		sp[i] = total
	}
	base := t0.UnixNano()
	span := width * float64(time.Second) / total
	shards := int64(s.cfg.Shards)
	for i := 0; i < n; i++ {
		seq := s.nextSeq + int64(i)
		if shards > 1 && seq%shards != int64(s.cfg.Shard) {
			continue
		}
		b.Arrival = append(b.Arrival, base+int64(sp[i]*span))
		b.Seq = append(b.Seq, seq)
	}
	s.nextSeq += int64(n)
}

// fill computes every column for the batch's records.
func (s *Stream) fill(b *Batch) {
	n := len(b.Arrival)
	frame := Frame{N: n, Seq: b.Seq, Arrival: b.Arrival}
	for _, i := range s.order {
		col := &b.Columns[i]
		col.grow(n)
		col.arena = col.arena[:0]
		frame.arena = &col.arena
		frame.Key = s.keys[i]
		frame.Active = nil
		if col.Nullable {
			if cap(col.Null) < n {
				col.Null = make([]bool, n)
			}
			col.Null = col.Null[:n]
			frame.Active = s.active(b, i, col.Null)
		}
		s.cfg.Fields[i].Values.Fill(col, &frame)
	}
}

// active decides for each record whether field i gets a value, writing the
// inverse into null; conditions first, then the null probability (drawn from
// its own stream so it never shifts the values).
func (s *Stream) active(b *Batch, i int, null []bool) []bool {
	// Active is the complement of Null, kept per field to avoid allocating.
	p := s.cfg.Fields[i].NullProb
	conds := s.condCols[i]
	for k := range conds { // once per batch, not per record
		if src := &b.Columns[conds[k].col]; src.Pool != nil {
			conds[k].matchPool(src.Pool)
		}
	}
	for r := range null {
		ok := true
		for k := range conds {
			c := &conds[k]
			src := &b.Columns[c.col]
			if src.IsNull(r) {
				ok = false
				break
			}
			if src.Pool != nil {
				ok = c.match[src.Index[r]]
			} else {
				ok = slices.Contains(c.equals, src.Strings[r])
			}
			if !ok {
				break
			}
		}
		if ok && p > 0 {
			g := NewRNG(s.nullKeys[i], uint64(b.Seq[r]))
			ok = g.Float64() >= p
		}
		null[r] = !ok
	}
	act := s.actives[i]
	if cap(act) < len(null) {
		act = make([]bool, len(null))
	}
	act = act[:len(null)]
	s.actives[i] = act
	for r, isNull := range null {
		act[r] = !isNull
	}
	return act
}
