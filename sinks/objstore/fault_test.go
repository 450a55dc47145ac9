package objstore_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"

	"github.com/prodshape/prodshape/sinks"
	"github.com/prodshape/prodshape/sinks/objstore"
	"github.com/prodshape/prodshape/sinks/objstore/storetest"
)

// bigObject is three 5 MiB parts (the last one short) at the test's
// multipart settings, of bytes that do not repeat with the part size.
var bigObject = func() []byte {
	b := make([]byte, 12<<20+80)
	rng := rand.New(rand.NewPCG(5, 6))
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	return b
}()

func multipartSmall(c *objstore.S3Config) {
	c.MultipartThreshold = 5 << 20
	c.PartSize = 5 << 20
	c.PartConcurrency = 1
}

// Transient server errors are retried with backoff and the operation
// succeeds; MaxAttempts bounds how many.
func TestS3RetriesTransientFaults(t *testing.T) {
	tests := []struct {
		name     string
		op       string
		fault    storetest.Fault
		failures int
		run      func(s *objstore.S3) error
	}{
		// S3's answer while it scales a prefix (docs/realism.md: 503 SlowDown).
		{"put after SlowDown", "PutObject", storetest.SlowDown, 2, func(s *objstore.S3) error {
			return s.Put(context.Background(), "k", []byte("v"))
		}},
		{"put after cut connection", "PutObject", storetest.Cut, 2, func(s *objstore.S3) error {
			return s.Put(context.Background(), "k", []byte("v"))
		}},
		{"list after InternalError", "ListObjectsV2", storetest.InternalError, 2, func(s *objstore.S3) error {
			return s.List(context.Background(), "", func(objstore.Object) error { return nil })
		}},
		{"open after SlowDown", "GetObject", storetest.SlowDown, 2, func(s *objstore.S3) error {
			if err := s.Put(context.Background(), "k", []byte("v")); err != nil {
				return err
			}
			_, _, err := s.Open(context.Background(), "k")
			return err
		}},
		{"multipart part after SlowDown", "UploadPart", storetest.SlowDown, 2, func(s *objstore.S3) error {
			if err := s.Put(context.Background(), "big", bigObject); err != nil {
				return err
			}
			return readBack(s, "big", bigObject)
		}},
		{"multipart part after cut connection", "UploadPart", storetest.Cut, 2, func(s *objstore.S3) error {
			if err := s.Put(context.Background(), "big", bigObject); err != nil {
				return err
			}
			return readBack(s, "big", bigObject) // the retried part was read again from its start
		}},
		{"delete after SlowDown", "DeleteObjects", storetest.SlowDown, 2, func(s *objstore.S3) error {
			return s.Delete(context.Background(), "k")
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := startEmbedded(t, "", "lake")
			proxy := storetest.StartFaultProxy(t, e.Endpoint())
			s := newS3(t, proxy.URL(), "lake", "", func(c *objstore.S3Config) {
				multipartSmall(c)
				c.MaxAttempts = 3
			})
			proxy.Fail(tc.op, tc.failures, tc.fault)
			if err := tc.run(s); err != nil {
				t.Fatalf("after %d injected failures (3 attempts allowed): %v", tc.failures, err)
			}
			if got := proxy.Count(tc.op); got < tc.failures+1 {
				t.Fatalf("%s reached the server %d times, want at least %d", tc.op, got, tc.failures+1)
			}
		})
	}
}

// readBack checks that key holds want.
func readBack(s *objstore.S3, key string, want []byte) error {
	r, size, err := s.Open(context.Background(), key)
	if err != nil {
		return err
	}
	defer r.Close()
	got := make([]byte, size)
	if _, err := r.ReadAt(got, 0); err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	if !bytes.Equal(got, want) {
		return fmt.Errorf("%s holds %d bytes that differ from the %d written", key, size, len(want))
	}
	return nil
}

