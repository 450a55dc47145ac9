// Package report renders a result (result.json) for people and for CI:
// report.html (self-contained, verdict first, charts as inline SVG drawn
// with gonum/plot), report.md for pull-request comments, junit.xml with one
// test case per goal, a terminal summary and the JSON itself.
//
// Reports are generic: charts come from the result's series (series sharing
// a chart id share axes) and from its HDR histograms (drawn as latency by
// percentile); a chart appears only when its data exists. A series "tracks"
// a goal's metric when it is named after it, when chart id and name join to
// it ("graph.profile_latency" + "p99"), or when its chart id is the metric;
// a tracked goal is drawn as a dashed target line, and compare uses the same
// rule to find where a candidate broke.
//
// Output is byte-stable: the same result renders the same bytes, so
// reports can be golden files.
package report
