package scenarios

import (
	"go.yaml.in/yaml/v3"
)

// Scenario is one scenario file: traffic and data shape, candidate system,
// sinks and goals.
type Scenario struct {
	Name        string      `yaml:"name" doc:"scenario name; names the run folder and reports"`
	Description string      `yaml:"description" doc:"one line on what the scenario tests"`
	Seed        uint64      `yaml:"seed" doc:"random seed: same seed, same scale, same bytes"`
	Scale       float64     `yaml:"scale" doc:"fraction of production volume to generate (0 < scale <= 1); results are projected back to 1.0"`
	Clock       Clock       `yaml:"clock" doc:"the scenario clock"`
	Entities    Entities    `yaml:"entities" doc:"entity pools (users, sessions, devices) that fields reference, with count and activity skew"`
	Streams     []Stream    `yaml:"streams" doc:"event streams: rate shape and fields"`
	Population  *Population `yaml:"population" doc:"an identity population (instead of streams): people, identifiers, households, junk identifiers"`
	History     *History    `yaml:"history" doc:"the link history a graph backfill replays"`
	System      System      `yaml:"system" doc:"the candidate architecture under test"`
	Sinks       []Sink      `yaml:"sinks" doc:"where generated data goes"`
	Goals       Goals       `yaml:"goals" doc:"goals, metric: \"op value\"; every goal met means persevere"`

	// File is where the scenario was read from (a path or builtin:NAME).
	File      string         `yaml:"-"`
	positions map[string]Pos `yaml:"-"`
}

// Clock sets simulated or wall-clock time.
type Clock struct {
	Start    Time     `yaml:"start" doc:"when the simulated period starts (RFC 3339, UTC)"`
	Duration Duration `yaml:"duration" doc:"how much time the run covers, e.g. 24h"`
	Mode     string   `yaml:"mode" enum:"virtual|realtime" doc:"virtual: simulated time, as fast as possible; realtime: paced on the wall clock"`
	Speedup  float64  `yaml:"speedup" doc:"realtime only: compress time by this factor while keeping the shape"`
	MaxLag   Duration `yaml:"max_lag" doc:"realtime only: drop (and count in load.dropped) events that could not be sent within this lag of their intended time, as a client with a deadline would; default: send them late"`
}

// Entity is a pool of ids that fields reference.
type Entity struct {
	Count    int64     `yaml:"count" doc:"how many entities exist at production volume (scaled by scale)"`
	Prefix   string    `yaml:"prefix" doc:"id prefix; ids read PREFIX + number (default: the entity name and _)"`
	Activity *Activity `yaml:"activity" doc:"how unevenly entities are active"`
}

// Activity is an activity skew.
type Activity struct {
	Zipf float64 `yaml:"zipf" doc:"Zipf exponent (> 1): a few entities make most events"`
}

// Stream is one event stream.
type Stream struct {
	Name      string   `yaml:"name" doc:"stream name (topic, table)"`
	Rate      RateSpec `yaml:"rate" doc:"arrival rate and its shape over time"`
	Fields    Fields   `yaml:"fields" doc:"the record's fields, in column order"`
	BatchSize int      `yaml:"batch_size" doc:"records per generated batch (tuning; default 4096)"`
}

// RateSpec is a base rate and the shapes that multiply it.
type RateSpec struct {
	Base         Rate        `yaml:"base,scalar" doc:"mean rate at production volume, e.g. 14000/s or 1.2B/d"`
	Shape        string      `yaml:"shape" enum:"constant|diurnal" doc:"daily shape"`
	PeakToTrough float64     `yaml:"peak_to_trough" doc:"diurnal: busiest over quietest hour (3-4 global, ~10 single region)"`
	PeakAt       *ClockTime  `yaml:"peak_at" doc:"diurnal: the busiest time of day (default 20:00 UTC)"`
	Weekly       *WeeklySpec `yaml:"weekly" doc:"weekday/weekend seasonality"`
	Ramp         *RampSpec   `yaml:"ramp" doc:"a linear ramp of the rate"`
	Steps        []StepSpec  `yaml:"steps" doc:"a staircase of rate factors"`
	Spikes       []SpikeSpec `yaml:"spikes" doc:"bursts: factor for a while, daily or once"`
}

// WeeklySpec scales weekends.
type WeeklySpec struct {
	Weekend float64 `yaml:"weekend" doc:"factor on Saturdays and Sundays relative to weekdays"`
}

