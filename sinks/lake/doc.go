// Package lake is the Parquet lake writer: a sink that partitions records by
// Hive-style path templates, buffers them the way a candidate architecture
// would (an hourly batch job, serverless micro-batches, a delivery stream's
// size/interval buffers), writes each flush as Parquet files into an
// objstore.Store, optionally compacts small files, and measures what that
// architecture does to the lake: files, sizes, files per partition, and the
// freshness of every record on the scenario's virtual clock.
//
// Writer policies live one per file (policy_batch.go, policy_microbatch.go,
// policy_buffered.go) and register themselves under the name the scenario
// YAML uses. The same policy code drives the real writer and the projection
// to production volume, which replays the observed per-partition arrival
// profile at scale 1.0 with counts only, never rows.
package lake
