package scenarios

import "github.com/prodshape/prodshape/generators"

func init() {
	registerFieldKind("uuid", fieldKind{order: 40, bare: true, newOptions: func() fieldOptions { return &uuidField{} }})
}

// uuidField is a random UUID per record; it has no options.
type uuidField struct{}

func (*uuidField) valueType(*FieldSpec) generators.Type { return generators.String }

func (*uuidField) validate(*check, string, *Scenario) {}

func (*uuidField) values(fieldBuild) (generators.Values, error) { return generators.UUID{}, nil }
