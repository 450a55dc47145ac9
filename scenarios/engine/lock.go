package engine

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/prodshape/prodshape/analysis"
)

// LockFile is created exclusively in a run folder while a run writes it.
const LockFile = ".prodshape.lock"

// ErrRunFolder is returned when the run folder cannot be used: another run
// holds it, or it holds a finished run and Options.Force is not set. It is a
// usage mistake (exit 2), not a failure of a target.
var ErrRunFolder = errors.New("run folder unavailable")

// lockRunFolder takes dir for one run: it fails at once if a live run holds
// it, and, unless force, if a finished run's result is there. A lock left
// by a run that died is taken over. The returned func releases the lock.
func lockRunFolder(dir string, force bool) (func(), error) {
	path := filepath.Join(dir, LockFile)
	for attempt := 0; ; attempt++ {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			_, werr := fmt.Fprintf(f, "%d\n", os.Getpid())
			if cerr := f.Close(); werr == nil {
				werr = cerr
			}
			if werr != nil {
				os.Remove(path)
				return nil, werr
			}
			break
		}
		if !errors.Is(err, os.ErrExist) || attempt > 0 {
			return nil, err
		}
		if pid, alive := holder(path); alive {
			return nil, fmt.Errorf("%w: %s is being written by another prodshape run (pid %d); wait for it to finish or pick another --out", ErrRunFolder, dir, pid)
		}
		os.Remove(path) // the run that held it is gone
	}
	release := func() { os.Remove(path) }
	if _, err := os.Stat(filepath.Join(dir, analysis.FileName)); err == nil && !force {
		release()
		return nil, fmt.Errorf("%w: %s holds a finished run (%s); pass --force to run into it anyway, or pick another --out", ErrRunFolder, dir, analysis.FileName)
	}
	return release, nil
}

// holder reads the pid in a lock file and reports whether that process is
// still alive.
func holder(path string) (int, bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, false
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 0 {
		return 0, false
	}
	err = syscall.Kill(pid, 0)
	return pid, err == nil || errors.Is(err, syscall.EPERM)
}
