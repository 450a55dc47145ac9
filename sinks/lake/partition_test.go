package lake

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/prodshape/prodshape/generators"
	"github.com/prodshape/prodshape/sinks/facts"
)

func TestPartitionPaths(t *testing.T) {
	at := time.Date(2026, 3, 2, 7, 5, 9, 0, time.UTC)
	cases := []struct {
		name      string
		templates []string
		eventType string
		price     *float64
		want      string
	}{
		{"hive day/hour/type", []string{"dt={event_time:2006-01-02}", "hr={event_time:15}", "type={event_type}"}, "purchase", nil,
			"dt=2026-03-02/hr=07/type=purchase"},
		// '/' and '=' inside a value must not add a level or a key.
		{"escaped value", []string{"type={event_type}"}, "a/b=c%", nil, "type=a%2Fb%3Dc%25"},
		{"null value", []string{"price={price}"}, "x", nil, "price=" + NullPartition},
		{"number value", []string{"price={price}"}, "x", ptr(12.5), "price=12.5"},
		{"literal text and minutes", []string{"p-{event_time:1504}", "k={user_id}"}, "x", nil, "p-0705/k=42"},
		// A layout with '/' stays one segment.
		{"slashes in layout", []string{"d={event_time:2006/01/02}"}, "x", nil, "d=2026%2F03%2F02"},
		{"no partitioning", nil, "x", nil, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := parsePartitions(tc.templates, testSchema)
			if err != nil {
				t.Fatal(err)
			}
			b := newTestBatch(1)
			b.add(at, 42)
			b.Columns[3].Strings[0] = tc.eventType
			b.Columns[4].Null[0] = tc.price == nil
			if tc.price != nil {
				b.Columns[4].Floats[0] = *tc.price
			}
			got := p.paths[p.of(&b.Batch, 0)]
			if got != tc.want {
				t.Errorf("path %q, want %q", got, tc.want)
			}
			if tc.name == "escaped value" {
				if v := facts.PartitionValues(got)["type"]; v != tc.eventType {
					t.Errorf("round trip %q, want %q", v, tc.eventType)
				}
			}
		})
	}
}

func ptr(f float64) *float64 { return &f }

func TestPartitionErrors(t *testing.T) {
	cases := []struct {
		template, want string
	}{
		{"dt={when:2006}", `no field "when"`},
		{"type={event_type:15}", "applies to timestamp fields"},
		{"a/b", "one path segment"},
		{"dt={event_time", "unclosed"},
		{"", "one path segment"},
	}
	for _, tc := range cases {
		_, err := parsePartitions([]string{tc.template}, testSchema)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: err %v, want %q", tc.template, err, tc.want)
		}
	}
}

// The per-unit cache never changes a path: every second of a day formats
// as time.Format would.
func TestLayoutCache(t *testing.T) {
	for _, layout := range []string{"2006-01-02", "15", "2006-01-02T15:04", "15:04:05", "Jan _2 3PM", time.RFC3339} {
		p, err := parsePartitions([]string{"x={event_time:" + layout + "}"}, &generators.Schema{Fields: []generators.Field{{Name: "event_time", Type: generators.Timestamp}}})
		if err != nil {
			t.Fatal(err)
		}
		b := &generators.Batch{Columns: []generators.Column{{Field: generators.Field{Name: "event_time", Type: generators.Timestamp}, Ints: []int64{0}}}}
		for s := int64(0); s < 86400*2; s += 37 {
			at := day0.Add(time.Duration(s) * time.Second)
			b.Columns[0].Ints[0] = at.UnixMicro()
			got := p.paths[p.of(b, 0)]
			if want := "x=" + facts.Escape(at.Format(layout)); got != want {
				t.Fatalf("layout %q at %v: %q, want %q", layout, at, got, want)
			}
		}
	}
}

// Any template either fails to parse or maps every record to a path whose
// levels match the template's, with values that round-trip.
func FuzzPartitionTemplate(f *testing.F) {
	f.Add("dt={event_time:2006-01-02}", "page_view")
	f.Add("t={event_type}", "a/b=c")
	f.Add("{event_type}{user_id}", "%zz")
	f.Add("x={event_time:2006/01}", "")
	f.Fuzz(func(t *testing.T, tpl, value string) {
		p, err := parsePartitions([]string{tpl}, testSchema)
		if err != nil {
			return
		}
		b := newTestBatch(1)
		b.add(day0, 7)
		b.Columns[3].Strings[0] = value
		path := p.paths[p.of(&b.Batch, 0)]
		if strings.Contains(path, "/") {
			t.Fatalf("template %q value %q: path %q has more than one level", tpl, value, path)
		}
		if tpl == "t={event_type}" {
			if got := facts.PartitionValues(path)["t"]; got != value && value != "" {
				t.Fatalf("value %q came back as %q", value, got)
			}
		}
	})
}

