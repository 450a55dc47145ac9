package lake

import "sync"

// outBuf collects an encoded file in blocks taken from a shared pool. A
// growing file is never copied to make room, and the blocks of one big file
// serve the next instead of fresh memory the runtime would clear and the
// kernel fault in. The store takes the blocks as they are
// (objstore.PutBlocks); Bytes joins them for a caller that needs the file
// in one piece.
type outBuf struct {
	blocks [][]byte
	n      int
}

// outBlockSize is the size of an output block: a small file takes one, a
// batch job's file a few hundred.
const outBlockSize = 1 << 20

var outBlocks = sync.Pool{New: func() any { return make([]byte, 0, outBlockSize) }}

func (o *outBuf) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		k := len(o.blocks)
		if k == 0 || len(o.blocks[k-1]) == cap(o.blocks[k-1]) {
			o.blocks = append(o.blocks, outBlocks.Get().([]byte)[:0])
			k++
		}
		b := o.blocks[k-1]
		m := min(len(p), cap(b)-len(b))
		o.blocks[k-1] = append(b, p[:m]...)
		p = p[m:]
	}
	o.n += n
	return n, nil
}

// Bytes returns the file: the block itself when it fits in one (valid
// until Reset), else a copy of the blocks joined.
func (o *outBuf) Bytes() []byte {
	switch len(o.blocks) {
	case 0:
		return nil
	case 1:
		return o.blocks[0]
	}
	out := make([]byte, 0, o.n)
	for _, b := range o.blocks {
		out = append(out, b...)
	}
	return out
}

// Reset returns the blocks to the pool: whatever Bytes returned before
// must no longer be in use.
func (o *outBuf) Reset() {
	for i, b := range o.blocks {
		//lint:ignore SA6002 boxing the slice header costs 24 bytes; the pooled block is 1 MiB
		outBlocks.Put(b[:0])
		o.blocks[i] = nil
	}
	o.blocks, o.n = o.blocks[:0], 0
}
