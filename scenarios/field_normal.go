package scenarios

import "github.com/prodshape/prodshape/generators"

func init() {
	registerFieldKind("normal", fieldKind{order: 90, typed: true, newOptions: func() fieldOptions { return &normalField{} }})
}

type normalField struct {
	Normal *NormalSpec `yaml:"normal" doc:"normal (Gaussian)"`
}

// NormalSpec is a normal distribution.
type NormalSpec struct {
	Mean   float64 `yaml:"mean" doc:"mean"`
	Stddev float64 `yaml:"stddev" doc:"standard deviation"`
	Bounds `yaml:",inline"`
}

func (*normalField) valueType(f *FieldSpec) generators.Type { return numericType(f) }

func (o *normalField) validate(c *check, p string, _ *Scenario) {
	d := o.Normal
	if d == nil {
		return
	}
	if d.Stddev < 0 {
		c.errorf(p+".normal.stddev", "want a standard deviation of at least 0, got %g", d.Stddev)
	}
	checkBounds(c, p+".normal", d.Bounds)
}

func (o *normalField) values(b fieldBuild) (generators.Values, error) {
	d := generators.Normal{Mu: o.Normal.Mean, Sigma: o.Normal.Stddev}
	return b.number(o.Normal.Bounds, d, b.spec.Type == "int"), nil
}
