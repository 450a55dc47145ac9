package scenarios

import "github.com/prodshape/prodshape/generators"

func init() {
	registerFieldKind("exponential", fieldKind{order: 110, typed: true, newOptions: func() fieldOptions { return &exponentialField{} }})
}

type exponentialField struct {
	Exponential *ExponentialSpec `yaml:"exponential" doc:"exponential: waiting times"`
}

// ExponentialSpec is an exponential distribution.
type ExponentialSpec struct {
	Mean   float64 `yaml:"mean" doc:"mean"`
	Bounds `yaml:",inline"`
}

func (*exponentialField) valueType(f *FieldSpec) generators.Type { return numericType(f) }

func (o *exponentialField) validate(c *check, p string, _ *Scenario) {
	if d := o.Exponential; d != nil && !(d.Mean > 0) {
		c.errorf(p+".exponential.mean", "want a positive mean, got %g", d.Mean)
	}
}

func (o *exponentialField) values(b fieldBuild) (generators.Values, error) {
	d := generators.Exponential{MeanValue: o.Exponential.Mean}
	return b.number(o.Exponential.Bounds, d, b.spec.Type == "int"), nil
}
