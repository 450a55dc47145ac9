package scenarios

import (
	"fmt"
	"strings"
	"time"

	"github.com/prodshape/prodshape/analysis"
	"github.com/prodshape/prodshape/generators"
)

// check collects validation errors, positioned by field path.
type check struct {
	s    *Scenario
	file string
	errs ErrorList
	// decoded holds the paths the decoder already found wrong: a value
	// that did not parse is not reported again as, say, "must be positive".
	decoded []string
}

// errorf reports a mistake at path, positioned at the nearest value the
// file has for it (a missing key points at its parent).
func (c *check) errorf(path, format string, args ...any) {
	for _, d := range c.decoded {
		if d == path || strings.HasPrefix(d, path+".") || strings.HasPrefix(d, path+"[") {
			return
		}
	}
	c.errs = append(c.errs, &Error{Pos: c.s.position(path), Path: path, Msg: fmt.Sprintf(format, args...)})
}

// has reports whether the file (or a --set) gave a value at path.
func (c *check) has(path string) bool {
	_, ok := c.s.positions[path]
	return ok
}

// position finds where path (or its closest ancestor) was written.
func (s *Scenario) position(path string) Pos {
	for p := path; ; {
		if pos, ok := s.positions[p]; ok {
			return pos
		}
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			break
		}
		p = p[:i]
	}
	if pos, ok := s.positions[""]; ok {
		return pos
	}
	return Pos{File: s.File, Line: 1, Col: 1}
}

// Defaults for what a scenario leaves out.
var (
	DefaultStart       = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC) // a Monday
	DefaultDuration    = 24 * time.Hour
	DefaultCardinality = 10000
	DefaultPeakAt      = 20 * time.Hour
	// DefaultPeakToTrough is a global user base's daily max/min (docs/realism.md,
	// Traffic: 3–4×).
	DefaultPeakToTrough = 4.0
)

func (s *Scenario) applyDefaults() {
	if s.Scale == 0 && !s.hasPath("scale") {
		s.Scale = 1
	}
	if s.Clock.Start.IsZero() {
		s.Clock.Start = Time{DefaultStart}
		if s.Clock.Mode == "realtime" {
			// Real systems downstream window and age records by event
			// time: on the wall clock, the scenario starts now.
			s.Clock.Start = Time{time.Now().UTC().Truncate(time.Millisecond)}
		}
	}
	if s.Clock.Duration == 0 && !s.hasPath("clock.duration") {
		s.Clock.Duration = Duration(DefaultDuration)
	}
	if s.Clock.Mode == "" {
		s.Clock.Mode = "virtual"
	}
	if s.Clock.Speedup == 0 && !s.hasPath("clock.speedup") {
		s.Clock.Speedup = 1
	}
	for i := range s.Entities {
		if s.Entities[i].Prefix == "" {
			s.Entities[i].Prefix = strings.TrimSuffix(s.Entities[i].Name, "s") + "-"
		}
	}
	for i := range s.Streams {
		r := &s.Streams[i].Rate
		if r.Shape == "" {
			r.Shape = "constant"
		}
		if r.Shape == "diurnal" && r.PeakToTrough == 0 && !s.hasPath(fmt.Sprintf("streams[%d].rate.peak_to_trough", i)) {
			r.PeakToTrough = DefaultPeakToTrough
		}
		for j := range s.Streams[i].Fields {
			s.Streams[i].Fields[j].Spec.applyDefaults()
		}
	}
}

func (s *Scenario) hasPath(p string) bool {
	_, ok := s.positions[p]
	return ok
}

