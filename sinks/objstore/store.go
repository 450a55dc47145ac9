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

// ReaderAtCloser is an object opened for random access.
type ReaderAtCloser interface {
	io.ReaderAt
	io.Closer
}

// ErrNotFound is returned by Open for a key that does not exist.
var ErrNotFound = errors.New("object not found")
