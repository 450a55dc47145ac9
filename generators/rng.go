package generators

import "math"

const golden = 0x9E3779B97F4A7C15

// mix64 is the splitmix64 finalizer: a bijection that scrambles every bit.
func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

// Key derives an independent 64-bit key from a seed and names, e.g.
// Key(seed, "clickstream", "price"). Equal inputs give equal keys on every
// platform.
func Key(seed uint64, names ...string) uint64 {
	h := mix64(seed + golden)
	for _, n := range names {
		// FNV-1a over the name, folded into the running key.
		f := uint64(14695981039346656037)
		for i := 0; i < len(n); i++ {
			f ^= uint64(n[i])
			f *= 1099511628211
		}
		h = mix64(h ^ f)
	}
	return h
}

// RNG is a small counter-based generator (splitmix64). A value of the zero
// RNG is usable; NewRNG positions it at one record of one field.
type RNG struct{ s uint64 }

// NewRNG returns the generator for record seq of the stream keyed by key.
// seq·golden is injective (golden is odd), the xor with the key and mix64
// are bijections: every (key, seq) starts at its own scrambled state, and
// states of neighbouring records are unrelated, so their splitmix runs do
// not overlap. The fresh state is itself a scrambled value: fields that need
// one draw per record (pickers, uuids) take it as the first draw (r.s) and
// save a scramble; later draws continue with Uint64.
func NewRNG(key, seq uint64) RNG { return RNG{s: mix64(key ^ (seq * golden))} }

// Uint64 returns 64 random bits.
func (r *RNG) Uint64() uint64 {
	r.s += golden
	return mix64(r.s)
}

// Float64 returns a uniform value in [0, 1).
func (r *RNG) Float64() float64 { return float64(r.Uint64()>>11) * 0x1p-53 }

// Intn returns a uniform value in [0, n) for n > 0 (multiply-shift, no
// division; the bias is below 2^-32 for any n that fits in 32 bits).
func (r *RNG) Intn(n int) int {
	if n <= 1<<32 {
		return int((r.Uint64() >> 32 * uint64(n)) >> 32)
	}
	return int(r.Uint64() % uint64(n))
}

// Norm returns a standard normal value (Box–Muller, one of the pair).
func (r *RNG) Norm() float64 {
	u1 := r.Float64()
	for u1 == 0 {
		u1 = r.Float64()
	}
	u2 := r.Float64()
	return math.Sqrt(-2*math.Log(u1)) * math.Cos(2*math.Pi*u2)
}

// Exp returns an exponential value with mean 1.
func (r *RNG) Exp() float64 { return -math.Log1p(-r.Float64()) }
