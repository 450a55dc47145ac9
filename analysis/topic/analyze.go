package topic

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/prodshape/prodshape/analysis/metrics"
)

// DefaultEventTimeField is the JSON field holding each record's event time.
const DefaultEventTimeField = "event_time"

// DefaultIdle is how long reading waits without any new record before it
// gives up on partitions whose end offset it has not reached (offsets taken
// by transaction markers are never returned as records).
const DefaultIdle = 5 * time.Second

// DefaultDialTimeout bounds the check that a seed broker answers.
const DefaultDialTimeout = 10 * time.Second

// ErrTarget wraps every failure of the brokers or the topic, as opposed to
// a usage mistake. It reads as ErrTarget does, which the CLI maps it
// to (exit code 3); this package imports no sink.
var ErrTarget = errors.New("sink target failed")

// Config says which topic to analyze and how.
type Config struct {
	// Brokers are the seed brokers, named in errors. ClientOpts reach and
	// authenticate to them (seeds, TLS, SASL, client id), as the caller's
	// Kafka connection builds them; nil means plaintext to Brokers.
	Brokers    []string
	ClientOpts []kgo.Opt
	// DialTimeout overrides DefaultDialTimeout.
	DialTimeout time.Duration
	Topic       string
	// EventTimeField names the JSON field with the event time: an RFC 3339
	// string or a Unix time in s, ms, µs or ns. Default "event_time".
	EventTimeField string
	// Idle overrides DefaultIdle.
	Idle time.Duration
}

// Partition is what one partition holds.
type Partition struct {
	ID      int32
	Records int64
	Bytes   int64
}

// Report is the analysis of a topic.
type Report struct {
	Topic      string
	Partitions []Partition // by ID
	Records    int64
	Bytes      int64
	// Sizes is the distribution of record sizes (key + value) in bytes.
	Sizes *hdrhistogram.Histogram
	// Freshness is the distribution, in µs, of broker timestamp minus
	// event time (a metrics histogram, mergeable with a run's).
	Freshness   *hdrhistogram.Histogram
	InvalidJSON int64
	NoEventTime int64
	// Complete is false when reading stopped before every partition's end
	// offset.
	Complete bool
}

// KeySkew is the share of records in the busiest partition: 1/partitions
// when keys spread evenly, 1 when one partition takes everything.
func (r *Report) KeySkew() float64 {
	if r.Records == 0 {
		return 0
	}
	return float64(r.busiest().Records) / float64(r.Records)
}

func (r *Report) busiest() Partition {
	var b Partition
	for _, p := range r.Partitions {
		if p.Records > b.Records {
			b = p
		}
	}
	return b
}

// Analyze reads the topic from its start to the end offsets it has now.
func Analyze(ctx context.Context, cfg Config) (*Report, error) {
	if cfg.EventTimeField == "" {
		cfg.EventTimeField = DefaultEventTimeField
	}
	if cfg.Idle <= 0 {
		cfg.Idle = DefaultIdle
	}
	if len(cfg.Brokers) == 0 || cfg.Topic == "" {
		return nil, fmt.Errorf("analyze topic: want brokers and a topic name")
	}
	opts := cfg.ClientOpts
	if opts == nil {
		opts = []kgo.Opt{kgo.SeedBrokers(cfg.Brokers...), kgo.ClientID("prodshape")}
	}
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		return nil, fmt.Errorf("analyze topic: %w", err)
	}
	defer cl.Close()
	if err := ping(ctx, cl, cfg); err != nil {
		return nil, err
	}
	starts, ends, err := offsets(ctx, cl, cfg)
	if err != nil {
		return nil, err
	}
	rd := newReading(cfg, starts, ends)
	if len(rd.next) == 0 {
		return rd.r, nil
	}
	assign := map[int32]kgo.Offset{}
	for p, start := range rd.next {
		assign[p] = kgo.NewOffset().At(start)
	}
	cl.AddConsumePartitions(map[string]map[int32]kgo.Offset{cfg.Topic: assign})
	if err := rd.consume(ctx, cl); err != nil {
		return nil, err
	}
	return rd.r, nil
}

// reading is one pass over a topic from its start offsets to the end
// offsets listed before it began: records appended later are not read.
type reading struct {
	cfg  Config
	r    *Report
	byID map[int32]*Partition
	ends map[int32]int64
	next map[int32]int64 // next offset to read; a partition leaves at its end offset
}

