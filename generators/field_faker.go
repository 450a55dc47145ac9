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
	params := gofakeit.NewMapParams()
	for _, p := range info.Params {
		if p.Default != "" {
			params.Add(p.Field, p.Default)
		}
	}
	key := Key(seed, "faker", name)
	seen := make(map[string]struct{}, cardinality)
	pool := make([]string, 0, cardinality)
	// Candidates come in rounds of chunks made on all cores, each chunk by
	// its own faker seeded by its number, then enter the pool in chunk
	// order: the pool is the same whatever the number of cores. Stop when
	// the generator stops producing new values: a pool cannot be more
	// varied than its source.
	misses, chunk := 0, uint64(0)
	for len(pool) < cardinality && misses < 1000+cardinality {
		need := cardinality - len(pool)
		size := min(fakerChunk, need+need/8+16)
		round := make([][]string, min((need+size-1)/size, maxChunksPerRound))
		var wg sync.WaitGroup
		errs := make([]error, len(round))
		for k := range round {
			wg.Go(func() {
				fk := gofakeit.New(mix64(key ^ (chunk+uint64(k)+1)*golden))
				out := make([]string, 0, size)
				for range size {
					v, err := info.Generate(fk, params, info)
					if err != nil {
						errs[k] = fmt.Errorf("faker %s: %w", name, err)
						return
					}
					// Most generators give a string, which fmt.Sprint
					// would only copy, at a tenth of a url's cost.
					if str, ok := v.(string); ok {
						out = append(out, str)
					} else {
						out = append(out, fmt.Sprint(v))
					}
				}
				round[k] = out
			})
		}
		wg.Wait()
		chunk += uint64(len(round))
		for k, out := range round {
			if errs[k] != nil {
				return nil, errs[k]
			}
			for _, v := range out {
				if len(pool) == cardinality || misses >= 1000+cardinality {
					break
				}
				if _, dup := seen[v]; dup {
					misses++
					continue
				}
				seen[v] = struct{}{}
				pool = append(pool, v)
			}
		}
	}
	return pool, nil
}

// Pools are made in chunks of at most fakerChunk candidates, at most
// maxChunksPerRound at a time (bounding the candidates made beyond need).
const (
	fakerChunk        = 2048
	maxChunksPerRound = 32
)

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
