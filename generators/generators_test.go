package generators

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

var day0 = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)

// collect runs a stream to the end and returns every batch's records.
func collect(t *testing.T, cfg StreamConfig, fn func(b *Batch)) {
	t.Helper()
	s, err := NewStream(cfg)
	if err != nil {
		t.Fatal(err)
	}
	b := s.NewBatch()
	for s.Next(b) {
		fn(b)
	}
}

func enumStream(seed uint64, rate float64, d time.Duration, shapes ...Shape) StreamConfig {
	pick, _ := NewWeightedPick([]float64{96.7, 2.5, 0.8})
	return StreamConfig{
		Name: "events", Seed: seed, Start: day0, Duration: d,
		Rate: Rate{Base: rate, Shapes: shapes},
		Fields: []FieldConfig{
			{Name: "id", Values: UUID{}},
			{Name: "type", Values: &Choice{Values: []string{"view", "cart", "buy"}, Picker: pick}},
			{Name: "price", Values: &Number{Dist: Normal{Mu: 60, Sigma: 25}, Decimals: 2}, When: []Condition{{Field: "type", Equals: []string{"buy"}}}},
			{Name: "at", Values: EventTime{}},
		},
	}
}

// TestDiurnalAndSpikeShape checks that per-minute counts follow the
// configured curve: trough-to-peak ratio within 5% and the spike visible.
func TestDiurnalAndSpikeShape(t *testing.T) {
	diurnal := &Diurnal{PeakToTrough: 4, PeakAt: 20 * time.Hour}
	spike := &Spikes{Spikes: []Spike{{At: 8 * time.Hour, Daily: true, Factor: 5, For: 15 * time.Minute}}}
	cfg := enumStream(7, 20, 24*time.Hour, diurnal, spike)
	cfg.Fields = cfg.Fields[3:] // event time only: this test is about arrivals
	perHour := make([]float64, 24)
	spikeMin, baseMin := 0.0, 0.0
	collect(t, cfg, func(b *Batch) {
		for _, a := range b.Arrival {
			at := time.Unix(0, a).UTC()
			perHour[at.Hour()]++
			switch m := at.Hour()*60 + at.Minute(); {
			case m >= 8*60 && m < 8*60+15:
				spikeMin++
			case m >= 7*60+30 && m < 7*60+45:
				baseMin++
			}
		}
	})
	// Compare the hour around the peak (20:00) with the hour around the
	// trough (08:00, excluding its spike quarter) against the cosine's
	// expectation over those hours.
	expect := func(h int) float64 {
		return cfg.Rate.Expected(day0.Add(time.Duration(h)*time.Hour), day0.Add(time.Duration(h+1)*time.Hour), day0)
	}
	for _, h := range []int{2, 14, 19, 20} {
		if got, want := perHour[h], expect(h); math.Abs(got-want)/want > 0.05 {
			t.Errorf("hour %d: %0.f records, want %0.f within 5%%", h, got, want)
		}
	}
	ratio := perHour[20] / perHour[7]
	wantRatio := expect(20) / expect(7)
	if math.Abs(ratio-wantRatio)/wantRatio > 0.05 {
		t.Errorf("peak/trough hours = %.2f, want %.2f within 5%%", ratio, wantRatio)
	}
	if r := spikeMin / baseMin; r < 4 || r > 6 {
		t.Errorf("spike quarter / quarter before = %.2f, want about 5", r)
	}
}

// TestEnumChiSquare checks enum frequencies against their weights.
func TestEnumChiSquare(t *testing.T) {
	counts := map[string]float64{}
	var n float64
	collect(t, enumStream(3, 100, 2*time.Hour), func(b *Batch) {
		for _, v := range b.Columns[1].Strings[:b.Len()] {
			counts[v]++
			n++
		}
	})
	weights := map[string]float64{"view": 0.967, "cart": 0.025, "buy": 0.008}
	var chi2 float64
	for k, w := range weights {
		exp := w * n
		chi2 += (counts[k] - exp) * (counts[k] - exp) / exp
	}
	// 2 degrees of freedom: P(chi2 > 13.8) = 0.001.
	if chi2 > 13.8 {
		t.Errorf("chi-square %.2f over %0.f records: %v", chi2, n, counts)
	}
}

