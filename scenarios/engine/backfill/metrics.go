package backfill

// Histogram names (values in µs); Summarize turns them into .p50 ... .max.
const (
	ProfileLatency = "graph.profile_latency"
	IngestLatency  = "graph.ingest_latency"
)
