// Package kubernetes holds the manifests that run prodshape as a Kubernetes
// Indexed Job; this test keeps them consistent.
package kubernetes

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"testing"

	"go.yaml.in/yaml/v3"
)

// docs decodes every YAML document of a manifest file.
func docs(t *testing.T, path string) []map[string]any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	var out []map[string]any
	for {
		var d map[string]any
		err := dec.Decode(&d)
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, d)
	}
}

// get walks a decoded document: get(d, "spec", "template", "spec").
func get(d any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := d.(map[string]any)
			d = m[k]
		case int:
			l, _ := d.([]any)
			if k >= len(l) {
				return nil
			}
			d = l[k]
		}
	}
	return d
}

// TestShardCountsAgree: completions, parallelism, SHARDS and the folders
// the merge Job lists must all say the same N, and the index must come from
// the Job's completion index.
func TestShardCountsAgree(t *testing.T) {
	shard := docs(t, "indexed-job.yaml")
	if len(shard) != 2 || shard[0]["kind"] != "PersistentVolumeClaim" || shard[1]["kind"] != "Job" {
		t.Fatalf("indexed-job.yaml: want a PersistentVolumeClaim and a Job")
	}
	job := shard[1]
	if get(job, "spec", "completionMode") != "Indexed" {
		t.Error("the shard Job must be Indexed")
	}
	n := get(job, "spec", "completions")
	if get(job, "spec", "parallelism") != n {
		t.Errorf("parallelism %v != completions %v", get(job, "spec", "parallelism"), n)
	}
	container := get(job, "spec", "template", "spec", "containers", 0)
	env := map[string]any{}
	for _, e := range get(container, "env").([]any) {
		env[get(e, "name").(string)] = e
	}
	if v := get(env["SHARDS"], "value"); v != fmt.Sprint(n) {
		t.Errorf("SHARDS = %v, completions = %v", v, n)
	}
	if f := get(env["SHARD_INDEX"], "valueFrom", "fieldRef", "fieldPath"); f != "metadata.annotations['batch.kubernetes.io/job-completion-index']" {
		t.Errorf("SHARD_INDEX comes from %v, want the job completion index", f)
	}

	merge := docs(t, "merge-job.yaml")
	args := get(merge[0], "spec", "template", "spec", "containers", 0, "args").([]any)
	folders := 0
	for i, a := range args {
		if a == "/runs/shard-"+strconv.Itoa(folders) {
			folders++
		} else if i > 0 && a != "--out" && a != "/runs/merged" {
			t.Errorf("unexpected merge argument %v", a)
		}
	}
	if folders != n {
		t.Errorf("merge lists %d shard folders, the shard Job runs %v", folders, n)
	}
}
