package scenarios

import "github.com/prodshape/prodshape/generators"

func init() {
	registerFieldKind("zipf", fieldKind{order: 130, newOptions: func() fieldOptions { return &zipfField{} }})
}

type zipfField struct {
	Zipf *ZipfSpec `yaml:"zipf" doc:"Zipf ranks 1..n"`
}

// ZipfSpec is a Zipf distribution over ranks 1..N.
type ZipfSpec struct {
	S float64 `yaml:"s" doc:"exponent (> 1)"`
	N int64   `yaml:"n" doc:"number of ranks"`
}

func (*zipfField) valueType(*FieldSpec) generators.Type { return generators.Int64 }

func (o *zipfField) validate(c *check, p string, _ *Scenario) {
	d := o.Zipf
	if d == nil {
		return
	}
	if !(d.S > 1) {
		c.errorf(p+".zipf.s", "want a Zipf exponent greater than 1 (the sampler needs s > 1), got %g", d.S)
	}
	if d.N < 1 {
		c.errorf(p+".zipf.n", "want at least 1 rank, got %d", d.N)
	}
}

func (o *zipfField) values(fieldBuild) (generators.Values, error) {
	z, err := generators.NewZipf(o.Zipf.S, int(o.Zipf.N))
	if err != nil {
		return nil, err
	}
	return &generators.Number{Dist: z, Int: true, Decimals: -1}, nil
}
