package scenarios

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"time"

	"github.com/prodshape/prodshape/generators"
)

// Build turns the rate section into a generators.Rate at production volume.
// Each shape comes from the generators' registry by its YAML name and is
// filled from the section's keys; shapes multiply in the order listed.
func (r *RateSpec) Build(start time.Time) (generators.Rate, error) {
	rate := generators.Rate{Base: float64(r.Base)}
	if r.Shape != "diurnal" && (r.PeakToTrough != 0 || r.PeakAt != nil) {
		return rate, fmt.Errorf("peak_to_trough and peak_at need shape: diurnal")
	}
	for _, part := range r.shapeParts() {
		shape, ok := generators.NewShape(part.name)
		if !ok {
			return rate, fmt.Errorf("no rate shape %q; known: %s", part.name, strings.Join(generators.ShapeKinds(), ", "))
		}
		if !part.fill(shape) {
			return rate, fmt.Errorf("rate shape %q is a %T, which its rate keys cannot fill", part.name, shape)
		}
		rate.Shapes = append(rate.Shapes, shape)
	}
	return rate, rate.Validate()
}

// shapePart is one shape a rate section asks for: its registered name, and
// how the section's keys fill the zero shape (false: not the type expected).
type shapePart struct {
	name string
	fill func(generators.Shape) bool
}

func (r *RateSpec) shapeParts() []shapePart {
	daily := r.Shape
	if daily == "" {
		daily = "constant"
	}
	parts := []shapePart{{daily, r.fillDaily}}
	if w := r.Weekly; w != nil {
		parts = append(parts, shapePart{"weekly", func(s generators.Shape) bool {
			wk, ok := s.(*generators.Weekly)
			if ok {
				wk.Weekend = w.Weekend
			}
			return ok
		}})
	}
	if r.Ramp != nil {
		parts = append(parts, shapePart{"ramp", r.Ramp.fill})
	}
	if len(r.Steps) > 0 {
		parts = append(parts, shapePart{"steps", r.fillSteps})
	}
	if len(r.Spikes) > 0 {
		parts = append(parts, shapePart{"spikes", r.fillSpikes})
	}
	return parts
}

// fillDaily fills the shape named by shape: (constant has no keys).
func (r *RateSpec) fillDaily(s generators.Shape) bool {
	switch d := s.(type) {
	case generators.Constant:
		return true
	case *generators.Diurnal:
		d.PeakToTrough, d.PeakAt = r.PeakToTrough, DefaultPeakAt
		if r.PeakAt != nil {
			d.PeakAt = time.Duration(*r.PeakAt)
		}
		return true
	}
	return false
}

func (rs *RampSpec) fill(s generators.Shape) bool {
	r, ok := s.(*generators.Ramp)
	if !ok {
		return false
	}
	r.From, r.To = 0, 1
	if rs.From != nil {
		r.From = *rs.From
	}
	if rs.To != nil {
		r.To = *rs.To
	}
	r.After, r.Over = time.Duration(rs.After), time.Duration(rs.Over)
	return true
}

func (r *RateSpec) fillSteps(s generators.Shape) bool {
	st, ok := s.(*generators.Steps)
	if !ok {
		return false
	}
	for _, step := range r.Steps {
		st.Steps = append(st.Steps, generators.Step{At: time.Duration(step.At), Factor: step.Factor})
	}
	return true
}

func (r *RateSpec) fillSpikes(s generators.Shape) bool {
	sp, ok := s.(*generators.Spikes)
	if !ok {
		return false
	}
	for _, spike := range r.Spikes {
		sp.Spikes = append(sp.Spikes, generators.Spike{At: spike.At.Offset, Daily: spike.At.Daily, Factor: spike.Factor, For: time.Duration(spike.For)})
	}
	return true
}

// kinds lists the kind keys set on a sink.
func (s *Sink) kinds() []string {
	var out []string
	v := reflect.ValueOf(s).Elem()
	for _, f := range structFields(v.Type()) {
		fv := v.FieldByIndex(f.index)
		if fv.Kind() == reflect.Pointer && !fv.IsNil() {
			out = append(out, f.name)
		}
	}
	return out
}

func sinkKindNames() []string {
	var out []string
	for _, f := range structFields(reflect.TypeFor[Sink]()) {
		if f.name != "stream" {
			out = append(out, f.name)
		}
	}
	return out
}

// scaledCount shrinks a production count by the run's scale, keeping at
// least one.
func scaledCount(n int64, scale float64) int {
	return max(1, int(math.Round(float64(n)*scale)))
}

// BuildEntities makes every entity pool at the run's scale.
func (s *Scenario) BuildEntities() (map[string]*generators.Entities, error) {
	out := map[string]*generators.Entities{}
	for _, e := range s.Entities {
		zipf := 0.0
		if e.Activity != nil {
			zipf = e.Activity.Zipf
		}
		pool, err := generators.NewEntities(e.Name, e.Prefix, scaledCount(e.Count, s.Scale), zipf, s.Seed)
		if err != nil {
			return nil, err
		}
		out[e.Name] = pool
	}
	return out, nil
}

// StreamConfig builds the generator config of stream i at the run's scale.
func (s *Scenario) StreamConfig(i int, pools map[string]*generators.Entities, shard, shards int) (generators.StreamConfig, error) {
	st := &s.Streams[i]
	rate, err := st.Rate.Build(s.Clock.Start.Time)
	if err != nil {
		return generators.StreamConfig{}, err
	}
	rate.Base *= s.Scale
	cfg := generators.StreamConfig{
		Name: st.Name, Seed: s.Seed, Start: s.Clock.Start.Time, Duration: time.Duration(s.Clock.Duration),
		Rate: rate, BatchSize: st.BatchSize, Shard: shard, Shards: shards,
	}
	for _, f := range st.Fields {
		v, err := f.Spec.values(st.Name+"."+f.Name, s, pools)
		if err != nil {
			return cfg, fmt.Errorf("streams[%d].fields.%s: %w", i, f.Name, err)
		}
		fc := generators.FieldConfig{Name: f.Name, Values: v, NullProb: float64(f.Spec.Null)}
		for _, c := range f.Spec.When {
			fc.When = append(fc.When, generators.Condition{Field: c.Field, Equals: c.Equals})
		}
		cfg.Fields = append(cfg.Fields, fc)
	}
	return cfg, nil
}
