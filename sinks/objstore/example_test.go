package objstore_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/prodshape/prodshape/sinks/objstore"
)

// A local store: Put is atomic, List is in key order.
func ExampleNewLocal() {
	dir, err := os.MkdirTemp("", "lake")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	store, err := objstore.NewLocal(dir, objstore.DeferSync())
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close() // syncs what DeferSync left pending
	ctx := context.Background()
	for _, key := range []string{"dt=2026-03-02/hr=01/part-1.parquet", "dt=2026-03-02/hr=00/part-1.parquet"} {
		if err := store.Put(ctx, key, []byte("PAR1...PAR1")); err != nil {
			log.Fatal(err)
		}
	}
	store.List(ctx, "dt=2026-03-02/", func(o objstore.Object) error {
		fmt.Println(o.Key, o.Size)
		return nil
	})
	// Output:
	// dt=2026-03-02/hr=00/part-1.parquet 11
	// dt=2026-03-02/hr=01/part-1.parquet 11
}

// An S3 bucket on an embedded server, as `endpoint: embedded` does.
func ExampleOpen_embedded() {
	ctx := context.Background()
	store, err := objstore.Open(ctx, "s3://lake/runs/r1", objstore.Options{Endpoint: objstore.EndpointEmbedded})
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close() // stops the embedded server
	if err := store.Put(ctx, "dt=2026-03-02/part-1.parquet", []byte("PAR1...PAR1")); err != nil {
		log.Fatal(err)
	}
	store.List(ctx, "", func(o objstore.Object) error {
		fmt.Println(store.URL(), o.Key, o.Size)
		return nil
	})
	// Output:
	// s3://lake/runs/r1 dt=2026-03-02/part-1.parquet 11
}
