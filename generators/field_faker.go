package generators

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/brianvoe/gofakeit/v7"
)

// FakerPool fills a pool of up to cardinality distinct values with the
// named gofakeit generator (any name `gofakeit` lists, e.g. url, email,
// country_abr, user_agent). Records then sample the pool: one gofakeit call
// per pool value instead of one per record, an order of magnitude faster,
// and the cardinality is the scenario's, as in production. A generator with
// fewer distinct outputs (country_abr has about 250) yields a smaller pool.
func FakerPool(name string, cardinality int, seed uint64) ([]string, error) {
	info := gofakeit.GetFuncLookup(CanonicalFaker(name))
	if info == nil {
		return nil, fmt.Errorf("unknown faker %q", name)
	}
	if cardinality < 1 {
		return nil, fmt.Errorf("faker %s: cardinality must be at least 1, got %d", name, cardinality)
	}
	fk := gofakeit.New(Key(seed, "faker", name))
	params := gofakeit.NewMapParams()
	for _, p := range info.Params {
		if p.Default != "" {
			params.Add(p.Field, p.Default)
		}
	}
	seen := make(map[string]struct{}, cardinality)
	pool := make([]string, 0, cardinality)
	// Stop when the generator stops producing new values: a pool cannot be
	// more varied than its source.
	misses := 0
	for len(pool) < cardinality && misses < 1000+cardinality {
		v, err := info.Generate(fk, params, info)
		if err != nil {
			return nil, fmt.Errorf("faker %s: %w", name, err)
		}
		s := fmt.Sprint(v)
		if _, dup := seen[s]; dup {
			misses++
			continue
		}
		seen[s] = struct{}{}
		pool = append(pool, s)
	}
	return pool, nil
}

var (
	fakerNamesOnce sync.Once
	fakerNames     []string
)

// FakerNames lists every gofakeit generator usable in FakerPool, sorted.
func FakerNames() []string {
	fakerNamesOnce.Do(func() {
		for name, info := range gofakeit.FuncLookups {
			if info.Generate == nil {
				continue
			}
			if required(info) {
				continue
			}
			fakerNames = append(fakerNames, name)
		}
		sort.Strings(fakerNames)
	})
	return fakerNames
}

// required reports whether a generator needs a parameter with no default.
func required(info gofakeit.Info) bool {
	for _, p := range info.Params {
		if p.Default == "" && !p.Optional {
			return true
		}
	}
	return false
}

// CanonicalFaker maps a faker name as people write it (country_abr,
// User_Agent) to gofakeit's own spelling (countryabr, useragent).
func CanonicalFaker(name string) string {
	return strings.ToLower(strings.NewReplacer("_", "", "-", "").Replace(name))
}

// IsFaker reports whether name is a usable gofakeit generator.
func IsFaker(name string) bool {
	name = CanonicalFaker(name)
	i := sort.SearchStrings(FakerNames(), name)
	return i < len(FakerNames()) && FakerNames()[i] == name
}

// SimilarFakers returns up to n generator names that contain or resemble
// name, for error hints.
func SimilarFakers(name string, n int) []string {
	var out []string
	lower := CanonicalFaker(name)
	for _, f := range FakerNames() {
		if strings.Contains(f, lower) || strings.Contains(lower, f) {
			out = append(out, f)
			if len(out) == n {
				break
			}
		}
	}
	return out
}