// When every attempt fails, the error wraps sinks.ErrTarget, names the
// endpoint, bucket and key, and no object appears.
func TestS3PersistentFaultIsTargetError(t *testing.T) {
	e := startEmbedded(t, "", "lake")
	proxy := storetest.StartFaultProxy(t, e.Endpoint())
	s := newS3(t, proxy.URL(), "lake", "runs", func(c *objstore.S3Config) { c.MaxAttempts = 4 })
	proxy.Fail("PutObject", -1, storetest.SlowDown)
	err := s.Put(context.Background(), "dt=1/part-1.parquet", []byte("v"))
	if !errors.Is(err, sinks.ErrTarget) {
		t.Fatalf("Put error %v, want one wrapping sinks.ErrTarget", err)
	}
	for _, want := range []string{proxy.URL(), "s3://lake/runs/dt=1/part-1.parquet", "SlowDown"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	if got := proxy.Count("PutObject"); got != 4 {
		t.Errorf("PutObject tried %d times, want MaxAttempts = 4", got)
	}
	if keys := storetest.Keys(t, s, ""); len(keys) != 0 {
		t.Errorf("a failed Put left %q", keys)
	}
}

// A multipart upload whose part keeps failing is aborted: no object, no
// upload left open.
func TestS3MultipartFailureAborts(t *testing.T) {
	e := startEmbedded(t, "", "lake")
	proxy := storetest.StartFaultProxy(t, e.Endpoint())
	s := newS3(t, proxy.URL(), "lake", "", func(c *objstore.S3Config) {
		multipartSmall(c)
		c.MaxAttempts = 2
	})
	proxy.Fail("UploadPart", -1, storetest.InternalError)
	err := s.Put(context.Background(), "big", bigObject)
	if !errors.Is(err, sinks.ErrTarget) {
		t.Fatalf("Put error %v, want sinks.ErrTarget", err)
	}
	if got := proxy.Count("AbortMultipartUpload"); got != 1 {
		t.Errorf("AbortMultipartUpload sent %d times, want 1", got)
	}
	direct := newS3(t, e.Endpoint(), "lake", "", nil)
	uploads, err := direct.Client().ListMultipartUploads(context.Background(), listUploads("lake"))
	if err != nil {
		t.Fatal(err)
	}
	if len(uploads.Uploads) != 0 {
		t.Errorf("%d multipart uploads left open after abort", len(uploads.Uploads))
	}
	if keys := storetest.Keys(t, direct, ""); len(keys) != 0 {
		t.Errorf("a failed multipart Put left %q", keys)
	}
}

// The server disappears in the middle of a multipart upload: Put fails with
// sinks.ErrTarget, and a server restarted on the same data shows no object,
// partial or whole.
func TestS3ServerDisappearsMidUpload(t *testing.T) {
	dir := t.TempDir()
	e := startEmbedded(t, dir, "lake")
	s := newS3(t, e.Endpoint(), "lake", "", nil)
	if err := s.Put(context.Background(), "before", []byte("committed before the crash")); err != nil {
		t.Fatal(err)
	}

	proxy := storetest.StartFaultProxy(t, e.Endpoint())
	// The first part is stored; at the second, the server and the route to
	// it go away, so the retries and the abort find nothing listening.
	proxy.FailAfter("UploadPart", 1, -1, func(w http.ResponseWriter, r *http.Request) {
		e.Close()
		storetest.Cut(w, r)
		proxy.Close() // does not wait for this handler
	})
	viaProxy := newS3(t, proxy.URL(), "lake", "", func(c *objstore.S3Config) {
		multipartSmall(c)
		c.MaxAttempts = 3
	})
	err := viaProxy.Put(context.Background(), "big.parquet", bigObject)
	if !errors.Is(err, sinks.ErrTarget) {
		t.Fatalf("Put to a vanished server: %v, want sinks.ErrTarget", err)
	}
	if !strings.Contains(err.Error(), "big.parquet") {
		t.Errorf("error %q does not name the object", err)
	}
	if proxy.Count("CreateMultipartUpload") != 1 || proxy.Count("UploadPart") != 2 {
		t.Fatalf("the crash did not happen mid-upload: %d uploads started, %d parts sent",
			proxy.Count("CreateMultipartUpload"), proxy.Count("UploadPart"))
	}

	restarted := startEmbedded(t, dir)
	after := newS3(t, restarted.Endpoint(), "lake", "", nil)
	if keys := storetest.Keys(t, after, ""); fmt.Sprint(keys) != "[before]" {
		t.Fatalf("after the crash and a restart the bucket holds %q, want only [before]", keys)
	}
}

// Listing pages through ListObjectsV2 with the configured page size.
func TestS3ListPages(t *testing.T) {
	e := startEmbedded(t, "", "lake")
	proxy := storetest.StartFaultProxy(t, e.Endpoint())
	s := newS3(t, proxy.URL(), "lake", "", func(c *objstore.S3Config) { c.PageSize = 10 })
	for i := range 25 {
		if err := s.Put(context.Background(), fmt.Sprintf("k%02d", i), nil); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(storetest.Keys(t, s, "")); n != 25 {
		t.Fatalf("listed %d, want 25", n)
	}
	if got := proxy.Count("ListObjectsV2"); got != 3 {
		t.Fatalf("%d ListObjectsV2 requests for 25 keys at 10 per page, want 3", got)
	}
}

// Deleting 2,500 keys takes three DeleteObjects requests (1,000 per request).
func TestS3DeleteBatches(t *testing.T) {
	e := startEmbedded(t, "", "lake")
	proxy := storetest.StartFaultProxy(t, e.Endpoint())
	s := newS3(t, proxy.URL(), "lake", "", nil)
	keys := make([]string, 2500)
	for i := range keys {
		keys[i] = fmt.Sprintf("never/written/%d", i)
	}
	if err := s.Delete(context.Background(), keys...); err != nil {
		t.Fatal(err)
	}
	if got := proxy.Count("DeleteObjects"); got != 3 {
		t.Fatalf("%d DeleteObjects requests for 2,500 keys, want 3", got)
	}
}

// Open reads a small object's footer region with one request.
func TestS3OpenSmallObjectOneRequest(t *testing.T) {
	e := startEmbedded(t, "", "lake")
	proxy := storetest.StartFaultProxy(t, e.Endpoint())
	s := newS3(t, proxy.URL(), "lake", "", nil)
	data := bytes.Repeat([]byte{7}, 200<<10)
	if err := s.Put(context.Background(), "f", data); err != nil {
		t.Fatal(err)
	}
	r, size, err := s.Open(context.Background(), "f")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	buf := make([]byte, 8)
	if _, err := r.ReadAt(buf, size-8); err != nil {
		t.Fatal(err)
	}
	if got := proxy.Count("GetObject"); got != 1 {
		t.Fatalf("size and footer took %d GETs, want 1", got)
	}
	if _, err := r.ReadAt(buf, 0); err != nil {
		t.Fatal(err)
	}
	if got := proxy.Count("GetObject"); got != 2 {
		t.Fatalf("a read outside the tail took %d GETs in all, want 2", got)
	}
}
