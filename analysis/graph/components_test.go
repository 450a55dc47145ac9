package graph

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
)

// naiveComponents is the independent computation: map adjacency and a
// breadth-first search per unvisited identifier. It returns component
// sizes by identifier.
func naiveComponents(edges [][2]string) map[string]int {
	adj := map[string][]string{}
	for _, e := range edges {
		adj[e[0]] = append(adj[e[0]], e[1])
		if e[1] != "" {
			adj[e[1]] = append(adj[e[1]], e[0])
		}
	}
	delete(adj, "")
	size := map[string]int{}
	seen := map[string]bool{}
	for start := range adj {
		if seen[start] {
			continue
		}
		comp := []string{start}
		seen[start] = true
		for i := 0; i < len(comp); i++ {
			for _, n := range adj[comp[i]] {
				if n != "" && !seen[n] {
					seen[n] = true
					comp = append(comp, n)
				}
			}
		}
		for _, n := range comp {
			size[n] = len(comp)
		}
	}
	return size
}

func build(edges [][2]string) *Builder {
	b := NewBuilder(0)
	for _, e := range edges {
		b.Add(e[0], e[1])
	}
	return b
}

func TestFixtures(t *testing.T) {
	tests := []struct {
		name       string // shape of the graph
		edges      [][2]string
		components int
		largest    int
		sizes      map[int]int
	}{
		{"empty", nil, 0, 0, map[int]int{}},
		{"one edge", [][2]string{{"a", "b"}}, 1, 2, map[int]int{2: 1}},
		{"triangle and pair", [][2]string{{"a", "b"}, {"b", "c"}, {"c", "a"}, {"x", "y"}}, 2, 3, map[int]int{3: 1, 2: 1}},
		{"self edge and node only", [][2]string{{"s", "s"}, {"n", ""}}, 2, 1, map[int]int{1: 2}},
		{"repeated edges", [][2]string{{"a", "b"}, {"b", "a"}, {"a", "b"}}, 1, 2, map[int]int{2: 1}},
		{"star through a junk hub", [][2]string{{"test@test.com", "1"}, {"2", "test@test.com"}, {"3", "test@test.com"}, {"4", "5"}}, 2, 4, map[int]int{4: 1, 2: 1}},
		{"two chains joined late", [][2]string{{"a1", "a2"}, {"a2", "a3"}, {"b1", "b2"}, {"b2", "b3"}, {"a3", "b1"}}, 1, 6, map[int]int{6: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := build(tt.edges).Analyze(3)
			if a.Components != tt.components || a.Largest != tt.largest {
				t.Fatalf("components %d largest %d, want %d and %d", a.Components, a.Largest, tt.components, tt.largest)
			}
			if fmt.Sprint(a.SizeCounts) != fmt.Sprint(tt.sizes) {
				t.Fatalf("size counts %v, want %v", a.SizeCounts, tt.sizes)
			}
			checkAgainstNaive(t, tt.edges)
		})
	}
}

func checkAgainstNaive(t *testing.T, edges [][2]string) {
	t.Helper()
	b := build(edges)
	a := b.Analyze(0)
	// The sort-based Analyze numbers and groups exactly like the Builder.
	list := make([]Edge, len(edges))
	for i, e := range edges {
		list[i] = Edge{Src: e[0], Dst: e[1]}
	}
	sa := Analyze(list, 0)
	if !slices.Equal(sa.Component, a.Component) || !slices.Equal(sa.Sizes, a.Sizes) || !slices.Equal(names(sa), names(a)) ||
		sa.Edges != a.Edges || sa.MaxDegree != a.MaxDegree {
		t.Fatalf("Analyze and Builder disagree:\n%+v\n%+v", sa, a)
	}
	want := naiveComponents(edges)
	if a.Nodes != len(want) {
		t.Fatalf("%d nodes, the independent count has %d", a.Nodes, len(want))
	}
	for name, size := range want {
		id, ok := b.ID(name)
		if !ok {
			t.Fatalf("%q missing", name)
		}
		if got := int(a.Sizes[a.Component[id]]); got != size {
			t.Fatalf("component of %q has %d identifiers, the independent count %d", name, got, size)
		}
	}
	// Component ids are dense and numbered in order of first appearance.
	next := int32(0)
	for _, c := range a.Component {
		if c > next {
			t.Fatalf("component id %d skips %d", c, next)
		}
		if c == next {
			next++
		}
	}
}

