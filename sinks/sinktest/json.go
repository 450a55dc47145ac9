package sinktest

import (
	"bytes"
	"encoding/json"
	"testing"
)

// JSONValue decodes one JSON object with encoding/json and returns it in a
// canonical form (keys sorted, numbers as written), failing the test if it
// is not an object.
func JSONValue(t *testing.T, data []byte) string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var rec map[string]any
	if err := dec.Decode(&rec); err != nil {
		t.Fatalf("not a JSON object: %v: %.200q", err, data)
	}
	if dec.More() {
		t.Fatalf("more than one JSON value: %.200q", data)
	}
	out, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// JSONLines reads JSON lines independently of the sink: every line ends in
// a newline and holds one JSON object.
func JSONLines(t *testing.T, data []byte) Landed {
	t.Helper()
	l := Landed{Bytes: int64(len(data)), Values: []string{}}
	if len(data) > 0 && data[len(data)-1] != '\n' {
		t.Errorf("the last line has no newline: a torn write")
	}
	for line := range bytes.Lines(data) {
		l.Values = append(l.Values, JSONValue(t, bytes.TrimSuffix(line, []byte("\n"))))
		l.Records++
	}
	return l
}