// TestZipfSkew checks rank frequencies against the exponent for both
// samplers (alias table and rejection-inversion).
func TestZipfSkew(t *testing.T) {
	for _, n := range []int{1000, aliasLimit * 4} {
		for _, s := range []float64{1.1, 1.5, 2} {
			z, err := NewZipf(s, n)
			if err != nil {
				t.Fatal(err)
			}
			counts := make([]float64, 4)
			const draws = 200000
			for i := 0; i < draws; i++ {
				r := NewRNG(99, uint64(i))
				if k := z.Rank(&r); k < len(counts) {
					counts[k]++
				}
			}
			// P(1)/P(2) = 2^s and P(1)/P(4) = 4^s.
			for _, k := range []int{1, 3} {
				got := counts[0] / counts[k]
				want := math.Pow(float64(k+1), s)
				if math.Abs(got-want)/want > 0.06 {
					t.Errorf("n=%d s=%g: P(1)/P(%d) = %.3f, want %.3f", n, s, k+1, got, want)
				}
			}
		}
	}
	// The tail of a large pool: windows on both sides of the head/tail
	// boundary hold the mass the power law gives them.
	const w = 2048
	z, _ := NewZipf(1.2, aliasLimit*64)
	windows := []int{aliasLimit - w, 2 * aliasLimit, 4 * aliasLimit}
	got := make([]float64, len(windows))
	for i := 0; i < 2000000; i++ {
		r := NewRNG(7, uint64(i))
		k := z.Rank(&r)
		for j, lo := range windows {
			if k >= lo && k < lo+w {
				got[j]++
			}
		}
	}
	mass := func(lo int) (m float64) {
		for k := lo; k < lo+w; k++ {
			m += math.Pow(float64(k+1), -1.2)
		}
		return m
	}
	for j := 1; j < len(windows); j++ {
		want := mass(windows[0]) / mass(windows[j])
		if r := got[0] / got[j]; math.Abs(r-want)/want > 0.06 {
			t.Errorf("window at %d / window at %d = %.3f, want %.3f", windows[0], windows[j], r, want)
		}
	}
	if _, err := NewZipf(1, 10); err == nil {
		t.Error("zipf exponent 1 accepted; the sampler needs s > 1")
	}
}

// TestZipfMass checks the tail buckets' masses, from Euler–Maclaurin,
// against the sums themselves, on buckets of the width the sampler uses
// and on whole tails.
func TestZipfMass(t *testing.T) {
	for _, s := range []float64{1.01, 1.1, 1.5, 2, 3} {
		for _, r := range [][2]int{{aliasLimit + 1, aliasLimit + 720}, {aliasLimit + 1, 2_000_000}, {1 << 20, 1<<20 + 1}} {
			var want float64
			for m := r[1]; m >= r[0]; m-- { // smallest terms first
				want += math.Pow(float64(m), -s)
			}
			if got := zipfMass(s, r[0], r[1]); math.Abs(got-want)/want > 1e-11 {
				t.Errorf("s=%g [%d,%d]: mass %.15g, want %.15g", s, r[0], r[1], got, want)
			}
		}
	}
}

// TestZipfHuge: ranks stay in range when tail buckets are wider than 2^32.
func TestZipfHuge(t *testing.T) {
	const n = 1 << 42
	z, err := NewZipf(1.01, n)
	if err != nil {
		t.Fatal(err)
	}
	wide, deep := 0, 0 // draws in buckets wider than 2^32, and past their first 2^32 ranks
	for i := range 200000 {
		r := NewRNG(13, uint64(i))
		k := z.Rank(&r)
		if k < 0 || k >= n {
			t.Fatalf("rank %d outside [0, %d)", k, n)
		}
		for _, b := range z.tail {
			if k >= b.lo && k < b.lo+b.width && b.width > 1<<33 {
				wide++
				if k-b.lo >= 1<<32 {
					deep++
				}
			}
		}
	}
	if wide == 0 || deep < wide/4 {
		t.Errorf("%d draws in buckets wider than 2^33, %d of them past the first 2^32 ranks", wide, deep)
	}
}

