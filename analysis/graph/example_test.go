package graph_test

import (
	"fmt"

	"github.com/prodshape/prodshape/analysis/graph"
)

// A junk email joins three people's clusters into one.
func ExampleBuilder() {
	b := graph.NewBuilder(8)
	b.Add("ann@example.com", "cookie-1")
	b.Add("ann@example.com", "test@test.com")
	b.Add("bob@example.com", "+15550100")
	b.Add("bob@example.com", "test@test.com")
	b.Add("dan@example.com", "test@test.com")
	b.Add("carla@example.com", "cookie-2")
	a := b.Analyze(1)
	fmt.Println("components:", a.Components)
	fmt.Println("largest:", a.Largest)
	fmt.Println("top supernode:", a.Top[0].Name, "degree", a.Top[0].Degree)
	// Output:
	// components: 2
	// largest: 6
	// top supernode: test@test.com degree 3
}
