package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestAnalyzeGoalsFileErrors checks that a bad --goals file is reported as a
// scenario's goals are: every mistake at once, each as file:line:col: metric:
// what is wrong and what would be valid, with a bad --goal flag named too,
// and exit code 2.
func TestAnalyzeGoalsFileErrors(t *testing.T) {
	dir := t.TempDir()
	edges := filepath.Join(dir, "edges.csv")
	goals := filepath.Join(dir, "goals.yaml")
	write := func(path, data string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(edges, "src,dst\na,b\n")
	tests := []struct {
		name, goals string
		flags       []string
		want        string
	}{
		{ // every kind of mistake, in file order, then the flags
			name: "many",
			goals: "graph.largest_component: \"<= 4\"\n" +
				"made.up.metric: \"<= 4\"\n" +
				"graph.components: about 3\n" +
				"graph.identifiers: [1, 2]\n" +
				"graph.largest_component: \"<= 5\"\n",
			flags: []string{"--goal", "graph.components", "--goal", "nope=< 1"},
			want: "prodshape: 6 error(s) in goals:\n" +
				"GOALS:2:17: made.up.metric: unknown metric \"made.up.metric\" (prodshape metrics lists them all)\n" +
				"GOALS:3:19: graph.components: want \"OP VALUE\" with OP one of < <= > >= ==, got \"about 3\"\n" +
				"GOALS:4:20: graph.identifiers: want a goal like \"< 10m\" or \">= 64MiB\", got a list\n" +
				"GOALS:5:1: graph.largest_component: key \"graph.largest_component\" appears twice\n" +
				"--goal graph.components: want METRIC=EXPR like 'records.total=>= 1000'\n" +
				"--goal nope=< 1: nope: unknown metric \"nope\" (prodshape metrics lists them all)\n",
		},
		{ // not a mapping
			name:  "list",
			goals: "- graph.components: \"< 3\"\n",
			want:  "prodshape: 1 error(s) in goals:\nGOALS:1:1: want a mapping of metric to \"op value\", got a list\n",
		},
		{ // empty
			name: "empty",
			want: "prodshape: 1 error(s) in goals:\nGOALS:1:1: no goals; want lines of metric: \"op value\", like freshness.p99: \"< 10m\"\n",
		},
		{ // not YAML
			name:  "syntax",
			goals: "graph.components: \"< 3\"\n  graph.edges: \"< 3\"\n",
			want:  "prodshape: 1 error(s) in goals:\nGOALS:1:1: not valid YAML: did not find expected key\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			write(goals, tt.goals)
			var stdout, stderr bytes.Buffer
			args := append([]string{"analyze", "graph", edges, "--goals", goals}, tt.flags...)
			code := execute(context.Background(), args, &stdout, &stderr)
			if code != exitUsage {
				t.Errorf("exit code %d, want %d", code, exitUsage)
			}
			want := string(bytes.ReplaceAll([]byte(tt.want), []byte("GOALS"), []byte(goals)))
			if got := stderr.String(); got != want {
				t.Errorf("stderr:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}