// TestZipfTailShare: the share of draws that fall in the tail is the tail's
// share of the mass, within five standard deviations.
func TestZipfTailShare(t *testing.T) {
	const n, draws = 5_000_000, 1_000_000
	for _, s := range []float64{1.05, 1.5} {
		z, err := NewZipf(s, n)
		if err != nil {
			t.Fatal(err)
		}
		var head, total float64
		for m := n; m >= 1; m-- {
			p := math.Pow(float64(m), -s)
			total += p
			if m <= aliasLimit {
				head += p
			}
		}
		want := 1 - head/total
		var tail float64
		for i := 0; i < draws; i++ {
			r := NewRNG(11, uint64(i))
			if k := z.Rank(&r); k >= aliasLimit {
				tail++
			} else if k < 0 {
				t.Fatalf("rank %d", k)
			}
		}
		got := tail / draws
		if sd := math.Sqrt(want * (1 - want) / draws); math.Abs(got-want) > 5*sd {
			t.Errorf("s=%g: tail share %.5f, want %.5f ± %.5f", s, got, want, 5*sd)
		}
	}
}

// TestDeterminism: same seed, same records; another seed differs; adding a
// field leaves the others unchanged.
func TestDeterminism(t *testing.T) {
	fingerprint := func(cfg StreamConfig, col int) (uint64, int) {
		var h uint64 = 1469598103934665603
		n := 0
		collect(t, cfg, func(b *Batch) {
			for i := 0; i < b.Len(); i++ {
				for _, c := range []byte(b.Columns[col].Strings[i]) {
					h = (h ^ uint64(c)) * 1099511628211
				}
				h = (h ^ uint64(b.Arrival[i])) * 1099511628211
				n++
			}
		})
		return h, n
	}
	a, na := fingerprint(enumStream(1, 50, time.Hour), 0)
	b, nb := fingerprint(enumStream(1, 50, time.Hour), 0)
	c, _ := fingerprint(enumStream(2, 50, time.Hour), 0)
	if a != b || na != nb {
		t.Error("same seed gave different records")
	}
	if a == c {
		t.Error("different seeds gave the same records")
	}
	more := enumStream(1, 50, time.Hour)
	more.Fields = append(more.Fields, FieldConfig{Name: "extra", Values: UUID{}})
	if d, _ := fingerprint(more, 0); d != a {
		t.Error("adding a field changed another field's values")
	}
}

// TestShardsUnion: the union of n shards is the unsharded run.
func TestShardsUnion(t *testing.T) {
	ids := map[string]int64{}
	collect(t, enumStream(5, 80, 30*time.Minute), func(b *Batch) {
		for i := 0; i < b.Len(); i++ {
			ids[strings.Clone(b.Columns[0].Strings[i])] = b.Arrival[i]
		}
	})
	union := map[string]int64{}
	for shard := 0; shard < 4; shard++ {
		cfg := enumStream(5, 80, 30*time.Minute)
		cfg.Shard, cfg.Shards = shard, 4
		collect(t, cfg, func(b *Batch) {
			for i := 0; i < b.Len(); i++ {
				id := strings.Clone(b.Columns[0].Strings[i]) // batch memory is reused
				if _, dup := union[id]; dup {
					t.Fatalf("record %s in two shards", id)
				}
				union[id] = b.Arrival[i]
			}
		})
	}
	if len(union) != len(ids) {
		t.Fatalf("shards made %d records, unsharded %d", len(union), len(ids))
	}
	for id, at := range ids {
		if union[id] != at {
			t.Fatalf("record %s differs between sharded and unsharded runs", id)
		}
	}
}

// TestConditionalNulls: price exists exactly for purchases.
func TestConditionalNulls(t *testing.T) {
	collect(t, enumStream(4, 100, time.Hour), func(b *Batch) {
		for i := 0; i < b.Len(); i++ {
			isBuy := b.Columns[1].Strings[i] == "buy"
			if b.Columns[2].IsNull(i) == isBuy {
				t.Fatalf("record %d: type %s, price null %v", i, b.Columns[1].Strings[i], b.Columns[2].IsNull(i))
			}
		}
	})
}

// TestPoissonMeanVariance checks both Poisson samplers.
func TestPoissonMeanVariance(t *testing.T) {
	for _, lambda := range []float64{3, 40, 14000} {
		var sum, sq float64
		const n = 100000
		for i := 0; i < n; i++ {
			r := NewRNG(1, uint64(i))
			v := float64(PoissonSample(&r, lambda))
			sum += v
			sq += v * v
		}
		mean := sum / n
		variance := sq/n - mean*mean
		if math.Abs(mean-lambda)/lambda > 0.01 || math.Abs(variance-lambda)/lambda > 0.05 {
			t.Errorf("lambda %g: mean %.2f variance %.2f", lambda, mean, variance)
		}
	}
}

