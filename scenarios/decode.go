package scenarios

import (
	"fmt"
	"math"
	"os"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/prodshape/prodshape/analysis"
	"github.com/prodshape/prodshape/analysis/metrics"
)

// decoder turns a YAML node tree into scenario structs, remembering where
// every value came from and collecting every mistake instead of stopping at
// the first.
type decoder struct {
	file      string
	errs      ErrorList
	positions map[string]Pos
	sets      []string // --set arguments; a node with Line -k came from sets[k-1]
}

// scalarParser is implemented by scalar types with their own syntax
// (durations, sizes, rates, percentages).
type scalarParser interface {
	parseScalar(s string) error
}

// nodeDecoder is implemented by types that decode themselves: ordered maps
// (fields, goals, weights) and shorthand forms.
type nodeDecoder interface {
	decodeNode(d *decoder, n *yaml.Node, path string)
}

var (
	scalarParserType = reflect.TypeFor[scalarParser]()
	nodeDecoderType  = reflect.TypeFor[nodeDecoder]()
)

func newDecoder(file string) *decoder {
	return &decoder{file: file, positions: map[string]Pos{}}
}

func (d *decoder) pos(n *yaml.Node) Pos {
	if n == nil {
		return Pos{File: d.file}
	}
	if n.Line < 0 { // a --set override; see applySet
		return Pos{File: d.file, Set: d.sets[-n.Line-1]}
	}
	return Pos{File: d.file, Line: n.Line, Col: n.Column}
}

func (d *decoder) errorf(n *yaml.Node, path, format string, args ...any) {
	d.errs = append(d.errs, &Error{Pos: d.pos(n), Path: path, Msg: fmt.Sprintf(format, args...)})
}

// resolve follows aliases.
func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null")
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "nothing"
		}
		return fmt.Sprintf("%q", n.Value)
	}
	return "something else"
}

// decode fills v (settable) from n.
func (d *decoder) decode(n *yaml.Node, v reflect.Value, path string) {
	n = resolve(n)
	if n == nil {
		return
	}
	d.positions[path] = d.pos(n)
	if v.Kind() == reflect.Pointer {
		if isNull(n) {
			return
		}
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		d.decode(n, v.Elem(), path)
		return
	}
	if v.CanAddr() && v.Addr().Type().Implements(nodeDecoderType) {
		v.Addr().Interface().(nodeDecoder).decodeNode(d, n, path)
		return
	}
	if v.CanAddr() && v.Addr().Type().Implements(scalarParserType) {
		if n.Kind != yaml.ScalarNode || isNull(n) {
			d.errorf(n, path, "want a single value, got %s", kindName(n))
			return
		}
		if err := v.Addr().Interface().(scalarParser).parseScalar(n.Value); err != nil {
			d.errorf(n, path, "%v", err)
		}
		return
	}
	d.decodeValue(n, v, path)
}

// decodeValue decodes a struct, list or plain scalar into v.
func (d *decoder) decodeValue(n *yaml.Node, v reflect.Value, path string) {
	switch v.Kind() {
	case reflect.Struct:
		d.decodeStruct(n, v, path)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.errorf(n, path, "want a list, got %s", kindName(n))
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, c := range n.Content {
			d.decode(c, s.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
		v.Set(s)
	case reflect.String:
		if n.Kind != yaml.ScalarNode || isNull(n) {
			d.errorf(n, path, "want text, got %s", kindName(n))
			return
		}
		v.SetString(n.Value)
	case reflect.Bool:
		b, err := strconv.ParseBool(n.Value)
		if n.Kind != yaml.ScalarNode || err != nil {
			d.errorf(n, path, "want true or false, got %s", kindName(n))
			return
		}
		v.SetBool(b)
	case reflect.Int, reflect.Int64, reflect.Int32:
		i, ok := parseInt(n)
		if !ok {
			d.errorf(n, path, "want a whole number, got %s", kindName(n))
			return
		}
		v.SetInt(i)
	case reflect.Uint64, reflect.Uint:
		i, ok := parseInt(n)
		if !ok || i < 0 {
			d.errorf(n, path, "want a whole number of at least 0, got %s", kindName(n))
			return
		}
		v.SetUint(uint64(i))
	case reflect.Float64:
		f, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
		if n.Kind != yaml.ScalarNode || err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			d.errorf(n, path, "want a number, got %s", kindName(n))
			return
		}
		v.SetFloat(f)
	default:
		panic("scenarios: cannot decode into " + v.Type().String())
	}
}

func parseInt(n *yaml.Node) (int64, bool) {
	if n.Kind != yaml.ScalarNode {
		return 0, false
	}
	s := strings.ReplaceAll(n.Value, "_", "")
	if i, err := strconv.ParseInt(s, 10, 64); err == nil {
		return i, true
	}
	// 2e6 is a common way to write a count.
	if f, err := strconv.ParseFloat(s, 64); err == nil && f == math.Trunc(f) && math.Abs(f) < 1<<62 {
		return int64(f), true
	}
	return 0, false
}

// structField is one decodable field of a struct, with its YAML name.
type structField struct {
	name   string
	index  []int
	scalar bool     // a scalar node fills this field (shorthand form)
	enum   []string // allowed values of a string field
	doc    string
}

func structFields(t reflect.Type) []structField {
	var out []structField
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("yaml")
		if tag == "-" || !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && strings.Contains(opts, "inline") {
			for _, sub := range structFields(f.Type) {
				sub.index = append([]int{i}, sub.index...)
				out = append(out, sub)
			}
			continue
		}
		if name == "" {
			continue
		}
		sf := structField{name: name, index: []int{i}, scalar: strings.Contains(opts, "scalar"), doc: f.Tag.Get("doc")}
		if e := f.Tag.Get("enum"); e != "" {
			sf.enum = strings.Split(e, "|")
		}
		out = append(out, sf)
	}
	return out
}

