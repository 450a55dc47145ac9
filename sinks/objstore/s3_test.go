package objstore_test

import (
	"bytes"
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/prodshape/prodshape/sinks/objstore"
	"github.com/prodshape/prodshape/sinks/objstore/storetest"
)

// startEmbedded starts an embedded S3 server for the test and stops it at
// cleanup. dir "" keeps objects in memory.
func startEmbedded(t *testing.T, dir string, buckets ...string) *objstore.Embedded {
	t.Helper()
	e, err := objstore.StartEmbedded(context.Background(), objstore.EmbeddedConfig{Dir: dir, Buckets: buckets})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

// newS3 connects a store to endpoint; tune adjusts the config first.
func newS3(t *testing.T, endpoint, bucket, prefix string, tune func(*objstore.S3Config)) *objstore.S3 {
	t.Helper()
	c := objstore.S3Config{
		Bucket: bucket, Prefix: prefix, Endpoint: endpoint, PathStyle: true,
		MaxBackoff: 20 * time.Millisecond,
	}
	if tune != nil {
		tune(&c)
	}
	s, err := objstore.NewS3(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestS3Conformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) objstore.Store {
		e := startEmbedded(t, "", "lake")
		return newS3(t, e.Endpoint(), "lake", "runs/r1", nil)
	}, storetest.Options{})
}

// The disk-backed server, with small list pages so paging runs many times.
func TestS3DiskSmallPagesConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) objstore.Store {
		e := startEmbedded(t, t.TempDir(), "lake")
		return newS3(t, e.Endpoint(), "lake", "", func(c *objstore.S3Config) { c.PageSize = 7 })
	}, storetest.Options{Many: 150})
}

// Objects above the threshold go up in parts and come back whole.
func TestS3Multipart(t *testing.T) {
	e := startEmbedded(t, "", "lake")
	s := newS3(t, e.Endpoint(), "lake", "p", func(c *objstore.S3Config) {
		c.MultipartThreshold = 5 << 20
		c.PartSize = 5 << 20 // S3's minimum part size
	})
	// 3 parts, the last short, of bytes that do not repeat with the part
	// size: a part stored at another part's place would not go unseen.
	data := make([]byte, 12<<20+48)
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range data {
		data[i] = byte(rng.Uint32())
	}
	if err := s.Put(context.Background(), "big.parquet", data); err != nil {
		t.Fatal(err)
	}
	if got := storetest.ReadAll(t, s, "big.parquet"); !bytes.Equal(got, data) {
		t.Fatalf("read back %d bytes, want the %d written", len(got), len(data))
	}
	// The same bytes in 1 MiB blocks, as the lake encodes a file, and one
	// odd block: parts start and end inside blocks.
	var blocks [][]byte
	for rest := data; len(rest) > 0; {
		n := min(len(rest), 1<<20)
		if len(blocks) == 3 {
			n = min(len(rest), 12345)
		}
		blocks, rest = append(blocks, rest[:n]), rest[n:]
	}
	if err := objstore.PutBlocks(context.Background(), s, "blocks.parquet", blocks); err != nil {
		t.Fatal(err)
	}
	if got := storetest.ReadAll(t, s, "blocks.parquet"); !bytes.Equal(got, data) {
		t.Fatalf("read back %d bytes of the blocks, want the %d written", len(got), len(data))
	}
	uploads, err := s.Client().ListMultipartUploads(context.Background(), listUploads("lake"))
	if err != nil {
		t.Fatal(err)
	}
	if len(uploads.Uploads) != 0 {
		t.Fatalf("%d multipart uploads left open", len(uploads.Uploads))
	}
}

// Objects survive a restart of a disk-backed server.
func TestEmbeddedDiskPersists(t *testing.T) {
	dir := t.TempDir()
	e := startEmbedded(t, dir, "lake")
	s := newS3(t, e.Endpoint(), "lake", "", nil)
	if err := s.Put(context.Background(), "a/b", []byte("kept")); err != nil {
		t.Fatal(err)
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	e2 := startEmbedded(t, dir)
	s2 := newS3(t, e2.Endpoint(), "lake", "", nil)
	if got := string(storetest.ReadAll(t, s2, "a/b")); got != "kept" {
		t.Fatalf("after restart read %q", got)
	}
}