// knownGraph builds components of the given sizes as random trees plus
// extra in-component edges, shuffled: components known by construction.
func knownGraph(sizes []int, extra int, seed uint64) ([][2]string, map[string]int) {
	r := rand.New(rand.NewPCG(seed, 3))
	var edges [][2]string
	comp := map[string]int{}
	for c, size := range sizes {
		name := func(i int) string { return fmt.Sprintf("c%d/%d", c, i) }
		comp[name(0)] = size
		if size == 1 {
			edges = append(edges, [2]string{name(0), ""})
		}
		for i := 1; i < size; i++ {
			edges = append(edges, [2]string{name(r.IntN(i)), name(i)})
			comp[name(i)] = size
		}
		for range extra {
			if size > 1 {
				edges = append(edges, [2]string{name(r.IntN(size)), name(r.IntN(size))})
			}
		}
	}
	r.Shuffle(len(edges), func(i, j int) { edges[i], edges[j] = edges[j], edges[i] })
	return edges, comp
}

func TestKnownByConstruction(t *testing.T) {
	sizes := []int{1, 1, 2, 7, 40, 300, 5000}
	edges, comp := knownGraph(sizes, 20, 1)
	b := build(edges)
	a := b.Analyze(5)
	if a.Components != len(sizes) || a.Largest != 5000 {
		t.Fatalf("components %d largest %d, built %d with largest 5000", a.Components, a.Largest, len(sizes))
	}
	for name, size := range comp {
		id, _ := b.ID(name)
		if got := int(a.Sizes[a.Component[id]]); got != size {
			t.Fatalf("%s: component of %d, built with %d", name, got, size)
		}
	}
	checkAgainstNaive(t, edges)
	// AddEdges, which prefetches a block ahead, builds the same graph.
	batched := NewBuilder(0)
	list := make([]Edge, len(edges))
	for i, e := range edges {
		list[i] = Edge{Src: e[0], Dst: e[1]}
	}
	for chunk := range slices.Chunk(list, 100) {
		batched.AddEdges(chunk)
	}
	ba := batched.Analyze(5)
	if !slices.Equal(ba.Component, a.Component) || !slices.Equal(ba.Sizes, a.Sizes) || ba.Edges != a.Edges || ba.Top[0] != a.Top[0] {
		t.Fatal("AddEdges and Add built different graphs")
	}
	if share := float64(5000) / float64(len(comp)); a.LargestShare != share {
		t.Fatalf("largest share %v, want %v", a.LargestShare, share)
	}
}

func TestTopSupernodes(t *testing.T) {
	var edges [][2]string
	for i := range 50 {
		edges = append(edges, [2]string{"test@test.com", fmt.Sprint("p", i)})
	}
	for i := range 20 {
		edges = append(edges, [2]string{"0000000000", fmt.Sprint("q", i)})
	}
	a := build(edges).Analyze(2)
	checkAgainstNaive(t, edges)
	if a.Top[0].Name != "test@test.com" || a.Top[0].Degree != 50 || a.Top[0].ComponentSize != 51 {
		t.Fatalf("top supernode %+v", a.Top[0])
	}
	if a.Top[1].Name != "0000000000" || a.MaxDegree != 50 || a.DegreeCounts[1] != 70 {
		t.Fatalf("second supernode %+v, degree counts %v", a.Top[1], a.DegreeCounts)
	}
}

type edgeRow struct {
	Src     string `parquet:"src"`
	Dst     string `parquet:"dst"`
	SrcKind string `parquet:"src_kind"`
	DstKind string `parquet:"dst_kind"`
	Time    int64  `parquet:"time"`
}

