package generators

import "unsafe"

// UUID makes random (version 4) UUIDs in canonical text form.
type UUID struct{}

var _ Values = UUID{}

func (UUID) Type() Type { return String }

func (UUID) plain() bool { return true }

// hexPairs holds the two hex digits of every byte value.
var hexPairs = func() (t [256][2]byte) {
	const digits = "0123456789abcdef"
	for i := range t {
		t[i] = [2]byte{digits[i>>4], digits[i&0xf]}
	}
	return t
}()

// uuidDigits is where each of the 16 bytes' two hex digits go in the
// canonical 8-4-4-4-12 text.
var uuidDigits = [16]int{0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34}

func (UUID) Fill(col *Column, f *Frame) {
	a := *f.arena
	if cap(a)-len(a) < 36*f.N {
		// Reserved up front: the strings below point into this array, so
		// it must not move while the batch is filled.
		a = make([]byte, 0, max(36*f.N, 2*cap(a)))
	}
	for i := 0; i < f.N; i++ {
		if f.Skip(i) {
			continue
		}
		r := f.RNG(i)
		hi, lo := r.s, r.Uint64()    // the fresh state is the first draw
		hi = hi&^(0xf<<12) | 0x4<<12 // version 4
		lo = lo&^(0x3<<62) | 0x2<<62 // RFC 4122 variant
		start := len(a)
		a = a[:start+36]
		text := a[start : start+36 : start+36]
		text[8], text[13], text[18], text[23] = '-', '-', '-', '-'
		for k := 0; k < 8; k++ {
			h, l := hexPairs[byte(hi>>(56-8*k))], hexPairs[byte(lo>>(56-8*k))]
			p, q := uuidDigits[k], uuidDigits[8+k]
			text[p], text[p+1] = h[0], h[1]
			text[q], text[q+1] = l[0], l[1]
		}
		col.Strings[i] = unsafe.String(&text[0], 36)
	}
	*f.arena = a
}
