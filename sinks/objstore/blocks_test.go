package objstore

import (
	"bytes"
	"io"
	"math/rand/v2"
	"testing"
)

// A blockReader reads what one bytes.Reader over the joined blocks reads,
// at every offset and length, empty blocks and all, and through
// io.SectionReader as the S3 store's request bodies do.
func TestBlockReader(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 200 {
		var blocks [][]byte
		var joined []byte
		for range r.IntN(6) {
			b := make([]byte, r.IntN(4)*r.IntN(7)) // often empty
			for i := range b {
				b[i] = byte(r.Uint32())
			}
			blocks = append(blocks, b)
			joined = append(joined, b...)
		}
		br, want := newBlockReader(blocks), bytes.NewReader(joined)
		if br.Size() != int64(len(joined)) {
			t.Fatalf("round %d: size %d, want %d", round, br.Size(), len(joined))
		}
		for off := int64(0); off <= int64(len(joined))+1; off++ {
			for n := 0; n <= len(joined)+1; n++ {
				got, wantBuf := make([]byte, n), make([]byte, n)
				gn, gerr := br.ReadAt(got, off)
				wn, werr := want.ReadAt(wantBuf, off)
				if gn != wn || (gerr == nil) != (werr == nil) || !bytes.Equal(got[:gn], wantBuf[:wn]) {
					t.Fatalf("round %d: ReadAt(%d bytes, %d) = %d, %v; want %d, %v", round, n, off, gn, gerr, wn, werr)
				}
			}
		}
		// Whole, and again after a rewind, as a retried request reads it.
		sr := io.NewSectionReader(br, 0, br.Size())
		for range 2 {
			got, err := io.ReadAll(sr)
			if err != nil || !bytes.Equal(got, joined) {
				t.Fatalf("round %d: read %d bytes (%v), want %d", round, len(got), err, len(joined))
			}
			if _, err := sr.Seek(0, io.SeekStart); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := newBlockReader(nil).ReadAt(make([]byte, 1), -1); err == nil {
		t.Fatal("a negative offset read without an error")
	}
}
