package generators

import (
	"encoding/binary"
	"math/bits"
	"unsafe"
)

// UUID makes random (version 4) UUIDs in canonical text form.
type UUID struct{}

var _ Values = UUID{}

func (UUID) Type() Type { return String }

func (UUID) plain() bool { return true }

// hex16 returns the 16 lowercase hex digits of v, most significant first,
// as the little-endian bytes of two words: each byte is widened to two
// nibbles in place (SWAR, a few shifts and masks per eight digits) instead
// of looked up digit by digit.
func hex16(v uint64) (hi, lo uint64) { return hex8(uint32(v >> 32)), hex8(uint32(v)) }

// hex8 is the 8 hex digits of x as the bytes of a little-endian word.
func hex8(x uint32) uint64 {
	n := uint64(x)
	n = (n | n<<16) & 0x0000ffff0000ffff
	n = (n | n<<8) & 0x00ff00ff00ff00ff
	n = (n | n<<4) & 0x0f0f0f0f0f0f0f0f // nibble i (from the top) is byte 7-i
	n = bits.ReverseBytes64(n)          // the top nibble first in memory
	// '0'+d below ten, 'a'+d-10 from ten: 39 more where d+6 carries into bit 4.
	letters := (n + 0x0606060606060606) >> 4 & 0x0101010101010101
	return n + 0x3030303030303030 + letters*39
}

func (UUID) Fill(col *Column, f *Frame) {
	a := *f.arena
	if cap(a)-len(a) < 36*f.N {
		// Reserved up front: the strings below point into this array, so
		// it must not move while the batch is filled.
		a = make([]byte, 0, max(36*f.N, 2*cap(a)))
	}
	var digits [32]byte
	for i := 0; i < f.N; i++ {
		if f.Skip(i) {
			continue
		}
		r := f.RNG(i)
		hi, lo := r.s, r.Uint64()    // the fresh state is the first draw
		hi = hi&^(0xf<<12) | 0x4<<12 // version 4
		lo = lo&^(0x3<<62) | 0x2<<62 // RFC 4122 variant
		h0, h1 := hex16(hi)
		l0, l1 := hex16(lo)
		binary.LittleEndian.PutUint64(digits[0:], h0)
		binary.LittleEndian.PutUint64(digits[8:], h1)
		binary.LittleEndian.PutUint64(digits[16:], l0)
		binary.LittleEndian.PutUint64(digits[24:], l1)
		// 8-4-4-4-12
		start := len(a)
		a = append(a, digits[0:8]...)
		a = append(a, '-')
		a = append(a, digits[8:12]...)
		a = append(a, '-')
		a = append(a, digits[12:16]...)
		a = append(a, '-')
		a = append(a, digits[16:20]...)
		a = append(a, '-')
		a = append(a, digits[20:32]...)
		col.Strings[i] = unsafe.String(&a[start], 36)
	}
	*f.arena = a
}
