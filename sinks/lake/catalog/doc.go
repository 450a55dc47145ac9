// Package catalog describes what a lake is made of — files with their
// partition, size, rows and row groups — and turns such a list into the
// lake.* metrics: file counts, size percentiles, files per partition, the
// share of small files, and what one full scan costs in object-store
// requests, dollars and query-engine seconds.
//
// Both the lake writer (over the files it committed, and over the files a
// projection to production volume would commit) and the lake analyzer (over
// a listing of any lake) feed it, so a run and an analysis report the same
// numbers the same way. It depends on nothing but the metrics leaf.
package catalog
