package jsonl

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/prodshape/prodshape/generators"
)

func batchOf(values ...string) *generators.Batch {
	schema := &generators.Schema{Fields: []generators.Field{{Name: "s", Type: generators.String}}}
	b := &generators.Batch{Schema: schema, Columns: []generators.Column{{Field: schema.Fields[0]}}}
	b.Columns[0].Strings = values
	b.Arrival = make([]int64, len(values))
	return b
}

// TestEscapingMatchesEncodingJSON: every string decodes back to itself
// through an independent JSON decoder.
func TestEscapingMatchesEncodingJSON(t *testing.T) {
	values := []string{
		"", "plain", `quote " inside`, `back\slash`, "tab\tnew\nline\r", "\x00\x01\x1f",
		"ünïcödé ✓", "\xff\xfe invalid", "exactly8", "sixteen-bytes-ok", `12345678"`, "1234567\\",
		"https://www.example.com/a/b?c=d&e=f", "\x7f delete",
	}
	b := batchOf(values...)
	for i, v := range values {
		line := AppendRecord(nil, b, i)
		var got map[string]string
		if err := json.Unmarshal(line, &got); err != nil {
			t.Fatalf("%q: invalid JSON %s: %v", v, line, err)
		}
		want := v
		if !jsonValidUTF8(v) {
			// invalid bytes become U+FFFD, as encoding/json does
			want = string([]rune(v))
		}
		if got["s"] != want {
			t.Errorf("%q came back as %q", v, got["s"])
		}
	}
}

func jsonValidUTF8(s string) bool {
	b, _ := json.Marshal(s)
	var back string
	_ = json.Unmarshal(b, &back)
	return back == s
}

func TestPlainWord(t *testing.T) {
	for _, tt := range []struct {
		s    string
		want bool
	}{
		{"abcdefgh", true}, {"abc\"efgh", false}, {"abcdefg\\", false}, {"\x1fbcdefgh", false},
		{"abcd\x80fgh", false}, {"        ", true}, {"~~~~~~~~", true},
	} {
		if got := plainWord(tt.s); got != tt.want {
			t.Errorf("plainWord(%q) = %v", tt.s, got)
		}
	}
}

func TestTimestampFormat(t *testing.T) {
	schema := &generators.Schema{Fields: []generators.Field{{Name: "t", Type: generators.Timestamp}}}
	b := &generators.Batch{Schema: schema, Columns: []generators.Column{{Field: schema.Fields[0]}}, Arrival: make([]int64, 3)}
	at := []time.Time{
		time.Date(2026, 3, 2, 20, 15, 1, 123456000, time.UTC),
		time.Date(2026, 3, 2, 20, 15, 1, 7000, time.UTC),
		time.Date(1969, 12, 31, 23, 59, 59, 999999000, time.UTC),
	}
	for _, a := range at {
		b.Columns[0].Ints = append(b.Columns[0].Ints, a.UnixMicro())
	}
	var enc Encoder
	for i, a := range at {
		want := `{"t":"` + a.Format("2006-01-02T15:04:05.000000Z") + `"}`
		if got := string(enc.Append(nil, b, i)); got != want {
			t.Errorf("got %s want %s", got, want)
		}
	}
}

func FuzzAppendEscaped(f *testing.F) {
	f.Add("plain text")
	f.Add("\"\\\n\x00\xff")
	f.Fuzz(func(t *testing.T, s string) {
		out := append([]byte{'"'}, appendEscaped(nil, s)...)
		out = append(out, '"')
		var back string
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("%q → invalid JSON %s", s, out)
		}
		if jsonValidUTF8(s) && back != s {
			t.Fatalf("%q → %q", s, back)
		}
	})
}
