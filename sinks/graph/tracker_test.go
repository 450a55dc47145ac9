package graph_test

import (
	"testing"

	"github.com/prodshape/prodshape/generators/identity"
	"github.com/prodshape/prodshape/sinks/graph"
	"github.com/prodshape/prodshape/sinks/graph/graphtest"
)

// apply feeds links into a tracker the way a backfill does.
func apply(t *graph.Tracker, links []graph.Link) {
	for _, l := range links {
		a := t.Node(l.Src, l.SrcKind)
		if l.Dst != "" {
			t.Edge(a, t.Node(l.Dst, l.DstKind))
		}
	}
}

func TestTrackerMatchesIndependentComponents(t *testing.T) {
	links, _ := graphtest.KnownComponents([]int{1, 1, 2, 3, 10, 50, 400}, 7)
	links = append(links, links[:40]...) // links seen again change nothing
	tr := graph.NewTracker()
	apply(tr, links)
	want := graphtest.Components(links)
	if tr.Nodes() != len(want) {
		t.Fatalf("%d nodes, the independent count has %d", tr.Nodes(), len(want))
	}
	roots := map[int32]bool{}
	for name, comp := range want {
		id, ok := tr.Lookup(name)
		if !ok {
			t.Fatalf("%s not tracked", name)
		}
		if tr.Size(id) != len(comp) {
			t.Fatalf("%s: cluster of %d, independently %d", name, tr.Size(id), len(comp))
		}
		roots[tr.Find(id)] = true
	}
	if tr.Components() != len(roots) || tr.Components() != 7 {
		t.Fatalf("%d components (%d roots), built 7", tr.Components(), len(roots))
	}
	if l := tr.Largest(2); l[0].Size != 400 || l[1].Size != 50 {
		t.Fatalf("largest %+v", l)
	}
	if sc := tr.SizeCounts(); sc[1] != 2 || sc[400] != 1 {
		t.Fatalf("size counts %v", sc)
	}
	if tr.Edges() != len(want)-7 { // trees: one edge fewer than nodes per component
		t.Fatalf("%d distinct edges, want %d", tr.Edges(), len(want)-7)
	}
}

func TestTrackerDegreesAndKinds(t *testing.T) {
	tr := graph.NewTracker()
	hub := tr.Node("test@test.com", identity.Email)
	for i, name := range []string{"a", "b", "c"} {
		tr.Edge(hub, tr.Node(name, identity.Kind(i+1)))
	}
	tr.Edge(hub, tr.Node("a", identity.Phone)) // again: no new edge
	if tr.Degree(hub) != 3 || tr.TopDegree(1)[0] != hub {
		t.Fatalf("hub degree %d, top %v", tr.Degree(hub), tr.TopDegree(1))
	}
	kc := tr.KindCounts(hub)
	if kc[identity.Email] != 1 || kc[identity.Phone] != 1 || kc[identity.Cookie] != 1 || kc[identity.DeviceID] != 1 {
		t.Fatalf("kind counts %v", kc)
	}
	if dc := tr.DegreeCounts(); dc[1] != 3 || dc[3] != 1 {
		t.Fatalf("degree counts %v", dc)
	}
	if m := tr.Members(hub); len(m) != 4 {
		t.Fatalf("members %v", m)
	}
}

func TestGuard(t *testing.T) {
	email := func(a, b string) graph.Link { return graphtest.L(a, b) }
	tests := []struct {
		name  string // the rule exercised
		guard graph.Guardrails
		links []graph.Link // applied first, all accepted
		probe graph.Link
		want  graph.Decision
	}{
		{"off accepts everything", graph.Guardrails{}, nil, email("test@test.com", "a"), graph.Accept},
		{"blocklist matches the source", graph.Guardrails{Blocklist: []string{`^test@test\.com$`}}, nil, email("test@test.com", "a"), graph.Blocked},
		{"blocklist matches the target", graph.Guardrails{Blocklist: []string{`^[0-]*$`}}, nil, email("a", "000-000"), graph.Blocked},
		{"blocklist leaves others alone", graph.Guardrails{Blocklist: []string{`^[0-]*$`}}, nil, email("a", "0123"), graph.Accept},
		{"merge within the cap", graph.Guardrails{MaxComponent: 4}, []graph.Link{email("a", "b"), email("c", "d")}, email("b", "c"), graph.Accept},
		{"merge over the cap", graph.Guardrails{MaxComponent: 3}, []graph.Link{email("a", "b"), email("c", "d")}, email("b", "c"), graph.TooLarge},
		{"new identifier over the cap", graph.Guardrails{MaxComponent: 2}, []graph.Link{email("a", "b")}, email("b", "z"), graph.TooLarge},
		{"same cluster never grows", graph.Guardrails{MaxComponent: 2}, []graph.Link{email("a", "b")}, email("b", "a"), graph.Accept},
		{"too many of one kind", graph.Guardrails{MaxPerKind: 2}, []graph.Link{email("a", "b")}, email("b", "c"), graph.TooManyOfKind},
		{"node only is never refused", graph.Guardrails{MaxComponent: 1}, nil, graph.Link{Src: "x"}, graph.Accept},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := graph.NewGuard(tt.guard)
			if err != nil {
				t.Fatal(err)
			}
			tr := graph.NewTracker()
			apply(tr, tt.links)
			if got := g.Decide(tr, &tt.probe); got != tt.want {
				t.Fatalf("decision %d, want %d", got, tt.want)
			}
			if tt.want != graph.Accept && g.Rejections().Total() != 1 {
				t.Fatalf("rejections %+v", g.Rejections())
			}
		})
	}
}

func TestGuardTopBlocked(t *testing.T) {
	g, err := graph.NewGuard(graph.Guardrails{Blocklist: []string{`^test@test\.com$`, `^0+$`}})
	if err != nil {
		t.Fatal(err)
	}
	tr := graph.NewTracker()
	for _, l := range []graph.Link{
		graphtest.L("test@test.com", "a"), graphtest.L("b", "test@test.com"), graphtest.L("0000", "c"), graphtest.L("d", "e"),
	} {
		g.Decide(tr, &l)
	}
	top := g.TopBlocked(5)
	if len(top) != 2 || top[0] != (graph.BlockedCount{ID: "test@test.com", Links: 2}) || top[1].ID != "0000" {
		t.Fatalf("top blocked %+v", top)
	}
}

func TestGuardConfigErrors(t *testing.T) {
	for _, cfg := range []graph.Guardrails{
		{OnExceed: "evict"},
		{Blocklist: []string{"("}},
		{MaxComponent: -1},
	} {
		if _, err := graph.NewGuard(cfg); err == nil {
			t.Errorf("%+v: no error", cfg)
		}
	}
}

func TestRegistry(t *testing.T) {
	if _, err := graph.Open(t.Context(), "neo4j", graph.Options{}); err == nil {
		t.Fatal("opening an unknown store kind succeeded")
	}
}
