package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prodshape/prodshape/sinks/objstore"
	"github.com/prodshape/prodshape/sinks/objstore/storetest"
)

// lakeToS3 is a small microbatch lake written to s3://lake/run at an
// endpoint: half a virtual hour, one file per writer a minute.
const lakeToS3 = `name: lake-s3
seed: 7
clock: {start: 2026-03-02T00:00:00Z, duration: 30m}
streams:
  - name: clicks
    rate: 20/s
    fields:
      event_id: uuid
      event_time: event_time
      event_type: {enum: {page_view: 90, purchase: 10}}
system:
  lake:
    writer:
      policy: microbatch
      flush_every: 1m
      concurrency: 2
      partition_by: ["dt={event_time:2006-01-02}", "hr={event_time:15}"]
sinks:
  - lake: {url: s3://lake/run, endpoint: %s}
`

func writeScenario(t *testing.T, endpoint string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "lake-s3.yaml")
	if err := os.WriteFile(path, []byte(fmt.Sprintf(lakeToS3, endpoint)), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// A run whose S3 endpoint goes away mid-run exits 3 naming the endpoint,
// and the bucket (read after a restart of the server on the same data)
// holds only whole Parquet files.
func TestRunS3EndpointStopsMidRun(t *testing.T) {
	dir := t.TempDir()
	e, err := objstore.StartEmbedded(context.Background(), objstore.EmbeddedConfig{Dir: dir, Buckets: []string{"lake"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	proxy := storetest.StartFaultProxy(t, e.Endpoint())
	const before = 10
	proxy.FailAfter("PutObject", before, -1, func(w http.ResponseWriter, r *http.Request) {
		e.Close()
		storetest.Cut(w, r)
		proxy.Close()
	})

	var out, errOut bytes.Buffer
	code := execute(context.Background(), []string{"run", writeScenario(t, proxy.URL()), "--out", filepath.Join(t.TempDir(), "run"), "-q"}, &out, &errOut)
	if code != exitRuntime {
		t.Fatalf("exit %d, want %d (runtime failure)\nstdout: %s\nstderr: %s", code, exitRuntime, out.String(), errOut.String())
	}
	if !strings.Contains(errOut.String(), proxy.URL()) {
		t.Errorf("the error does not name the endpoint %s:\n%s", proxy.URL(), errOut.String())
	}
	if proxy.Count("PutObject") <= before {
		t.Fatalf("the endpoint never went away: %d PUTs", proxy.Count("PutObject"))
	}

	restarted, err := objstore.StartEmbedded(context.Background(), objstore.EmbeddedConfig{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { restarted.Close() })
	store, err := objstore.Open(context.Background(), "s3://lake/run", objstore.Options{Endpoint: restarted.Endpoint()})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	keys := storetest.Keys(t, store, "")
	if len(keys) > before {
		t.Fatalf("%d objects in the bucket, but only %d PUTs were answered", len(keys), before)
	}
	for _, k := range keys {
		data := storetest.ReadAll(t, store, k)
		if len(data) < 8 || string(data[:4]) != "PAR1" || string(data[len(data)-4:]) != "PAR1" {
			t.Errorf("%s (%d bytes) is not a whole Parquet file", k, len(data))
		}
	}
}

// endpoint: embedded runs the S3 path with nothing else started, and keeps
// the objects under the run folder.
func TestRunS3Embedded(t *testing.T) {
	out := filepath.Join(t.TempDir(), "run")
	var stdout, stderr bytes.Buffer
	code := execute(context.Background(), []string{"run", writeScenario(t, "embedded"), "--out", out, "-q"}, &stdout, &stderr)
	if code != exitOK {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout.String(), stderr.String())
	}
	// The embedded server has stopped; a new one on the run's data sees
	// the lake.
	store, err := objstore.Open(context.Background(), "s3://lake/run", objstore.Options{Endpoint: "embedded", EmbeddedDir: filepath.Join(out, "s3")})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	keys := storetest.Keys(t, store, "")
	if len(keys) == 0 {
		t.Fatal("no objects in the embedded bucket after the run")
	}
	for _, k := range keys {
		if !strings.HasPrefix(k, "dt=2026-03-02/hr=0") || !strings.HasSuffix(k, ".parquet") {
			t.Errorf("unexpected key %q", k)
		}
	}
}
