package unionfind

import (
	"math/rand/v2"
	"testing"
)

// TestAgainstLabels checks the forest against a naive relabelling over
// random unions: same sets, same sizes, same set count.
func TestAgainstLabels(t *testing.T) {
	const n = 2000
	rng := rand.New(rand.NewPCG(1, 2))
	f := New(0)
	f.Grow(n)
	label := make([]int, n)
	for i := range label {
		label[i] = i
	}
	sets := n
	for step := 0; step < 3000; step++ {
		a, b := int32(rng.IntN(n)), int32(rng.IntN(n))
		_, merged := f.Union(a, b)
		la, lb := label[a], label[b]
		if (la != lb) != merged {
			t.Fatalf("step %d: union(%d,%d) merged=%v, labels %d %d", step, a, b, merged, la, lb)
		}
		if la != lb {
			sets--
			for i := range label {
				if label[i] == lb {
					label[i] = la
				}
			}
		}
	}
	if f.Sets() != sets {
		t.Fatalf("Sets() = %d, want %d", f.Sets(), sets)
	}
	count := map[int]int{}
	for _, l := range label {
		count[l]++
	}
	for x := int32(0); x < n; x++ {
		y := int32(rng.IntN(n))
		if (f.Find(x) == f.Find(y)) != (label[x] == label[y]) {
			t.Fatalf("%d and %d: forest and labels disagree", x, y)
		}
		if f.Size(x) != count[label[x]] {
			t.Fatalf("size of %d = %d, want %d", x, f.Size(x), count[label[x]])
		}
	}
	roots, total := 0, 0
	f.Roots(func(_ int32, size int) { roots++; total += size })
	if roots != sets || total != n {
		t.Fatalf("Roots: %d roots over %d elements, want %d over %d", roots, total, sets, n)
	}
}

func BenchmarkUnion(b *testing.B) {
	const n = 1 << 20
	rng := rand.New(rand.NewPCG(3, 4))
	pairs := make([][2]int32, n)
	for i := range pairs {
		pairs[i] = [2]int32{int32(rng.IntN(n)), int32(rng.IntN(n))}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f := New(n)
		f.Grow(n)
		for _, p := range pairs {
			f.Union(p[0], p[1])
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/union")
}
