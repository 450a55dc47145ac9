package backfill

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"

	"github.com/prodshape/prodshape/analysis/metrics"
	"github.com/prodshape/prodshape/sinks"
	"github.com/prodshape/prodshape/sinks/graph"
)

// Config tunes a backfill. Zero fields take the defaults.
type Config struct {
	// Batch is the number of link events the processing path commits at
	// once (default 1000): each event's ingest latency is its batch's.
	Batch int
	// Checkpoints splits the history (default 10: every 10%).
	Checkpoints int
	// Profiles is the number of profile evaluations per checkpoint picked
	// by activity (an identifier from a random event so far; default 200),
	// Targeted the number picked from the largest clusters (default 50).
	Profiles, Targeted int
	// OpTimeout bounds one store operation (default 30s); an operation
	// that fails or times out counts against availability.
	OpTimeout time.Duration
	// MaxFailures ends the run after this many consecutive failed
	// operations (default 3): the store is down, not slow.
	MaxFailures int
	Guardrails  graph.Guardrails
	// EdgesPath, when set, receives every edge written, as Parquet.
	EdgesPath string
	Seed      uint64
	// Scale is the run's fraction of production volume; below 1 the
	// largest component and the profile p99 are also projected to
	// production volume (@1x).
	Scale float64
	// Progress, when set, is called after every batch.
	Progress func(done, total int)
	// Pace, when set, holds each batch until it is due on the wall clock (a
	// realtime run): it gets the share of the history replayed once the
	// batch is in and returns the batch's due time. Ingest latency then
	// counts from the due time (open model), so a store that falls behind
	// cannot hide its backlog.
	Pace func(ctx context.Context, progress float64) (time.Time, error)
}

func (c *Config) defaults() {
	if c.Batch <= 0 {
		c.Batch = 1000
	}
	if c.Checkpoints <= 0 {
		c.Checkpoints = 10
	}
	if c.Profiles < 0 {
		c.Profiles = 0
	} else if c.Profiles == 0 {
		c.Profiles = 200
	}
	if c.Targeted == 0 {
		c.Targeted = 50
	}
	if c.OpTimeout <= 0 {
		c.OpTimeout = 30 * time.Second
	}
	if c.MaxFailures <= 0 {
		c.MaxFailures = 3
	}
}

// Checkpoint is what the backfill measured at one point of the history.
type Checkpoint struct {
	Progress   float64 // share of the history replayed
	Nodes      int
	Edges      int
	Components int
	Largest    int
	Share      float64 // of identifiers in the largest cluster
	ProfileP50 time.Duration
	ProfileP99 time.Duration
	IngestP99  time.Duration
	Rejected   int64
}

// Summary is the outcome of a backfill, also written into the metrics set.
type Summary struct {
	Checkpoints []Checkpoint
	Links       int // events replayed
	Failed      int // store operations that failed
	// Mismatches counts profiles whose size differed from the cluster the
	// backfill tracked: a store that lost or invented links.
	Mismatches int
	Rejections graph.Rejections
}

type run struct {
	cfg     Config
	store   graph.Store
	src     Source
	names   names
	set     *metrics.Set
	tracker *graph.Tracker
	guard   *graph.Guard
	edges   *edgeWriter
	rng     *rand.Rand
	sum     Summary

	ingest, profile         *hdrhistogram.Histogram // whole run
	cpIngest, cpProfile     *hdrhistogram.Histogram // since the last checkpoint
	ops, failed, consecFail int
	storeTime               time.Duration
	ingested                int
	bySize                  []metrics.Point // profile latency (ms) against cluster size
}

