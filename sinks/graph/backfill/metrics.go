package backfill

import "github.com/prodshape/prodshape/analysis/metrics"

// Histogram names (values in µs); Summarize turns them into .p50 ... .max.
const (
	ProfileLatency = "graph.profile_latency"
	IngestLatency  = "graph.ingest_latency"
)

func init() {
	metrics.RegisterLatency(ProfileLatency, "time to evaluate one profile: fetch the whole identity cluster of an identifier")
	metrics.RegisterLatency(IngestLatency, "processing time of one link event: its batch's lookup, merge and write in the store")
	metrics.Register(
		metrics.Def{Name: "graph.nodes", Unit: metrics.Count, Help: "identifiers in the graph"},
		metrics.Def{Name: "graph.edges", Unit: metrics.Count, Help: "distinct links in the graph"},
		metrics.Def{Name: "graph.components", Unit: metrics.Count, Help: "identity clusters (connected components)"},
		metrics.Def{Name: "graph.largest_component", Unit: metrics.Count, Help: "identifiers in the largest cluster", Projected: true},
		// Projected: the p99 at the production-volume largest cluster.
		metrics.Def{Name: ProfileLatency + ".p99", Unit: metrics.Seconds, Help: "time to evaluate one profile: fetch the whole identity cluster of an identifier (p99)", Projected: true},
		metrics.Def{Name: "graph.largest_component.share", Unit: metrics.Ratio, Help: "share of all identifiers that sit in the largest cluster"},
		metrics.Def{Name: "graph.max_degree", Unit: metrics.Count, Help: "most neighbours of one identifier (the biggest supernode)"},
		metrics.Def{Name: "graph.availability", Unit: metrics.Ratio, Help: "share of store operations (ingest batches, profile evaluations) that succeeded in time"},
		metrics.Def{Name: "graph.operations", Unit: metrics.Count, Help: "store operations attempted"},
		metrics.Def{Name: "graph.operations.failed", Unit: metrics.Count, Help: "store operations that failed or timed out"},
		metrics.Def{Name: "graph.links", Unit: metrics.Count, Help: "link events replayed"},
		metrics.Def{Name: "graph.ingest_rate", Unit: metrics.PerSecond, Help: "link events ingested per second of store time"},
		metrics.Def{Name: "graph.profiles", Unit: metrics.Count, Help: "profile evaluations timed"},
		metrics.Def{Name: "graph.guardrails.rejected", Unit: metrics.Count, Help: "links the guardrails kept from merging clusters"},
		metrics.Def{Name: "graph.guardrails.blocked", Unit: metrics.Count, Help: "links dropped because an identifier matched the blocklist"},
		metrics.Def{Name: "graph.guardrails.max_component", Unit: metrics.Count, Help: "merges refused or split because the cluster would exceed max_component"},
		metrics.Def{Name: "graph.guardrails.max_per_kind", Unit: metrics.Count, Help: "merges refused or split because a kind would exceed max_per_kind in one cluster"},
		metrics.Def{Name: "graph.guardrails.split", Unit: metrics.Count, Help: "of the refused merges, those written as two separate identifiers"},
	)
}
