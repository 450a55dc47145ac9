package identity

import (
	"strconv"
)

var (
	firstNames = []string{"anna", "ben", "chloe", "david", "emma", "farid", "grace", "hugo", "ines", "jon", "kim", "liam", "maria", "noah", "olga", "priya", "quinn", "rosa", "sam", "tara", "umar", "vera", "wei", "yuki"}
	lastNames  = []string{"smith", "garcia", "muller", "rossi", "kowalski", "nguyen", "kim", "silva", "dubois", "jensen", "cohen", "okafor", "tanaka", "novak", "patel", "lopez"}
	domains    = []string{"gmail.com", "yahoo.com", "outlook.com", "icloud.com", "proton.me", "web.de", "orange.fr", "example.org"}
)

// mix64 is the splitmix64 finalizer: a bijection on uint64, so distinct
// identifiers get distinct tokens.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// mix32 is a bijection on uint32 (a murmur3 finalizer).
func mix32(x uint32) uint32 {
	x ^= x >> 16
	x *= 0x85ebca6b
	x ^= x >> 13
	x *= 0xc2b2ae35
	x ^= x >> 16
	return x
}

const hexDigits = "0123456789abcdef"

func appendHex(dst []byte, v uint64, digits int) []byte {
	for i := digits - 1; i >= 0; i-- {
		dst = append(dst, hexDigits[(v>>(4*i))&0xf])
	}
	return dst
}

// Name returns the identifier's value as a system would store it. Values
// are unique per identifier and depend only on the seed and the index.
func (p *Population) Name(id int32) string {
	return string(p.AppendName(nil, id))
}

// AppendName appends the identifier's value to dst.
func (p *Population) AppendName(dst []byte, id int32) []byte {
	if p.IsJunk(id) {
		return append(dst, p.cfg.Junk[id].Value...)
	}
	u := uint64(id)
	h := mix64(u ^ p.cfg.Seed*0x9e3779b97f4a7c15)
	switch p.kinds[id] {
	case Email:
		dst = append(dst, firstNames[h%uint64(len(firstNames))]...)
		dst = append(dst, '.')
		dst = append(dst, lastNames[(h>>8)%uint64(len(lastNames))]...)
		dst = strconv.AppendUint(dst, u, 10)
		dst = append(dst, '@')
		return append(dst, domains[(h>>16)%uint64(len(domains))]...)
	case Phone:
		dst = append(dst, "+1"...)
		dst = strconv.AppendUint(dst, 200+(h%800), 10)
		s := strconv.AppendUint(nil, u, 10)
		for range 8 - len(s) {
			dst = append(dst, '0')
		}
		return append(dst, s...)
	case Cookie:
		return appendHex(dst, mix64(u+p.cfg.Seed<<32), 16)
	case DeviceID:
		a, b := mix64(u+p.cfg.Seed<<33), h
		dst = appendHex(dst, a>>32, 8)
		dst = append(dst, '-')
		dst = appendHex(dst, a>>16, 4)
		dst = append(dst, '-')
		dst = appendHex(dst, a, 4)
		dst = append(dst, '-')
		dst = appendHex(dst, b>>48, 4)
		dst = append(dst, '-')
		return appendHex(dst, b, 12)
	case CustomerID:
		dst = append(dst, 'C')
		s := strconv.AppendUint(nil, u, 10)
		for range 10 - len(s) {
			dst = append(dst, '0')
		}
		return append(dst, s...)
	case IP:
		v := mix32(uint32(u) ^ uint32(p.cfg.Seed))
		for i := 3; i >= 0; i-- {
			dst = strconv.AppendUint(dst, uint64(v>>(8*i))&0xff, 10)
			if i > 0 {
				dst = append(dst, '.')
			}
		}
		return dst
	}
	return strconv.AppendUint(append(dst, "id:"...), u, 10)
}
