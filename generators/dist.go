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
// small enough to stay in cache; the long tail from rejection-inversion
// (Hörmann and Derflinger), which needs no table. Both are exact.
type Zipf struct {
	S float64
	N int

	head  *Alias  // ranks [0, len)
	pHead float64 // probability of a head rank
	// rejection-inversion over the tail ranks [tailStart, N)
	tailStart                                     int
	oneMinusS, oneMinusSInv, hxm, hx0MinusHxm, sq float64
}

// aliasLimit bounds the head table (12 bytes per rank). Past the CPU cache a
// table lookup misses more often than rejection-inversion's two
// transcendental calls cost.
const aliasLimit = 1 << 14

// NewZipf prepares a Zipf sampler. S must exceed 1 and N be positive.
func NewZipf(s float64, n int) (*Zipf, error) {
	if !(s > 1) || math.IsInf(s, 0) {
		return nil, fmt.Errorf("zipf exponent must be greater than 1, got %g", s)
	}
	if n < 1 {
		return nil, fmt.Errorf("zipf needs at least one value, got %d", n)
	}
	z := &Zipf{S: s, N: n}
	h := min(n, aliasLimit)
	w := make([]float64, h)
	var headMass float64
	for k := range w {
		w[k] = math.Pow(float64(k+1), -s)
		headMass += w[k]
	}
	z.head = NewAlias(w)
	z.pHead = 1
	if n == h {
		return z, nil
	}
	// The tail's mass ∑_{k=h+1}^{n} k^-s by the midpoint integral; its
	// relative error is below 1e-9 for a head of 2^14 ranks.
	tailMass := (math.Pow(float64(h)+0.5, 1-s) - math.Pow(float64(n)+0.5, 1-s)) / (s - 1)
	z.pHead = headMass / (headMass + tailMass)
	z.tailStart = h
	z.oneMinusS = 1 - s
	z.oneMinusSInv = 1 / z.oneMinusS
	z.hxm = z.hIntegral(float64(n-1) + 0.5)
	z.hx0MinusHxm = z.hIntegral(float64(h)+0.5) - math.Pow(float64(h+1), -s) - z.hxm
	z.sq = 1 - z.hIntegralInv(z.hIntegral(1.5)-math.Exp(-s*math.Log(2)))
	return z, nil
}

// hIntegral is the antiderivative of (1+x)^-S; hIntegralInv its inverse.
func (z *Zipf) hIntegral(x float64) float64 {
	return math.Exp(z.oneMinusS*math.Log(1+x)) * z.oneMinusSInv
}

func (z *Zipf) hIntegralInv(x float64) float64 {
	return math.Exp(z.oneMinusSInv*math.Log(z.oneMinusS*x)) - 1
}

// Rank returns a rank in [0, N).
func (z *Zipf) Rank(r *RNG) int { return z.rankFrom(r.Uint64(), r) }

// rankFrom is Rank with the first 64 random bits given: a head-only table
// needs no others.
func (z *Zipf) rankFrom(u uint64, r *RNG) int {
	if z.pHead == 1 {
		return z.head.pickBits(u)
	}
	if float64(u>>11)*0x1p-53 < z.pHead {
		return z.head.Pick(r)
	}
	for {
		ur := z.hxm + r.Float64()*z.hx0MinusHxm
		x := z.hIntegralInv(ur)
		k := math.Floor(x + 0.5)
		if k < float64(z.tailStart) {
			k = float64(z.tailStart)
		}
		if k-x <= z.sq {
			return int(k)
		}
		if ur >= z.hIntegral(k+0.5)-math.Exp(-math.Log(k+1)*z.S) {
			return int(k)
		}
	}
}

func (z *Zipf) Sample(r *RNG) float64 { return float64(z.Rank(r) + 1) }

// Mean of the rank+1 values over the head ranks (the tail adds little for
// the exponents scenarios use).
func (z *Zipf) Mean() float64 {
	n := min(z.N, aliasLimit)
	var num, den float64
	for k := 1; k <= n; k++ {
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
