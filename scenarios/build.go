package scenarios

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"time"

	"github.com/prodshape/prodshape/generators"
)

// kinds lists the kind keys set on a field.
func (f *FieldSpec) kinds() []string {
	var out []string
	if f.Kind != "" {
		out = append(out, f.Kind)
	}
	add := func(set bool, name string) {
		if set {
			out = append(out, name)
		}
	}
	add(len(f.Enum) > 0, "enum")
	add(f.Faker != "", "faker")
	add(f.Ref != "", "ref")
	add(f.Sequence != nil, "sequence")
	add(f.Bool != nil, "bool")
	add(f.Uniform != nil, "uniform")
	add(f.Normal != nil, "normal")
	add(f.LogNormal != nil, "lognormal")
	add(f.Exponential != nil, "exponential")
	add(f.Poisson != nil, "poisson")
	add(f.Zipf != nil, "zipf")
	return out
}

const fieldKindList = "uuid, sequence, event_time, bool, enum, faker, ref, uniform, normal, lognormal, exponential, poisson, zipf"

// valueType is the column type the field produces.
func (f *FieldSpec) valueType() (generators.Type, bool) {
	k := f.kinds()
	if len(k) != 1 {
		return 0, false
	}
	switch k[0] {
	case "uuid", "enum", "faker", "ref":
		return generators.String, true
	case "event_time":
		return generators.Timestamp, true
	case "bool":
		return generators.Bool, true
	case "sequence", "poisson", "zipf":
		return generators.Int64, true
	}
	if f.Type == "int" {
		return generators.Int64, true
	}
	return generators.Float64, true
}

func (f *FieldSpec) validate(c *check, p string, s *Scenario, self string, types map[string]generators.Type) {
	k := f.kinds()
	switch len(k) {
	case 0:
		c.errorf(p, "no field kind given; want one of %s", fieldKindList)
		return
	case 1:
	default:
		c.errorf(p, "a field has exactly one kind, got %s", strings.Join(k, " and "))
		return
	}
	if len(f.Enum) > 0 {
		var sum float64
		for _, w := range f.Enum {
			if w.Weight < 0 {
				c.errorf(p+".enum."+w.Value, "weights must not be negative, got %g", w.Weight)
			}
			sum += w.Weight
		}
		if !(sum > 0) {
			c.errorf(p+".enum", "weights sum to %g; at least one weight must be positive", sum)
		}
	}
	if f.Faker != "" && !generators.IsFaker(f.Faker) {
		hint := ""
		if sim := generators.SimilarFakers(f.Faker, 5); len(sim) > 0 {
			hint = "; similar: " + strings.Join(sim, ", ")
		}
		c.errorf(p+".faker", "unknown faker %q%s (any gofakeit function name works, e.g. url, email, country_abr, useragent, ipv4address)", f.Faker, hint)
	}
	if f.Faker == "" && (f.Cardinality != 0 || f.Skew != nil) {
		c.errorf(p, "cardinality and skew apply to faker fields only")
	}
	if f.Cardinality < 0 {
		c.errorf(p+".cardinality", "want at least 1 distinct value, got %d", f.Cardinality)
	}
	if f.Skew != nil && !(f.Skew.Zipf > 1) {
		c.errorf(p+".skew.zipf", "want a Zipf exponent greater than 1, got %g", f.Skew.Zipf)
	}
	if f.Ref != "" {
		if _, ok := s.Entities.Find(f.Ref); !ok {
			names := make([]string, len(s.Entities))
			for i, e := range s.Entities {
				names[i] = e.Name
			}
			c.errorf(p+".ref", "no entity pool named %q; defined: %s%s", f.Ref, orNone(names), didYouMean(f.Ref, names))
		}
	}
	if d := f.Uniform; d != nil {
		if d.Min == nil || d.Max == nil {
			c.errorf(p+".uniform", "uniform needs min and max")
		} else if !(*d.Min < *d.Max) {
			c.errorf(p+".uniform", "want min < max, got min %g, max %g", *d.Min, *d.Max)
		}
	}
	if d := f.Normal; d != nil {
		if d.Stddev < 0 {
			c.errorf(p+".normal.stddev", "want a standard deviation of at least 0, got %g", d.Stddev)
		}
		checkBounds(c, p+".normal", d.Bounds)
	}
	if d := f.LogNormal; d != nil {
		if !(d.Median > 0) {
			c.errorf(p+".lognormal.median", "want a positive median, got %g", d.Median)
		}
		if d.Sigma < 0 {
			c.errorf(p+".lognormal.sigma", "want a sigma of at least 0, got %g", d.Sigma)
		}
		checkBounds(c, p+".lognormal", d.Bounds)
	}
	if d := f.Exponential; d != nil && !(d.Mean > 0) {
		c.errorf(p+".exponential.mean", "want a positive mean, got %g", d.Mean)
	}
	if d := f.Poisson; d != nil && d.Mean < 0 {
		c.errorf(p+".poisson.mean", "want a mean of at least 0, got %g", d.Mean)
	}
	if d := f.Zipf; d != nil {
		if !(d.S > 1) {
			c.errorf(p+".zipf.s", "want a Zipf exponent greater than 1 (the sampler needs s > 1), got %g", d.S)
		}
		if d.N < 1 {
			c.errorf(p+".zipf.n", "want at least 1 rank, got %d", d.N)
		}
	}
	if f.Type != "" {
		switch k[0] {
		case "uniform", "normal", "lognormal", "exponential":
		default:
			c.errorf(p+".type", "type applies to uniform, normal, lognormal and exponential fields, not %s", k[0])
		}
	}
	for _, cond := range f.When {
		cp := p + ".when." + cond.Field
		t, ok := types[cond.Field]
		switch {
		case cond.Field == self:
			c.errorf(cp, "a field cannot depend on itself")
		case !ok:
			c.errorf(cp, "no field named %q in this stream%s", cond.Field, didYouMean(cond.Field, sortedKeys(types)))
		case t != generators.String:
			c.errorf(cp, "conditions compare text fields (enum, faker, ref); %s is %s", cond.Field, t)
		}
		if len(cond.Equals) == 0 {
			c.errorf(cp, "want a value or a list of values")
		}
	}
}

