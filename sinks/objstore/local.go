package objstore

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/prodshape/prodshape/sinks"
)

// Local is a Store in a directory of the local filesystem. Keys map to
// relative file paths; folders are created as needed. Unlike S3, a key
// cannot also be the folder of other keys ("a/b" and "a/b/c"); lake
// layouts never need that.
//
// Put writes a temporary file next to the target, fsyncs it and renames it
// into place, so a reader (or a crash) never sees a torn file. With
// DeferSync, Put skips the per-file fsync and Sync (or Close) makes all
// files written since durable with one filesystem-wide sync; see DeferSync
// for what that trades away.
type Local struct {
	root      string // absolute, OS-specific separators
	deferSync bool

	mu      sync.Mutex
	dirty   bool                // files renamed but not yet synced (DeferSync only)
	pending map[string]struct{} // their paths, where syncPaths needs them
}

var (
	_ Store  = (*Local)(nil)
	_ Syncer = (*Local)(nil)
)

// Syncer is implemented by stores that can batch durability: after Sync
// returns, every object Put before it survives a power loss.
type Syncer interface {
	Sync(ctx context.Context) error
}

// LocalOption configures NewLocal.
type LocalOption func(*Local)

// DeferSync makes Put skip the per-file fsync. Objects are still renamed
// into place whole, so running readers never see a torn file, but after a
// power loss (not a process crash) a file renamed before the last Sync may
// be empty or missing. Sync and Close make everything durable at once,
// which is several times faster when writing thousands of small files
// (see BenchmarkPutLocal).
func DeferSync() LocalOption { return func(l *Local) { l.deferSync = true } }

// NewLocal opens (and creates if needed) a store rooted at dir.
func NewLocal(dir string, opts ...LocalOption) (*Local, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("local store %q: %w", dir, err)
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return nil, fmt.Errorf("%w: create local store folder: %w", sinks.ErrTarget, err)
	}
	l := &Local{root: abs, pending: map[string]struct{}{}}
	for _, o := range opts {
		o(l)
	}
	return l, nil
}

// Root is the absolute folder the store lives in.
func (l *Local) Root() string { return l.root }

// URL is file:// followed by the absolute root.
func (l *Local) URL() string { return "file://" + filepath.ToSlash(l.root) }

func (l *Local) path(key string) (string, error) {
	if err := checkKey(key); err != nil {
		return "", err
	}
	return filepath.Join(l.root, filepath.FromSlash(key)), nil
}

// Put writes data to key atomically (temp file, fsync, rename).
func (l *Local) Put(ctx context.Context, key string, data []byte) error {
	return l.PutBlocks(ctx, key, [][]byte{data})
}

// PutBlocks writes the blocks, in order, to key atomically, as Put does.
func (l *Local) PutBlocks(ctx context.Context, key string, blocks [][]byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	path, err := l.path(key)
	if err != nil {
		return err
	}
	// The folder usually exists (a partition gets many files): try first,
	// create the folder only when the file cannot be.
	dir := filepath.Dir(path)
	pattern := "." + filepath.Base(path) + tempMarker + "*"
	tmp, err := os.CreateTemp(dir, pattern)
	if errors.Is(err, fs.ErrNotExist) {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return l.fail("put", key, err)
		}
		tmp, err = os.CreateTemp(dir, pattern)
	}
	if err != nil {
		return l.fail("put", key, err)
	}
	if err := writeSynced(tmp, blocks, !l.deferSync); err != nil {
		os.Remove(tmp.Name())
		return l.fail("put", key, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return l.fail("put", key, err)
	}
	if l.deferSync {
		l.mu.Lock()
		l.dirty = true
		if syncNeedsPaths {
			l.pending[path] = struct{}{}
		}
		l.mu.Unlock()
	}
	return nil
}

// writeSynced writes the blocks to f, optionally fsyncs, and closes f.
func writeSynced(f *os.File, blocks [][]byte, fsync bool) error {
	var err error
	for _, b := range blocks {
		if _, err = f.Write(b); err != nil {
			break
		}
	}
	if err == nil && fsync {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// Open opens key for random access.
func (l *Local) Open(ctx context.Context, key string) (ReaderAtCloser, int64, error) {
	path, err := l.path(key)
	if err != nil {
		return nil, 0, err
	}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, 0, fmt.Errorf("%s/%s: %w", l.URL(), key, ErrNotFound)
	}
	if err != nil {
		return nil, 0, l.fail("open", key, err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, l.fail("open", key, err)
	}
	if st.IsDir() {
		f.Close()
		return nil, 0, fmt.Errorf("%s/%s is a folder: %w", l.URL(), key, ErrNotFound)
	}
	return f, st.Size(), nil
}

// Delete removes keys; missing keys are ignored. Emptied folders stay.
func (l *Local) Delete(ctx context.Context, keys ...string) error {
	for _, key := range keys {
		if err := ctx.Err(); err != nil {
			return err
		}
		path, err := l.path(key)
		if err != nil {
			return err
		}
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return l.fail("delete", key, err)
		}
		if l.deferSync && syncNeedsPaths {
			l.mu.Lock()
			delete(l.pending, path)
			l.mu.Unlock()
		}
	}
	return nil
}

// Sync makes every object Put so far durable. Without DeferSync it does
// nothing: each Put was already synced.
func (l *Local) Sync(ctx context.Context) error {
	l.mu.Lock()
	dirty, pending := l.dirty, l.pending
	l.dirty, l.pending = false, map[string]struct{}{}
	l.mu.Unlock()
	if !dirty {
		return nil
	}
	paths := make([]string, 0, len(pending))
	for p := range pending {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	if err := syncPaths(l.root, paths); err != nil {
		return fmt.Errorf("%w: sync %s: %w", sinks.ErrTarget, l.URL(), err)
	}
	return nil
}

// syncEach fsyncs each file, then each distinct parent folder (so the
// renames are durable too). It is the portable fallback of syncPaths.
func syncEach(paths []string) error {
	dirs := map[string]struct{}{}
	for _, p := range paths {
		if err := syncFile(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		dirs[filepath.Dir(p)] = struct{}{}
	}
	for d := range dirs {
		if err := syncFile(d); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// Close syncs what DeferSync left pending.
func (l *Local) Close() error { return l.Sync(context.Background()) }

func (l *Local) fail(op, key string, err error) error {
	return fmt.Errorf("%w: %s %s/%s: %w (check the folder exists, is writable and the disk is not full)",
		sinks.ErrTarget, op, l.URL(), key, err)
}

// isTemp reports whether a file name is one of Put's temporary files.
func isTemp(name string) bool { return strings.Contains(name, tempMarker) }
