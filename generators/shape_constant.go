package generators

import "time"

func init() { RegisterShape("constant", func() Shape { return Constant{} }) }

// Constant keeps the base rate all day.
type Constant struct{}

func (Constant) Factor(_, _ time.Time) float64 { return 1 }
func (Constant) Validate() error               { return nil }
