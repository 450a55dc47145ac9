package scenarios

import "github.com/prodshape/prodshape/generators"

func init() {
	registerFieldKind("lognormal", fieldKind{order: 100, typed: true, newOptions: func() fieldOptions { return &logNormalField{} }})
}

type logNormalField struct {
	LogNormal *LogNormalSpec `yaml:"lognormal" doc:"log-normal: right-skewed sizes and amounts"`
}

// LogNormalSpec is a log-normal distribution by its median.
type LogNormalSpec struct {
	Median float64 `yaml:"median" doc:"median (exp of the log mean)"`
	Sigma  float64 `yaml:"sigma" doc:"standard deviation of the log"`
	Bounds `yaml:",inline"`
}

func (*logNormalField) valueType(f *FieldSpec) generators.Type { return numericType(f) }

func (o *logNormalField) validate(c *check, p string, _ *Scenario) {
	d := o.LogNormal
	if d == nil {
		return
	}
	if !(d.Median > 0) {
		c.errorf(p+".lognormal.median", "want a positive median, got %g", d.Median)
	}
	if d.Sigma < 0 {
		c.errorf(p+".lognormal.sigma", "want a sigma of at least 0, got %g", d.Sigma)
	}
	checkBounds(c, p+".lognormal", d.Bounds)
}

func (o *logNormalField) values(b fieldBuild) (generators.Values, error) {
	d := generators.LogNormal{Median: o.LogNormal.Median, Sigma: o.LogNormal.Sigma}
	return b.number(o.LogNormal.Bounds, d, b.spec.Type == "int"), nil
}
