// Package scenarios owns the scenario file: YAML decoded with positions so
// every mistake reads file:line:col: path: message, defaults, environment
// expansion, --set overrides, validation, the JSON Schema, the built-in
// scenarios, and Run, which wires one scenario end to end (generators →
// sinks → analysis). It is the only package that knows the YAML.
package scenarios

// Extending the scenario format: an area (lake, identity graph, Kafka) adds
// its types in its own file and plugs them in through
//   - a field on System or Sink (the YAML key), decoded by the position-aware
//     decoder from `yaml:"key"` tags (`,scalar` marks the field a scalar
//     shorthand fills; `enum:"a|b"` and `doc:"..."` feed validation and the
//     JSON Schema);
//   - extraChecks, for validation that needs the whole scenario (errors via
//     c.errorf(path, ...) are positioned automatically);
//   - registerSink(kind, factory), to build its sink for a stream;
//   - workloadSources and runners, for workloads that are not streams;
//   - resultWriters, for extra files in the run folder.
