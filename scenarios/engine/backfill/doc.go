// Package backfill is the engine's identity workload: it replays an
// identity history into a graph store the way a historical backfill would,
// link events in batches through the guardrails and the store's processing
// path, with a checkpoint every 10% of the history that measures the graph
// (components, largest component, its share) and times sampled profile
// evaluations against the store. It reports the latency curves, the
// component-size and degree distributions, the top supernodes and the
// store's availability into a metrics.Set, and can export the edges it
// wrote as Parquet.
//
// It drives a store only through graph.Store, so it lives with the engine
// that runs workloads rather than beside the stores.
package backfill
