package objstore_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prodshape/prodshape/sinks"
	"github.com/prodshape/prodshape/sinks/objstore"
	"github.com/prodshape/prodshape/sinks/objstore/storetest"
)

func TestOpenLocal(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, url string
	}{
		{"plain path", dir},
		{"file URL", "file://" + filepath.ToSlash(dir)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := objstore.Open(context.Background(), tc.url, objstore.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if _, ok := s.(*objstore.Local); !ok {
				t.Fatalf("Open(%q) = %T, want *Local", tc.url, s)
			}
			if s.URL() != "file://"+filepath.ToSlash(dir) {
				t.Fatalf("URL() = %q", s.URL())
			}
		})
	}
}

// file://rel/dir is relative to the working folder, as in scenario files
// (lake: file://./out/lake).
func TestOpenRelativeFileURL(t *testing.T) {
	t.Chdir(t.TempDir())
	s, err := objstore.Open(context.Background(), "file://./out/lake", objstore.Options{DeferSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Put(context.Background(), "x", []byte("x")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join("out", "lake", "x")); err != nil {
		t.Fatal(err)
	}
}

// endpoint: embedded starts a server that lives as long as the store.
func TestOpenEmbedded(t *testing.T) {
	dir := t.TempDir()
	s, err := objstore.Open(context.Background(), "s3://lake/runs/one", objstore.Options{Endpoint: objstore.EndpointEmbedded, EmbeddedDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if s.URL() != "s3://lake/runs/one" {
		t.Errorf("URL() = %q", s.URL())
	}
	if err := s.Put(context.Background(), "dt=1/a.parquet", []byte("PAR1")); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// The data is on disk: a second embedded server sees it under the prefix.
	s2, err := objstore.Open(context.Background(), "s3://lake/runs", objstore.Options{Endpoint: objstore.EndpointEmbedded, EmbeddedDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if keys := storetest.Keys(t, s2, ""); len(keys) != 1 || keys[0] != "one/dt=1/a.parquet" {
		t.Fatalf("listed %q", keys)
	}
}

func TestOpenErrors(t *testing.T) {
	tests := []struct {
		name, url string
		opts      objstore.Options
		want      string
	}{
		{"empty", "", objstore.Options{}, "no store location"},
		{"unknown scheme", "gs://bucket/x", objstore.Options{}, `unknown scheme "gs"`},
		{"no bucket", "s3:///prefix", objstore.Options{}, "want s3://bucket/prefix"},
		{"bad endpoint", "s3://b/p", objstore.Options{Endpoint: "127.0.0.1:9000"}, "want embedded or a URL"},
		{"endpoint on a folder", "./lake", objstore.Options{Endpoint: "embedded"}, "s3:// URLs only"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := objstore.Open(context.Background(), tc.url, tc.opts)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Open(%q) error %v, want it to say %q", tc.url, err, tc.want)
			}
		})
	}
}

// A bucket that does not exist is a target error that says what to do.
func TestS3MissingBucket(t *testing.T) {
	e := startEmbedded(t, "")
	s := newS3(t, e.Endpoint(), "nobucket", "", nil)
	err := s.Put(context.Background(), "k", []byte("v"))
	if !errors.Is(err, sinks.ErrTarget) || !strings.Contains(err.Error(), "create the bucket") {
		t.Fatalf("Put into a missing bucket: %v", err)
	}
}

// Nothing listening: a target error naming the endpoint.
func TestS3Unreachable(t *testing.T) {
	e := startEmbedded(t, "", "lake")
	endpoint := e.Endpoint()
	e.Close()
	s := newS3(t, endpoint, "lake", "", func(c *objstore.S3Config) { c.MaxAttempts = 2 })
	err := s.List(context.Background(), "", func(objstore.Object) error { return nil })
	if !errors.Is(err, sinks.ErrTarget) || !strings.Contains(err.Error(), endpoint) {
		t.Fatalf("List on a stopped server: %v", err)
	}
}

func TestEmbeddedErrors(t *testing.T) {
	e := startEmbedded(t, "")
	if err := e.CreateBucket("Bad_Name"); err == nil {
		t.Error("CreateBucket accepted an invalid name")
	}
	if err := e.CreateBucket("fine"); err != nil {
		t.Fatal(err)
	}
	if err := e.CreateBucket("fine"); err != nil {
		t.Errorf("creating an existing bucket: %v", err)
	}
	// The address is taken.
	_, err := objstore.StartEmbedded(context.Background(), objstore.EmbeddedConfig{Addr: e.Addr()})
	if !errors.Is(err, sinks.ErrTarget) || !strings.Contains(err.Error(), e.Addr()) {
		t.Errorf("second server on %s: %v", e.Addr(), err)
	}
	// The data folder is taken by another server.
	dir := t.TempDir()
	startEmbedded(t, dir)
	_, err = objstore.StartEmbedded(context.Background(), objstore.EmbeddedConfig{Dir: dir})
	if !errors.Is(err, sinks.ErrTarget) || !strings.Contains(err.Error(), "another server") {
		t.Errorf("second server on one folder: %v", err)
	}
}

func TestNewS3Config(t *testing.T) {
	tests := []struct {
		name string
		cfg  objstore.S3Config
		want string // in the error; "" = accepted
	}{
		{"no bucket", objstore.S3Config{}, "no bucket"},
		{"part below 5 MiB", objstore.S3Config{Bucket: "b", PartSize: 1 << 20}, "5 MiB minimum"},
		{"defaults", objstore.S3Config{Bucket: "b", Endpoint: "http://127.0.0.1:1"}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := objstore.NewS3(context.Background(), tc.cfg)
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				s.Close()
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("NewS3 error %v, want it to say %q", err, tc.want)
			}
		})
	}
}
