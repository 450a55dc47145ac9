package graph_test

import (
	"testing"

	"github.com/prodshape/prodshape/generators/identity"
	"github.com/prodshape/prodshape/sinks/graph"
	"github.com/prodshape/prodshape/sinks/graph/graphtest"
)

// ids numbers identifiers as a population does, and renders them back.
type ids struct {
	of    map[string]int32
	names []string
}

func newIDs() *ids { return &ids{of: map[string]int32{}} }

func (n *ids) id(name string) int32 {
	if name == "" {
		return graph.NoID
	}
	id, ok := n.of[name]
	if !ok {
		id = int32(len(n.names))
		n.of[name] = id
		n.names = append(n.names, name)
	}
	return id
}

func (n *ids) AppendName(dst []byte, id int32) []byte { return append(dst, n.names[id]...) }

func (n *ids) event(l graph.Link) graph.Event {
	return graph.Event{Src: n.id(l.Src), Dst: n.id(l.Dst), SrcKind: l.SrcKind, DstKind: l.DstKind, Time: l.Time}
}

// apply feeds links into a tracker the way a backfill does.
func apply(t *graph.Tracker, n *ids, links []graph.Link) {
	for _, l := range links {
		e := n.event(l)
		a := t.Node(e.Src, e.SrcKind)
		if e.Dst != graph.NoID {
			t.Edge(a, t.Node(e.Dst, e.DstKind))
		}
	}
}

func TestTrackerMatchesIndependentComponents(t *testing.T) {
	links, _ := graphtest.KnownComponents([]int{1, 1, 2, 3, 10, 50, 400}, 7)
	links = append(links, links[:40]...) // links seen again change nothing
	tr, n := graph.NewTracker(0), newIDs()
	apply(tr, n, links)
	want := graphtest.Components(links)
	if tr.Nodes() != len(want) {
		t.Fatalf("%d nodes, the independent count has %d", tr.Nodes(), len(want))
	}
	roots := map[int32]bool{}
	for name, comp := range want {
		id, ok := tr.Lookup(n.id(name))
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
	tr, n := graph.NewTracker(2), newIDs()
	hub := tr.Node(n.id("test@test.com"), identity.Email)
	for i, name := range []string{"a", "b", "c"} {
		tr.Edge(hub, tr.Node(n.id(name), identity.Kind(i+1)))
	}
	tr.Edge(hub, tr.Node(n.id("a"), identity.Phone)) // again: no new edge
	if tr.ID(hub) != n.id("test@test.com") {
		t.Fatalf("hub is population id %d", tr.ID(hub))
	}
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
			n := newIDs()
			g, err := graph.NewGuard(tt.guard, n)
			if err != nil {
				t.Fatal(err)
			}
			tr := graph.NewTracker(0)
			apply(tr, n, tt.links)
			probe := n.event(tt.probe)
			if got := g.Decide(tr, &probe); got != tt.want {
				t.Fatalf("decision %d, want %d", got, tt.want)
			}
			if tt.want != graph.Accept && g.Rejections().Total() != 1 {
				t.Fatalf("rejections %+v", g.Rejections())
			}
		})
	}
}

func TestGuardTopBlocked(t *testing.T) {
	n := newIDs()
	g, err := graph.NewGuard(graph.Guardrails{Blocklist: []string{`^test@test\.com$`, `^0+$`}}, n)
	if err != nil {
		t.Fatal(err)
	}
	tr := graph.NewTracker(0)
	for _, l := range []graph.Link{
		graphtest.L("test@test.com", "a"), graphtest.L("b", "test@test.com"), graphtest.L("0000", "c"), graphtest.L("d", "e"),
	} {
		e := n.event(l)
		g.Decide(tr, &e)
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
		if _, err := graph.NewGuard(cfg, newIDs()); err == nil {
			t.Errorf("%+v: no error", cfg)
		}
	}
}

func TestRegistry(t *testing.T) {
	for _, dsn := range []string{"neo4j://localhost", "graph.kv", ""} {
		if _, err := graph.Open(t.Context(), dsn, graph.Site{}); err == nil {
			t.Errorf("opening %q succeeded", dsn)
		}
	}
	for dsn, want := range map[string]string{"memory:": "memory", "postgres://u@h/db": "postgres", "kv:a/b.kv": "kv", "embedded": ""} {
		if got := graph.Scheme(dsn); got != want {
			t.Errorf("Scheme(%q) = %q, want %q", dsn, got, want)
		}
	}
}
