package generators

import (
	"fmt"
	"math"
)

// Dist is a numeric distribution sampled with a caller-supplied RNG.
type Dist interface {
	Sample(r *RNG) float64
	// Mean is the distribution's expected value (before clamping).
	Mean() float64
}

var (
	_ Dist = Uniform{}
	_ Dist = Normal{}
	_ Dist = LogNormal{}
	_ Dist = Exponential{}
	_ Dist = Poisson{}
	_ Dist = (*Zipf)(nil)
)

// Uniform is uniform on [Min, Max).
type Uniform struct{ Min, Max float64 }

func (d Uniform) Sample(r *RNG) float64 { return d.Min + r.Float64()*(d.Max-d.Min) }
func (d Uniform) Mean() float64         { return (d.Min + d.Max) / 2 }

// Normal is Gaussian with the given mean and standard deviation.
type Normal struct{ Mu, Sigma float64 }

func (d Normal) Sample(r *RNG) float64 { return d.Mu + d.Sigma*r.Norm() }
func (d Normal) Mean() float64         { return d.Mu }

// LogNormal is exp(N(ln Median, Sigma)): right-skewed sizes and durations.
type LogNormal struct{ Median, Sigma float64 }

func (d LogNormal) Sample(r *RNG) float64 { return d.Median * math.Exp(d.Sigma*r.Norm()) }
func (d LogNormal) Mean() float64         { return d.Median * math.Exp(d.Sigma*d.Sigma/2) }

// Exponential has the given mean: waiting times.
type Exponential struct{ MeanValue float64 }

func (d Exponential) Sample(r *RNG) float64 { return d.MeanValue * r.Exp() }
func (d Exponential) Mean() float64         { return d.MeanValue }

// Poisson counts events with the given mean.
type Poisson struct{ Lambda float64 }

func (d Poisson) Sample(r *RNG) float64 { return float64(PoissonSample(r, d.Lambda)) }
func (d Poisson) Mean() float64         { return d.Lambda }

// PoissonSample draws from Poisson(lambda): multiplication for small lambda,
// Hörmann's transformed rejection with squeeze (PTRS) for large lambda, so
// the cost is O(1) at any rate.
func PoissonSample(r *RNG, lambda float64) int64 {
	switch {
	case lambda <= 0:
		return 0
	case lambda < 10:
		limit := math.Exp(-lambda)
		p := r.Float64()
		var k int64
		for p > limit {
			k++
			p *= r.Float64()
		}
		return k
	}
	slam := math.Sqrt(lambda)
	loglam := math.Log(lambda)
	b := 0.931 + 2.53*slam
	a := -0.059 + 0.02483*b
	invalpha := 1.1239 + 1.1328/(b-3.4)
	vr := 0.9277 - 3.6224/(b-2)
	for {
		u := r.Float64() - 0.5
		v := r.Float64()
		us := 0.5 - math.Abs(u)
		k := math.Floor((2*a/us+b)*u + lambda + 0.43)
		if us >= 0.07 && v <= vr {
			return int64(k)
		}
		if k < 0 || (us < 0.013 && v > us) {
			continue
		}
		lg, _ := math.Lgamma(k + 1)
		if math.Log(v)+math.Log(invalpha)-math.Log(a/(us*us)+b) <= -lambda+k*loglam-lg {
			return int64(k)
		}
	}
}

// Zipf draws ranks 0..N-1 with P(k) ∝ 1/(k+1)^S, S > 1. The head ranks
// (most of the mass under any realistic skew) come from an alias table
// small enough to stay in cache, which has one more entry standing for the
// whole tail. A tail draw picks a bucket of ranks by its mass from a second,
// small alias table, then a rank in the bucket by rejection from the
// uniform: the buckets are narrow (each ends 1/16 of an octave after it
// starts), so the weights within one differ by a few percent and a draw is
// nearly always accepted by comparing with the bucket's smallest weight
// ratio, with no transcendental call. Both stages are exact, up to the
// 2^-32 resolution of an alias table's thresholds.
type Zipf struct {
	S float64
	N int

	head    *Alias // ranks [0, h), and h for "the tail"
	h       int
	buckets *Alias // the tail's buckets, by mass
	tail    []zipfBucket
}

// zipfBucket is the tail ranks [lo, lo+width). squeeze is the smallest
// ratio of a rank's weight to the first rank's, that of the last rank: a
// uniform draw below it accepts any rank of the bucket.
type zipfBucket struct {
	lo, width int
	squeeze   float64
}

// aliasLimit bounds the head table (8 bytes per rank), which must stay in
// cache to be cheaper than a tail draw.
const aliasLimit = 1 << 14

// zipfBucketsPerOctave sets the tail buckets' width: with 16 per octave the
// first and last weights of a bucket differ by 2^(S/16), under 5% for S
// up to 1.1, so the squeeze accepts almost every draw.
const zipfBucketsPerOctave = 16

