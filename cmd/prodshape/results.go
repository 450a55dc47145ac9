package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/prodshape/prodshape/analysis"
)

// readRun reads result.json from a run folder (or the file itself). A
// missing or unreadable result is a usage mistake: the user named the wrong
// folder.
func readRun(path string) (*analysis.Result, error) {
	r, err := analysis.ReadResult(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, usagef("%s: no %s there; give a run folder written by prodshape run --out DIR", path, analysis.FileName)
	}
	if err != nil {
		return nil, usageError{err}
	}
	return r, nil
}

// runLabel names a run by its folder: runs/spark/result.json and runs/spark
// are both "spark".
func runLabel(path string) string {
	p := filepath.Clean(path)
	if st, err := os.Stat(p); err == nil && !st.IsDir() {
		p = filepath.Dir(p)
	}
	return filepath.Base(p)
}
