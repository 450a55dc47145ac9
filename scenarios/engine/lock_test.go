package engine

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunFolderLock: one run per folder; a finished run's folder needs
// force; a lock left by a dead process is taken over.
func TestRunFolderLock(t *testing.T) {
	dir := t.TempDir()
	release, err := lockRunFolder(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	_, err = lockRunFolder(dir, false)
	if !errors.Is(err, ErrRunFolder) || !strings.Contains(err.Error(), "pid") {
		t.Fatalf("second lock: %v", err)
	}
	release()
	if err := os.WriteFile(filepath.Join(dir, "result.json"), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := lockRunFolder(dir, false); !errors.Is(err, ErrRunFolder) || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("finished folder without force: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, LockFile)); !os.IsNotExist(err) {
		t.Fatalf("a refused lock stayed behind: %v", err)
	}
	release, err = lockRunFolder(dir, true)
	if err != nil {
		t.Fatalf("finished folder with force: %v", err)
	}
	release()
	// A pid no process has (beyond the kernel's pid_max) is a dead holder.
	if err := os.WriteFile(filepath.Join(dir, LockFile), []byte("2147483647\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	release, err = lockRunFolder(dir, true)
	if err != nil {
		t.Fatalf("stale lock: %v", err)
	}
	release()
}
