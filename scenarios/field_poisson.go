package scenarios

import "github.com/prodshape/prodshape/generators"

func init() {
	registerFieldKind("poisson", fieldKind{order: 120, newOptions: func() fieldOptions { return &poissonField{} }})
}

type poissonField struct {
	Poisson *PoissonSpec `yaml:"poisson" doc:"Poisson counts"`
}

// PoissonSpec is a Poisson distribution.
type PoissonSpec struct {
	Mean   float64 `yaml:"mean" doc:"mean count"`
	Bounds `yaml:",inline"`
}

func (*poissonField) valueType(*FieldSpec) generators.Type { return generators.Int64 }

func (o *poissonField) validate(c *check, p string, _ *Scenario) {
	if d := o.Poisson; d != nil && d.Mean < 0 {
		c.errorf(p+".poisson.mean", "want a mean of at least 0, got %g", d.Mean)
	}
}

func (o *poissonField) values(b fieldBuild) (generators.Values, error) {
	return b.number(o.Poisson.Bounds, generators.Poisson{Lambda: o.Poisson.Mean}, true), nil
}
