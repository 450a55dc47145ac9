package scenarios

import (
	"reflect"

	"github.com/prodshape/prodshape/analysis/metrics"
)

type schemaProvider interface{ jsonSchema() map[string]any }

var schemaProviderType = reflect.TypeFor[schemaProvider]()

// JSONSchema describes the scenario format (draft 2020-12), generated from
// the same structs the decoder fills, so the two cannot drift apart.
func JSONSchema() map[string]any {
	root := typeSchema(reflect.TypeFor[Scenario]())
	root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	root["$id"] = "https://prodshape.dev/schema/scenario.json"
	root["title"] = "prodshape scenario"
	return root
}

func typeSchema(t reflect.Type) map[string]any {
	if t.Kind() == reflect.Pointer {
		return typeSchema(t.Elem())
	}
	if t.Implements(schemaProviderType) {
		return reflect.Zero(t).Interface().(schemaProvider).jsonSchema()
	}
	if reflect.PointerTo(t).Implements(schemaProviderType) {
		return reflect.New(t).Interface().(schemaProvider).jsonSchema()
	}
	switch t {
	case reflect.TypeFor[Fields]():
		return map[string]any{"type": "object", "description": "field name: kind; order is column order",
			"additionalProperties": typeSchema(reflect.TypeFor[FieldSpec]())}
	case reflect.TypeFor[Entities]():
		return map[string]any{"type": "object", "description": "entity name: pool",
			"additionalProperties": typeSchema(reflect.TypeFor[Entity]())}
	case reflect.TypeFor[Goals]():
		props := map[string]any{}
		for _, d := range metrics.All() {
			props[d.Name] = map[string]any{"type": "string", "description": d.Help + " (" + string(d.Unit) + ")",
				"pattern": `^\s*(<|<=|>|>=|==)\s*\S+`}
			if d.Projected {
				props[d.Name+metrics.ProjectedSuffix] = map[string]any{"type": "string", "description": d.Help + " at production volume (" + string(d.Unit) + ")",
					"pattern": `^\s*(<|<=|>|>=|==)\s*\S+`}
			}
		}
		return map[string]any{"type": "object", "description": "metric: \"op value\"", "properties": props, "additionalProperties": false}
	case reflect.TypeFor[Weights]():
		return map[string]any{"description": "value: weight, or a list of equally weighted values",
			"oneOf": []any{
				map[string]any{"type": "object", "additionalProperties": map[string]any{"type": "number", "minimum": 0}},
				map[string]any{"type": "array", "items": map[string]any{"type": "string"}},
			}}
	case reflect.TypeFor[Conditions]():
		return map[string]any{"type": "object", "description": "field: value or [values]",
			"additionalProperties": map[string]any{"oneOf": []any{
				map[string]any{"type": "string"}, map[string]any{"type": "array", "items": map[string]any{"type": "string"}},
			}}}
	}
	switch t.Kind() {
	case reflect.Struct:
		fields := structFields(t)
		types := make([]reflect.Type, len(fields))
		for i, f := range fields {
			types[i] = t.FieldByIndex(f.index).Type
		}
		return keysSchema(fields, types)
	case reflect.Slice:
		return map[string]any{"type": "array", "items": typeSchema(t.Elem())}
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int64, reflect.Int32:
		return map[string]any{"type": "integer"}
	case reflect.Uint64, reflect.Uint:
		return map[string]any{"type": "integer", "minimum": 0}
	case reflect.Float64:
		return map[string]any{"type": "number"}
	}
	return map[string]any{}
}

// keysSchema describes a mapping with the given keys; types[i] is the type
// fields[i] decodes into. A scalar key is also the mapping's shorthand.
func keysSchema(fields []structField, types []reflect.Type) map[string]any {
	props := map[string]any{}
	var shorthand map[string]any
	for i, f := range fields {
		fs := typeSchema(types[i])
		if f.doc != "" {
			fs["description"] = f.doc
		}
		if f.enum != nil {
			fs["enum"] = f.enum
		}
		props[f.name] = fs
		if f.scalar {
			shorthand = fs
		}
	}
	obj := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if shorthand != nil {
		return map[string]any{"anyOf": []any{obj, shorthand}}
	}
	return obj
}
