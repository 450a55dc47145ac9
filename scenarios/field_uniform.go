package scenarios

import "github.com/prodshape/prodshape/generators"

func init() {
	registerFieldKind("uniform", fieldKind{order: 80, typed: true, newOptions: func() fieldOptions { return &uniformField{} }})
}

type uniformField struct {
	Uniform *UniformSpec `yaml:"uniform" doc:"uniform on [min, max)"`
}

// UniformSpec is uniform on [min, max).
type UniformSpec struct {
	Bounds `yaml:",inline"`
}

func (*uniformField) valueType(f *FieldSpec) generators.Type { return numericType(f) }

func (o *uniformField) validate(c *check, p string, _ *Scenario) {
	d := o.Uniform
	switch {
	case d == nil:
	case d.Min == nil || d.Max == nil:
		c.errorf(p+".uniform", "uniform needs min and max")
	case !(*d.Min < *d.Max):
		c.errorf(p+".uniform", "want min < max, got min %g, max %g", *d.Min, *d.Max)
	}
}

func (o *uniformField) values(b fieldBuild) (generators.Values, error) {
	d := generators.Uniform{Min: *o.Uniform.Min, Max: *o.Uniform.Max}
	return b.number(Bounds{}, d, b.spec.Type == "int"), nil
}