func (s *Scenario) validate(c *check) {
	if strings.TrimSpace(s.Name) == "" {
		c.errorf("name", "a scenario needs a name (it names the run folder and reports)")
	}
	if !(s.Scale > 0 && s.Scale <= 1) {
		c.errorf("scale", "want a fraction of production volume with 0 < scale <= 1, got %g", s.Scale)
	}
	if s.Clock.Duration <= 0 {
		c.errorf("clock.duration", "want a positive duration like 24h, got %v", time.Duration(s.Clock.Duration))
	}
	if s.Clock.Speedup <= 0 {
		c.errorf("clock.speedup", "want a positive factor (1 = real time), got %g", s.Clock.Speedup)
	}
	seen := map[string]bool{}
	for i, e := range s.Entities {
		p := "entities." + e.Name
		if seen[e.Name] {
			c.errorf(p, "entity %q defined twice", e.Name)
		}
		seen[e.Name] = true
		if e.Count < 1 {
			c.errorf(p+".count", "want at least 1 entity, got %d", e.Count)
		}
		if e.Activity != nil && !(e.Activity.Zipf > 1) {
			c.errorf(p+".activity.zipf", "want a Zipf exponent greater than 1 (1.1 is a typical activity skew), got %g", e.Activity.Zipf)
		}
		_ = i
	}
	if len(s.Streams) == 0 && !s.hasWorkload() {
		c.errorf("streams", "a scenario needs at least one stream (or a population); see prodshape schema")
	}
	names := map[string]bool{}
	for i := range s.Streams {
		s.Streams[i].validate(c, fmt.Sprintf("streams[%d]", i), s)
		if n := s.Streams[i].Name; names[n] {
			c.errorf(fmt.Sprintf("streams[%d].name", i), "stream %q defined twice", n)
		} else {
			names[n] = true
		}
	}
	for i, sk := range s.Sinks {
		p := fmt.Sprintf("sinks[%d]", i)
		kinds := sk.kinds()
		if len(kinds) != 1 {
			c.errorf(p, "want exactly one sink kind (%s), got %d", strings.Join(sinkKindNames(), ", "), len(kinds))
		}
		if sk.Stream != "" && !names[sk.Stream] {
			c.errorf(p+".stream", "no stream named %q%s", sk.Stream, didYouMean(sk.Stream, sortedKeys(names)))
		}
	}
	for _, extra := range extraChecks {
		extra(s, c)
	}
	checkGoals(c, "goals", s.Goals)
}

// checkGoals parses every goal, reporting each one that does not parse at
// prefix.METRIC. Scenario goals and --goals files both pass through here.
func checkGoals(c *check, prefix string, goals Goals) []analysis.Goal {
	var out []analysis.Goal
	for _, g := range goals {
		goal, err := analysis.ParseGoal(g.Metric, g.Expr)
		if err != nil {
			c.errorf(join(prefix, g.Metric), "%v", err)
			continue
		}
		out = append(out, goal)
	}
	return out
}

// extraChecks are validations registered by the files of other areas
// (lake, identity, kafka), run after the core checks.
var extraChecks []func(s *Scenario, c *check)

// workloadSources report whether a scenario has a workload other than
// streams (an identity population, say).
var workloadSources []func(s *Scenario) bool

func (s *Scenario) hasWorkload() bool {
	for _, w := range workloadSources {
		if w(s) {
			return true
		}
	}
	return false
}

func (st *Stream) validate(c *check, p string, s *Scenario) {
	if strings.TrimSpace(st.Name) == "" {
		c.errorf(p+".name", "a stream needs a name")
	}
	switch {
	case !c.has(p + ".rate"):
		c.errorf(p+".rate", "missing; want a rate like 1500/s, or {base: 1500/s, shape: diurnal}")
	case !c.has(p + ".rate.base"):
		c.errorf(p+".rate.base", "missing; want a rate like 1500/s")
	case !(st.Rate.Base > 0):
		c.errorf(p+".rate.base", "want a positive rate like 1500/s, got %g/s", float64(st.Rate.Base))
	}
	if _, err := st.Rate.Build(s.Clock.Start.Time); err != nil {
		c.errorf(p+".rate", "%v", err)
	}
	if len(st.Fields) == 0 {
		c.errorf(p+".fields", "a stream needs at least one field")
	}
	if st.BatchSize < 0 {
		c.errorf(p+".batch_size", "want a positive number of records, got %d", st.BatchSize)
	}
	kinds := map[string]generators.Type{}
	for _, f := range st.Fields {
		if t, ok := f.Spec.valueType(); ok {
			kinds[f.Name] = t
		}
	}
	for _, f := range st.Fields {
		f.Spec.validate(c, p+".fields."+f.Name, s, f.Name, kinds)
	}
}
