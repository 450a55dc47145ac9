package scenarios

import (
	"reflect"

	"go.yaml.in/yaml/v3"
)

// FieldSpec is one field's kind and options. A field is written either as a
// bare kind (uuid, event_time, sequence) or as a mapping with exactly one
// kind key (enum, faker, ref, uniform, normal, ...) plus options.
type FieldSpec struct {
	Kind        string           `yaml:"kind,scalar" enum:"uuid|sequence|event_time|bool" doc:"a kind without options: uuid, sequence, event_time, bool"`
	Enum        Weights          `yaml:"enum" doc:"value: weight; values are drawn in proportion to their weights"`
	Faker       string           `yaml:"faker" doc:"a gofakeit generator name (url, email, country_abr, useragent, ...): fills a pool of cardinality values"`
	Cardinality int              `yaml:"cardinality" doc:"faker: distinct values in the pool (default 10000)"`
	Skew        *Skew            `yaml:"skew" doc:"faker: skew of value popularity"`
	Ref         string           `yaml:"ref" doc:"name of an entity pool: ids drawn by activity"`
	Sequence    *SequenceSpec    `yaml:"sequence" doc:"numbers records start, start+step, ..."`
	Bool        *Percent         `yaml:"bool" doc:"true with this probability"`
	Uniform     *UniformSpec     `yaml:"uniform" doc:"uniform on [min, max)"`
	Normal      *NormalSpec      `yaml:"normal" doc:"normal (Gaussian)"`
	LogNormal   *LogNormalSpec   `yaml:"lognormal" doc:"log-normal: right-skewed sizes and amounts"`
	Exponential *ExponentialSpec `yaml:"exponential" doc:"exponential: waiting times"`
	Poisson     *PoissonSpec     `yaml:"poisson" doc:"Poisson counts"`
	Zipf        *ZipfSpec        `yaml:"zipf" doc:"Zipf ranks 1..n"`
	Type        string           `yaml:"type" enum:"int|double" doc:"numeric kinds: int rounds to whole numbers (default double; poisson, zipf, sequence are int)"`
	Decimals    *int             `yaml:"decimals" doc:"doubles: round to this many decimals"`
	Null        Percent          `yaml:"null" doc:"probability that the field is null"`
	When        Conditions       `yaml:"when" doc:"field: value (or list): the field has a value only when these hold, else null"`
}

// Skew is a popularity skew.
type Skew struct {
	Zipf float64 `yaml:"zipf" doc:"Zipf exponent (> 1)"`
}

// Bounds clamp a numeric distribution.
type Bounds struct {
	Min *float64 `yaml:"min" doc:"values below are raised to min"`
	Max *float64 `yaml:"max" doc:"values above are lowered to max"`
}

// SequenceSpec numbers records.
type SequenceSpec struct {
	Start int64 `yaml:"start" doc:"first number (default 0)"`
	Step  int64 `yaml:"step" doc:"increment (default 1)"`
}

// UniformSpec is uniform on [min, max).
type UniformSpec struct {
	Bounds `yaml:",inline"`
}

// NormalSpec is a normal distribution.
type NormalSpec struct {
	Mean   float64 `yaml:"mean" doc:"mean"`
	Stddev float64 `yaml:"stddev" doc:"standard deviation"`
	Bounds `yaml:",inline"`
}

// LogNormalSpec is a log-normal distribution by its median.
type LogNormalSpec struct {
	Median float64 `yaml:"median" doc:"median (exp of the log mean)"`
	Sigma  float64 `yaml:"sigma" doc:"standard deviation of the log"`
	Bounds `yaml:",inline"`
}

// ExponentialSpec is an exponential distribution.
type ExponentialSpec struct {
	Mean   float64 `yaml:"mean" doc:"mean"`
	Bounds `yaml:",inline"`
}

// PoissonSpec is a Poisson distribution.
type PoissonSpec struct {
	Mean   float64 `yaml:"mean" doc:"mean count"`
	Bounds `yaml:",inline"`
}

// ZipfSpec is a Zipf distribution over ranks 1..N.
type ZipfSpec struct {
	S float64 `yaml:"s" doc:"exponent (> 1)"`
	N int64   `yaml:"n" doc:"number of ranks"`
}

// Weighted is one enum value.
type Weighted struct {
	Value  string
	Weight float64
}

// Weights keeps enum values in file order.
type Weights []Weighted

func (w *Weights) decodeNode(d *decoder, n *yaml.Node, path string) {
	if resolve(n) != nil && resolve(n).Kind == yaml.SequenceNode {
		// enum: [a, b, c] means equal weights.
		var values []string
		d.decode(n, reflect.ValueOf(&values).Elem(), path)
		for _, v := range values {
			*w = append(*w, Weighted{Value: v, Weight: 1})
		}
		return
	}
	d.orderedPairs(n, path, "value to weight", func(k, v *yaml.Node) {
		var weight float64
		d.decode(v, reflect.ValueOf(&weight).Elem(), join(path, k.Value))
		*w = append(*w, Weighted{Value: k.Value, Weight: weight})
	})
}

// Condition is one `when` entry.
type Condition struct {
	Field  string
	Equals []string
}

// Conditions keeps `when` entries in file order.
type Conditions []Condition

func (c *Conditions) decodeNode(d *decoder, n *yaml.Node, path string) {
	d.orderedPairs(n, path, "field to value", func(k, v *yaml.Node) {
		p := join(path, k.Value)
		v = resolve(v)
		var values []string
		if v.Kind == yaml.ScalarNode && !isNull(v) {
			values = []string{v.Value}
			d.positions[p] = d.pos(v)
		} else {
			d.decode(v, reflect.ValueOf(&values).Elem(), p)
		}
		*c = append(*c, Condition{Field: k.Value, Equals: values})
	})
}

func (d *decoder) decodeFieldSpec(n *yaml.Node, spec *FieldSpec, path string) {
	d.decode(n, reflectValue(spec), path)
}

// reflectValue returns the settable value behind a pointer.
func reflectValue(ptr any) reflect.Value { return reflect.ValueOf(ptr).Elem() }
