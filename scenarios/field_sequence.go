package scenarios

import "github.com/prodshape/prodshape/generators"

func init() {
	registerFieldKind("sequence", fieldKind{order: 50, bare: true, newOptions: func() fieldOptions { return &sequenceField{} }})
}

// sequenceField numbers records; written bare it counts 0, 1, 2, ...
type sequenceField struct {
	Sequence *SequenceSpec `yaml:"sequence" doc:"numbers records start, start+step, ..."`
}

// SequenceSpec numbers records.
type SequenceSpec struct {
	Start int64 `yaml:"start" doc:"first number (default 0)"`
	Step  int64 `yaml:"step" doc:"increment (default 1)"`
}

func (*sequenceField) valueType(*FieldSpec) generators.Type { return generators.Int64 }

func (*sequenceField) validate(*check, string, *Scenario) {}

func (o *sequenceField) values(fieldBuild) (generators.Values, error) {
	if o.Sequence == nil {
		return generators.Sequence{Step: 1}, nil
	}
	return generators.Sequence{Start: o.Sequence.Start, Step: o.Sequence.Step}, nil
}
