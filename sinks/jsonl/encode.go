package jsonl

import (
	"math"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/prodshape/prodshape/generators"
)

// AppendRecord appends record i of b as one JSON object (no newline) to dst.
// Fields keep the schema's order; timestamps are RFC 3339 with microseconds
// in UTC; nulls are JSON null. It allocates nothing beyond growing dst.
func AppendRecord(dst []byte, b *generators.Batch, i int) []byte {
	var e Encoder
	return e.Append(dst, b, i)
}

// Encoder is AppendRecord with its keys ("name":) encoded once per schema
// and a cache of the last formatted second: records arrive in time order,
// so most timestamps share it.
type Encoder struct {
	tc     timeCache
	schema *generators.Schema
	keys   [][]byte
}

// Append appends record i of b as one JSON object.
func (e *Encoder) Append(dst []byte, b *generators.Batch, i int) []byte {
	if e.schema != b.Schema || len(e.keys) != len(b.Columns) {
		e.schema = b.Schema
		e.keys = e.keys[:0]
		for c := range b.Columns {
			k := append([]byte{'"'}, appendEscaped(nil, b.Columns[c].Name)...)
			e.keys = append(e.keys, append(k, '"', ':'))
		}
	}
	return appendRecord(dst, b, i, &e.tc, e.keys)
}

type timeCache struct {
	sec    int64
	prefix []byte // "2006-01-02T15:04:05"
}

func (tc *timeCache) append(dst []byte, micros int64) []byte {
	sec, frac := micros/1e6, micros%1e6
	if frac < 0 {
		sec, frac = sec-1, frac+1e6
	}
	if tc.prefix == nil || sec != tc.sec {
		tc.sec = sec
		tc.prefix = time.Unix(sec, 0).UTC().AppendFormat(tc.prefix[:0], "2006-01-02T15:04:05")
	}
	dst = append(dst, tc.prefix...)
	var f [8]byte
	f[0] = '.'
	for k := 6; k >= 1; k-- {
		f[k] = byte('0' + frac%10)
		frac /= 10
	}
	f[7] = 'Z'
	return append(dst, f[:]...)
}

func appendRecord(dst []byte, b *generators.Batch, i int, tc *timeCache, keys [][]byte) []byte {
	dst = append(dst, '{')
	for c := range b.Columns {
		col := &b.Columns[c]
		if c > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, keys[c]...)
		if col.IsNull(i) {
			dst = append(dst, "null"...)
			continue
		}
		switch col.Type {
		case generators.String:
			dst = append(dst, '"')
			if col.Plain {
				dst = append(dst, col.Strings[i]...)
			} else {
				dst = appendEscaped(dst, col.Strings[i])
			}
			dst = append(dst, '"')
		case generators.Int64:
			dst = strconv.AppendInt(dst, col.Ints[i], 10)
		case generators.Float64:
			dst = appendFloat(dst, col.Floats[i])
		case generators.Bool:
			dst = strconv.AppendBool(dst, col.Bools[i])
		case generators.Timestamp:
			dst = append(dst, '"')
			dst = tc.append(dst, col.Ints[i])
			dst = append(dst, '"')
		}
	}
	return append(dst, '}')
}

func appendFloat(dst []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(dst, "null"...)
	}
	return strconv.AppendFloat(dst, f, 'f', -1, 64)
}

const hex = "0123456789abcdef"

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// plainWord reports whether eight bytes are all printable ASCII other than
// quote and backslash (SWAR: a zero byte in x-k·ones marks a byte below k,
// a zero byte in x^b·ones a byte equal to b).
func plainWord(s string) bool {
	x := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
	below := (x - ones*0x20) & ^x
	quote := x ^ (ones * '"')
	slash := x ^ (ones * '\\')
	hasQuote := (quote - ones) & ^quote
	hasSlash := (slash - ones) & ^slash
	return (below|hasQuote|hasSlash|x)&highs == 0
}

// plain marks the ASCII bytes a JSON string carries as they are.
var plain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// appendEscaped writes s as the inside of a JSON string. Runs of plain
// bytes are copied whole; the table lookup keeps the common case (ASCII
// text with nothing to escape) to one load and compare per byte.
func appendEscaped(dst []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); {
		// Eight bytes at a time while none needs escaping.
		for i+8 <= len(s) && plainWord(s[i:i+8]) {
			i += 8
		}
		if i >= len(s) {
			break
		}
		c := s[i]
		if plain[c] {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				dst = append(dst, s[start:i]...)
				dst = append(dst, `\ufffd`...)
				i += size
				start = i
				continue
			}
			i += size
			continue
		}
		dst = append(dst, s[start:i]...)
		switch c {
		case '"', '\\':
			dst = append(dst, '\\', c)
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		i++
		start = i
	}
	return append(dst, s[start:]...)
}
