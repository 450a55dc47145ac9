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
	dst = append(dst, '{')
	for c := range b.Columns {
		col := &b.Columns[c]
		if c > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, '"')
		dst = appendEscaped(dst, col.Name)
		dst = append(dst, '"', ':')
		if col.IsNull(i) {
			dst = append(dst, "null"...)
			continue
		}
		switch col.Type {
		case generators.String:
			dst = append(dst, '"')
			dst = appendEscaped(dst, col.Strings[i])
			dst = append(dst, '"')
		case generators.Int64:
			dst = strconv.AppendInt(dst, col.Ints[i], 10)
		case generators.Float64:
			dst = appendFloat(dst, col.Floats[i])
		case generators.Bool:
			dst = strconv.AppendBool(dst, col.Bools[i])
		case generators.Timestamp:
			dst = append(dst, '"')
			dst = time.UnixMicro(col.Ints[i]).UTC().AppendFormat(dst, "2006-01-02T15:04:05.000000Z07:00")
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

// appendEscaped writes s as the inside of a JSON string.
func appendEscaped(dst []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
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
