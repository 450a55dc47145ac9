package scenarios

import "github.com/prodshape/prodshape/generators"

func init() {
	registerFieldKind("bool", fieldKind{order: 70, bare: true, newOptions: func() fieldOptions { return &boolField{} }})
}

// boolField is true with a probability; written bare, half the time.
type boolField struct {
	Bool *Percent `yaml:"bool" doc:"true with this probability"`
}

func (*boolField) valueType(*FieldSpec) generators.Type { return generators.Bool }

func (*boolField) validate(*check, string, *Scenario) {}

func (o *boolField) values(fieldBuild) (generators.Values, error) {
	if o.Bool == nil {
		return generators.Bernoulli{P: 0.5}, nil
	}
	return generators.Bernoulli{P: float64(*o.Bool)}, nil
}
