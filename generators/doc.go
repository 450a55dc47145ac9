// Package generators makes the workload: the scenario clock, rate shapes and
// Poisson arrivals, field values, entity pools and deterministic seeding.
//
// Every random value is a pure function of (seed, stream, field, record
// sequence number): a field draws from its own counter-based stream, so adding
// a field never changes the others, and a shard that generates every n-th
// record produces exactly the records the unsharded run would. Generation is
// batch-oriented: each field fills a whole column per batch, strings come from
// pre-built pools or a per-batch arena, so the fast path allocates almost
// nothing per record.
//
// The package knows nothing of YAML, sinks or grading: it takes its own small
// config structs, built by package scenarios.
package generators