// NewZipf prepares a Zipf sampler. S must exceed 1 and N be positive.
func NewZipf(s float64, n int) (*Zipf, error) {
	if !(s > 1) || math.IsInf(s, 0) {
		return nil, fmt.Errorf("zipf exponent must be greater than 1, got %g", s)
	}
	if n < 1 {
		return nil, fmt.Errorf("zipf needs at least one value, got %d", n)
	}
	z := &Zipf{S: s, N: n, h: min(n, aliasLimit)}
	w := make([]float64, z.h, z.h+1)
	for k := range w {
		w[k] = math.Pow(float64(k+1), -s)
	}
	if n > z.h {
		ratio := math.Exp2(1.0 / zipfBucketsPerOctave)
		var masses []float64
		var tailMass float64
		for lo := z.h; lo < n; {
			hi := min(n, max(lo+1, int(math.Ceil(float64(lo)*ratio))))
			m := zipfMass(s, lo+1, hi)
			masses = append(masses, m)
			tailMass += m
			z.tail = append(z.tail, zipfBucket{lo: lo, width: hi - lo,
				squeeze: math.Pow(float64(lo+1)/float64(hi), s)})
			lo = hi
		}
		z.buckets = NewAlias(masses)
		w = append(w, tailMass)
	}
	z.head = NewAlias(w)
	return z, nil
}

// zipfMass is ∑_{m=a}^{b} m^-s for a ≥ aliasLimit, by Euler–Maclaurin to the
// first derivative term: the next term is below 1e-15 of the sum there.
func zipfMass(s float64, a, b int) float64 {
	fa, fb := float64(a), float64(b)
	// a^(1-s) - b^(1-s) without cancelling: narrow buckets have b ≈ a.
	integral := -math.Pow(fa, 1-s) * math.Expm1((1-s)*math.Log1p((fb-fa)/fa)) / (s - 1)
	ends := (math.Pow(fa, -s) + math.Pow(fb, -s)) / 2
	slope := s / 12 * (math.Pow(fa, -s-1) - math.Pow(fb, -s-1))
	return integral + ends + slope
}

// Rank returns a rank in [0, N).
func (z *Zipf) Rank(r *RNG) int { return z.rankFrom(r.Uint64(), r) }

// rankFrom is Rank with the first 64 random bits given: a head rank needs
// no others.
func (z *Zipf) rankFrom(u uint64, r *RNG) int {
	if k := z.head.pickBits(u); k < z.h {
		return k
	}
	return z.tailRank(r)
}

// tailRank draws a rank of the tail: a bucket by mass, then a rank in it
// with probability proportional to its weight, by rejection from the
// uniform over the bucket.
func (z *Zipf) tailRank(r *RNG) int {
	b := z.tail[z.buckets.pickBits(r.Uint64())]
	for {
		x := r.Uint64()
		var k int
		if b.width <= 1<<32 {
			k = b.lo + int((x>>32*uint64(b.width))>>32)
		} else { // past 10^11 ranks
			k = b.lo + int(x%uint64(b.width))
		}
		v := r.Float64()
		if v < b.squeeze || v < math.Pow(float64(b.lo+1)/float64(k+1), z.S) {
			return k
		}
	}
}

func (z *Zipf) Sample(r *RNG) float64 { return float64(z.Rank(r) + 1) }

// Mean of the rank+1 values over the head ranks (the tail adds little for
// the exponents scenarios use).
func (z *Zipf) Mean() float64 {
	var num, den float64
	for k := 1; k <= z.h; k++ {
		p := math.Pow(float64(k), -z.S)
		num += float64(k) * p
		den += p
	}
	return num / den
}

// Alias is Walker's alias table: O(1) sampling from a discrete distribution.
// Each slot keeps its threshold and alias side by side, so a draw touches
// one cache line.
type Alias struct {
	slots []aliasSlot
}

type aliasSlot struct {
	threshold uint32 // keep the slot when the low 32 random bits fall below
	alias     uint32
}

// NewAlias builds a table from non-negative weights with a positive sum.
func NewAlias(weights []float64) *Alias {
	n := len(weights)
	var sum float64
	for _, w := range weights {
		sum += w
	}
	prob := make([]float64, n)
	alias := make([]uint32, n)
	scaled := make([]float64, n)
	var small, large []uint32
	for i, w := range weights {
		scaled[i] = w * float64(n) / sum
		if scaled[i] < 1 {
			small = append(small, uint32(i))
		} else {
			large = append(large, uint32(i))
		}
	}
	for len(small) > 0 && len(large) > 0 {
		s, l := small[len(small)-1], large[len(large)-1]
		small = small[:len(small)-1]
		prob[s], alias[s] = scaled[s], l
		scaled[l] += scaled[s] - 1
		if scaled[l] < 1 {
			large = large[:len(large)-1]
			small = append(small, l)
		}
	}
	for _, i := range large {
		prob[i], alias[i] = 1, i
	}
	for _, i := range small {
		prob[i], alias[i] = 1, i
	}
	a := &Alias{slots: make([]aliasSlot, n)}
	for i := range a.slots {
		t := uint64(math.Round(prob[i] * (1 << 32)))
		if t > math.MaxUint32 {
			// probability 1: the alias is the slot itself
			t, alias[i] = math.MaxUint32, uint32(i)
		}
		a.slots[i] = aliasSlot{threshold: uint32(t), alias: alias[i]}
	}
	return a
}

// Pick returns an index with probability proportional to its weight.
func (a *Alias) Pick(r *RNG) int { return a.pickBits(r.Uint64()) }

// pickBits picks with 64 random bits: the high half chooses the slot, the
// low half decides between the slot and its alias.
func (a *Alias) pickBits(u uint64) int {
	i := int((u >> 32 * uint64(len(a.slots))) >> 32)
	if s := a.slots[i]; uint32(u) >= s.threshold {
		return int(s.alias)
	}
	return i
}
