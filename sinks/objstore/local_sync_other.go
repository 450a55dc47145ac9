//go:build !linux

package objstore

const syncNeedsPaths = true

func syncPaths(_ string, paths []string) error { return syncEach(paths) }
