package scenarios

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/prodshape/prodshape/generators"
)

// FieldSpec is one field's kind and options. A field is written either as a
// bare kind (uuid, event_time, sequence) or as a mapping with exactly one
// kind key (enum, faker, ref, uniform, normal, ...) plus options. Each kind
// lives in its own field_<kind>.go and registers itself; the keys below are
// the ones every field takes.
type FieldSpec struct {
	Kind     string     `yaml:"kind,scalar" doc:"a kind without options"`
	Type     string     `yaml:"type" enum:"int|double" doc:"numeric kinds: int rounds to whole numbers (default double; poisson, zipf, sequence are int)"`
	Decimals *int       `yaml:"decimals" doc:"doubles: round to this many decimals"`
	Null     Percent    `yaml:"null" doc:"probability that the field is null"`
	When     Conditions `yaml:"when" doc:"field: value (or list): the field has a value only when these hold, else null"`

	// options holds, by kind name, the options of every kind whose keys the
	// field's mapping sets.
	options map[string]fieldOptions
}

// fieldOptions is a field kind's options as written: a pointer to a struct
// whose yaml-tagged fields are the keys the kind owns in a field's mapping,
// the kind's own key first. A kind written only bare has no such fields.
type fieldOptions interface {
	// valueType is the column type the field produces.
	valueType(f *FieldSpec) generators.Type
	// validate reports mistakes in the options; p is the field's path.
	validate(c *check, p string, s *Scenario)
	// values builds the field's generator.
	values(b fieldBuild) (generators.Values, error)
}

// fieldBuild is what a kind may use to build its generator.
type fieldBuild struct {
	spec  *FieldSpec
	name  string // stream.field: seeds the field's own random draws
	seed  uint64
	pools map[string]*generators.Entities
}

// fieldKind is one registered field kind.
type fieldKind struct {
	// order places the kind in the lists users read: the keys a field
	// mapping accepts, the kinds an error names, the schema's enum. Every
	// kind has its own.
	order int
	bare  bool // may be written alone (id: uuid) or as kind: NAME
	typed bool // takes type: int|double
	// newOptions returns the kind's zero options.
	newOptions func() fieldOptions

	name string
	keys []structField // the options struct's keys, the kind's own first
}

// fieldKinds is written only by registerFieldKind, from init functions.
var fieldKinds = map[string]*fieldKind{}

// registerFieldKind makes a field kind available under its YAML name. A
// name, order or key registered twice panics: the program is wrong.
func registerFieldKind(name string, k fieldKind) {
	k.name = name
	k.keys = structFields(reflect.TypeOf(k.newOptions()).Elem())
	if _, dup := fieldKinds[name]; dup {
		panic("scenarios: field kind " + name + " registered twice")
	}
	if !k.bare && len(k.keys) == 0 {
		panic("scenarios: field kind " + name + " is neither bare nor keyed")
	}
	taken := fieldNames(structFields(reflect.TypeFor[FieldSpec]()))
	for _, other := range fieldKinds {
		if other.order == k.order {
			panic(fmt.Sprintf("scenarios: field kinds %s and %s share order %d", other.name, name, k.order))
		}
		taken = append(taken, fieldNames(other.keys)...)
	}
	for _, key := range k.keys {
		if contains(taken, key.name) {
			panic("scenarios: field kind " + name + " claims key " + key.name + ", already taken")
		}
	}
	fieldKinds[name] = &k
}

// orderedFieldKinds lists the registered kinds by their order.
func orderedFieldKinds() []*fieldKind {
	out := make([]*fieldKind, 0, len(fieldKinds))
	for _, k := range fieldKinds {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].order < out[j].order })
	return out
}

// fieldKindNames lists the kinds a field may have, bare ones first.
func fieldKindNames(bare bool) []string {
	var out []string
	for _, k := range orderedFieldKinds() {
		if k.bare == bare {
			out = append(out, k.name)
		}
	}
	return out
}

func fieldKindList() string {
	return strings.Join(append(fieldKindNames(true), fieldKindNames(false)...), ", ")
}

// fieldKey is one key a field's mapping accepts.
type fieldKey struct {
	structField
	kind string // the kind owning the key; "" for the keys every field takes
	typ  reflect.Type
}

// fieldKeys lists the keys of a field mapping in the order users read
// them: kind, each kind's keys, then the options every field takes.
func fieldKeys() []fieldKey {
	t := reflect.TypeFor[FieldSpec]()
	var common []fieldKey
	for _, f := range structFields(t) {
		common = append(common, fieldKey{structField: f, typ: t.FieldByIndex(f.index).Type})
	}
	bare := fieldKindNames(true)
	common[0].enum = bare
	common[0].doc += ": " + strings.Join(bare, ", ")
	out := common[:1:1]
	for _, k := range orderedFieldKinds() {
		ot := reflect.TypeOf(k.newOptions()).Elem()
		for _, f := range k.keys {
			out = append(out, fieldKey{structField: f, kind: k.name, typ: ot.FieldByIndex(f.index).Type})
		}
	}
	return append(out, common[1:]...)
}

func (f *FieldSpec) decodeNode(d *decoder, n *yaml.Node, path string) {
	keys := fieldKeys()
	if n.Kind == yaml.ScalarNode && !isNull(n) {
		d.decodeField(n, reflectValue(f), keys[0].structField, path)
		return
	}
	fields := make([]structField, len(keys))
	for i, k := range keys {
		fields[i] = k.structField
	}
	d.decodeKeys(n, path, fields, func(i int) reflect.Value {
		if keys[i].kind == "" {
			return reflectValue(f)
		}
		return reflect.ValueOf(f.setOptions(keys[i].kind)).Elem()
	})
}

