package scenarios

import (
	"strings"

	"github.com/prodshape/prodshape/generators"
)

func init() {
	registerFieldKind("ref", fieldKind{order: 30, newOptions: func() fieldOptions { return &refField{} }})
}

// refField draws ids from an entity pool, by the pool's activity skew.
type refField struct {
	Ref string `yaml:"ref" doc:"name of an entity pool: ids drawn by activity"`
}

func (*refField) valueType(*FieldSpec) generators.Type { return generators.String }

func (o *refField) validate(c *check, p string, s *Scenario) {
	if o.Ref == "" {
		return
	}
	if _, ok := s.Entities.Find(o.Ref); !ok {
		names := make([]string, len(s.Entities))
		for i, e := range s.Entities {
			names[i] = e.Name
		}
		c.errorf(p+".ref", "no entity pool named %q; defined: %s%s", o.Ref, orNone(names), didYouMean(o.Ref, names))
	}
}

func orNone(names []string) string {
	if len(names) == 0 {
		return "none (add an entities: section)"
	}
	return strings.Join(names, ", ")
}

func (o *refField) values(b fieldBuild) (generators.Values, error) {
	return generators.Ref{Entities: b.pools[o.Ref]}, nil
}
