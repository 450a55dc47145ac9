package generators

// Sequence numbers records Start, Start+Step, ... in stream order; shards
// share one numbering, so the union of shards equals the unsharded run.
type Sequence struct{ Start, Step int64 }

// EventTime is the record's time on the scenario clock (its arrival).
type EventTime struct{}

// Bernoulli is true with probability P.
type Bernoulli struct{ P float64 }

var (
	_ Values = Sequence{}
	_ Values = EventTime{}
	_ Values = Bernoulli{}
)

func (Sequence) Type() Type { return Int64 }

func (s Sequence) Fill(col *Column, f *Frame) {
	step := s.Step
	if step == 0 {
		step = 1
	}
	for i := 0; i < f.N; i++ {
		col.Ints[i] = s.Start + f.Seq[i]*step
	}
}

func (EventTime) Type() Type { return Timestamp }

func (EventTime) Fill(col *Column, f *Frame) {
	for i := 0; i < f.N; i++ {
		col.Ints[i] = f.Arrival[i] / 1000
	}
}

func (Bernoulli) Type() Type { return Bool }

func (b Bernoulli) Fill(col *Column, f *Frame) {
	for i := 0; i < f.N; i++ {
		if f.Skip(i) {
			continue
		}
		r := f.RNG(i)
		col.Bools[i] = r.Float64() < b.P
	}
}
