package scenarios

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

//go:embed builtin/*.yaml
var builtinFS embed.FS

// Options change how a scenario is loaded.
type Options struct {
	// Sets are path=value overrides (--set), applied to the YAML before
	// decoding and validated like the file.
	Sets []string
	// LookupEnv expands ${VAR}; nil uses the process environment.
	LookupEnv func(string) (string, bool)
}

// Builtin describes one built-in scenario.
type Builtin struct {
	Name        string
	Description string
}

// Builtins lists the built-in scenarios, sorted by name.
func Builtins() ([]Builtin, error) {
	entries, err := fs.ReadDir(builtinFS, "builtin")
	if err != nil {
		return nil, err
	}
	var out []Builtin
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".yaml")
		data, err := builtinFS.ReadFile("builtin/" + e.Name())
		if err != nil {
			return nil, err
		}
		var head struct {
			Description string `yaml:"description"`
		}
		if err := yaml.Unmarshal(data, &head); err != nil {
			return nil, fmt.Errorf("builtin %s: %w", name, err)
		}
		out = append(out, Builtin{Name: name, Description: head.Description})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// BuiltinSource returns the YAML of a built-in scenario.
func BuiltinSource(name string) ([]byte, bool) {
	data, err := builtinFS.ReadFile("builtin/" + name + ".yaml")
	return data, err == nil
}

// ErrNotFound is returned when a scenario is neither a file nor a built-in.
var ErrNotFound = errors.New("scenario not found")

// Load reads a scenario from a file path or a built-in name.
func Load(ref string, opts Options) (*Scenario, error) {
	data, err := os.ReadFile(ref)
	file := ref
	if err != nil {
		b, ok := BuiltinSource(strings.TrimPrefix(ref, "builtin:"))
		if !ok {
			names := []string{}
			if bs, err := Builtins(); err == nil {
				for _, b := range bs {
					names = append(names, b.Name)
				}
			}
			return nil, fmt.Errorf("%w: %q is neither a readable file (%v) nor a built-in scenario; built-ins: %s",
				ErrNotFound, ref, errors.Unwrap(err), strings.Join(names, ", "))
		}
		data, file = b, "builtin:"+path.Base(strings.TrimPrefix(ref, "builtin:"))
	}
	return Parse(file, data, opts)
}

// Parse decodes, defaults and validates a scenario. Every mistake is
// reported at once as an ErrorList.
func Parse(file string, data []byte, opts Options) (*Scenario, error) {
	d := newDecoder(file)
	d.sets = opts.Sets
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, ErrorList{yamlSyntaxError(file, err)}
	}
	root := &doc
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		root = doc.Content[0]
	}
	if doc.Kind == 0 || isNull(root) {
		root = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: 1, Column: 1}
	}
	for i, set := range opts.Sets {
		if err := applySet(root, set, i); err != nil {
			d.errs = append(d.errs, &Error{Pos: Pos{File: file, Set: set}, Msg: err.Error()})
		}
	}
	lookup := opts.LookupEnv
	if lookup == nil {
		lookup = os.LookupEnv
	}
	d.expandEnv(root, lookup)
	s := &Scenario{File: file}
	d.decode(root, reflectValue(s), "")
	s.positions = d.positions
	s.applyDefaults()
	c := &check{s: s, file: file}
	for _, e := range d.errs {
		c.decoded = append(c.decoded, e.Path)
	}
	s.validate(c)
	errs := append(d.errs, c.errs...)
	if len(errs) > 0 {
		errs.sort()
		return nil, errs.dedupe()
	}
	return s, nil
}

// yamlSyntaxError turns a YAML parser error ("yaml: line 3: ...") into a
// positioned scenario error.
func yamlSyntaxError(file string, err error) *Error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, tail, ok := strings.Cut(rest, ":"); ok {
			if l, err := strconv.Atoi(num); err == nil {
				line, msg = l, strings.TrimSpace(tail)
			}
		}
	}
	return &Error{Pos: Pos{File: file, Line: line, Col: 1}, Msg: "not valid YAML: " + msg}
}

// applySet sets path=value in the YAML tree. The value is YAML itself, so
// --set 'goals.freshness.p99=< 5m' and --set 'clock={duration: 1h}' work.
// Nodes it creates carry Line -(index+1), so errors point at the --set.
func applySet(root *yaml.Node, set string, index int) error {
	p, raw, ok := strings.Cut(set, "=")
	if !ok || strings.TrimSpace(p) == "" {
		return fmt.Errorf("want path=value, e.g. streams[0].rate.base=500/s")
	}
	segs, err := splitPath(strings.TrimSpace(p))
	if err != nil {
		return err
	}
	value := setValue(raw)
	mark(value, -(index + 1))
	cur := root
	typ := reflect.TypeFor[Scenario]()
	for i := 0; i < len(segs); i++ {
		seg := segs[i]
		last := i == len(segs)-1
		// A scalar shorthand (rate: 10/s) that the path reaches into becomes
		// the mapping it stands for ({base: 10/s}) before it is extended.
		if !last || seg.index < 0 {
			expandShorthand(cur, typ)
		}
		if seg.index >= 0 {
			if cur.Kind != yaml.SequenceNode {
				return fmt.Errorf("%s is not a list", joinSegs(segs[:i]))
			}
			if seg.index > len(cur.Content) || (seg.index == len(cur.Content) && !last && segs[i+1].index >= 0) {
				return fmt.Errorf("%s has %d entries; index %d is out of range", joinSegs(segs[:i]), len(cur.Content), seg.index)
			}
			if seg.index == len(cur.Content) {
				cur.Content = append(cur.Content, newContainer(segs, i+1, index))
			}
			if last {
				cur.Content[seg.index] = value
				return nil
			}
			cur = cur.Content[seg.index]
			typ = elemType(typ, "")
			continue
		}
		if cur.Kind == yaml.ScalarNode && isNull(cur) {
			*cur = yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: cur.Line, Column: cur.Column}
		}
		if cur.Kind != yaml.MappingNode {
			return fmt.Errorf("%s is not a mapping", joinSegs(segs[:i]))
		}
		key, used := matchKey(cur, segs, i)
		i += used - 1
		last = i == len(segs)-1
		typ = elemType(typ, key)
		if v := findKey(cur, key); v != nil {
			if last {
				*v = *value
				return nil
			}
			cur = v
			continue
		}
		k := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key, Line: -(index + 1)}
		var v *yaml.Node
		if last {
			v = value
		} else {
			v = newContainer(segs, i+1, index)
		}
		cur.Content = append(cur.Content, k, v)
		if last {
			return nil
		}
		cur = v
	}
	return nil
}

