package objstore

import (
	"os"
	"path/filepath"
	"testing"
)

// syncEach is the fallback of systems without syncfs; run it here too so it
// keeps working. Files deleted before the sync are skipped.
func TestSyncEach(t *testing.T) {
	dir := t.TempDir()
	var paths []string
	for _, name := range []string{"a", "sub/b", "sub/gone"} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(name), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	os.Remove(paths[2])
	if err := syncEach(paths); err != nil {
		t.Fatal(err)
	}
	if err := syncPaths(dir, paths); err != nil {
		t.Fatal(err)
	}
}
