package engine

import (
	"context"
	"time"

	"github.com/prodshape/prodshape/analysis/metrics"
	"github.com/prodshape/prodshape/analysis/topic"
	"github.com/prodshape/prodshape/generators"
	"github.com/prodshape/prodshape/scenarios"
	"github.com/prodshape/prodshape/sinks"
	"github.com/prodshape/prodshape/sinks/kafka"
)

func init() { registerSink("kafka", openKafka) }

func openKafka(ctx context.Context, env *Env, spec *scenarios.Sink, schema *generators.Schema, live *LiveSink) (sinks.Sink, error) {
	k := spec.Kafka
	cfg := kafka.Config{
		Topic:       k.Topic,
		Partitions:  int32(k.Partitions),
		Replication: int16(k.Replication),
		Key:         k.Key,
		Acks:        k.Acks,
		Idempotent:  k.Idempotent,
		Partitioner: k.Partitioner,
		Compression: k.Compression,
		BatchBytes:  int32(k.Batch),
		MaxBuffered: k.MaxInFlight,
	}
	if cfg.Topic == "" {
		cfg.Topic = schema.Stream
	}
	if k.Linger != nil {
		cfg.Linger = time.Duration(*k.Linger)
		if cfg.Linger == 0 {
			cfg.Linger = -1 // explicitly none
		}
	}
	analyze := false
	if k.Brokers == scenarios.EmbeddedBrokers {
		e, err := env.EmbeddedKafka()
		if err != nil {
			return nil, err
		}
		cfg.Brokers = e.Addrs()
		if cfg.Partitions == 0 {
			cfg.Partitions = DefaultEmbeddedPartitions
		}
		analyze = true
	} else {
		cfg.Brokers = k.BrokerList()
	}
	if k.Analyze != nil {
		analyze = *k.Analyze
	}
	if t := k.TLS; t != nil {
		cfg.TLS = &kafka.TLS{CAFile: t.CAFile, CertFile: t.CertFile, KeyFile: t.KeyFile,
			ServerName: t.ServerName, InsecureSkipVerify: t.InsecureSkipVerify}
	}
	if a := k.SASL; a != nil {
		cfg.SASL = &kafka.SASL{Mechanism: a.Mechanism, User: a.User, Password: a.Password}
	}
	if rt := env.realtime; rt != nil {
		cfg.Intended = rt.intended
	}
	cfg.Observe = observeKafka(live)
	sk, err := kafka.Open(ctx, cfg)
	if err != nil {
		return nil, err
	}
	return &kafkaRunSink{Sink: sk, ctx: ctx, conn: cfg.Conn, topic: cfg.Topic, analyze: analyze, log: env.Log}, nil
}

// kafkaRunSink adds the topic analysis after the sink's facts, while the
// brokers (embedded ones too) are still up.
type kafkaRunSink struct {
	*kafka.Sink
	ctx     context.Context // the run's: cancelling the run stops the analysis
	conn    kafka.Conn
	topic   string
	analyze bool
	log     func(format string, args ...any)
}

var (
	_ sinks.Reporter = (*kafkaRunSink)(nil)
	_ afterRun       = (*kafkaRunSink)(nil)
)

func (k *kafkaRunSink) afterRun(m *metrics.Set) {
	t := metrics.Table{Name: "kafka-producer-" + k.topic, Title: "Kafka producer settings, topic " + k.topic,
		Columns: []string{"setting", "value"}}
	for _, kv := range k.Settings() {
		t.Rows = append(t.Rows, []string{kv[0], kv[1]})
	}
	m.AddTable(t)
	if !k.analyze {
		return
	}
	if k.ctx.Err() != nil {
		k.log("topic analysis of %s skipped: the run was interrupted", k.topic)
		return
	}
	ctx, cancel := context.WithTimeout(k.ctx, 5*time.Minute)
	defer cancel()
	r, err := k.readTopic(ctx)
	if err != nil {
		k.log("topic analysis of %s skipped: %v", k.topic, err)
		return
	}
	r.Fill(m)
}

func (k *kafkaRunSink) readTopic(ctx context.Context) (*topic.Report, error) {
	opts, err := k.conn.ClientOpts()
	if err != nil {
		return nil, err
	}
	return topic.Analyze(ctx, topic.Config{Brokers: k.conn.Brokers, ClientOpts: opts, DialTimeout: k.conn.DialTimeout,
		Topic: k.topic, Idle: 2 * time.Second})
}
