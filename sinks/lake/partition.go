package lake

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/prodshape/prodshape/generators"
	"github.com/prodshape/prodshape/sinks/facts"
)

// NullPartition is the path value of a null field, as Hive writes it.
const NullPartition = "__HIVE_DEFAULT_PARTITION__"

// partitioner maps a record to its partition directory, given templates such
// as "dt={event_time:2006-01-02}" (one per path segment). Timestamp fields
// take a Go time layout after the colon; other fields are used as they are.
// Values are escaped so a '/' or '=' inside a value cannot add a level.
type partitioner struct {
	parts   []part
	fields  []int // the parts that are fields, for same
	scratch []byte
	index   map[string]int32
	paths   []string
	// The previous record's partition: consecutive records mostly share
	// theirs, and comparing field values is cheaper than building a path.
	lastID   int32
	haveLast bool
}

// part is a literal (col < 0) or a field placeholder.
type part struct {
	literal string
	col     int
	typ     generators.Type
	layout  string
	// Timestamps are formatted once per unit (the finest unit the layout
	// shows), which turns a per-record time.Format into a compare.
	unit    int64 // µs
	lastKey int64
	lastVal string
	cached  bool
	// The previous record's value: prevI holds numbers, booleans and the
	// first µs of a timestamp's unit; prevPos a pooled string's position
	// in its column's pool (-1 for other strings, kept in prevS, copied
	// out of the batch). Only meaningful while prevNull is false.
	prevNull bool
	prevI    int64
	prevPos  int32
	prevS    string
}

// parsePartitions compiles templates against the schema.
func parsePartitions(templates []string, s *generators.Schema) (*partitioner, error) {
	p := &partitioner{index: map[string]int32{}}
	for i, tpl := range templates {
		if tpl == "" || strings.Contains(outsideBraces(tpl), "/") {
			return nil, fmt.Errorf("partition_by[%d] %q: want one path segment like \"dt={event_time:2006-01-02}\"", i, tpl)
		}
		if i > 0 {
			p.parts = append(p.parts, part{literal: "/", col: -1})
		}
		rest := tpl
		for rest != "" {
			open := strings.IndexByte(rest, '{')
			if open < 0 {
				p.parts = append(p.parts, part{literal: rest, col: -1})
				break
			}
			if open > 0 {
				p.parts = append(p.parts, part{literal: rest[:open], col: -1})
			}
			end := strings.IndexByte(rest[open:], '}')
			if end < 0 {
				return nil, fmt.Errorf("partition_by[%d] %q: unclosed '{'", i, tpl)
			}
			name, layout, hasLayout := strings.Cut(rest[open+1:open+end], ":")
			col := s.Index(name)
			if col < 0 {
				return nil, fmt.Errorf("partition_by[%d] %q: no field %q in stream %s", i, tpl, name, s.Stream)
			}
			f := s.Fields[col]
			if hasLayout && f.Type != generators.Timestamp {
				return nil, fmt.Errorf("partition_by[%d] %q: a layout after ':' applies to timestamp fields; %s is %s", i, tpl, name, f.Type)
			}
			if f.Type == generators.Timestamp && !hasLayout {
				layout = time.RFC3339
			}
			p.fields = append(p.fields, len(p.parts))
			p.parts = append(p.parts, part{col: col, typ: f.Type, layout: layout, unit: layoutUnit(layout), prevNull: true})
			rest = rest[open+end+1:]
		}
	}
	return p, nil
}

// layoutUnit is the finest time unit a layout prints, in µs; a finer unit is
// always safe, so unknown layouts fall back to one second or less.
func layoutUnit(layout string) int64 {
	// "15" is the hour: its 5 is not the seconds' "5".
	noHour := strings.ReplaceAll(layout, "15", "")
	switch {
	case strings.Contains(layout, ".0"), strings.Contains(layout, ".9"), strings.Contains(layout, ",0"), strings.Contains(layout, ",9"):
		return 1
	case strings.Contains(noHour, "5"), strings.Contains(layout, "Z07"), strings.Contains(layout, "-07"):
		return 1e6
	case strings.Contains(layout, "04"), strings.Contains(layout, "4"):
		return 60e6
	case strings.Contains(layout, "15"), strings.Contains(layout, "03"), strings.Contains(layout, "3"), strings.Contains(layout, "PM"), strings.Contains(layout, "pm"):
		return 3600e6
	}
	return 86400e6
}

