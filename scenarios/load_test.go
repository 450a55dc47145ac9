package scenarios

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// small is a ten-minute clickstream scenario shared with the engine's tests.
var small = func() string {
	b, err := os.ReadFile("../testdata/scenarios/small.yaml")
	if err != nil {
		panic(err)
	}
	return string(b)
}()

func parse(t *testing.T, src string, sets ...string) *Scenario {
	t.Helper()
	s, err := Parse("small.yaml", []byte(src), Options{Sets: sets})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestDefaults(t *testing.T) {
	s := parse(t, "name: d\nstreams: [{name: s, rate: 5/s, fields: {id: uuid}}]\n")
	if s.Scale != 1 || s.Clock.Mode != "virtual" || time.Duration(s.Clock.Duration) != DefaultDuration || !s.Clock.Start.Equal(DefaultStart) {
		t.Errorf("defaults: scale %g mode %s duration %v start %v", s.Scale, s.Clock.Mode, time.Duration(s.Clock.Duration), s.Clock.Start)
	}
	if s.Streams[0].Rate.Shape != "constant" {
		t.Errorf("default shape %q", s.Streams[0].Rate.Shape)
	}
}

func TestSetOverrides(t *testing.T) {
	tests := []struct {
		set   string
		check func(s *Scenario) bool
	}{
		{"streams[0].rate.base=500/s", func(s *Scenario) bool { return s.Streams[0].Rate.Base == 500 }},
		{"clock.duration=2h", func(s *Scenario) bool { return time.Duration(s.Clock.Duration) == 2*time.Hour }},
		{"seed=7", func(s *Scenario) bool { return s.Seed == 7 }},
		{"goals.records.total=>= 5", func(s *Scenario) bool { return s.Goals[0].Expr == ">= 5" }},                             // dotted key, existing
		{"goals.run.seconds=< 1m", func(s *Scenario) bool { return len(s.Goals) == 2 && s.Goals[1].Metric == "run.seconds" }}, // dotted key, new
		{"sinks[0].jsonl=other.jsonl", func(s *Scenario) bool { return s.Sinks[0].JSONL.Path == "other.jsonl" }},
		{"sinks[1]={discard: true}", func(s *Scenario) bool { return len(s.Sinks) == 2 && s.Sinks[1].Discard != nil }}, // append a list entry
		{"streams[0].fields.kind.enum.view=1", func(s *Scenario) bool {
			return s.Streams[0].Fields[3].Spec.options["enum"].(*enumField).Enum[0].Weight == 1
		}},
	}
	for _, tt := range tests {
		s := parse(t, small, tt.set)
		if !tt.check(s) {
			t.Errorf("--set %s did not take effect", tt.set)
		}
	}
}

func TestSetErrorsPointAtTheFlag(t *testing.T) {
	_, err := Parse("small.yaml", []byte(small), Options{Sets: []string{"streams[0].rate.base=fast", "streams[3].name=x", "nosuchkey=1"}})
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("want an ErrorList, got %v", err)
	}
	want := []string{
		"--set streams[0].rate.base=fast: streams[0].rate.base: want a rate like",
		"--set streams[3].name=x: streams has 1 entries; index 3 is out of range",
		`--set nosuchkey=1: nosuchkey: unknown key "nosuchkey"`,
	}
	got := err.Error()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("missing %q in:\n%s", w, got)
		}
	}
}

func TestEnvExpansion(t *testing.T) {
	env := map[string]string{"RATE": "42/s"}
	src := strings.Replace(small, "base: 20/s", `base: "${RATE}"`, 1) // flow mappings need quotes around ${}
	src = strings.Replace(src, "clicks.jsonl", "${OUT:-fallback}.jsonl", 1)
	s, err := Parse("e.yaml", []byte(src), Options{LookupEnv: func(k string) (string, bool) { v, ok := env[k]; return v, ok }})
	if err != nil {
		t.Fatal(err)
	}
	if s.Streams[0].Rate.Base != 42 || s.Sinks[0].JSONL.Path != "fallback.jsonl" {
		t.Errorf("rate %g path %s", float64(s.Streams[0].Rate.Base), s.Sinks[0].JSONL.Path)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(small))
	files, _ := filepath.Glob("../testdata/scenarios/invalid/*.yaml")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse("fuzz.yaml", data, Options{LookupEnv: func(string) (string, bool) { return "", false }})
		if err != nil {
			var list ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error is not a non-empty ErrorList: %v", err)
			}
			return
		}
		if s.Name == "" || !(s.Scale > 0) {
			t.Fatalf("accepted invalid scenario: %+v", s)
		}
	})
}
