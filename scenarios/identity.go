package scenarios

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/prodshape/prodshape/generators/identity"
)

// Population is an identity population: people and the identifiers they
// own, linked over a history into an identity graph.
type Population struct {
	People               int64          `yaml:"people" doc:"people at production volume (scaled by scale)"`
	IdentifiersPerPerson *IDsPerPerson  `yaml:"identifiers_per_person" doc:"how many identifiers one person owns over the history (default lognormal median 4, sigma 0.6, max 40)"`
	Kinds                *KindShares    `yaml:"kinds" doc:"share of each identifier kind among a person's own identifiers (kinds left out get 0)"`
	Lifetimes            *KindDurations `yaml:"lifetimes" doc:"how long an identifier of each kind keeps being seen (default cookie 90d, device_id 3y, ip 180d; 0 = the whole history)"`
	Households           *Households    `yaml:"households" doc:"households whose members share devices and IPs"`
	Junk                 []JunkSpec     `yaml:"junk" doc:"junk identifiers many people share by accident (test@test.com, 0000000000): the supernodes"`
}

// IDsPerPerson is the identifiers-per-person distribution.
type IDsPerPerson struct {
	Lognormal *Lognormal `yaml:"lognormal" doc:"a lognormal distribution"`
	Max       int        `yaml:"max" doc:"cap per person (default 40)"`
}

// Lognormal is given by its median and sigma.
type Lognormal struct {
	Median float64 `yaml:"median" doc:"median (default 4)"`
	Sigma  float64 `yaml:"sigma" doc:"sigma of the underlying normal (default 0.6)"`
}

// KindShares weighs identifier kinds.
type KindShares struct {
	Email      *float64 `yaml:"email" doc:"email addresses"`
	Phone      *float64 `yaml:"phone" doc:"phone numbers"`
	Cookie     *float64 `yaml:"cookie" doc:"browser cookies (churn)"`
	DeviceID   *float64 `yaml:"device_id" doc:"device ids (shared in households)"`
	CustomerID *float64 `yaml:"customer_id" doc:"customer ids"`
	IP         *float64 `yaml:"ip" doc:"IP addresses (shared in households, churn)"`
}

func (k *KindShares) slots() [identity.NumKinds]*float64 {
	return [identity.NumKinds]*float64{k.Email, k.Phone, k.Cookie, k.DeviceID, k.CustomerID, k.IP}
}

// KindDurations gives each identifier kind a duration.
type KindDurations struct {
	Email      *Duration `yaml:"email" doc:"email addresses"`
	Phone      *Duration `yaml:"phone" doc:"phone numbers"`
	Cookie     *Duration `yaml:"cookie" doc:"browser cookies"`
	DeviceID   *Duration `yaml:"device_id" doc:"device ids"`
	CustomerID *Duration `yaml:"customer_id" doc:"customer ids"`
	IP         *Duration `yaml:"ip" doc:"IP addresses"`
}

func (k *KindDurations) slots() [identity.NumKinds]*Duration {
	return [identity.NumKinds]*Duration{k.Email, k.Phone, k.Cookie, k.DeviceID, k.CustomerID, k.IP}
}

// Households groups people.
type Households struct {
	Size         *HouseholdSize `yaml:"size" doc:"household size distribution (default poisson 2.5)"`
	ShareDevices *Percent       `yaml:"share_devices" doc:"probability that a person's device_id or ip is the household's shared one (default 0.3)"`
}

// HouseholdSize is a Poisson household size (at least 1).
type HouseholdSize struct {
	Poisson float64 `yaml:"poisson" doc:"mean household size"`
}

// JunkSpec is one junk identifier.
type JunkSpec struct {
	Value  string  `yaml:"value" doc:"the identifier, e.g. test@test.com"`
	Kind   string  `yaml:"kind" enum:"email|phone|cookie|device_id|customer_id|ip" doc:"its kind"`
	Attach Percent `yaml:"attach" doc:"probability that a person links to it, e.g. 0.5%"`
}

// History is the span of link events a backfill replays.
type History struct {
	Span                  Duration `yaml:"span" doc:"how much history the backfill covers, ending at clock.start (default 5y)"`
	LinksPerPersonPerYear float64  `yaml:"links_per_person_per_year" doc:"link events per person per year (default 3: +200 M links/day on 25 B vertices)"`
	Order                 string   `yaml:"order" enum:"chronological|shuffled" doc:"replay order of the link events"`
}

