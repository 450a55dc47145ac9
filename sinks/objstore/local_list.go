package objstore

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"syscall"

	"github.com/prodshape/prodshape/sinks"
)

// List calls fn for each object whose key starts with prefix, in key order.
//
// A plain directory walk is not key order: folder "a" holds "a/b", which
// sorts after file "a-c" because '-' < '/'. So each folder's entries are
// sorted with folders compared as "name/", which makes the depth-first walk
// yield keys in byte order without collecting them first.
func (l *Local) List(ctx context.Context, prefix string, fn func(Object) error) error {
	// Start at the deepest folder the prefix names fully.
	start := ""
	if i := strings.LastIndex(prefix, "/"); i >= 0 {
		start = prefix[:i]
	}
	err := l.walk(ctx, start, prefix, fn)
	if errors.Is(err, fs.ErrNotExist) && start != "" {
		return nil // no such folder: nothing listed
	}
	return err
}

// walk lists folder dir (a key prefix without trailing '/', "" = root).
func (l *Local) walk(ctx context.Context, dir, prefix string, fn func(Object) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	entries, err := os.ReadDir(filepath.Join(l.root, filepath.FromSlash(dir)))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
			return fs.ErrNotExist // a prefix folder that is missing or is an object
		}
		return fmt.Errorf("%w: list %s/%s: %w", sinks.ErrTarget, l.URL(), dir, err)
	}
	type item struct {
		sortName string
		entry    os.DirEntry
	}
	items := make([]item, 0, len(entries))
	for _, e := range entries {
		if isTemp(e.Name()) {
			continue
		}
		name := e.Name()
		if e.IsDir() {
			name += "/"
		}
		items = append(items, item{name, e})
	}
	sort.Slice(items, func(i, j int) bool { return items[i].sortName < items[j].sortName })
	for _, it := range items {
		key := path.Join(dir, it.entry.Name())
		if it.entry.IsDir() {
			// Descend only where some key below could match the prefix.
			sub := key + "/"
			if !strings.HasPrefix(sub, prefix) && !strings.HasPrefix(prefix, sub) {
				continue
			}
			if err := l.walk(ctx, key, prefix, fn); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
			continue
		}
		if !strings.HasPrefix(key, prefix) || !it.entry.Type().IsRegular() {
			continue
		}
		info, err := it.entry.Info()
		if errors.Is(err, fs.ErrNotExist) {
			continue // deleted while listing
		}
		if err != nil {
			return fmt.Errorf("%w: list %s/%s: %w", sinks.ErrTarget, l.URL(), key, err)
		}
		if err := fn(Object{Key: key, Size: info.Size(), Modified: info.ModTime()}); err != nil {
			return err
		}
	}
	return nil
}
