package kafka

import (
	"context"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/prodshape/prodshape/generators"
	"github.com/prodshape/prodshape/sinks"
	"github.com/prodshape/prodshape/sinks/sinktest"
)

// The Kafka sink against the embedded broker, read back by a separate
// franz-go consumer.
func TestConformance(t *testing.T) {
	sinktest.Run(t, sinktest.Harness{
		Open: func(t *testing.T, _ *generators.Schema) (sinks.Sink, sinktest.Reader) {
			e := embedded(t, 3)
			s := openSink(t, Config{Conn: Conn{Brokers: e.Addrs()}, Topic: "clicks", Partitions: 3, Key: "user_id"})
			return s, func(t *testing.T) sinktest.Landed { return consumeTopic(t, e.Addrs(), "clicks") }
		},
		// The broker refuses every produce request with an error no retry
		// can fix.
		Broken: func(t *testing.T, _ *generators.Schema) (sinks.Sink, error) {
			e := embedded(t, 1)
			s, err := Open(context.Background(), Config{Conn: Conn{Brokers: e.Addrs()}, Topic: "refused", Partitions: 1})
			e.Cluster().ControlKey(int16(kmsg.Produce), func(req kmsg.Request) (kmsg.Response, error, bool) {
				e.Cluster().KeepControl()
				return failAll(req.(*kmsg.ProduceRequest), kerr.TopicAuthorizationFailed.Code), nil, true
			})
			return s, err
		},
		Counts: map[string]sinktest.Measure{
			"kafka.records": sinktest.Records,
			"kafka.bytes":   sinktest.Bytes,
		},
	})
}

// consumeTopic reads a topic from its start to the end offsets the brokers
// list, with a client of its own: the records, their key and value bytes,
// and each as its key and canonical JSON value.
func consumeTopic(t *testing.T, brokers []string, topic string) sinktest.Landed {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.ConsumeTopics(topic),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ends, err := kadm.NewClient(cl).ListEndOffsets(ctx, topic)
	if err == nil {
		err = ends.Error()
	}
	if err != nil {
		t.Fatalf("list end offsets of %s: %v", topic, err)
	}
	var want int64
	ends.Each(func(o kadm.ListedOffset) { want += o.Offset })
	l := sinktest.Landed{Values: []string{}}
	for l.Records < want {
		fs := cl.PollFetches(ctx)
		if err := ctx.Err(); err != nil {
			t.Fatalf("consumed %d of %d records: %v", l.Records, want, err)
		}
		fs.EachError(func(topic string, p int32, err error) { t.Fatalf("fetch %s/%d: %v", topic, p, err) })
		fs.EachRecord(func(r *kgo.Record) {
			l.Records++
			l.Bytes += int64(len(r.Key) + len(r.Value))
			l.Values = append(l.Values, string(r.Key)+"\t"+sinktest.JSONValue(t, r.Value))
		})
	}
	return l
}