// Consecutive records that share a partition skip building its path; the
// shortcut gives every record the partition its own values name, across
// runs of equal values, nulls, zero values first, and a refilled batch.
func TestPartitionOfConsecutive(t *testing.T) {
	for _, templates := range [][]string{
		{"dt={event_time:2006-01-02}", "u={user_id}", "type={event_type}", "p={price}", "m={mobile}"},
		{"u={user_id}"}, // user 0 (every value zero) follows another user
	} {
		fast, err := parsePartitions(templates, testSchema)
		if err != nil {
			t.Fatal(err)
		}
		b := newTestBatch(64)
		for round := range 3 {
			b.reset()
			for k := int64(0); k < 400; k++ {
				// Runs of equal users and types, and a day change;
				// the first record's user is 5, the next ones' 0.
				at := day0.Add(time.Duration(k+int64(round)*400) * 5 * time.Minute)
				arg := k / 7 * 3
				if k == 0 {
					arg = 5
				}
				b.add(at, arg)
			}
			for i := range b.Len() {
				ref, err := parsePartitions(templates, testSchema)
				if err != nil {
					t.Fatal(err)
				}
				want := ref.paths[ref.of(&b.Batch, i)]
				if got := fast.paths[fast.of(&b.Batch, i)]; got != want {
					t.Fatalf("%v round %d record %d: %s, want %s", templates, round, i, got, want)
				}
			}
		}
	}
}

// TestPartitionOfMatchesLookup: the shortcut for a record that shares the
// previous record's values (positions for pooled strings, time units for
// timestamps) gives the partition a full path lookup gives, over records
// whose fields each change now and then, on their own, nulls and unit
// boundaries included.
func TestPartitionOfMatchesLookup(t *testing.T) {
	templates := []string{"dt={event_time:2006-01-02}", "hr={event_time:15}", "type={event_type}",
		"p={price}", "m={mobile}", "u={user_id}", "e={event_id}"}
	p, err := parsePartitions(templates, testSchema)
	if err != nil {
		t.Fatal(err)
	}
	r := generators.NewRNG(5, 0)
	b := newTestBatch(0)
	at := day0.Add(-time.Minute)
	var typ, user int64
	id, price, null, mobile := "ev-0", 1.5, false, false
	for k := range 20000 {
		switch r.Intn(8) { // one field changes, or none
		case 0:
			at = at.Add(time.Duration(r.Intn(3000)) * time.Millisecond)
		case 1:
			at = at.Add(time.Duration(r.Intn(int(2 * time.Hour))))
		case 2:
			typ = int64(r.Intn(3))
		case 3:
			price, null = float64(r.Intn(3)), r.Intn(3) == 0
		case 4:
			mobile = !mobile
		case 5:
			user = int64(r.Intn(3))
		case 6:
			id = fmt.Sprintf("ev-%d", r.Intn(3))
		}
		b.add(at, int64(k))
		c := b.Columns
		c[0].Strings[k] = id
		c[2].Ints[k] = user
		c[3].Strings[k], c[3].Index[k] = testTypes[typ], int32(typ)
		c[4].Floats[k], c[4].Null[k] = price, null
		c[5].Bools[k] = mobile
	}
	for i := 0; i < b.Len(); i++ {
		q, _ := parsePartitions(templates, testSchema)
		got, want := p.paths[p.of(&b.Batch, i)], q.paths[q.lookup(&b.Batch, i)]
		if got != want {
			t.Fatalf("record %d: partition %q, want %q", i, got, want)
		}
	}
}

// TestLayoutUnit: the unit is the finest the layout prints; the hour's
// "15" is not read as seconds.
func TestLayoutUnit(t *testing.T) {
	for layout, want := range map[string]int64{
		"2006-01-02": 86400e6, "15": 3600e6, "2006-01-02T15": 3600e6, "3PM": 3600e6,
		"1504": 60e6, "15:04:05": 1e6, "5": 1e6, "Z07:00": 1e6, "15:04:05.000": 1,
	} {
		if got := layoutUnit(layout); got != want {
			t.Errorf("layoutUnit(%q) = %d µs, want %d", layout, got, want)
		}
	}
}