// setValue reads a --set value. Only flow collections ({...}, [...]) are
// read as structure: a bare "-" (standard output) or "a: b" stays the text
// it looks like.
func setValue(raw string) *yaml.Node {
	var val yaml.Node
	err := yaml.Unmarshal([]byte(raw), &val)
	flow := strings.HasPrefix(strings.TrimSpace(raw), "{") || strings.HasPrefix(strings.TrimSpace(raw), "[")
	if err != nil || len(val.Content) == 0 || (val.Content[0].Kind != yaml.ScalarNode && !flow) {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: raw}
	}
	return val.Content[0]
}

// matchKey picks the mapping key that segs[i:] names in cur and how many
// segments it takes. Keys may contain dots (goals.freshness.p99): the
// longest existing key wins, and under goals the rest is one key.
func matchKey(cur *yaml.Node, segs []pathSeg, i int) (string, int) {
	for j := len(segs); j > i+1; j-- {
		if k := joinKeys(segs[i:j]); k != "" && findKey(cur, k) != nil {
			return k, j - i
		}
	}
	if i == 1 && segs[0].key == "goals" {
		if k := joinKeys(segs[i:]); k != "" {
			return k, len(segs) - i
		}
	}
	return segs[i].key, 1
}

type pathSeg struct {
	key   string
	index int // -1 for a key
}

func splitPath(p string) ([]pathSeg, error) {
	var segs []pathSeg
	for _, part := range strings.Split(p, ".") {
		key, rest, _ := strings.Cut(part, "[")
		if key != "" {
			segs = append(segs, pathSeg{key: key, index: -1})
		}
		for rest != "" {
			num, tail, ok := strings.Cut(rest, "]")
			i, err := strconv.Atoi(num)
			if !ok || err != nil || i < 0 {
				return nil, fmt.Errorf("bad path %q: want keys and [index], e.g. streams[0].rate.base", p)
			}
			segs = append(segs, pathSeg{index: i})
			rest = strings.TrimPrefix(tail, "[")
		}
		if key == "" && !strings.Contains(part, "[") {
			return nil, fmt.Errorf("bad path %q: empty key", p)
		}
	}
	return segs, nil
}

func joinSegs(segs []pathSeg) string {
	var b strings.Builder
	for _, s := range segs {
		if s.index >= 0 {
			fmt.Fprintf(&b, "[%d]", s.index)
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s.key)
	}
	return b.String()
}

func joinKeys(segs []pathSeg) string {
	keys := make([]string, len(segs))
	for i, s := range segs {
		if s.index >= 0 {
			return ""
		}
		keys[i] = s.key
	}
	return strings.Join(keys, ".")
}

func findKey(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func newContainer(segs []pathSeg, next, index int) *yaml.Node {
	if next < len(segs) && segs[next].index >= 0 {
		return &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: -(index + 1)}
	}
	return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: -(index + 1)}
}

func mark(n *yaml.Node, line int) {
	n.Line, n.Column = line, 0
	for _, c := range n.Content {
		mark(c, line)
	}
}

// elemType follows one path step through the scenario types: a struct
// field by its YAML name, a list's element; nil where the path leaves the
// typed part (field maps, goals).
func elemType(t reflect.Type, key string) reflect.Type {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil {
		return nil
	}
	switch t.Kind() {
	case reflect.Slice:
		if key == "" {
			return t.Elem()
		}
		if t == reflect.TypeFor[Fields]() {
			return reflect.TypeFor[FieldSpec]()
		}
		if t == reflect.TypeFor[Entities]() {
			return reflect.TypeFor[Entity]()
		}
	case reflect.Struct:
		for _, f := range structFields(t) {
			if f.name == key {
				return t.FieldByIndex(f.index).Type
			}
		}
	}
	return nil
}

// expandShorthand turns a scalar standing for a struct with a scalar field
// into the mapping {field: scalar}.
func expandShorthand(n *yaml.Node, t reflect.Type) {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct || n.Kind != yaml.ScalarNode || isNull(n) {
		return
	}
	for _, f := range structFields(t) {
		if f.scalar {
			old := *n
			*n = yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: old.Line, Column: old.Column, Content: []*yaml.Node{
				{Kind: yaml.ScalarNode, Tag: "!!str", Value: f.name, Line: old.Line, Column: old.Column}, &old,
			}}
			return
		}
	}
}
