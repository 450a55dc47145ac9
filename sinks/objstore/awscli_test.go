package objstore_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/prodshape/prodshape/sinks/objstore"
	"github.com/prodshape/prodshape/sinks/objstore/storetest"
)

// The AWS CLI, an independent S3 client, reads what our store wrote (single
// PUTs and a multipart object, over two list pages), and our store reads
// what the CLI wrote.
func TestAWSCLIInterop(t *testing.T) {
	e := startEmbedded(t, "", "lake")
	aws := storetest.AWSCLI(t, e.Endpoint())
	s := newS3(t, e.Endpoint(), "lake", "runs/r1", multipartSmall)
	ctx := context.Background()
	const n = 1005 // more than one ListObjectsV2 page for the CLI too
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := w; i < n; i += 8 {
				key := fmt.Sprintf("dt=2026-03-02/part-%05d.parquet", i)
				if err := s.Put(ctx, key, []byte(key)); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	if err := s.Put(ctx, "big.bin", bigObject); err != nil {
		t.Fatal(err)
	}

	listing := aws("s3api", "list-objects-v2", "--bucket", "lake", "--prefix", "runs/r1/", "--query", "Contents[].Key", "--output", "text")
	keys := strings.Fields(string(listing))
	if len(keys) != n+1 {
		t.Fatalf("aws listed %d objects, want %d", len(keys), n+1)
	}
	if keys[0] != "runs/r1/big.bin" || keys[n] != fmt.Sprintf("runs/r1/dt=2026-03-02/part-%05d.parquet", n-1) {
		t.Fatalf("aws listing starts %q and ends %q", keys[0], keys[n])
	}
	dst := filepath.Join(t.TempDir(), "big.bin")
	aws("s3", "cp", "--only-show-errors", "s3://lake/runs/r1/big.bin", dst)
	got, err := os.ReadFile(dst)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, bigObject) {
		t.Fatalf("aws downloaded %d bytes of the multipart object, want %d identical", len(got), len(bigObject))
	}

	// The other way round: the CLI uploads, we list and read.
	src := filepath.Join(t.TempDir(), "from-cli.txt")
	if err := os.WriteFile(src, []byte("written by awscli"), 0o644); err != nil {
		t.Fatal(err)
	}
	aws("s3", "cp", "--only-show-errors", src, "s3://lake/runs/r1/zz/from-cli.txt")
	if got := string(storetest.ReadAll(t, s, "zz/from-cli.txt")); got != "written by awscli" {
		t.Fatalf("read %q from the object aws wrote", got)
	}
	var _ objstore.Store = s
}
