package objstore

import (
	"fmt"
	"strings"
)

// tempMarker is part of every temporary name the local store writes before
// its rename. List skips such names, so a reader never sees a half-written
// object, and a key may not contain it.
const tempMarker = ".prodshape-tmp-"

// checkKey rejects keys that could escape the store root or collide with
// temporary files. Keys are '/'-separated paths relative to the root.
func checkKey(key string) error {
	switch {
	case key == "":
		return fmt.Errorf("empty object key: give a path relative to the store root")
	case strings.HasPrefix(key, "/"):
		return fmt.Errorf("object key %q starts with '/': give a path relative to the store root", key)
	case strings.HasSuffix(key, "/"):
		return fmt.Errorf("object key %q ends with '/': name an object, not a folder", key)
	case strings.Contains(key, "\\"):
		return fmt.Errorf("object key %q contains '\\': separate folders with '/'", key)
	case strings.Contains(key, tempMarker):
		return fmt.Errorf("object key %q contains the reserved temp marker %q", key, tempMarker)
	}
	for _, part := range strings.Split(key, "/") {
		if part == "" || part == "." || part == ".." {
			return fmt.Errorf("object key %q has an empty, '.' or '..' segment: keys must stay inside the store root", key)
		}
	}
	return nil
}
