package scenarios_test

import (
	"errors"
	"fmt"

	"github.com/prodshape/prodshape/scenarios"
)

// Scenario mistakes come back all at once, each with its position, the
// field path and what would be valid.
func ExampleParse() {
	src := []byte(`name: demo
streams:
  - name: clicks
    rate: 14000/sec
    fields:
      id: uuid
      kind: {enum: {view: 0}}
`)
	_, err := scenarios.Parse("demo.yaml", src, scenarios.Options{})
	var list scenarios.ErrorList
	if errors.As(err, &list) {
		for _, e := range list {
			fmt.Println(e)
		}
	}
	// Output:
	// demo.yaml:4:11: streams[0].rate.base: want a rate like 1500/s, 90000/m, 2M/d or 1.2B/d, got "14000/sec"
	// demo.yaml:7:20: streams[0].fields.kind.enum: weights sum to 0; at least one weight must be positive
}
