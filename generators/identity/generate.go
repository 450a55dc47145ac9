package identity

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// Event is one link event: at Time (Unix ns) identifiers A and B were seen
// together. Identifiers are dense indexes into the population; Name and
// KindOf resolve them.
type Event struct {
	Time int64
	A, B int32
}

// Population is a generated identity population and its link history.
type Population struct {
	cfg   Config
	kinds []Kind // per identifier
	// Events is the history in replay order.
	Events []Event
	// Own is the number of own identifiers drawn for each person (shared
	// household and junk identifiers not counted): the distribution the
	// lognormal describes.
	Own []uint8
	// JunkPeople counts the people attached to each junk identifier.
	JunkPeople []int
	// Households is the number of households drawn.
	Households int
}

// membership is one identifier of one person and the window in which the
// person is seen with it.
type membership struct {
	id       int32
	from, to int64
}

func (m membership) active(t int64) bool { return t >= m.from && t < m.to }

// Generate draws the population and its history. It fails only when the
// config is invalid.
func Generate(cfg Config) (*Population, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	g := &generator{
		cfg: cfg,
		rng: rand.New(rand.NewPCG(cfg.Seed, 0x1de7717e5)),
		p: &Population{
			cfg:        cfg,
			Own:        make([]uint8, 0, cfg.People),
			JunkPeople: make([]int, len(cfg.Junk)),
		},
		start: cfg.Start.UnixNano(),
		end:   cfg.Start.Add(cfg.Span).UnixNano(),
	}
	total := 0.0
	for _, s := range cfg.Shares {
		total += s
	}
	acc := 0.0
	for k, s := range cfg.Shares {
		acc += s / total
		g.cumShares[k] = acc
	}
	for _, j := range cfg.Junk {
		g.p.kinds = append(g.p.kinds, j.Kind)
	}
	expected := float64(cfg.People) * (cfg.LinksPerPersonPerYear*cfg.Span.Hours()/year.Hours()/2 + cfg.IDsMedian)
	g.p.Events = make([]Event, 0, int(expected))
	g.p.kinds = slices.Grow(g.p.kinds, int(float64(cfg.People)*cfg.IDsMedian*1.3))
	for people := 0; people < cfg.People; {
		size := min(max(1, poisson(g.rng, cfg.HouseholdMean)), cfg.People-people)
		g.household(size)
		people += size
		g.p.Households++
	}
	switch cfg.Order {
	case Chronological:
		slices.SortFunc(g.p.Events, chronological)
	case Shuffled:
		g.rng.Shuffle(len(g.p.Events), func(i, j int) {
			g.p.Events[i], g.p.Events[j] = g.p.Events[j], g.p.Events[i]
		})
	}
	return g.p, nil
}

// chronological orders events by time, and events at one instant (a
// person's identifiers seen together) by identifier: a total order, so a
// replay is the same every time without a stable sort. For ten million
// events a stable sort by time took about 5 s of the 7 generating them,
// this one about 1.5 s of 3.4 (BenchmarkSortEvents has both).
func chronological(a, b Event) int {
	if c := cmp.Compare(a.Time, b.Time); c != 0 {
		return c
	}
	if c := cmp.Compare(a.A, b.A); c != 0 {
		return c
	}
	return cmp.Compare(a.B, b.B)
}

type generator struct {
	cfg        Config
	rng        *rand.Rand
	p          *Population
	start, end int64
	cumShares  [NumKinds]float64
	ms         []membership // scratch: the current person's identifiers
	active     []int32      // scratch: identifiers in use at one moment
}

func (g *generator) newID(k Kind) int32 {
	g.p.kinds = append(g.p.kinds, k)
	return int32(len(g.p.kinds) - 1)
}

func (g *generator) drawKind() Kind {
	u := g.rng.Float64()
	for k, c := range g.cumShares {
		if u < c {
			return Kind(k)
		}
	}
	return Kind(NumKinds - 1)
}

// window returns when a person who joined at join is seen with an
// identifier of kind k: from a uniform time after joining, for the kind's
// lifetime, cut at the end of history.
func (g *generator) window(join int64, k Kind) (int64, int64) {
	from := join + g.rng.Int64N(g.end-join)
	to := g.end
	if l := g.cfg.Lifetimes[k]; l > 0 && from+int64(l) < to {
		to = from + int64(l)
	}
	return from, to
}