// GraphSystem is the candidate identity-graph store.
type GraphSystem struct {
	Store       string          `yaml:"store" enum:"memory|kv|postgres" doc:"shorthand for a built-in store when dsn is not set: memory (memory:), an in-process upper bound; kv (kv:), an on-disk key-value store with traversal in the application; postgres, a PostgreSQL server (needs dsn)"`
	DSN         string          `yaml:"dsn" doc:"the store by its DSN: memory:, kv:[file] (or bolt:[file], in the run folder by default), postgres://user@host:port/db, or embedded to start a throwaway local PostgreSQL server"`
	Traversal   string          `yaml:"traversal" enum:"cte|bfs" doc:"postgres: recursive CTE (one query) or breadth-first search in the application (one query per hop)"`
	Batch       int             `yaml:"batch" doc:"link events the processing path commits at once (default 1000)"`
	Checkpoints int             `yaml:"checkpoints" doc:"measure the graph this many times over the history (default 10: every 10%)"`
	Timeout     Duration        `yaml:"timeout" doc:"longest a store operation may take before it counts as failed (default 30s)"`
	Guardrails  *GuardrailsSpec `yaml:"guardrails" doc:"candidate mitigations: cluster size cap, junk blocklist, per-kind cap"`
	Lookups     *Lookups        `yaml:"lookups" doc:"profile evaluations timed at each checkpoint"`
	ExportEdges *bool           `yaml:"export_edges" doc:"write edges.parquet into the run folder (default true)"`
}

// GuardrailsSpec switches guardrails on.
type GuardrailsSpec struct {
	MaxComponent int      `yaml:"max_component" doc:"refuse (or split) merges that make a cluster larger than this; 0 = off (vendors cap at 20-200)"`
	OnExceed     string   `yaml:"on_exceed" enum:"refuse|split" doc:"refuse: drop the link; split: keep both identifiers, each in its own cluster"`
	Blocklist    []string `yaml:"blocklist" doc:"regular expressions of junk identifiers whose links are dropped, e.g. ^test@test\\.com$, ^[0-]*$"`
	MaxPerKind   int      `yaml:"max_per_kind" doc:"refuse merges that give a cluster more identifiers of one kind than this; 0 = off"`
}

// Lookups configures the profile evaluations.
type Lookups struct {
	PerCheckpoint int    `yaml:"per_checkpoint" doc:"profiles picked by activity at each checkpoint (default 200)"`
	Targeted      int    `yaml:"targeted" doc:"profiles picked from the three largest clusters at each checkpoint (default 50)"`
	Pick          string `yaml:"pick" enum:"by_activity" doc:"how the sampled profiles are picked: by_activity weighs identifiers by their link events"`
}

func init() {
	workloadSources = append(workloadSources, func(s *Scenario) bool { return s.Population != nil })
	extraChecks = append(extraChecks, validateIdentity)
}

// Graph store DSNs the model knows: the store: shorthands stand for them.
const (
	// DefaultGraphDSN is the store of a scenario that names none: the
	// key-value design the identity-graph case started from.
	DefaultGraphDSN = "kv:"
	// EmbeddedDSN asks the engine for a throwaway PostgreSQL server.
	EmbeddedDSN = "embedded"
)

// StoreDSN is the DSN of the graph store: dsn when set, else the store:
// shorthand (memory: or kv:).
func (g *GraphSystem) StoreDSN() string {
	switch {
	case g.DSN != "":
		return g.DSN
	case g.Store == "":
		return DefaultGraphDSN
	}
	return g.Store + ":"
}

// dsnPrefixes are the DSN beginnings each store: shorthand agrees with.
var dsnPrefixes = map[string][]string{
	"memory":   {"memory:"},
	"kv":       {"kv:", "bolt:"},
	"postgres": {"postgres://", "postgresql://", EmbeddedDSN},
}

// Defaults of an identity scenario.
const (
	DefaultHistorySpan  = 5 * 365 * 24 * time.Hour
	DefaultLinksPerYear = 3.0
)

func validateIdentity(s *Scenario, c *check) {
	p := s.Population
	if p == nil {
		if s.History != nil {
			c.errorf("history", "history replays a population's links: add a population section")
		}
		if s.System.Graph != nil {
			c.errorf("system.graph", "a graph store needs a population to backfill: add a population section")
		}
		return
	}
	if len(s.Streams) > 0 {
		c.errorf("streams", "a scenario has either streams or a population, not both: split it into two scenarios")
	}
	if h := s.History; h != nil && c.has("history.span") && h.Span <= 0 {
		c.errorf("history.span", "want a positive span of history like 5y, got %s", time.Duration(h.Span))
	}
	if p.People < 1 {
		c.errorf("population.people", "want at least 1 person, got %d", p.People)
	}
	if _, err := s.IdentityConfig(0, 1); err != nil {
		for _, line := range strings.Split(err.Error(), "\n") {
			field, msg, _ := strings.Cut(line, ": ")
			c.errorf(identityPath(field), "%s", msg)
		}
	}
	for i, j := range p.Junk {
		if j.Value == "" {
			c.errorf(fmt.Sprintf("population.junk[%d].value", i), "want the junk identifier, such as test@test.com")
		}
		if _, err := identity.ParseKind(j.Kind); err != nil {
			c.errorf(fmt.Sprintf("population.junk[%d].kind", i), "%v", err)
		}
	}
	g := s.System.Graph
	if g == nil {
		return
	}
	if g.Store == "postgres" && g.DSN == "" {
		c.errorf("system.graph.dsn", "the postgres store needs dsn: postgres://user@host:port/db, or embedded for a throwaway local server")
	}
	if prefixes, ok := dsnPrefixes[g.Store]; ok && g.DSN != "" && !slices.ContainsFunc(prefixes, func(p string) bool { return strings.HasPrefix(g.DSN, p) }) {
		c.errorf("system.graph.dsn", "store: %s wants a dsn starting with %s: drop store: to use another store's DSN", g.Store, strings.Join(prefixes, " or "))
	}
	for _, f := range []struct {
		name string
		v    int
	}{{"batch", g.Batch}, {"checkpoints", g.Checkpoints}} {
		if f.v < 0 {
			c.errorf("system.graph."+f.name, "want a positive number, got %d", f.v)
		}
	}
	if gr := g.Guardrails; gr != nil {
		if gr.MaxComponent < 0 {
			c.errorf("system.graph.guardrails.max_component", "want a cluster size cap >= 0 (0 = off), got %d", gr.MaxComponent)
		}
		if gr.MaxPerKind < 0 {
			c.errorf("system.graph.guardrails.max_per_kind", "want a cap >= 0 (0 = off), got %d", gr.MaxPerKind)
		}
		for i, pat := range gr.Blocklist {
			if _, err := regexp.Compile(pat); err != nil {
				c.errorf(fmt.Sprintf("system.graph.guardrails.blocklist[%d]", i), "not a regular expression: %v", err)
			}
		}
	}
	if l := g.Lookups; l != nil && (l.PerCheckpoint < 0 || l.Targeted < 0) {
		c.errorf("system.graph.lookups", "want counts >= 0")
	}
}

