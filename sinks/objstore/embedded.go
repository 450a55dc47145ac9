package objstore

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3bolt"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	bolt "go.etcd.io/bbolt"

	"github.com/prodshape/prodshape/sinks"
)

// EmbeddedConfig configures an in-process S3-compatible server.
type EmbeddedConfig struct {
	// Addr is the TCP address to listen on; "" means 127.0.0.1:0 (a free
	// loopback port).
	Addr string
	// Dir keeps the objects on disk, in one bolt file (BoltFile) under Dir,
	// so they survive a restart; "" keeps them in memory.
	Dir string
	// Buckets are created at start (existing ones are kept).
	Buckets []string
	// NoSync skips the fsync of each commit to Dir: about 4x the PUT rate
	// (BenchmarkPutEmbeddedS3). A crash of the process loses nothing; a
	// power loss may lose or corrupt the data file. For servers that live
	// only as long as a run.
	NoSync bool
}

// BoltFile is the file under EmbeddedConfig.Dir holding every bucket.
const BoltFile = "s3.bolt"

// Embedded is an S3-compatible server on loopback, backed by gofakes3. It
// accepts any credentials and serves path-style requests
// (http://127.0.0.1:port/bucket/key). Multipart uploads in progress are kept
// in memory, so a server that stops mid-upload leaves no partial object.
type Embedded struct {
	ln      net.Listener
	srv     *http.Server
	backend gofakes3.Backend
	db      *bolt.DB // nil in memory mode
	served  chan error

	closeOnce sync.Once
	closeErr  error
}

// StartEmbedded starts the server and returns once it accepts connections.
func StartEmbedded(ctx context.Context, cfg EmbeddedConfig) (*Embedded, error) {
	addr := cfg.Addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	e := &Embedded{served: make(chan error, 1)}
	if cfg.Dir == "" {
		e.backend = s3mem.New()
	} else {
		if err := os.MkdirAll(cfg.Dir, 0o755); err != nil {
			return nil, fmt.Errorf("%w: embedded S3 data folder: %w", sinks.ErrTarget, err)
		}
		path := filepath.Join(cfg.Dir, BoltFile)
		// The timeout turns "another server holds this folder" into an
		// error instead of a hang.
		db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second, NoSync: cfg.NoSync})
		if err != nil {
			return nil, fmt.Errorf("%w: open embedded S3 data %s: %w (is another server using this folder?)", sinks.ErrTarget, path, err)
		}
		e.db = db
		e.backend = s3bolt.New(db)
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		e.closeDB()
		return nil, fmt.Errorf("%w: embedded S3 server listen on %s: %w (pick a free address)", sinks.ErrTarget, addr, err)
	}
	e.ln = ln
	for _, b := range cfg.Buckets {
		if err := e.CreateBucket(b); err != nil {
			ln.Close()
			e.closeDB()
			return nil, err
		}
	}
	faker := gofakes3.New(e.backend)
	e.srv = &http.Server{Handler: faker.Server(), ReadHeaderTimeout: 10 * time.Second}
	go func() { e.served <- e.srv.Serve(ln) }()
	return e, nil
}

// Endpoint is the server's base URL, http://127.0.0.1:port.
func (e *Embedded) Endpoint() string { return "http://" + e.ln.Addr().String() }

// Addr is the address the server listens on.
func (e *Embedded) Addr() string { return e.ln.Addr().String() }

// CreateBucket creates a bucket; an existing bucket is not an error.
func (e *Embedded) CreateBucket(name string) error {
	if err := ValidBucketName(name); err != nil {
		return err
	}
	if err := e.backend.CreateBucket(name); err != nil && !gofakes3.IsAlreadyExists(err) {
		return fmt.Errorf("%w: create bucket %q: %w", sinks.ErrTarget, name, err)
	}
	return nil
}

// Close stops the server at once, cutting connections in flight (an
// upload in progress fails on the client side), and closes the data file.
func (e *Embedded) Close() error {
	e.closeOnce.Do(func() {
		err := e.srv.Close()
		if serveErr := <-e.served; serveErr != nil && !errors.Is(serveErr, http.ErrServerClosed) {
			err = errors.Join(err, serveErr)
		}
		e.closeErr = errors.Join(err, e.closeDB())
	})
	return e.closeErr
}

// Shutdown stops accepting requests and waits for those in flight (or ctx)
// before closing; for a clean Ctrl-C.
func (e *Embedded) Shutdown(ctx context.Context) error {
	err := e.srv.Shutdown(ctx)
	return errors.Join(err, e.Close())
}

func (e *Embedded) closeDB() error {
	if e.db == nil {
		return nil
	}
	return e.db.Close()
}

// ValidBucketName reports whether name is a valid S3 bucket name, with what
// would be valid if not.
func ValidBucketName(name string) error {
	if err := gofakes3.ValidateBucketName(name); err != nil {
		return fmt.Errorf("bucket name %q: %w (use 3-63 lowercase letters, digits, '-' and '.')", name, err)
	}
	return nil
}
