package scenarios

import "github.com/prodshape/prodshape/generators"

func init() {
	registerFieldKind("event_time", fieldKind{order: 60, bare: true, newOptions: func() fieldOptions { return &eventTimeField{} }})
}

// eventTimeField is the record's time on the scenario clock; it has no
// options.
type eventTimeField struct{}

func (*eventTimeField) valueType(*FieldSpec) generators.Type { return generators.Timestamp }

func (*eventTimeField) validate(*check, string, *Scenario) {}

func (*eventTimeField) values(fieldBuild) (generators.Values, error) {
	return generators.EventTime{}, nil
}
