package graph

import (
	"slices"
	"strings"
	"testing"
)

// FuzzReadCSV feeds arbitrary bytes to the CSV edge-list reader: it must
// either fail with an error or produce edges that analyze without panic,
// with as many identifiers as distinct names, and the same way by the
// Builder and by Analyze.
func FuzzReadCSV(f *testing.F) {
	for _, seed := range []string{
		"src,dst,kind,time\na,b,email,2021-01-01\n",
		"a,b\nb,c\nc,a\n",
		"a,\n,b\n",
		"\"a,b\",c\n",
		"a\n",
		"a,\"b\n",
		"",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data string) {
		b := NewBuilder(0)
		distinct := map[string]bool{}
		var edges []Edge
		err := ReadCSV(strings.NewReader(data), "fuzz.csv", func(e Edge) {
			edges = append(edges, e)
			b.Add(e.Src, e.Dst)
			distinct[e.Src] = true
			if e.Dst != "" && e.Dst != e.Src {
				distinct[e.Dst] = true
			}
		})
		if err != nil {
			return
		}
		a := b.Analyze(3)
		if a.Nodes != len(distinct) {
			t.Fatalf("%d nodes, %d distinct names", a.Nodes, len(distinct))
		}
		total := 0
		for _, s := range a.Sizes {
			total += int(s)
		}
		if total != a.Nodes {
			t.Fatalf("component sizes sum to %d, %d nodes", total, a.Nodes)
		}
		sa := Analyze(edges, 3)
		if !slices.Equal(sa.Component, a.Component) || !slices.Equal(sa.Sizes, a.Sizes) || !slices.Equal(names(sa), names(a)) ||
			sa.Edges != a.Edges || sa.MaxDegree != a.MaxDegree {
			t.Fatalf("Analyze and Builder disagree:\n%+v\n%+v", sa, a)
		}
	})
}
