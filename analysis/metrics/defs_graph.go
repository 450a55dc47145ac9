package metrics

// Metrics of an identity graph: its shape (from a store's tracker or a
// scan of an edge list), store latencies, availability and guardrails.
func init() {
	RegisterLatency("graph.profile_latency", "time to evaluate one profile: fetch the whole identity cluster of an identifier")
	RegisterLatency("graph.ingest_latency", "processing time of one link event: its batch's lookup, merge and write in the store")
	Register(
		Def{Name: "graph.nodes", Unit: Count, Help: "identifiers in the graph"},
		Def{Name: "graph.edges", Unit: Count, Help: "distinct links in the graph"},
		Def{Name: "graph.components", Unit: Count, Help: "identity clusters (connected components)"},
		Def{Name: "graph.largest_component", Unit: Count, Help: "identifiers in the largest cluster", Projected: true},
		// Projected: the p99 at the production-volume largest cluster.
		Def{Name: "graph.profile_latency" + ".p99", Unit: Seconds, Help: "time to evaluate one profile: fetch the whole identity cluster of an identifier (p99)", Projected: true},
		Def{Name: "graph.largest_component.share", Unit: Ratio, Help: "share of all identifiers that sit in the largest cluster"},
		Def{Name: "graph.max_degree", Unit: Count, Help: "most neighbours of one identifier (the biggest supernode)"},
		Def{Name: "graph.availability", Unit: Ratio, Help: "share of store operations (ingest batches, profile evaluations) that succeeded in time"},
		Def{Name: "graph.operations", Unit: Count, Help: "store operations attempted"},
		Def{Name: "graph.operations.failed", Unit: Count, Help: "store operations that failed or timed out"},
		Def{Name: "graph.links", Unit: Count, Help: "link events replayed"},
		Def{Name: "graph.ingest_rate", Unit: PerSecond, Help: "link events ingested per second of store time"},
		Def{Name: "graph.profiles", Unit: Count, Help: "profile evaluations timed"},
		Def{Name: "graph.guardrails.rejected", Unit: Count, Help: "links the guardrails kept from merging clusters"},
		Def{Name: "graph.guardrails.blocked", Unit: Count, Help: "links dropped because an identifier matched the blocklist"},
		Def{Name: "graph.guardrails.max_component", Unit: Count, Help: "merges refused or split because the cluster would exceed max_component"},
		Def{Name: "graph.guardrails.max_per_kind", Unit: Count, Help: "merges refused or split because a kind would exceed max_per_kind in one cluster"},
		Def{Name: "graph.guardrails.split", Unit: Count, Help: "of the refused merges, those written as two separate identifiers"},
	)
}
