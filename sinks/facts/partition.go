package facts

import "strings"

// PartitionOf returns the directory part of a key: everything before the
// last '/', or "" for a key at the root.
func PartitionOf(key string) string {
	if i := strings.LastIndexByte(key, '/'); i >= 0 {
		return key[:i]
	}
	return ""
}

// PartitionValues parses Hive-style "k=v" segments of a partition path.
// Segments without '=' are skipped; values are unescaped.
func PartitionValues(partition string) map[string]string {
	out := map[string]string{}
	if partition == "" {
		return out
	}
	for _, seg := range strings.Split(partition, "/") {
		k, v, ok := strings.Cut(seg, "=")
		if !ok {
			continue
		}
		out[Unescape(k)] = Unescape(v)
	}
	return out
}

// Escape makes a partition value safe as one path segment: '%', '/', '=' and
// control characters become %XX, as Hive does.
func Escape(v string) string {
	need := false
	for i := 0; i < len(v); i++ {
		if needsEscape(v[i]) {
			need = true
			break
		}
	}
	if !need {
		return v
	}
	var b strings.Builder
	b.Grow(len(v) + 8)
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(v); i++ {
		c := v[i]
		if needsEscape(c) {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func needsEscape(c byte) bool {
	return c == '%' || c == '/' || c == '=' || c < 0x20 || c == 0x7f
}

// Unescape reverses Escape; malformed escapes are kept as written.
func Unescape(v string) string {
	if !strings.Contains(v, "%") {
		return v
	}
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		if v[i] == '%' && i+2 < len(v) {
			if h, ok := unhex(v[i+1]); ok {
				if l, ok := unhex(v[i+2]); ok {
					b.WriteByte(h<<4 | l)
					i += 2
					continue
				}
			}
		}
		b.WriteByte(v[i])
	}
	return b.String()
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
