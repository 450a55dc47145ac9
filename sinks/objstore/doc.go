// Package objstore is where lake files live: a local directory or an S3
// bucket, behind one Store interface that both pass the same conformance
// suite (package storetest). Writes are atomic: a reader sees a whole
// object or none.
//
//   - Local (NewLocal, file:// URLs and plain paths): Put writes a
//     temporary file next to the target, fsyncs it and renames it into
//     place; List walks folders in key order. DeferSync trades the per-file
//     fsync for one syncfs(2) at Sync/Close: renames still make every file
//     appear whole to readers, but a power loss may lose files written since
//     the last Sync. The small-file lake writes thousands of files per
//     second, where the per-file fsync dominates (BenchmarkPutLocal).
//   - S3 (NewS3, s3://bucket/prefix): aws-sdk-go-v2 with the standard
//     credential chain, custom endpoints and path-style addressing; one PUT
//     below MultipartThreshold, else a multipart upload that is aborted on
//     any failure; the SDK's standard retryer (exponential backoff with
//     jitter); ListObjectsV2 paging and DeleteObjects in batches of 1,000.
//     Open fetches the last 64 KiB with the size in one request, so reading
//     a Parquet footer costs one GET.
//   - Embedded (StartEmbedded, endpoint "embedded"): an S3-compatible
//     server (gofakes3) on loopback, objects in memory or in one bolt file,
//     so the S3 path runs on a fresh machine.
//
// Both also store an object given as consecutive blocks (BlocksPutter,
// PutBlocks): the lake encodes a file into pooled blocks, and a big file is
// written or uploaded from them where they are, never joined into one
// buffer first.
//
// Failures of the filesystem or of S3 wrap sinks.ErrTarget and name the
// store, key and endpoint; a missing key is ErrNotFound.
package objstore
