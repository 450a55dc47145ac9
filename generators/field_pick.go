package generators

import "fmt"

// Picker is what Choice and Ref use: PickFrom takes the record's first
// random 64 bits (the fresh generator's scrambled state, which saves a
// scramble per value) and draws any further bits from r.
type Picker interface {
	PickFrom(u uint64, r *RNG) int
	Len() int
}

// UniformPick picks any of N with equal probability.
type UniformPick struct{ N int }

func (u UniformPick) Len() int { return u.N }

func (u UniformPick) PickFrom(x uint64, r *RNG) int {
	if u.N > 1<<32 {
		return int(x % uint64(u.N))
	}
	return int((x >> 32 * uint64(u.N)) >> 32)
}

// WeightedPick picks by weights through an alias table.
type WeightedPick struct {
	alias *Alias
	n     int
}

// NewWeightedPick checks the weights (non-negative, positive sum).
func NewWeightedPick(weights []float64) (*WeightedPick, error) {
	var sum float64
	for i, w := range weights {
		if w < 0 {
			return nil, fmt.Errorf("weight %d is negative (%g)", i, w)
		}
		sum += w
	}
	if !(sum > 0) {
		return nil, fmt.Errorf("weights sum to %g; at least one must be positive", sum)
	}
	return &WeightedPick{alias: NewAlias(weights), n: len(weights)}, nil
}

func (w *WeightedPick) Len() int                      { return w.n }
func (w *WeightedPick) PickFrom(u uint64, _ *RNG) int { return w.alias.pickBits(u) }

// ZipfPick picks rank k with probability ∝ 1/(k+1)^s.
type ZipfPick struct{ z *Zipf }

// NewZipfPick prepares a Zipf picker over n values.
func NewZipfPick(s float64, n int) (*ZipfPick, error) {
	z, err := NewZipf(s, n)
	if err != nil {
		return nil, err
	}
	return &ZipfPick{z: z}, nil
}

func (z *ZipfPick) Len() int                      { return z.z.N }
func (z *ZipfPick) PickFrom(u uint64, r *RNG) int { return z.z.rankFrom(u, r) }

// Choice fills a string column from a fixed list of values: enums (weighted)
// and faker pools (uniform or skewed).
type Choice struct {
	Values []string
	Picker Picker

	checked, allPlain bool
}

var _ Values = (*Choice)(nil)

func (*Choice) Type() Type { return String }

func (c *Choice) plain() bool {
	if !c.checked {
		c.allPlain = true
		for _, v := range c.Values {
			if !IsPlain(v) {
				c.allPlain = false
				break
			}
		}
		c.checked = true
	}
	return c.allPlain
}

func (c *Choice) pool() []string { return c.Values }
func (c *Choice) distinct() int  { return len(c.Values) }

func (c *Choice) Fill(col *Column, f *Frame) {
	var r RNG // one per batch: a Picker is an interface, so &r escapes
	index := col.Index
	if col.Pool == nil {
		index = nil
	}
	for i := 0; i < f.N; i++ {
		if f.Skip(i) {
			continue
		}
		r = f.RNG(i)
		k := c.Picker.PickFrom(r.s, &r)
		col.Strings[i] = c.Values[k]
		if index != nil {
			index[i] = int32(k)
		}
	}
}