func checkBounds(c *check, p string, b Bounds) {
	if b.Min != nil && b.Max != nil && *b.Min > *b.Max {
		c.errorf(p, "want min <= max, got min %g, max %g", *b.Min, *b.Max)
	}
}

func orNone(names []string) string {
	if len(names) == 0 {
		return "none (add an entities: section)"
	}
	return strings.Join(names, ", ")
}

// build turns the rate section into a generators.Rate at production volume.
func (r *RateSpec) Build(start time.Time) (generators.Rate, error) {
	rate := generators.Rate{Base: float64(r.Base)}
	if r.Shape == "diurnal" {
		peak := DefaultPeakAt
		if r.PeakAt != nil {
			peak = time.Duration(*r.PeakAt)
		}
		rate.Shapes = append(rate.Shapes, &generators.Diurnal{PeakToTrough: r.PeakToTrough, PeakAt: peak})
	} else if r.PeakToTrough != 0 || r.PeakAt != nil {
		return rate, fmt.Errorf("peak_to_trough and peak_at need shape: diurnal")
	}
	if r.Weekly != nil {
		rate.Shapes = append(rate.Shapes, &generators.Weekly{Weekend: r.Weekly.Weekend})
	}
	if r.Ramp != nil {
		from, to := 0.0, 1.0
		if r.Ramp.From != nil {
			from = *r.Ramp.From
		}
		if r.Ramp.To != nil {
			to = *r.Ramp.To
		}
		rate.Shapes = append(rate.Shapes, &generators.Ramp{From: from, To: to, After: time.Duration(r.Ramp.After), Over: time.Duration(r.Ramp.Over)})
	}
	if len(r.Steps) > 0 {
		st := &generators.Steps{}
		for _, s := range r.Steps {
			st.Steps = append(st.Steps, generators.Step{At: time.Duration(s.At), Factor: s.Factor})
		}
		rate.Shapes = append(rate.Shapes, st)
	}
	if len(r.Spikes) > 0 {
		sp := &generators.Spikes{}
		for _, s := range r.Spikes {
			sp.Spikes = append(sp.Spikes, generators.Spike{At: s.At.Offset, Daily: s.At.Daily, Factor: s.Factor, For: time.Duration(s.For)})
		}
		rate.Shapes = append(rate.Shapes, sp)
	}
	return rate, rate.Validate()
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

// values builds the field's generator.
func (f *FieldSpec) values(name string, s *Scenario, pools map[string]*generators.Entities) (generators.Values, error) {
	bounds := func(b Bounds, d generators.Dist, isInt bool) generators.Values {
		dec := -1
		if f.Decimals != nil {
			dec = *f.Decimals
		}
		return &generators.Number{Dist: d, Int: isInt, Min: b.Min, Max: b.Max, Decimals: dec}
	}
	isInt := f.Type == "int"
	switch {
	case f.Kind == "uuid":
		return generators.UUID{}, nil
	case f.Kind == "event_time":
		return generators.EventTime{}, nil
	case f.Kind == "sequence":
		return generators.Sequence{Step: 1}, nil
	case f.Kind == "bool":
		return generators.Bernoulli{P: 0.5}, nil
	case f.Sequence != nil:
		return generators.Sequence{Start: f.Sequence.Start, Step: f.Sequence.Step}, nil
	case f.Bool != nil:
		return generators.Bernoulli{P: float64(*f.Bool)}, nil
	case len(f.Enum) > 0:
		values := make([]string, len(f.Enum))
		weights := make([]float64, len(f.Enum))
		for i, w := range f.Enum {
			values[i], weights[i] = w.Value, w.Weight
		}
		p, err := generators.NewWeightedPick(weights)
		if err != nil {
			return nil, err
		}
		return &generators.Choice{Values: values, Picker: p}, nil
	case f.Faker != "":
		pool, err := generators.FakerPool(f.Faker, f.Cardinality, generators.Key(s.Seed, name))
		if err != nil {
			return nil, err
		}
		var picker generators.Picker = generators.UniformPick{N: len(pool)}
		if f.Skew != nil {
			zp, err := generators.NewZipfPick(f.Skew.Zipf, len(pool))
			if err != nil {
				return nil, err
			}
			picker = zp
		}
		return &generators.Choice{Values: pool, Picker: picker}, nil
	case f.Ref != "":
		return generators.Ref{Entities: pools[f.Ref]}, nil
	case f.Uniform != nil:
		return bounds(Bounds{}, generators.Uniform{Min: *f.Uniform.Min, Max: *f.Uniform.Max}, isInt), nil
	case f.Normal != nil:
		return bounds(f.Normal.Bounds, generators.Normal{Mu: f.Normal.Mean, Sigma: f.Normal.Stddev}, isInt), nil
	case f.LogNormal != nil:
		return bounds(f.LogNormal.Bounds, generators.LogNormal{Median: f.LogNormal.Median, Sigma: f.LogNormal.Sigma}, isInt), nil
	case f.Exponential != nil:
		return bounds(f.Exponential.Bounds, generators.Exponential{MeanValue: f.Exponential.Mean}, isInt), nil
	case f.Poisson != nil:
		return bounds(f.Poisson.Bounds, generators.Poisson{Lambda: f.Poisson.Mean}, true), nil
	case f.Zipf != nil:
		z, err := generators.NewZipf(f.Zipf.S, int(f.Zipf.N))
		if err != nil {
			return nil, err
		}
		return &generators.Number{Dist: z, Int: true, Decimals: -1}, nil
	}
	return nil, fmt.Errorf("field %s has no kind", name)
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