// Run replays src into store. It writes what it measured into set even
// when it fails; a store that stays down ends the run with an error
// wrapping sinks.ErrTarget.
func Run(ctx context.Context, store graph.Store, src Source, cfg Config, set *metrics.Set) (*Summary, error) {
	cfg.defaults()
	r := &run{
		cfg: cfg, store: store, src: src, set: set,
		names:     names{src: src, cache: make([]string, src.Identifiers())},
		tracker:   graph.NewTracker(src.Identifiers()),
		rng:       rand.New(rand.NewPCG(cfg.Seed, 0xbacf111)),
		ingest:    metrics.NewHistogram(),
		profile:   metrics.NewHistogram(),
		cpIngest:  metrics.NewHistogram(),
		cpProfile: metrics.NewHistogram(),
	}
	if cfg.Guardrails.Enabled() {
		g, err := graph.NewGuard(cfg.Guardrails, src)
		if err != nil {
			return nil, err
		}
		r.guard = g
	}
	if cfg.EdgesPath != "" {
		w, err := newEdgeWriter(cfg.EdgesPath)
		if err != nil {
			return nil, err
		}
		r.edges = w
	}
	err := r.replay(ctx)
	if r.edges != nil {
		// The edges written so far are exported even when the run failed:
		// they are the graph the store holds.
		if cerr := r.edges.commit(); err == nil {
			err = cerr
		}
	}
	r.report()
	return &r.sum, err
}

func (r *run) replay(ctx context.Context) error {
	n := r.src.Len()
	next := 1
	batch := make([]graph.Link, 0, r.cfg.Batch)
	for i := 0; i < n; {
		end := min(i+r.cfg.Batch, n)
		// A batch never straddles a checkpoint.
		cpAt := int(int64(n) * int64(next) / int64(r.cfg.Checkpoints))
		if end > cpAt && cpAt > i {
			end = cpAt
		}
		batch = batch[:0]
		for j := i; j < end; j++ {
			batch = r.admit(batch, r.src.Event(j))
		}
		var due time.Time
		if r.cfg.Pace != nil {
			var err error
			if due, err = r.cfg.Pace(ctx, float64(end)/float64(n)); err != nil {
				return err
			}
		}
		if err := r.ingestBatch(ctx, batch, end-i, due); err != nil {
			return err
		}
		r.sum.Links = end
		i = end
		if r.cfg.Progress != nil {
			r.cfg.Progress(i, n)
		}
		for next <= r.cfg.Checkpoints && i >= int(int64(n)*int64(next)/int64(r.cfg.Checkpoints)) {
			if err := r.checkpoint(ctx, float64(i)/float64(n)); err != nil {
				return err
			}
			next++
		}
	}
	return nil
}

// admit passes an event through the guardrails and, when it is written,
// mirrors it in the tracker and the edge export and adds it to the batch
// as the store's link.
func (r *run) admit(batch []graph.Link, e graph.Event) []graph.Link {
	if r.guard != nil {
		switch r.guard.Decide(r.tracker, &e) {
		case graph.Accept:
		case graph.Blocked:
			return batch
		default:
			if !r.guard.SplitsMerges() {
				return batch
			}
			r.tracker.Node(e.Src, e.SrcKind)
			r.tracker.Node(e.Dst, e.DstKind)
			return append(batch, r.names.link(&graph.Event{Src: e.Src, Dst: graph.NoID, SrcKind: e.SrcKind, Time: e.Time}),
				r.names.link(&graph.Event{Src: e.Dst, Dst: graph.NoID, SrcKind: e.DstKind, Time: e.Time}))
		}
	}
	a := r.tracker.Node(e.Src, e.SrcKind)
	l := r.names.link(&e)
	if e.Dst == graph.NoID {
		return append(batch, l)
	}
	b := r.tracker.Node(e.Dst, e.DstKind)
	if r.tracker.Edge(a, b) && r.edges != nil {
		// Export errors surface at commit.
		_ = r.edges.add(&l)
	}
	return append(batch, l)
}

// op runs one store operation with the timeout and counts it.
func (r *run) op(ctx context.Context, f func(ctx context.Context) error) (time.Duration, error) {
	octx, cancel := context.WithTimeout(ctx, r.cfg.OpTimeout)
	defer cancel()
	start := time.Now()
	err := f(octx)
	d := time.Since(start)
	r.ops++
	if err != nil && ctx.Err() == nil {
		r.failed++
		r.consecFail++
		r.sum.Failed++
		return d, err
	}
	r.consecFail = 0
	return d, err
}

