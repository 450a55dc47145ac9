package scenarios

import (
	"strings"

	"github.com/prodshape/prodshape/generators"
)

func init() {
	registerFieldKind("faker", fieldKind{order: 20, newOptions: func() fieldOptions { return &fakerField{} }})
}

// fakerField draws from a pool of realistic values a gofakeit generator
// fills once, seeded by the stream and field name.
type fakerField struct {
	Faker       string `yaml:"faker" doc:"a gofakeit generator name (url, email, country_abr, useragent, ...): fills a pool of cardinality values"`
	Cardinality int    `yaml:"cardinality" doc:"faker: distinct values in the pool (default 10000)"`
	Skew        *Skew  `yaml:"skew" doc:"faker: skew of value popularity"`
}

// Skew is a popularity skew.
type Skew struct {
	Zipf float64 `yaml:"zipf" doc:"Zipf exponent (> 1)"`
}

func (o *fakerField) applyDefaults() {
	if o.Faker != "" && o.Cardinality == 0 {
		o.Cardinality = DefaultCardinality
	}
}

func (*fakerField) valueType(*FieldSpec) generators.Type { return generators.String }

func (o *fakerField) validate(c *check, p string, _ *Scenario) {
	if o.Faker != "" && !generators.IsFaker(o.Faker) {
		hint := ""
		if sim := generators.SimilarFakers(o.Faker, 5); len(sim) > 0 {
			hint = "; similar: " + strings.Join(sim, ", ")
		}
		c.errorf(p+".faker", "unknown faker %q%s (any gofakeit function name works, e.g. url, email, country_abr, useragent, ipv4address)", o.Faker, hint)
	}
	if o.Faker == "" && (o.Cardinality != 0 || o.Skew != nil) {
		c.errorf(p, "cardinality and skew apply to faker fields only")
	}
	if o.Cardinality < 0 {
		c.errorf(p+".cardinality", "want at least 1 distinct value, got %d", o.Cardinality)
	}
	if o.Skew != nil && !(o.Skew.Zipf > 1) {
		c.errorf(p+".skew.zipf", "want a Zipf exponent greater than 1, got %g", o.Skew.Zipf)
	}
}

func (o *fakerField) values(b fieldBuild) (generators.Values, error) {
	pool, err := generators.FakerPool(o.Faker, o.Cardinality, generators.Key(b.seed, b.name))
	if err != nil {
		return nil, err
	}
	var picker generators.Picker = generators.UniformPick{N: len(pool)}
	if o.Skew != nil {
		zp, err := generators.NewZipfPick(o.Skew.Zipf, len(pool))
		if err != nil {
			return nil, err
		}
		picker = zp
	}
	return &generators.Choice{Values: pool, Picker: picker}, nil
}
