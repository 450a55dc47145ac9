package scenarios

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestInvalidScenariosGolden checks every malformed fixture against its
// golden error output: every mistake, positioned, all at once.
func TestInvalidScenariosGolden(t *testing.T) {
	files, err := filepath.Glob("../testdata/scenarios/invalid/*.yaml")
	if err != nil || len(files) < 15 {
		t.Fatalf("want at least 15 malformed fixtures, found %d (%v)", len(files), err)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			_, err = Parse(filepath.Base(path), data, Options{LookupEnv: func(string) (string, bool) { return "", false }})
			if err == nil {
				t.Fatal("scenario accepted; want errors")
			}
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("error does not wrap ErrInvalid: %v", err)
			}
			got := err.Error() + "\n"
			for _, line := range strings.Split(strings.TrimSpace(got), "\n") {
				if !strings.HasPrefix(line, filepath.Base(path)+":") {
					t.Errorf("error line lacks file:line:col: %q", line)
				}
			}
			golden := strings.TrimSuffix(path, ".yaml") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./scenarios -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("errors differ from %s\n--- got\n%s--- want\n%s", golden, got, want)
			}
		})
	}
}

// TestValidScenarios loads every valid fixture and every built-in.
func TestValidScenarios(t *testing.T) {
	files, _ := filepath.Glob("../testdata/scenarios/valid/*.yaml")
	for _, path := range files {
		if _, err := Load(path, Options{}); err != nil {
			t.Errorf("%s: %v", path, err)
		}
	}
	list, err := Builtins()
	if err != nil || len(list) == 0 {
		t.Fatalf("builtins: %v (%d)", err, len(list))
	}
	for _, b := range list {
		if b.Description == "" {
			t.Errorf("builtin %s has no description", b.Name)
		}
		if _, err := Load(b.Name, Options{}); err != nil {
			t.Errorf("builtin %s: %v", b.Name, err)
		}
	}
}
