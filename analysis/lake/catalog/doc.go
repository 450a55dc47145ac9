// Package catalog turns a list of a lake's files (facts.File: partition,
// size, rows, row groups) into the lake.* metrics: file counts, size
// percentiles, files per partition, the share of small files, and what one
// full scan costs in object-store requests, dollars and query-engine
// seconds.
//
// analysis/lake feeds it both the files a lake writer reported (and those
// its projection to production volume would leave) and a listing of any
// lake, so a run and an analysis report the same numbers the same way. It
// depends on nothing but the metrics and facts leaves.
package catalog