func (r *run) down(what string, err error) error {
	if errors.Is(err, sinks.ErrTarget) {
		return fmt.Errorf("graph backfill: %s failed %d times in a row, giving up at %d of %d link events: %w",
			what, r.consecFail, r.sum.Links, r.src.Len(), err)
	}
	return fmt.Errorf("graph backfill: %s failed %d times in a row, giving up at %d of %d link events: %w: %w",
		what, r.consecFail, r.sum.Links, r.src.Len(), sinks.ErrTarget, err)
}

func (r *run) ingestBatch(ctx context.Context, batch []graph.Link, events int, due time.Time) error {
	for {
		d, err := r.op(ctx, func(ctx context.Context) error { return r.store.Ingest(ctx, batch) })
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err == nil {
			r.storeTime += d
			if !due.IsZero() {
				d = time.Since(due) // the wait behind earlier batches counts too
			}
			r.ingested += events
			us := max(d.Microseconds(), 1)
			_ = r.ingest.RecordValues(us, int64(events))
			_ = r.cpIngest.RecordValues(us, int64(events))
			return nil
		}
		if r.consecFail >= r.cfg.MaxFailures {
			return r.down("ingest", err)
		}
	}
}

// picks returns the identifiers to profile at a checkpoint: by activity
// (the source of a random event so far, so busy identifiers are picked
// more often) and targeted (random members of the largest clusters).
func (r *run) picks() []int32 {
	var out []int32
	for range r.cfg.Profiles {
		e := r.src.Event(r.rng.IntN(r.sum.Links))
		if id, ok := r.tracker.Lookup(e.Src); ok {
			out = append(out, id)
		}
	}
	if r.cfg.Targeted > 0 {
		largest := r.tracker.Largest(3)
		members := make(map[int32][]int32, len(largest))
		for _, c := range largest {
			members[c.Root] = nil
		}
		if len(largest) > 0 {
			for x := range int32(r.tracker.Nodes()) {
				if m, ok := members[r.tracker.Find(x)]; ok {
					members[r.tracker.Find(x)] = append(m, x)
				}
			}
		}
		for i := range r.cfg.Targeted {
			m := members[largest[i%len(largest)].Root]
			out = append(out, m[r.rng.IntN(len(m))])
		}
	}
	return out
}

func (r *run) checkpoint(ctx context.Context, progress float64) error {
	if r.tracker.Nodes() > 0 {
		for _, id := range r.picks() {
			name, size := r.names.name(r.tracker.ID(id)), r.tracker.Size(id)
			var got int
			d, err := r.op(ctx, func(ctx context.Context) error {
				ids, err := r.store.Profile(ctx, name)
				got = len(ids)
				return err
			})
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if err != nil {
				if r.consecFail >= r.cfg.MaxFailures {
					return r.down("profile evaluation", err)
				}
				continue
			}
			if got != size {
				r.sum.Mismatches++
			}
			metrics.RecordDuration(r.profile, d)
			metrics.RecordDuration(r.cpProfile, d)
			r.bySize = append(r.bySize, metrics.Point{X: float64(size), Y: d.Seconds() * 1e3})
		}
	}
	cp := Checkpoint{
		Progress:   progress,
		Nodes:      r.tracker.Nodes(),
		Edges:      r.tracker.Edges(),
		Components: r.tracker.Components(),
		ProfileP50: quantile(r.cpProfile, 50),
		ProfileP99: quantile(r.cpProfile, 99),
		IngestP99:  quantile(r.cpIngest, 99),
	}
	if l := r.tracker.Largest(1); len(l) > 0 {
		cp.Largest = l[0].Size
		cp.Share = float64(cp.Largest) / float64(cp.Nodes)
	}
	if r.guard != nil {
		cp.Rejected = r.guard.Rejections().Total()
	}
	r.sum.Checkpoints = append(r.sum.Checkpoints, cp)
	r.cpIngest.Reset()
	r.cpProfile.Reset()
	return nil
}

func quantile(h *hdrhistogram.Histogram, q float64) time.Duration {
	if h.TotalCount() == 0 {
		return 0
	}
	return time.Duration(h.ValueAtQuantile(q)) * time.Microsecond
}
