package generators

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

func (UUID) Fill(col *Column, f *Frame) {
	a := *f.arena
	if cap(a)-len(a) < 36*f.N {
		a = make([]byte, 0, max(36*f.N, 2*cap(a)))
	}
	for i := 0; i < f.N; i++ {
		if f.Skip(i) {
			continue
		}
		r := f.RNG(i)
		var u [16]byte
		hi, lo := r.s, r.Uint64() // the fresh state is the first draw
		for k := 0; k < 8; k++ {
			u[k] = byte(hi >> (56 - 8*k))
			u[8+k] = byte(lo >> (56 - 8*k))
		}
		u[6] = u[6]&0x0f | 0x40 // version 4
		u[8] = u[8]&0x3f | 0x80 // RFC 4122 variant
		start := len(a)
		var text [36]byte
		p := 0
		for k, b := range u {
			if k == 4 || k == 6 || k == 8 || k == 10 {
				text[p] = '-'
				p++
			}
			text[p], text[p+1] = hexPairs[b][0], hexPairs[b][1]
			p += 2
		}
		a = append(a, text[:]...)
		*f.arena = a
		col.Strings[i] = f.String(start)
	}
}
