package merge_test

import (
	"fmt"

	"github.com/prodshape/prodshape/analysis/merge"
	"github.com/prodshape/prodshape/analysis/metrics"
)

// How the shards' values of a few metrics combine.
func ExampleRuleFor() {
	for _, m := range []struct {
		name string
		unit metrics.Unit
	}{
		{"records.total", metrics.Count},
		{"lake.files_per_partition.max", metrics.Count},
		{"graph.largest_component", metrics.Count},
		{"lake.file_size.p50@1x", metrics.Bytes},
		{"graph.availability", metrics.Ratio},
	} {
		r := merge.RuleFor(m.name, m.unit)
		fmt.Printf("%-30s %-24s exact=%v\n", m.name, r.Name, r.Exact)
	}
	// Output:
	// records.total                  sum                      exact=true
	// lake.files_per_partition.max   sum (per-group maximum)  exact=false
	// graph.largest_component        max                      exact=true
	// lake.file_size.p50@1x          mean                     exact=false
	// graph.availability             mean                     exact=false
}
