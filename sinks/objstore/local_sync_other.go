//go:build !linux

package objstore

func syncPaths(_ string, paths []string) error { return syncEach(paths) }