// of returns the partition id of record i.
func (p *partitioner) of(b *generators.Batch, i int) int32 {
	if p.same(b, i) && p.haveLast {
		return p.lastID
	}
	p.lastID, p.haveLast = p.lookup(b, i), true
	return p.lastID
}

// same reports whether record i has the previous record's partition
// values, and remembers its own when not.
func (p *partitioner) same(b *generators.Batch, i int) bool {
	same := true
	for _, k := range p.fields {
		pt := &p.parts[k]
		c := &b.Columns[pt.col]
		null := c.IsNull(i)
		if null == pt.prevNull && (null || pt.sameValue(c, i)) {
			continue
		}
		same = false
		pt.prevNull = null
		if !null {
			pt.remember(c, i)
		}
	}
	return same
}

// sameValue reports whether record i's value (not null) is the one
// remembered: by position for pooled strings, by time unit for timestamps
// (a range check, no division while the unit lasts).
func (pt *part) sameValue(c *generators.Column, i int) bool {
	switch pt.typ {
	case generators.String:
		if c.Pool != nil {
			return pt.prevPos == c.Index[i] && pt.prevPos >= 0
		}
		return pt.prevPos < 0 && c.Strings[i] == pt.prevS
	case generators.Timestamp:
		us := c.Ints[i]
		return us >= pt.prevI && us-pt.prevI < pt.unit
	case generators.Int64:
		return c.Ints[i] == pt.prevI
	case generators.Float64:
		return int64(math.Float64bits(c.Floats[i])) == pt.prevI
	case generators.Bool:
		return c.Bools[i] == (pt.prevI == 1)
	}
	return false
}

// remember keeps record i's value (not null) for sameValue.
func (pt *part) remember(c *generators.Column, i int) {
	switch pt.typ {
	case generators.String:
		if c.Pool != nil {
			pt.prevPos = c.Index[i]
			return
		}
		pt.prevPos = -1
		if s := c.Strings[i]; s != pt.prevS {
			pt.prevS = strings.Clone(s) // batch memory is reused
		}
	case generators.Timestamp:
		pt.prevI = floorDiv(c.Ints[i], pt.unit) * pt.unit // the unit's first µs
	case generators.Int64:
		pt.prevI = c.Ints[i]
	case generators.Float64:
		pt.prevI = int64(math.Float64bits(c.Floats[i]))
	case generators.Bool:
		pt.prevI = 0
		if c.Bools[i] {
			pt.prevI = 1
		}
	}
}

// lookup builds record i's partition path and returns its id.
func (p *partitioner) lookup(b *generators.Batch, i int) int32 {
	buf := p.scratch[:0]
	for k := range p.parts {
		pt := &p.parts[k]
		if pt.col < 0 {
			buf = append(buf, pt.literal...)
			continue
		}
		c := &b.Columns[pt.col]
		if c.IsNull(i) {
			buf = append(buf, NullPartition...)
			continue
		}
		switch pt.typ {
		case generators.String:
			buf = appendEscaped(buf, c.Strings[i])
		case generators.Int64:
			buf = strconv.AppendInt(buf, c.Ints[i], 10)
		case generators.Float64:
			buf = strconv.AppendFloat(buf, c.Floats[i], 'g', -1, 64)
		case generators.Bool:
			buf = strconv.AppendBool(buf, c.Bools[i])
		case generators.Timestamp:
			us := c.Ints[i]
			key := floorDiv(us, pt.unit)
			if !pt.cached || key != pt.lastKey {
				pt.lastKey, pt.cached = key, true
				pt.lastVal = facts.Escape(time.UnixMicro(us).UTC().Format(pt.layout))
			}
			buf = append(buf, pt.lastVal...)
		}
	}
	p.scratch = buf
	if id, ok := p.index[string(buf)]; ok {
		return id
	}
	id := int32(len(p.paths))
	path := string(buf)
	p.index[path] = id
	p.paths = append(p.paths, path)
	return id
}

func appendEscaped(dst []byte, v string) []byte {
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c == '%' || c == '/' || c == '=' || c < 0x20 || c == 0x7f {
			return append(dst, facts.Escape(v)...)
		}
	}
	return append(dst, v...)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

// outsideBraces is the template without its placeholders: a '/' in a time
// layout is escaped in the value, a '/' anywhere else would add a level.
func outsideBraces(tpl string) string {
	var b strings.Builder
	depth := 0
	for i := 0; i < len(tpl); i++ {
		switch c := tpl[i]; {
		case c == '{':
			depth++
		case c == '}' && depth > 0:
			depth--
		case depth == 0:
			b.WriteByte(c)
		}
	}
	return b.String()
}