func (g *generator) household(size int) {
	shared := map[Kind]int32{}
	for range size {
		g.person(shared)
	}
}

func (g *generator) person(shared map[Kind]int32) {
	cfg := g.cfg
	join := g.start + g.rng.Int64N(g.end-g.start)
	n := int(math.Round(math.Exp(math.Log(cfg.IDsMedian) + cfg.IDsSigma*g.rng.NormFloat64())))
	n = min(max(n, 1), cfg.IDsMax)
	g.p.Own = append(g.p.Own, uint8(n))

	// The first identifier anchors the person for the whole history: the
	// login or email every later identifier gets linked to.
	g.ms = append(g.ms[:0], membership{id: g.newID(g.drawKind()), from: join, to: g.end})
	for range n - 1 {
		k := g.drawKind()
		var id int32
		if (k == DeviceID || k == IP) && g.rng.Float64() < cfg.ShareDevices {
			s, ok := shared[k]
			if !ok {
				s = g.newID(k)
				shared[k] = s
			}
			id = s
		} else {
			id = g.newID(k)
		}
		from, to := g.window(join, k)
		g.ms = append(g.ms, membership{id: id, from: from, to: to})
	}
	for j, junk := range cfg.Junk {
		if junk.Attach > 0 && g.rng.Float64() < junk.Attach {
			from, _ := g.window(join, junk.Kind)
			g.ms = append(g.ms, membership{id: int32(j), from: from, to: g.end})
			g.p.JunkPeople[j]++
		}
	}

	// Each identifier enters the graph linked to one the person already
	// uses at that moment (the anchor when no other is active), so a
	// person's identifiers form one connected cluster.
	for i := 1; i < len(g.ms); i++ {
		m := g.ms[i]
		partner := g.ms[0].id
		for range 3 {
			if c := g.ms[g.rng.IntN(i)]; c.active(m.from) && c.id != m.id {
				partner = c.id
				break
			}
		}
		if partner != m.id {
			g.p.Events = append(g.p.Events, Event{Time: m.from, A: partner, B: m.id})
		}
	}
	// The rest of the person's activity re-observes links between
	// identifiers that are active together.
	years := float64(g.end-join) / float64(year)
	more := poisson(g.rng, cfg.LinksPerPersonPerYear*years) - (len(g.ms) - 1)
	for range more {
		if len(g.ms) < 2 {
			break
		}
		// Redraw the moment when fewer than two identifiers are in use
		// then (a churned cookie, a person with one identifier so far).
		for range 4 {
			t := join + g.rng.Int64N(g.end-join)
			g.active = g.active[:0]
			for _, m := range g.ms {
				if m.active(t) && !slices.Contains(g.active, m.id) {
					g.active = append(g.active, m.id)
				}
			}
			if len(g.active) < 2 {
				continue
			}
			i := g.rng.IntN(len(g.active))
			j := (i + 1 + g.rng.IntN(len(g.active)-1)) % len(g.active)
			g.p.Events = append(g.p.Events, Event{Time: t, A: g.active[i], B: g.active[j]})
			break
		}
	}
}

// poisson draws from a Poisson distribution with mean lambda: Knuth's
// product method for small means, a rounded normal for large ones.
func poisson(r *rand.Rand, lambda float64) int {
	if lambda <= 0 {
		return 0
	}
	if lambda > 30 {
		return max(0, int(math.Round(lambda+math.Sqrt(lambda)*r.NormFloat64())))
	}
	limit, k, p := math.Exp(-lambda), 0, 1.0
	for {
		p *= r.Float64()
		if p <= limit {
			return k
		}
		k++
	}
}

// Identifiers is the number of distinct identifiers in the population.
func (p *Population) Identifiers() int { return len(p.kinds) }

// KindOf returns the kind of identifier id.
func (p *Population) KindOf(id int32) Kind { return p.kinds[id] }

// IsJunk reports whether id is one of the configured junk identifiers.
func (p *Population) IsJunk(id int32) bool { return int(id) < len(p.cfg.Junk) }

// Config returns the config the population was drawn from.
func (p *Population) Config() Config { return p.cfg }

// TimeOf returns an event's time.
func (e Event) TimeOf() time.Time { return time.Unix(0, e.Time).UTC() }