func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value, path string) {
	fields := structFields(v.Type())
	if n.Kind == yaml.ScalarNode && !isNull(n) {
		for _, f := range fields {
			if f.scalar {
				d.decodeField(n, v, f, path)
				return
			}
		}
	}
	d.decodeKeys(n, path, fields, func(int) reflect.Value { return v })
}

// decodeKeys decodes a mapping whose keys are fields; owner(i) is the
// struct value that fields[i] belongs to.
func (d *decoder) decodeKeys(n *yaml.Node, path string, fields []structField, owner func(i int) reflect.Value) {
	if isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, path, "want a mapping with keys %s, got %s", keyList(fields), kindName(n))
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := resolve(n.Content[i]), n.Content[i+1]
		key := k.Value
		match := -1
		for j := range fields {
			if fields[j].name == key {
				match = j
			}
		}
		if match < 0 {
			d.errorf(k, join(path, key), "unknown key %q; valid keys here: %s%s", key, keyList(fields), didYouMean(key, fieldNames(fields)))
			continue
		}
		if seen[key] {
			d.errorf(k, join(path, key), "key %q appears twice", key)
			continue
		}
		seen[key] = true
		d.decodeField(val, owner(match), fields[match], path)
	}
}

func (d *decoder) decodeField(n *yaml.Node, v reflect.Value, f structField, path string) {
	p := join(path, f.name)
	fv := v.FieldByIndex(f.index)
	d.decode(n, fv, p)
	if f.enum != nil && fv.Kind() == reflect.String && fv.String() != "" {
		if !contains(f.enum, fv.String()) {
			d.errorf(resolve(n), p, "want one of %s, got %q%s", strings.Join(f.enum, ", "), fv.String(), didYouMean(fv.String(), f.enum))
		}
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func fieldNames(fields []structField) []string {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.name
	}
	return names
}

func keyList(fields []structField) string { return strings.Join(fieldNames(fields), ", ") }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// didYouMean suggests the closest candidate when one is close enough to be
// a typo.
func didYouMean(got string, candidates []string) string {
	best, bestD := "", 1<<30
	for _, c := range candidates {
		if dd := metrics.EditDistance(strings.ToLower(got), strings.ToLower(c)); dd < bestD {
			best, bestD = c, dd
		}
	}
	if best != "" && bestD <= max(1, len(got)/3) {
		return fmt.Sprintf(" (did you mean %q?)", best)
	}
	return ""
}

// orderedPairs walks a mapping node's key/value pairs in file order,
// reporting duplicate keys; fn gets the key node and value node.
func (d *decoder) orderedPairs(n *yaml.Node, path, what string, fn func(k, v *yaml.Node)) {
	n = resolve(n)
	if isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, path, "want a mapping of %s, got %s", what, kindName(n))
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := resolve(n.Content[i])
		if seen[k.Value] {
			d.errorf(k, join(path, k.Value), "key %q appears twice", k.Value)
			continue
		}
		seen[k.Value] = true
		fn(k, n.Content[i+1])
	}
}

// expandEnv replaces ${VAR} and ${VAR:-default} in every scalar, in place.
// An unset variable without a default is an error: a silent empty string
// would make a typo look like a valid value.
func (d *decoder) expandEnv(n *yaml.Node, lookup func(string) (string, bool)) {
	if n == nil {
		return
	}
	if n.Kind == yaml.ScalarNode && strings.Contains(n.Value, "${") {
		var missing []string
		out := os.Expand(n.Value, func(name string) string {
			if name == "$" {
				return "$"
			}
			key, def, hasDef := strings.Cut(name, ":-")
			if v, ok := lookup(key); ok && v != "" {
				return v
			}
			if hasDef {
				return def
			}
			missing = append(missing, key)
			return ""
		})
		for _, m := range missing {
			d.errorf(n, "", "environment variable %s is not set; export it, or write ${%s:-default}", m, m)
		}
		n.Value = out
		if n.Tag == "!!null" || n.Tag == "" {
			n.Tag = "!!str"
		}
	}
	for _, c := range n.Content {
		d.expandEnv(c, lookup)
	}
}

// sortedKeys returns a map's keys in order (for stable messages).
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// ParseGoals reads a goals file: a scenario's goals: section on its own,
// metric: "op value" in file order. The goals are decoded and checked as a
// scenario's are, and every mistake is reported at once as an ErrorList.
func ParseGoals(file string, data []byte) ([]analysis.Goal, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, ErrorList{yamlSyntaxError(file, err)}
	}
	var root *yaml.Node
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		root = doc.Content[0]
	}
	if isNull(root) {
		return nil, ErrorList{{Pos: Pos{File: file, Line: 1, Col: 1},
			Msg: `no goals; want lines of metric: "op value", like freshness.p99: "< 10m"`}}
	}
	d := newDecoder(file)
	s := &Scenario{File: file}
	d.decode(root, reflectValue(&s.Goals), "")
	s.positions = d.positions
	c := &check{s: s, file: file}
	for _, e := range d.errs {
		c.decoded = append(c.decoded, e.Path)
	}
	goals := checkGoals(c, "", s.Goals)
	if errs := append(d.errs, c.errs...); len(errs) > 0 {
		errs.sort()
		return nil, errs.dedupe()
	}
	return goals, nil
}