func newReading(cfg Config, starts, ends map[int32]int64) *reading {
	rd := &reading{cfg: cfg, ends: ends, byID: map[int32]*Partition{}, next: map[int32]int64{},
		r: &Report{Topic: cfg.Topic, Sizes: hdrhistogram.New(1, 1<<30, 3), Freshness: metrics.NewHistogram(), Complete: true}}
	for p, end := range ends {
		rd.r.Partitions = append(rd.r.Partitions, Partition{ID: p})
		if start := starts[p]; start < end {
			rd.next[p] = start
		}
	}
	sort.Slice(rd.r.Partitions, func(i, j int) bool { return rd.r.Partitions[i].ID < rd.r.Partitions[j].ID })
	for i := range rd.r.Partitions {
		rd.byID[rd.r.Partitions[i].ID] = &rd.r.Partitions[i]
	}
	return rd
}

// consume polls until every partition reached its end offset, or nothing
// arrived for cfg.Idle (the report is then marked incomplete).
func (rd *reading) consume(ctx context.Context, cl *kgo.Client) error {
	for len(rd.next) > 0 {
		pollCtx, cancel := context.WithTimeout(ctx, rd.cfg.Idle)
		fs := cl.PollFetches(pollCtx)
		cancel()
		if err := ctx.Err(); err != nil {
			return err
		}
		var fetchErr error
		fs.EachError(func(t string, p int32, err error) {
			if pollCtx.Err() == nil || !isContextErr(err) {
				fetchErr = fmt.Errorf("%w: analyze topic: fetch %s/%d: %w", ErrTarget, t, p, err)
			}
		})
		if fetchErr != nil {
			return fetchErr
		}
		got := 0
		fs.EachRecord(func(rec *kgo.Record) {
			if rd.take(rec) {
				got++
			}
		})
		if got == 0 && pollCtx.Err() != nil {
			rd.r.Complete = false
			return nil
		}
	}
	return nil
}

// take adds rec to the report if it is the next record of a partition
// still being read.
func (rd *reading) take(rec *kgo.Record) bool {
	n, ok := rd.next[rec.Partition]
	end := rd.ends[rec.Partition]
	if !ok || rec.Offset < n || rec.Offset >= end {
		return false
	}
	rd.r.add(rd.byID[rec.Partition], rec, rd.cfg.EventTimeField)
	rd.next[rec.Partition] = rec.Offset + 1
	if rec.Offset+1 >= end {
		delete(rd.next, rec.Partition)
	}
	return true
}

// ping checks that at least one seed broker answers within the dial
// timeout, and says which addresses were tried when none does.
func ping(ctx context.Context, cl *kgo.Client, cfg Config) error {
	timeout := cfg.DialTimeout
	if timeout <= 0 {
		timeout = DefaultDialTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := cl.Ping(ctx); err != nil {
		return fmt.Errorf("%w: kafka: no broker reachable at %s: %w; check that the brokers are running and the address, TLS and SASL settings are right",
			ErrTarget, strings.Join(cfg.Brokers, ","), err)
	}
	return nil
}

func isContextErr(err error) bool {
	return errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled)
}

func offsets(ctx context.Context, cl *kgo.Client, cfg Config) (starts, ends map[int32]int64, err error) {
	adm := kadm.NewClient(cl)
	brokers := strings.Join(cfg.Brokers, ",")
	so, err := adm.ListStartOffsets(ctx, cfg.Topic)
	if err == nil {
		err = so.Error()
	}
	if err != nil {
		return nil, nil, fmt.Errorf("%w: analyze topic: list offsets of %q on %s: %w; check the topic name",
			ErrTarget, cfg.Topic, brokers, err)
	}
	eo, err := adm.ListEndOffsets(ctx, cfg.Topic)
	if err == nil {
		err = eo.Error()
	}
	if err != nil {
		return nil, nil, fmt.Errorf("%w: analyze topic: list offsets of %q on %s: %w", ErrTarget, cfg.Topic, brokers, err)
	}
	starts, ends = map[int32]int64{}, map[int32]int64{}
	so.Each(func(o kadm.ListedOffset) { starts[o.Partition] = o.Offset })
	eo.Each(func(o kadm.ListedOffset) { ends[o.Partition] = o.Offset })
	if len(ends) == 0 {
		return nil, nil, fmt.Errorf("%w: analyze topic: topic %q not found on %s", ErrTarget, cfg.Topic, brokers)
	}
	return starts, ends, nil
}

