package identity

import (
	"errors"
	"fmt"
	"time"
)

// Order is the order in which a history's link events are replayed.
type Order uint8

const (
	// Chronological replays events by time, as the links happened.
	Chronological Order = iota
	// Shuffled replays events in a seeded random order, as a backfill that
	// reads partitions out of order would.
	Shuffled
)

// ParseOrder reads "chronological" or "shuffled".
func ParseOrder(s string) (Order, error) {
	switch s {
	case "", "chronological":
		return Chronological, nil
	case "shuffled":
		return Shuffled, nil
	}
	return 0, fmt.Errorf("unknown order %q: want chronological or shuffled", s)
}

func (o Order) String() string {
	if o == Shuffled {
		return "shuffled"
	}
	return "chronological"
}

// Junk is an identifier many unrelated people share by accident: a
// placeholder email typed at a till, a dummy phone number. Each person links
// to it with probability Attach, which makes it a supernode.
type Junk struct {
	Value  string
	Kind   Kind
	Attach float64
}

// Config describes a population and its history.
type Config struct {
	Seed   uint64
	People int

	// Identifiers per person follow a lognormal distribution with this
	// median and sigma, capped at Max: median 4, sigma 0.6 puts 90% of
	// people between 2 and 10 identifiers, the "1–20 identifiers" of a
	// normal cluster (docs/realism.md, Identity graphs, Amperity row).
	IDsMedian float64
	IDsSigma  float64
	IDsMax    int

	// Shares of each kind among a person's own identifiers; they need not
	// sum to 1 (they are normalized). Lifetimes: how long an identifier is
	// seen; zero means the whole history.
	Shares    [NumKinds]float64
	Lifetimes [NumKinds]time.Duration

	// HouseholdMean is the mean household size (Poisson, at least 1).
	// ShareDevices is the probability that a person's device_id or ip is
	// the household's shared one instead of their own.
	HouseholdMean float64
	ShareDevices  float64

	Junk []Junk

	// The history: link events from Start over Span, at
	// LinksPerPersonPerYear on average per person, replayed in Order.
	Start                 time.Time
	Span                  time.Duration
	LinksPerPersonPerYear float64
	Order                 Order
}

// Defaults returns the realistic defaults: households of 2.5 sharing devices
// (Cisco: 3.6 devices per person, ~10 per household), 5 years of history at
// 3 links per person per year (Databricks: +200 M links/day on 25 B vertices
// is ≈2.9 new edges per vertex per year; docs/realism.md, Identity graphs).
func Defaults() Config {
	return Config{
		Seed:                  1,
		People:                10000,
		IDsMedian:             4,
		IDsSigma:              0.6,
		IDsMax:                40,
		Shares:                DefaultShares,
		Lifetimes:             DefaultLifetimes,
		HouseholdMean:         2.5,
		ShareDevices:          0.3,
		Start:                 time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC),
		Span:                  5 * year,
		LinksPerPersonPerYear: 3,
		Order:                 Chronological,
	}
}

// Validate reports every impossible setting at once.
func (c Config) Validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if c.People < 1 {
		bad("people: want at least 1, got %d", c.People)
	}
	if c.People > 1<<30 {
		bad("people: at most %d per shard, got %d: run with --shard", 1<<30, c.People)
	}
	if c.IDsMedian < 1 {
		bad("identifiers_per_person median: want at least 1, got %g", c.IDsMedian)
	}
	if c.IDsSigma < 0 {
		bad("identifiers_per_person sigma: want >= 0, got %g", c.IDsSigma)
	}
	if c.IDsMax < 1 || c.IDsMax > 255 {
		bad("identifiers_per_person max: want 1..255, got %d", c.IDsMax)
	}
	total := 0.0
	for k, s := range c.Shares {
		if s < 0 {
			bad("kinds.%s: want a share >= 0, got %g", Kind(k), s)
		}
		total += s
	}
	if total <= 0 {
		bad("kinds: want at least one kind with a share above 0")
	}
	for k, l := range c.Lifetimes {
		if l < 0 {
			bad("lifetimes.%s: want a duration >= 0, got %s", Kind(k), l)
		}
	}
	if c.HouseholdMean < 1 {
		bad("households size: want a mean of at least 1, got %g", c.HouseholdMean)
	}
	if c.ShareDevices < 0 || c.ShareDevices > 1 {
		bad("households share_devices: want a probability in [0,1], got %g", c.ShareDevices)
	}
	seen := map[string]bool{}
	for i, j := range c.Junk {
		if j.Value == "" {
			bad("junk[%d].value: want the junk identifier, got nothing", i)
		}
		if seen[j.Value] {
			bad("junk[%d].value: %q listed twice", i, j.Value)
		}
		seen[j.Value] = true
		if j.Attach < 0 || j.Attach > 1 {
			bad("junk[%d].attach: want a probability in [0,1], got %g", i, j.Attach)
		}
	}
	if c.Span <= 0 {
		bad("history span: want a positive duration like 5y, got %s", c.Span)
	}
	if c.LinksPerPersonPerYear < 0 {
		bad("history links_per_person_per_year: want >= 0, got %g", c.LinksPerPersonPerYear)
	}
	return errors.Join(errs...)
}