func TestReadParquetAndCSV(t *testing.T) {
	edges, _ := knownGraph([]int{3, 50, 400}, 5, 2)
	dir := t.TempDir()
	rows := make([]edgeRow, len(edges))
	var csv strings.Builder
	csv.WriteString("src,dst,kind,time\n")
	for i, e := range edges {
		rows[i] = edgeRow{Src: e[0], Dst: e[1], SrcKind: "email", DstKind: "cookie", Time: int64(i)}
		fmt.Fprintf(&csv, "%s,%s,email,%d\n", e[0], e[1], i)
	}
	pq := filepath.Join(dir, "edges.parquet")
	if err := parquet.WriteFile(pq, rows); err != nil {
		t.Fatal(err)
	}
	cs := filepath.Join(dir, "edges.csv")
	if err := os.WriteFile(cs, []byte(csv.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	want := build(edges).Analyze(3)
	for _, path := range []string{pq, cs} {
		got, err := AnalyzeFile(path, 3)
		if err != nil {
			t.Fatal(err)
		}
		if got.Nodes != want.Nodes || got.Edges != want.Edges || got.Largest != want.Largest || got.Components != want.Components {
			t.Fatalf("%s: %d nodes %d edges largest %d, want %d %d %d", filepath.Base(path), got.Nodes, got.Edges, got.Largest, want.Nodes, want.Edges, want.Largest)
		}
		if got.Top[0].Kind == "" {
			t.Fatalf("%s: kinds not read", filepath.Base(path))
		}
	}
}

// The readers copy names into shared chunks: every name must read back as
// written, across many chunks, with a name longer than a chunk takes
// alone, and numeric Parquet columns as their decimal digits.
func TestReadKeepsNames(t *testing.T) {
	dir := t.TempDir()
	var csv strings.Builder
	var want []Edge
	for i := range 20000 {
		e := Edge{Src: fmt.Sprintf("user-%06d@example.com", i), Dst: fmt.Sprint("d", i*7), SrcKind: []string{"email", "phone", "cookie"}[i%3]}
		if i == 777 {
			e.Dst = strings.Repeat("x", nameChunk+1)
		}
		want = append(want, e)
		fmt.Fprintf(&csv, "%s,%s,%s\n", e.Src, e.Dst, e.SrcKind)
	}
	path := filepath.Join(dir, "edges.csv")
	if err := os.WriteFile(path, []byte(csv.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	var got []Edge
	if err := ReadFile(path, func(e Edge) { got = append(got, e) }); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("read %d edges, not the %d written", len(got), len(want))
	}

	type numeric struct {
		Src int64 `parquet:"src"`
		Dst int64 `parquet:"dst"`
	}
	pq := filepath.Join(dir, "numeric.parquet")
	if err := parquet.WriteFile(pq, []numeric{{1, 2}, {2, 30000000000}}); err != nil {
		t.Fatal(err)
	}
	got = got[:0]
	if err := ReadFile(pq, func(e Edge) { got = append(got, e) }); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, []Edge{{Src: "1", Dst: "2"}, {Src: "2", Dst: "30000000000"}}) {
		t.Fatalf("numeric columns read as %q", got)
	}
}

func TestReadErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name    string // what is wrong
		content string
		want    string
	}{
		{"one column", "a\n", "want src,dst"},
		{"broken quote", "a,\"b\n", "edges.csv"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, "edges.csv")
			os.WriteFile(path, []byte(tt.content), 0o644)
			_, err := AnalyzeFile(path, 1)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
	type other struct {
		A string `parquet:"a"`
	}
	path := filepath.Join(dir, "other.parquet")
	parquet.WriteFile(path, []other{{"x"}})
	if _, err := AnalyzeFile(path, 1); err == nil || !strings.Contains(err.Error(), "src and dst") {
		t.Fatalf("parquet without src/dst: got %v", err)
	}
	if _, err := AnalyzeFile(filepath.Join(dir, "missing"), 1); err == nil {
		t.Fatal("missing file: no error")
	}
}

// A supernode that occurs a hundred thousand times: all its occurrences
// land in one hash bucket, whose table is sized by the bucket, not by a
// guess of how many identifiers there are.
func TestAnalyzeHugeSupernode(t *testing.T) {
	edges := make([]Edge, 100000)
	for i := range edges {
		edges[i] = Edge{Src: "test@test.com", Dst: fmt.Sprint("p", i)}
	}
	a := Analyze(edges, 1)
	if a.Components != 1 || a.Largest != 100001 || a.Top[0].Degree != 100000 || a.Name(0) != "test@test.com" {
		t.Fatalf("components %d largest %d top %+v", a.Components, a.Largest, a.Top)
	}
	// Both counts past the histograms' dense slice.
	if fmt.Sprint(a.SizeCounts) != "map[100001:1]" || fmt.Sprint(a.DegreeCounts) != "map[1:100000 100000:1]" {
		t.Fatalf("size counts %v, degree counts %v", a.SizeCounts, a.DegreeCounts)
	}
}

// randomEdges is an edge list with every case Analyze tells apart:
// targets missing or equal to the source, repeated edges, kinds, a
// supernode, and identifiers far apart in reading order.
func randomEdges(n int, seed uint64) []Edge {
	r := rand.New(rand.NewPCG(seed, 5))
	ids := max(n/3, 1)
	name := func() string { return fmt.Sprintf("id%d", r.IntN(ids)) }
	edges := make([]Edge, n)
	for i := range edges {
		e := Edge{Src: name(), Dst: name(), SrcKind: fmt.Sprint("k", r.IntN(3))}
		switch r.IntN(20) {
		case 0:
			e.Dst = ""
		case 1:
			e.Dst = e.Src
		case 2:
			e.Dst = "hub"
		case 3:
			if i > 0 {
				e = edges[r.IntN(i)]
			}
		}
		if r.IntN(2) == 0 {
			e.DstKind = "cookie"
		}
		edges[i] = e
	}
	return edges
}

// Analyze partitions by hash and numbers by rank; the Builder interns
// one identifier at a time. They must agree on everything, whatever the
// number of hash buckets: one bucket holding every identifier (all hashes
// alike in their top bits), or more buckets than occurrences.
func TestAnalyzeMatchesBuilder(t *testing.T) {
	for _, n := range []int{0, 1, 7, 1000, 1 << (rangeBits - 1), 70000} { // 2^(rangeBits-1) edges fill one range of positions exactly, 70000 span three
		edges := randomEdges(n, uint64(n))
		want := analyzeStreaming(edges, 5)
		for _, bits := range []int{0, 3, bucketBits(2 * n), 16} {
			got := analyze(edges, 5, bits, allBits)
			if !slices.Equal(got.Component, want.Component) || !slices.Equal(got.Sizes, want.Sizes) ||
				!slices.Equal(names(got), names(want)) || !slices.Equal(got.Top, want.Top) ||
				got.Edges != want.Edges || got.MaxDegree != want.MaxDegree ||
				fmt.Sprint(got.DegreeCounts) != fmt.Sprint(want.DegreeCounts) ||
				fmt.Sprint(got.SizeCounts) != fmt.Sprint(want.SizeCounts) {
				t.Fatalf("%d edges, %d hash bits: Analyze and Builder disagree:\n%+v\n%+v", n, bits, got, want)
			}
		}
		if n >= 1000 && Analyze(edges, 5).Top[0].Name != "hub" {
			t.Fatalf("%d edges: top supernode %+v, want hub", n, Analyze(edges, 5).Top[0])
		}
	}
}

// Analyze flattens its forest once its unions climb deep trees, as in the
// benchmark's giant component of random links, and then skips the edges
// within that component; it must still find the components the Builder,
// which does neither, finds.
func TestAnalyzeFlattens(t *testing.T) {
	// A pair of its own first, so that the giant component is not the
	// first one and its root not node 0.
	edges := append([]Edge{{Src: "alone", Dst: "together"}}, benchEdgesNew(200_000)...)
	hashBits := bucketBits(2 * len(edges))
	refs, deg := hashOccurrences(edges, hashBits, allBits).firstAppearances(5)
	if b := numberAndLink(edges, refs, deg.ids); b.flattens == 0 || b.redundant == 0 {
		t.Fatalf("%d edges of one giant component: %d flattenings, %d edges skipped", len(edges), b.flattens, b.redundant)
	}
	got, want := analyze(edges, 5, hashBits, allBits), analyzeStreaming(edges, 5)
	if !slices.Equal(got.Component, want.Component) || !slices.Equal(got.Sizes, want.Sizes) {
		t.Fatalf("Analyze finds %d components (largest %d), the Builder %d (largest %d)",
			got.Components, got.Largest, want.Components, want.Largest)
	}
}

// Random graphs over a few ranges of positions, from sparse to dense:
// the denser ones flatten and skip edges within a giant component, and
// each must give the Builder's components.
func TestAnalyzeRandomDensities(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	skipped := 0
	for i := range 4 {
		n := 1<<rangeBits/2 + r.IntN(1<<rangeBits)
		ids := 1 + r.IntN(2*n)
		edges := make([]Edge, n)
		for j := range edges {
			edges[j] = Edge{Src: fmt.Sprint("n", r.IntN(ids)), Dst: fmt.Sprint("n", r.IntN(ids))}
		}
		refs, deg := hashOccurrences(edges, 0, allBits).firstAppearances(3)
		skipped += numberAndLink(edges, refs, deg.ids).redundant
		got, want := analyze(edges, 3, bucketBits(2*n), allBits), analyzeStreaming(edges, 3)
		if !slices.Equal(got.Component, want.Component) || !slices.Equal(got.Sizes, want.Sizes) {
			t.Fatalf("graph %d (%d edges over %d names): Analyze finds %d components, the Builder %d", i, n, ids, got.Components, want.Components)
		}
	}
	if skipped == 0 {
		t.Fatal("no graph skipped an edge within a giant component")
	}
}

// names lists every identifier of a by dense id.
func names(a *Analysis) []string {
	out := make([]string, a.Nodes)
	for i := range out {
		out[i] = a.Name(int32(i))
	}
	return out
}

// Names come from the rank words: every id, up to the last one in the
// last word of positions, names its identifier, whether or not the edge
// list fills its last word (32 edges: 64 positions).
func TestAnalyzeNamesEveryID(t *testing.T) {
	for _, n := range []int{1, 31, 32, 33, 64} {
		edges := make([]Edge, n)
		for i := range edges {
			edges[i] = Edge{Src: "hub", Dst: fmt.Sprint("n", i)}
		}
		a := Analyze(edges, 1)
		want := append([]string{"hub"}, func() (s []string) {
			for i := range n {
				s = append(s, fmt.Sprint("n", i))
			}
			return s
		}()...)
		if got := names(a); !slices.Equal(got, want) {
			t.Fatalf("%d edges: names %v, want %v", n, got, want)
		}
	}
}

// unionAll interleaves the steps of many unions; the forest it leaves must
// have the components, and so the roots (each the first node of its
// tree), that one union after the other leaves, for any number of pairs
// around the number of lanes.
func TestUnionAllMatchesUnion(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	for _, n := range []int{1, 2, 50, 1000} {
		for _, pairs := range []int{0, 1, lanes - 1, lanes, lanes + 1, 3 * n} {
			one, all := make([]int32, n), make([]int32, n)
			for x := range one {
				// A forest to start from: every parent at or before its node.
				one[x] = int32(r.IntN(x + 1))
				all[x] = one[x]
			}
			ps := make([]uint32, 2*pairs)
			for i := range ps {
				ps[i] = uint32(r.IntN(n))
			}
			for i := 0; i < len(ps); i += 2 {
				union(one, int32(ps[i]), int32(ps[i+1]))
			}
			unionAll(all, ps)
			for x := range int32(n) {
				if a, b := find(one, x), find(all, x); a != b {
					t.Fatalf("%d nodes, %d pairs: node %d has root %d one by one, %d interleaved", n, pairs, x, a, b)
				}
			}
		}
	}
}

// An identifier is of the kind it has where it first occurs, also when it
// first occurs as the target of a source already known: the streaming
// path once took the source's kind there.
func TestKindAtFirstOccurrence(t *testing.T) {
	edges := []Edge{
		{Src: "x", Dst: "y", SrcKind: "email", DstKind: "phone"},
		{Src: "x", Dst: "hub", SrcKind: "email", DstKind: "device_id"},
		{Src: "z", Dst: "hub", SrcKind: "cookie", DstKind: "device_id"},
		{Src: "w", Dst: "hub", SrcKind: "cookie", DstKind: "device_id"},
	}
	for name, a := range map[string]*Analysis{"Analyze": Analyze(edges, 1), "streaming": analyzeStreaming(edges, 1)} {
		if got := a.Top[0]; got.Name != "hub" || got.Kind != "device_id" || got.Degree != 3 {
			t.Errorf("%s: top supernode %+v, want hub, a device_id of degree 3", name, got)
		}
	}
}
