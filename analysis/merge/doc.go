// Package merge combines the result files of the shards of one run
// (prodshape run --shard i/n) into the result of the whole run.
//
// Histograms merge exactly: every latency percentile of the merged result
// is read from the merged HDR histogram, so it equals what one process
// recording every value would report. Other metrics have no histogram
// behind them and follow a rule chosen by name and unit (see rules.go);
// the merged result carries a "merge.rules" table saying which rule each
// metric got and whether it is exact. Goals are graded again on the merged
// metrics, so the verdict is the whole run's.
//
// Metrics that describe one shared artifact (a lake's file layout, a graph's
// components) are approximations after a merge: for exact figures, analyze
// the union of what the shards wrote (prodshape analyze lake|graph).
package merge