// RampSpec ramps the rate factor.
type RampSpec struct {
	From  *float64 `yaml:"from" doc:"starting factor (default 0)"`
	To    *float64 `yaml:"to" doc:"final factor (default 1)"`
	After Duration `yaml:"after" doc:"delay after the clock start before the ramp begins"`
	Over  Duration `yaml:"over" doc:"how long the ramp takes"`
}

// StepSpec is one stair.
type StepSpec struct {
	At     Duration `yaml:"at" doc:"offset from the clock start"`
	Factor float64  `yaml:"factor" doc:"rate factor from then on"`
}

// SpikeSpec is one burst.
type SpikeSpec struct {
	At     At       `yaml:"at" doc:"HH:MM for every day, or an offset like 90m for once"`
	Factor float64  `yaml:"factor" doc:"rate multiplier during the spike"`
	For    Duration `yaml:"for" doc:"how long the spike lasts"`
}

// System is the candidate architecture. Each part is optional and defined
// in the file of its area (lake.go, identity.go).
type System struct {
	Graph *GraphSystem `yaml:"graph" doc:"the identity-graph store a population is backfilled into, with guardrails"`
	Lake  *LakeSystem  `yaml:"lake" doc:"the Parquet lake writer: policy (batch, microbatch, buffered), partitioning, Parquet options, compaction"`
}

// Sink is one destination; exactly one kind key is set.
type Sink struct {
	JSONL   *JSONLSink   `yaml:"jsonl" doc:"JSON lines to a file (relative to the run folder) or - for stdout"`
	Discard *DiscardSink `yaml:"discard" doc:"generate and drop (benchmarks, dry runs)"`
	Kafka   *KafkaSink   `yaml:"kafka" doc:"produce each record as a JSON object to a Kafka topic (brokers: embedded starts one in-process)"`
	Lake    *LakeSink    `yaml:"lake" doc:"a partitioned Parquet lake written under system.lake's policy: a folder, file:///path or s3://bucket/prefix"`
	Stream  string       `yaml:"stream" doc:"which stream this sink takes (default: every stream)"`
}

// JSONLSink writes JSON lines.
type JSONLSink struct {
	Path string `yaml:"path,scalar" doc:"file path relative to the run folder, or - for standard output"`
}

// DiscardSink drops records after generating them.
type DiscardSink struct {
	Enabled bool `yaml:"enabled,scalar" doc:"true to discard"`
}

// NamedField is one field of a stream.
type NamedField struct {
	Name string
	Spec FieldSpec
}

// Fields keeps fields in file order: it is the column order.
type Fields []NamedField

func (f *Fields) decodeNode(d *decoder, n *yaml.Node, path string) {
	d.orderedPairs(n, path, "field name to field kind", func(k, v *yaml.Node) {
		var spec FieldSpec
		d.decodeFieldSpec(v, &spec, join(path, k.Value))
		*f = append(*f, NamedField{Name: k.Value, Spec: spec})
	})
}

// NamedEntity is one entity pool.
type NamedEntity struct {
	Name string
	Entity
}

// Entities keeps entity pools in file order.
type Entities []NamedEntity

func (e *Entities) decodeNode(d *decoder, n *yaml.Node, path string) {
	d.orderedPairs(n, path, "entity name to entity", func(k, v *yaml.Node) {
		var ent Entity
		d.decode(v, reflectValue(&ent), join(path, k.Value))
		*e = append(*e, NamedEntity{Name: k.Value, Entity: ent})
	})
}

// Find returns the named entity pool.
func (e Entities) Find(name string) (*NamedEntity, bool) {
	for i := range e {
		if e[i].Name == name {
			return &e[i], true
		}
	}
	return nil, false
}

// GoalSpec is one goal as written.
type GoalSpec struct {
	Metric string
	Expr   string
}

// Goals keeps goals in file order.
type Goals []GoalSpec

func (g *Goals) decodeNode(d *decoder, n *yaml.Node, path string) {
	d.orderedPairs(n, path, "metric to \"op value\"", func(k, v *yaml.Node) {
		p := join(path, k.Value)
		v = resolve(v)
		d.positions[p] = d.pos(v)
		if v.Kind != yaml.ScalarNode || isNull(v) {
			d.errorf(v, p, "want a goal like \"< 10m\" or \">= 64MiB\", got %s", kindName(v))
			return
		}
		*g = append(*g, GoalSpec{Metric: k.Value, Expr: v.Value})
	})
}
