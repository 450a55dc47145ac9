package objstore

import (
	"context"
	"errors"
	"io"
	"time"
)

// Object is one listed object.
type Object struct {
	Key      string // path relative to the store root, '/'-separated
	Size     int64
	Modified time.Time
}

// Store is a flat key space of immutable objects.
type Store interface {
	// Put stores data under key atomically: temp file + fsync + rename
	// locally, a single PUT or a completed multipart upload on S3.
	Put(ctx context.Context, key string, data []byte) error
	// Open returns a random-access reader (Parquet footers are read from the
	// end) and the object's size.
	Open(ctx context.Context, key string) (ReaderAtCloser, int64, error)
	// List calls fn for every object whose key starts with prefix, in key
	// order, paging through listings as needed.
	List(ctx context.Context, prefix string, fn func(Object) error) error
	// Delete removes objects; missing keys are not an error.
	Delete(ctx context.Context, keys ...string) error
	// URL names the store root: file:///abs/path or s3://bucket/prefix.
	URL() string
	Close() error
}

// A BlocksPutter stores an object given as consecutive blocks, as Put
// stores it whole, without joining the blocks first. The lake's encoders
// build a big file in pooled blocks: joining them would copy the file into
// fresh memory, which the kernel then has to fault in.
type BlocksPutter interface {
	PutBlocks(ctx context.Context, key string, blocks [][]byte) error
}

// PutBlocks stores the blocks, in order, as the object key: through the
// store's BlocksPutter where it has one, else joined and Put.
func PutBlocks(ctx context.Context, s Store, key string, blocks [][]byte) error {
	if bp, ok := s.(BlocksPutter); ok {
		return bp.PutBlocks(ctx, key, blocks)
	}
	if len(blocks) == 1 {
		return s.Put(ctx, key, blocks[0])
	}
	var n int
	for _, b := range blocks {
		n += len(b)
	}
	data := make([]byte, 0, n)
	for _, b := range blocks {
		data = append(data, b...)
	}
	return s.Put(ctx, key, data)
}

// ReaderAtCloser is an object opened for random access.
type ReaderAtCloser interface {
	io.ReaderAt
	io.Closer
}

// ErrNotFound is returned by Open for a key that does not exist.
var ErrNotFound = errors.New("object not found")
