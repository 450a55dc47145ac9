package generators

import "math"

// Number fills a numeric column from a distribution, clamped to [Min, Max]
// when set, rounded to Decimals places (doubles) or to whole numbers (ints).
type Number struct {
	Dist     Dist
	Int      bool
	Min, Max *float64
	Decimals int // -1 keeps full precision
}

var _ Values = (*Number)(nil)

func (n *Number) Type() Type {
	if n.Int {
		return Int64
	}
	return Float64
}

func (n *Number) Fill(col *Column, f *Frame) {
	scale := math.Pow(10, float64(n.Decimals))
	var r RNG // one per batch: a Dist is an interface, so &r escapes
	for i := 0; i < f.N; i++ {
		if f.Skip(i) {
			continue
		}
		r = f.RNG(i)
		v := n.Dist.Sample(&r)
		if n.Min != nil && v < *n.Min {
			v = *n.Min
		}
		if n.Max != nil && v > *n.Max {
			v = *n.Max
		}
		if n.Int {
			col.Ints[i] = int64(math.Round(v))
			continue
		}
		if n.Decimals >= 0 {
			v = math.Round(v*scale) / scale
		}
		col.Floats[i] = v
	}
}