// add accounts for one record.
func (r *Report) add(p *Partition, rec *kgo.Record, field string) {
	size := int64(len(rec.Key) + len(rec.Value))
	p.Records++
	p.Bytes += size
	r.Records++
	r.Bytes += size
	_ = r.Sizes.RecordValue(max(size, 1))

	var obj map[string]json.RawMessage
	if err := json.Unmarshal(rec.Value, &obj); err != nil {
		r.InvalidJSON++
		return
	}
	t, ok := eventTime(obj[field])
	if !ok {
		r.NoEventTime++
		return
	}
	metrics.RecordDuration(r.Freshness, rec.Timestamp.Sub(t))
}

// eventTime reads an RFC 3339 string or a Unix time whose unit is told by
// its magnitude (s, ms, µs or ns; all plausible dates differ by 10³).
func eventTime(raw json.RawMessage) (time.Time, bool) {
	if len(raw) == 0 || string(raw) == "null" {
		return time.Time{}, false
	}
	if raw[0] == '"' {
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return time.Time{}, false
		}
		t, err := time.Parse(time.RFC3339Nano, s)
		return t, err == nil
	}
	f, err := strconv.ParseFloat(string(raw), 64)
	if err != nil || f <= 0 {
		return time.Time{}, false
	}
	switch {
	case f >= 1e17:
		return time.Unix(0, int64(f)), true
	case f >= 1e14:
		return time.UnixMicro(int64(f)), true
	case f >= 1e11:
		return time.UnixMilli(int64(f)), true
	}
	sec := int64(f)
	return time.Unix(sec, int64((f-float64(sec))*1e9)), true
}

// Fill puts the report's metrics, histograms and per-partition table into m.
func (r *Report) Fill(m *metrics.Set) {
	m.Put(MetricRecords, float64(r.Records))
	m.Put(MetricBytes, float64(r.Bytes))
	m.Put(MetricPartitions, float64(len(r.Partitions)))
	m.Put(MetricKeySkew, r.KeySkew())
	m.Put(MetricInvalidJSON, float64(r.InvalidJSON))
	m.Put(MetricNoEventTime, float64(r.NoEventTime))
	if len(r.Partitions) > 0 {
		lo := r.Partitions[0].Records
		for _, p := range r.Partitions {
			lo = min(lo, p.Records)
		}
		m.Put(MetricPartitionMax, float64(r.busiest().Records))
		m.Put(MetricPartitionMin, float64(lo))
	}
	if r.Sizes.TotalCount() > 0 {
		m.Put(MetricRecordSize+".p50", float64(r.Sizes.ValueAtQuantile(50)))
		m.Put(MetricRecordSize+".p90", float64(r.Sizes.ValueAtQuantile(90)))
		m.Put(MetricRecordSize+".p99", float64(r.Sizes.ValueAtQuantile(99)))
		m.Put(MetricRecordSize+".max", float64(r.Sizes.Max()))
		m.Put(MetricRecordSize+".mean", r.Sizes.Mean())
	}
	if r.Freshness.TotalCount() > 0 {
		m.MergeHistogram(MetricFreshness, r.Freshness)
	}

	table := metrics.Table{
		Name:    TablePartitions,
		Title:   "Records per partition of " + r.Topic,
		Columns: []string{"partition", "records", "bytes", "share"},
	}
	points := make([]metrics.Point, 0, len(r.Partitions))
	for _, p := range r.Partitions {
		share := 0.0
		if r.Records > 0 {
			share = float64(p.Records) / float64(r.Records)
		}
		table.Rows = append(table.Rows, []string{
			strconv.Itoa(int(p.ID)), strconv.FormatInt(p.Records, 10),
			metrics.FormatBytes(float64(p.Bytes)), strconv.FormatFloat(100*share, 'f', 1, 64) + "%",
		})
		points = append(points, metrics.Point{X: float64(p.ID), Y: float64(p.Records)})
	}
	m.AddTable(table)
	m.AddSeries(metrics.Series{
		Chart: ChartPartitionCount, Title: "Records per partition of " + r.Topic, Name: r.Topic,
		Kind: "bar", XLabel: "partition", YLabel: "records", XUnit: metrics.Count, YUnit: metrics.Count,
		Points: points,
	})
}
