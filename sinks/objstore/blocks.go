package objstore

import (
	"errors"
	"io"
	"sort"
)

// blockReader reads consecutive blocks as one object, at any offset: the
// S3 store's request bodies are sections of it (io.NewSectionReader), which
// the SDK can read, rewind for a retry and checksum, without the blocks
// ever being joined.
type blockReader struct {
	blocks [][]byte
	starts []int64 // starts[i] is where blocks[i] begins; starts[len(blocks)] the size
}

func newBlockReader(blocks [][]byte) *blockReader {
	starts := make([]int64, len(blocks)+1)
	for i, b := range blocks {
		starts[i+1] = starts[i] + int64(len(b))
	}
	return &blockReader{blocks: blocks, starts: starts}
}

// Size is the object's length in bytes.
func (r *blockReader) Size() int64 { return r.starts[len(r.blocks)] }

// ReadAt reads len(p) bytes from off, as io.ReaderAt does.
func (r *blockReader) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("objstore: read at a negative offset")
	}
	if off >= r.Size() {
		return 0, io.EOF
	}
	// The first block that ends past off (empty blocks end where they
	// start, so they are passed over).
	i := sort.Search(len(r.blocks), func(i int) bool { return r.starts[i+1] > off })
	n := 0
	for ; n < len(p) && i < len(r.blocks); i++ {
		c := copy(p[n:], r.blocks[i][off-r.starts[i]:])
		n += c
		off += int64(c)
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}
