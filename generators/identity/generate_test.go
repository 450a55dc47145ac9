package identity

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"math"
	"slices"
	"sort"
	"testing"
	"time"
)

func testConfig(people int) Config {
	c := Defaults()
	c.Seed = 7
	c.People = people
	c.Junk = []Junk{
		{Value: "test@test.com", Kind: Email, Attach: 0.01},
		{Value: "0000000000", Kind: Phone, Attach: 0.005},
	}
	return c
}

func generate(t *testing.T, c Config) *Population {
	t.Helper()
	p, err := Generate(c)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestIdentifiersPerPerson(t *testing.T) {
	p := generate(t, testConfig(10000))
	counts := append([]uint8(nil), p.Own...)
	sort.Slice(counts, func(i, j int) bool { return counts[i] < counts[j] })
	median := counts[len(counts)/2]
	if median != 4 {
		t.Errorf("median identifiers per person = %d, want 4", median)
	}
	inRange := 0
	for _, c := range counts {
		if c >= 2 && c <= 10 {
			inRange++
		}
		if c > 40 {
			t.Fatalf("a person has %d identifiers, above the max of 40", c)
		}
	}
	// "Most people 2–10": a lognormal with sigma 0.6 puts ~90% there.
	if share := float64(inRange) / float64(len(counts)); share < 0.85 {
		t.Errorf("share of people with 2–10 identifiers = %.3f, want >= 0.85", share)
	}
}

func TestKindShares(t *testing.T) {
	c := testConfig(10000)
	c.ShareDevices = 0 // shared household identifiers would skew the count
	p := generate(t, c)
	var n [NumKinds]int
	for id := len(c.Junk); id < p.Identifiers(); id++ {
		n[p.KindOf(int32(id))]++
	}
	total := p.Identifiers() - len(c.Junk)
	for k, want := range c.Shares {
		got := float64(n[k]) / float64(total)
		if math.Abs(got-want) > 0.01 {
			t.Errorf("share of %s = %.3f, want %.3f ± 0.01", Kind(k), got, want)
		}
	}
}

func TestJunkAttachRate(t *testing.T) {
	c := testConfig(10000)
	p := generate(t, c)
	for j, junk := range c.Junk {
		want := junk.Attach * float64(c.People)
		got := float64(p.JunkPeople[j])
		// Binomial: allow four standard deviations.
		if sd := math.Sqrt(want); math.Abs(got-want) > 4*sd {
			t.Errorf("%s attached to %v people, want %v ± %.0f", junk.Value, got, want, 4*sd)
		}
		degree := 0
		for _, e := range p.Events {
			if e.A == int32(j) || e.B == int32(j) {
				degree++
			}
		}
		if degree < p.JunkPeople[j] {
			t.Errorf("%s appears in %d events, want at least one per attached person (%d)", junk.Value, degree, p.JunkPeople[j])
		}
	}
}

func TestOrder(t *testing.T) {
	c := testConfig(2000)
	p := generate(t, c)
	start, end := c.Start.UnixNano(), c.Start.Add(c.Span).UnixNano()
	for i, e := range p.Events {
		if i > 0 && chronological(p.Events[i-1], e) > 0 {
			t.Fatalf("event %d (%s, %d-%d) before event %d (%s, %d-%d)", i, e.TimeOf(), e.A, e.B, i-1, p.Events[i-1].TimeOf(), p.Events[i-1].A, p.Events[i-1].B)
		}
		if e.Time < start || e.Time >= end {
			t.Fatalf("event %d at %s outside the history", i, e.TimeOf())
		}
		if e.A == e.B {
			t.Fatalf("event %d links %d to itself", i, e.A)
		}
	}
	c.Order = Shuffled
	s := generate(t, c)
	if len(s.Events) != len(p.Events) {
		t.Fatalf("shuffled history has %d events, chronological %d", len(s.Events), len(p.Events))
	}
	inversions := 0
	for i := 1; i < len(s.Events); i++ {
		if s.Events[i].Time < s.Events[i-1].Time {
			inversions++
		}
	}
	if inversions < len(s.Events)/3 {
		t.Errorf("shuffled history has only %d inversions in %d events", inversions, len(s.Events))
	}
}

func TestLinksPerPersonPerYear(t *testing.T) {
	c := testConfig(10000)
	p := generate(t, c)
	years := c.Span.Hours() / (365 * 24)
	// People join uniformly over the history, so on average they are
	// active for half of it.
	perYear := float64(len(p.Events)) / float64(c.People) / (years / 2)
	if perYear < c.LinksPerPersonPerYear*0.9 || perYear > c.LinksPerPersonPerYear*1.3 {
		t.Errorf("links per person per active year = %.2f, want about %g", perYear, c.LinksPerPersonPerYear)
	}
}

func digest(p *Population) []byte {
	var b bytes.Buffer
	for _, e := range p.Events {
		binary.Write(&b, binary.LittleEndian, e)
		b.WriteString(p.Name(e.A))
		b.WriteString(p.Name(e.B))
	}
	return b.Bytes()
}

func TestDeterministic(t *testing.T) {
	c := testConfig(1000)
	a, b := digest(generate(t, c)), digest(generate(t, c))
	if !bytes.Equal(a, b) {
		t.Fatal("same seed gave different histories")
	}
	c.Seed++
	if bytes.Equal(a, digest(generate(t, c))) {
		t.Fatal("a different seed gave the same history")
	}
}

func TestNamesUnique(t *testing.T) {
	p := generate(t, testConfig(5000))
	seen := make(map[string]int32, p.Identifiers())
	for id := range int32(p.Identifiers()) {
		n := p.Name(id)
		if old, dup := seen[n]; dup {
			t.Fatalf("identifiers %d (%s) and %d (%s) share the value %q", old, p.KindOf(old), id, p.KindOf(id), n)
		}
		seen[n] = id
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string // what is wrong
		mutate func(*Config)
	}{
		{"no people", func(c *Config) { c.People = 0 }},
		{"median below one", func(c *Config) { c.IDsMedian = 0.5 }},
		{"all shares zero", func(c *Config) { c.Shares = [NumKinds]float64{} }},
		{"attach above one", func(c *Config) { c.Junk = []Junk{{Value: "x", Attach: 2}} }},
		{"empty span", func(c *Config) { c.Span = 0 }},
		{"household below one", func(c *Config) { c.HouseholdMean = 0 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Defaults()
			tt.mutate(&c)
			if _, err := Generate(c); err == nil {
				t.Fatal("want an error")
			}
		})
	}
}

func BenchmarkGenerate(b *testing.B) {
	c := testConfig(100000)
	c.Span = 5 * 365 * 24 * time.Hour
	for b.Loop() {
		p, err := Generate(c)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(p.Events)), "events")
	}
}

// Sorting a shuffled history into chronological order, ours (by time, then
// identifiers) beside the stable sort by time alone it replaced.
func BenchmarkSortEvents(b *testing.B) {
	c := testConfig(100000)
	c.Order = Shuffled
	p, err := Generate(c)
	if err != nil {
		b.Fatal(err)
	}
	events := make([]Event, len(p.Events))
	for _, bc := range []struct {
		name string
		sort func([]Event)
	}{
		{"by-time-then-ids", func(e []Event) { slices.SortFunc(e, chronological) }},
		{"stable-by-time", func(e []Event) {
			slices.SortStableFunc(e, func(a, b Event) int { return cmp.Compare(a.Time, b.Time) })
		}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				copy(events, p.Events)
				bc.sort(events)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(events)), "ns/event")
		})
	}
}