// setOptions returns the options of the named kind that the field's keys
// fill, making them on first use.
func (f *FieldSpec) setOptions(kind string) fieldOptions {
	if o, ok := f.options[kind]; ok {
		return o
	}
	if f.options == nil {
		f.options = map[string]fieldOptions{}
	}
	o := fieldKinds[kind].newOptions()
	f.options[kind] = o
	return o
}

// kindOptions returns the named kind's options as the file set them, or
// zero ones (a bare kind); nil for a name no kind has.
func (f *FieldSpec) kindOptions(kind string) fieldOptions {
	if o, ok := f.options[kind]; ok {
		return o
	}
	if k, ok := fieldKinds[kind]; ok {
		return k.newOptions()
	}
	return nil
}

func (*FieldSpec) jsonSchema() map[string]any {
	keys := fieldKeys()
	fields := make([]structField, len(keys))
	types := make([]reflect.Type, len(keys))
	for i, k := range keys {
		fields[i], types[i] = k.structField, k.typ
	}
	return keysSchema(fields, types)
}

// kinds lists the kinds set on a field: a bare kind, then every kind whose
// own key has a value.
func (f *FieldSpec) kinds() []string {
	var out []string
	if f.Kind != "" {
		out = append(out, f.Kind)
	}
	for _, k := range orderedFieldKinds() {
		o, ok := f.options[k.name]
		if ok && len(k.keys) > 0 && !reflect.ValueOf(o).Elem().FieldByIndex(k.keys[0].index).IsZero() {
			out = append(out, k.name)
		}
	}
	return out
}

// valueType is the column type the field produces, when it has one kind.
func (f *FieldSpec) valueType() (generators.Type, bool) {
	k := f.kinds()
	if len(k) != 1 {
		return 0, false
	}
	if o := f.kindOptions(k[0]); o != nil {
		return o.valueType(f), true
	}
	// A bare name that no kind has was reported by the decoder.
	return numericType(f), true
}

// numericType is the column type of a kind that takes type: int|double.
func numericType(f *FieldSpec) generators.Type {
	if f.Type == "int" {
		return generators.Int64
	}
	return generators.Float64
}

func (f *FieldSpec) applyDefaults() {
	for _, o := range f.options {
		if d, ok := o.(interface{ applyDefaults() }); ok {
			d.applyDefaults()
		}
	}
}

func (f *FieldSpec) validate(c *check, p string, s *Scenario, self string, types map[string]generators.Type) {
	k := f.kinds()
	switch len(k) {
	case 0:
		c.errorf(p, "no field kind given; want one of %s", fieldKindList())
		return
	case 1:
	default:
		c.errorf(p, "a field has exactly one kind, got %s", strings.Join(k, " and "))
		return
	}
	for _, kind := range orderedFieldKinds() {
		if o, ok := f.options[kind.name]; ok {
			o.validate(c, p, s)
		}
	}
	if kind, ok := fieldKinds[k[0]]; f.Type != "" && !(ok && kind.typed) {
		var typed []string
		for _, kind := range orderedFieldKinds() {
			if kind.typed {
				typed = append(typed, kind.name)
			}
		}
		c.errorf(p+".type", "type applies to %s fields, not %s", andList(typed), k[0])
	}
	for _, cond := range f.When {
		cp := p + ".when." + cond.Field
		t, ok := types[cond.Field]
		switch {
		case cond.Field == self:
			c.errorf(cp, "a field cannot depend on itself")
		case !ok:
			c.errorf(cp, "no field named %q in this stream%s", cond.Field, didYouMean(cond.Field, sortedKeys(types)))
		case t != generators.String:
			c.errorf(cp, "conditions compare text fields (enum, faker, ref); %s is %s", cond.Field, t)
		}
		if len(cond.Equals) == 0 {
			c.errorf(cp, "want a value or a list of values")
		}
	}
}

// andList joins names as "a, b and c".
func andList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// values builds the field's generator.
func (f *FieldSpec) values(name string, s *Scenario, pools map[string]*generators.Entities) (generators.Values, error) {
	k := f.kinds()
	if len(k) != 1 {
		return nil, fmt.Errorf("field %s has no kind", name)
	}
	o := f.kindOptions(k[0])
	if o == nil {
		return nil, fmt.Errorf("field %s has no kind %q", name, k[0])
	}
	return o.values(fieldBuild{spec: f, name: name, seed: s.Seed, pools: pools})
}

// Bounds clamp a numeric distribution.
type Bounds struct {
	Min *float64 `yaml:"min" doc:"values below are raised to min"`
	Max *float64 `yaml:"max" doc:"values above are lowered to max"`
}

func checkBounds(c *check, p string, b Bounds) {
	if b.Min != nil && b.Max != nil && *b.Min > *b.Max {
		c.errorf(p, "want min <= max, got min %g, max %g", *b.Min, *b.Max)
	}
}

// number draws from d, clamped to b and rounded as the field asks.
func (b fieldBuild) number(bounds Bounds, d generators.Dist, isInt bool) generators.Values {
	dec := -1
	if b.spec.Decimals != nil {
		dec = *b.spec.Decimals
	}
	return &generators.Number{Dist: d, Int: isInt, Min: bounds.Min, Max: bounds.Max, Decimals: dec}
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