// identityPaths maps the generator's names for its settings to the YAML
// paths they come from.
var identityPaths = map[string]string{
	"identifiers_per_person median":     "population.identifiers_per_person.lognormal.median",
	"identifiers_per_person sigma":      "population.identifiers_per_person.lognormal.sigma",
	"identifiers_per_person max":        "population.identifiers_per_person.max",
	"households size":                   "population.households.size.poisson",
	"households share_devices":          "population.households.share_devices",
	"history span":                      "history.span",
	"history links_per_person_per_year": "history.links_per_person_per_year",
}

// identityPath maps a generator config error's field to the YAML path.
func identityPath(field string) string {
	if p, ok := identityPaths[field]; ok {
		return p
	}
	return "population." + field // people, kinds.email, lifetimes.cookie, junk[0].attach
}

// IdentityConfig turns the population and history sections into the
// generator's config for one shard: people are scaled by scale and split
// between shards, each shard drawing its own people from its own seed.
func (s *Scenario) IdentityConfig(shard, shards int) (identity.Config, error) {
	c := identity.Defaults()
	p := s.Population
	if shards < 1 {
		shards = 1
	}
	c.Seed = s.Seed + uint64(shard)*0x9e3779b97f4a7c15
	people := int(math.Round(float64(p.People) * s.Scale / float64(shards)))
	c.People = max(people, 1)
	if ip := p.IdentifiersPerPerson; ip != nil {
		if ip.Lognormal != nil {
			if ip.Lognormal.Median != 0 {
				c.IDsMedian = ip.Lognormal.Median
			}
			if ip.Lognormal.Sigma != 0 {
				c.IDsSigma = ip.Lognormal.Sigma
			}
		}
		if ip.Max != 0 {
			c.IDsMax = ip.Max
		}
	}
	if p.Kinds != nil {
		for k, v := range p.Kinds.slots() {
			c.Shares[k] = 0
			if v != nil {
				c.Shares[k] = *v
			}
		}
	}
	if p.Lifetimes != nil {
		for k, v := range p.Lifetimes.slots() {
			if v != nil {
				c.Lifetimes[k] = time.Duration(*v)
			}
		}
	}
	if h := p.Households; h != nil {
		if h.Size != nil && h.Size.Poisson != 0 {
			c.HouseholdMean = h.Size.Poisson
		}
		if h.ShareDevices != nil {
			c.ShareDevices = float64(*h.ShareDevices)
		}
	}
	for _, j := range p.Junk {
		k, err := identity.ParseKind(j.Kind)
		if err != nil {
			continue // reported by validation
		}
		c.Junk = append(c.Junk, identity.Junk{Value: j.Value, Kind: k, Attach: float64(j.Attach)})
	}
	c.Span = DefaultHistorySpan
	c.LinksPerPersonPerYear = DefaultLinksPerYear
	if h := s.History; h != nil {
		if h.Span != 0 {
			c.Span = time.Duration(h.Span)
		}
		if h.LinksPerPersonPerYear != 0 {
			c.LinksPerPersonPerYear = h.LinksPerPersonPerYear
		}
		order, err := identity.ParseOrder(h.Order)
		if err != nil {
			return c, err
		}
		c.Order = order
	}
	// The backfill replays the history that ends where the scenario
	// clock starts.
	c.Start = s.Clock.Start.Add(-c.Span)
	if c.Start.IsZero() || s.Clock.Start.IsZero() {
		c.Start = DefaultStart.Add(-c.Span)
	}
	return c, c.Validate()
}
