package main

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/prodshape/prodshape/"

// TestLayering holds the package boundaries of docs/architecture.md against
// what `go list -deps` finds, so a stray import fails the build's tests
// rather than a reviewer's eye.
func TestLayering(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Fatal("the go command is needed to list dependencies")
	}
	rules := []struct {
		pkgs    string // go list pattern
		allowed func(dep string) bool
		why     string
	}{
		{"./scenarios", func(d string) bool { return !strings.HasPrefix(d, module+"sinks") },
			"the scenario model opens no sink: the engine does"},
		{"./generators/...", func(d string) bool {
			return !hasAnyPrefix(d, module+"sinks", module+"analysis", module+"scenarios")
		}, "generators know no sink, analysis or scenario"},
		{"./analysis/...", func(d string) bool {
			return !strings.HasPrefix(d, module+"sinks") || d == module+"sinks" ||
				hasAnyPrefix(d, module+"sinks/objstore", module+"sinks/facts")
		}, "analysis reads storage through sinks/objstore and facts through sinks/facts; of the rest of sinks only the shared types of package sinks"},
		{"./sinks/...", func(d string) bool {
			return !hasAnyPrefix(d, module+"scenarios", module+"analysis") ||
				hasAnyPrefix(d, module+"analysis/metrics", module+"analysis/unionfind")
		}, "sinks use only the leaf packages of analysis"},
	}
	for _, r := range rules {
		for pkg, deps := range listDeps(t, r.pkgs) {
			if strings.HasSuffix(pkg, "test") || strings.Contains(pkg, "/internal/") {
				continue // test helpers may wire real parts together
			}
			for _, d := range deps {
				if strings.HasPrefix(d, module) && !r.allowed(d) {
					t.Errorf("%s imports %s: %s", strings.TrimPrefix(pkg, module), strings.TrimPrefix(d, module), r.why)
				}
			}
		}
	}
}

func hasAnyPrefix(s string, prefixes ...string) bool {
	for _, p := range prefixes {
		if s == p || strings.HasPrefix(s, p+"/") {
			return true
		}
	}
	return false
}

// listDeps maps each package matching pattern to its transitive imports.
func listDeps(t *testing.T, pattern string) map[string][]string {
	t.Helper()
	cmd := exec.Command("go", "list", "-json=ImportPath,Deps", pattern)
	cmd.Dir = "../.."
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("go list %s: %v\n%s", pattern, err, stderr.String())
	}
	deps := map[string][]string{}
	dec := json.NewDecoder(&out)
	for dec.More() {
		var p struct {
			ImportPath string
			Deps       []string
		}
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		deps[p.ImportPath] = p.Deps
	}
	return deps
}