func TestEntityIDsBijective(t *testing.T) {
	for _, n := range []int{1, 7, 1000, 40503 * 2} {
		e, err := NewEntities("users", "u", n, 1.1, 1)
		if err != nil {
			t.Fatal(err)
		}
		seen := make(map[int64]bool, n)
		for r := 0; r < n; r++ {
			seen[e.ID(r)] = true
		}
		if len(seen) != n {
			t.Errorf("n=%d: %d distinct ids", n, len(seen))
		}
	}
}

// TestUUIDText: every uuid is canonical version-4 text, and none repeats.
func TestUUIDText(t *testing.T) {
	re := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	cfg := StreamConfig{Name: "u", Seed: 1, Start: day0, Duration: 10 * time.Minute, Rate: Rate{Base: 50},
		Fields: []FieldConfig{{Name: "id", Values: UUID{}}}}
	seen := map[string]bool{}
	collect(t, cfg, func(b *Batch) {
		for _, s := range b.Columns[0].Strings[:b.Len()] {
			if !re.MatchString(s) {
				t.Fatalf("not a version-4 uuid: %q", s)
			}
			if seen[s] {
				t.Fatalf("uuid %s repeats", s)
			}
			seen[strings.Clone(s)] = true // batch memory is reused
		}
	})
	if len(seen) < 25000 {
		t.Fatalf("%d uuids in ten minutes at 50/s", len(seen))
	}
}

// TestHex16 checks the word-at-a-time hex digits against encoding/hex.
func TestHex16(t *testing.T) {
	check := func(v uint64) {
		hi, lo := hex16(v)
		var got [16]byte
		binary.LittleEndian.PutUint64(got[:8], hi)
		binary.LittleEndian.PutUint64(got[8:], lo)
		if want := fmt.Sprintf("%016x", v); string(got[:]) != want {
			t.Fatalf("hex16(%#x) = %q, want %q", v, got, want)
		}
	}
	for _, v := range []uint64{0, 1, 9, 10, 15, 0x9a9a9a9a9a9a9a9a, 0xa0a0a0a0a0a0a0a0, 1<<64 - 1} {
		check(v)
	}
	r := NewRNG(3, 0)
	for range 100_000 {
		check(r.Uint64())
	}
}

// TestEntityHeadIDs: the ids formatted once for the busiest ranks read as
// the ones formatted per record, and only those ranks have one.
func TestEntityHeadIDs(t *testing.T) {
	for _, count := range []int{1, 7, headIDs, 5_000_000} {
		e, err := NewEntities("users", "u-", count, 1.1, 5)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range []int{0, 1, count / 3, headIDs - 1, headIDs, count - 1} {
			if r < 0 || r >= count {
				continue
			}
			id, ok := e.headID(r)
			if ok != (r < headIDs) {
				t.Fatalf("count %d, rank %d: formatted once = %v", count, r, ok)
			}
			if want := "u-" + strconv.FormatInt(e.ID(r), 10); ok && id != want {
				t.Fatalf("count %d, rank %d: id %q, want %q", count, r, id, want)
			}
		}
	}
}

// ID's division-free modulo agrees with the plain one, at the edges of
// the rank range and for counts up to where the product needs 128 bits.
func TestEntityIDModulo(t *testing.T) {
	for _, count := range []int{1, 2, 3, 7, 1000, 1 << 20, 5_000_000, 1<<32 - 5, 1 << 33, 1<<62 + 3} {
		e, err := NewEntities("e", "", count, 0, 11)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range []int{0, 1, 2, count / 2, count - 2, count - 1} {
			if r < 0 || r >= count {
				continue
			}
			x := new(big.Int).Mul(big.NewInt(int64(r)), big.NewInt(e.mult))
			x.Add(x, big.NewInt(e.offset))
			want := x.Mod(x, big.NewInt(int64(count))).Int64()
			if got := e.ID(r); got != want {
				t.Fatalf("count %d, rank %d: ID = %d, want %d", count, r, got, want)
			}
		}
		if count < 1<<31 { // every rank of small counts, a stride of big ones
			for r := 0; r < count; r += 1 + count/100_000 {
				if got, want := e.ID(r), (int64(r)*e.mult+e.offset)%int64(count); got != want {
					t.Fatalf("count %d, rank %d: ID = %d, want %d", count, r, got, want)
				}
			}
		}
	}
}
