package scenarios

import (
	"reflect"

	"go.yaml.in/yaml/v3"

	"github.com/prodshape/prodshape/generators"
)

func init() {
	registerFieldKind("enum", fieldKind{order: 10, newOptions: func() fieldOptions { return &enumField{} }})
}

// enumField draws values in proportion to their weights.
type enumField struct {
	Enum Weights `yaml:"enum" doc:"value: weight; values are drawn in proportion to their weights"`
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

func (*enumField) valueType(*FieldSpec) generators.Type { return generators.String }

func (o *enumField) validate(c *check, p string, _ *Scenario) {
	if len(o.Enum) == 0 {
		return
	}
	var sum float64
	for _, w := range o.Enum {
		if w.Weight < 0 {
			c.errorf(p+".enum."+w.Value, "weights must not be negative, got %g", w.Weight)
		}
		sum += w.Weight
	}
	if !(sum > 0) {
		c.errorf(p+".enum", "weights sum to %g; at least one weight must be positive", sum)
	}
}

func (o *enumField) values(fieldBuild) (generators.Values, error) {
	values := make([]string, len(o.Enum))
	weights := make([]float64, len(o.Enum))
	for i, w := range o.Enum {
		values[i], weights[i] = w.Value, w.Weight
	}
	p, err := generators.NewWeightedPick(weights)
	if err != nil {
		return nil, err
	}
	return &generators.Choice{Values: values, Picker: p}, nil
}
