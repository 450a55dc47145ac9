// Package lake analyzes a Parquet lake that any tool wrote, through an
// objstore.Store: it lists the files and reads only their footers (row and
// row-group counts; no data pages), then reports the lake.* metrics — file
// counts, size percentiles, files per partition, small-file share, and the
// requests, dollars and estimated engine seconds one full scan costs.
// With Scan it also reads every row once and reports the measured seconds,
// which shows the small-file read penalty on this machine.
//
// Measure is the one path from lake facts to metrics: a listing becomes
// facts.Lake for it, and a run's lake writer reports one.
package lake
