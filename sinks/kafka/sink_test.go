package kafka

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/prodshape/prodshape/sinks"
)

var execLookPath = exec.LookPath

// TestKcatReadsEveryRecord produces a generated stream into the embedded
// broker and reads it back with kcat (librdkafka), an independent client:
// exactly the generated count, every record a JSON object.
func TestKcatReadsEveryRecord(t *testing.T) {
	kcat := requireTool(t, "kcat", "scripts/setup/kcat.sh")
	e := embedded(t, 4)
	s := openSink(t, Config{Conn: Conn{Brokers: e.Addrs()}, Topic: "clicks", Partitions: 4, Key: "user_id"})
	n := writeAll(t, context.Background(), s, clickstream(t, 5000, 2*time.Second))
	if err := s.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if c := s.Counts(); c.Acked != int64(n) || c.Produced != int64(n) {
		t.Fatalf("generated %d, counts %+v", n, c)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, kcat, "-C", "-b", strings.Join(e.Addrs(), ","), "-t", "clicks",
		"-o", "beginning", "-e", "-q", "-f", "%p\t%k\t%s\n")
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("kcat: %v\n%s", err, stderr.String())
	}
	seen := map[int64]int{}
	partitions := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		part, rest, _ := strings.Cut(sc.Text(), "\t")
		key, value, _ := strings.Cut(rest, "\t")
		var rec map[string]any
		if err := json.Unmarshal([]byte(value), &rec); err != nil {
			t.Fatalf("kcat read a record that is not JSON: %v: %q", err, value)
		}
		if rec["user_id"] != key {
			t.Fatalf("key %q is not the record's user_id %v", key, rec["user_id"])
		}
		seen[int64(rec["seq"].(float64))]++
		partitions[part] = true
	}
	checkExactlyOnce(t, seen, n)
	if len(partitions) != 4 {
		t.Errorf("records landed in %d partitions, want all 4", len(partitions))
	}
}

// TestUnreachableBroker fails at Open with the address in the message.
func TestUnreachableBroker(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens here any more
	_, err = Open(context.Background(), Config{Conn: Conn{Brokers: []string{addr}, DialTimeout: 2 * time.Second}, Topic: "t"})
	if !errors.Is(err, sinks.ErrTarget) {
		t.Fatalf("got %v, want an error wrapping sinks.ErrTarget", err)
	}
	if !strings.Contains(err.Error(), addr) {
		t.Errorf("error does not name the address %s: %v", addr, err)
	}
}

// TestTopicCreatedOnFirstUse produces without partitions to a broker that
// creates topics on first use, as prodshape serve kafka says it does.
func TestTopicCreatedOnFirstUse(t *testing.T) {
	e := embedded(t, 3)
	s := openSink(t, Config{Conn: Conn{Brokers: e.Addrs()}, Topic: "fresh"})
	n := writeAll(t, context.Background(), s, clickstream(t, 100, 2*time.Second))
	if err := s.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := s.Counts().Acked; got != int64(n) {
		t.Errorf("acked %d of %d records", got, n)
	}
}

// TestMissingTopic refuses a topic that does not exist on brokers that do
// not create topics, and says how to get one.
func TestMissingTopic(t *testing.T) {
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.ListenFn(func(network, _ string) (net.Listener, error) {
		return net.Listen(network, "127.0.0.1:0")
	}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	_, err = Open(context.Background(), Config{Conn: Conn{Brokers: c.ListenAddrs()}, Topic: "nope"})
	if !errors.Is(err, sinks.ErrTarget) || !strings.Contains(err.Error(), "does not exist") ||
		!strings.Contains(err.Error(), "set partitions: N") {
		t.Fatalf("got %v, want a missing-topic error that says how to create it", err)
	}
}

// TestSettings shows the producer settings in effect, defaults filled in,
// and a partitioner and idempotence as asked.
func TestSettings(t *testing.T) {
	e := embedded(t, 1)
	off := false
	s := openSink(t, Config{Conn: Conn{Brokers: e.Addrs()}, Topic: "t", Partitions: 1,
		Partitioner: PartitionerRoundRobin, Idempotent: &off, Compression: "zstd"})
	t.Cleanup(func() { _ = s.Close(context.Background()) })
	got := map[string]string{}
	for _, kv := range s.Settings() {
		got[kv[0]] = kv[1]
	}
	want := map[string]string{"acks": "all", "idempotent": "false", "linger": "5ms", "compression": "zstd", "partitioner": "round_robin"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("setting %s = %q, want %q", k, got[k], v)
		}
	}
}

// TestRetriableFaults makes the broker fail produce requests mid-run, with
// retriable error codes and with dropped connections: the idempotent
// producer retries, and the topic holds every record exactly once.
func TestRetriableFaults(t *testing.T) {
	tests := []struct {
		name  string
		times int64 // how many produce requests fail
		fault func(req *kmsg.ProduceRequest) (kmsg.Response, error)
	}{
		// The leader answers NOT_LEADER_OR_FOLLOWER for every partition:
		// the client refreshes metadata and retries the same batch. Once:
		// each costs the client's five-second metadata refresh backoff.
		{"not leader", 1, func(req *kmsg.ProduceRequest) (kmsg.Response, error) {
			return failAll(req, kerr.NotLeaderForPartition.Code), nil
		}},
		// The broker drops the connection without answering: the client
		// cannot know whether the batch landed and must resend it with the
		// same sequence number.
		{"connection dropped", 3, func(*kmsg.ProduceRequest) (kmsg.Response, error) {
			return nil, errors.New("injected: connection dropped")
		}},
		// A timeout is the classic duplicate maker without idempotence.
		{"request timed out", 3, func(req *kmsg.ProduceRequest) (kmsg.Response, error) {
			return failAll(req, kerr.RequestTimedOut.Code), nil
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := embedded(t, 3)
			s := openSink(t, Config{Conn: Conn{Brokers: e.Addrs()}, Topic: "faults", Partitions: 3, Key: "user_id",
				Linger: time.Millisecond, BatchBytes: 16 << 10})
			// Let the first requests through, then fail every fifth
			// produce request until the case's count is reached: faults
			// in the middle of the run, with batches in flight.
			var seen, injected atomic.Int64
			e.Cluster().ControlKey(int16(kmsg.Produce), func(req kmsg.Request) (kmsg.Response, error, bool) {
				e.Cluster().KeepControl()
				if n := seen.Add(1); n < 5 || n%5 != 0 || injected.Load() >= tt.times {
					return nil, nil, false
				}
				injected.Add(1)
				resp, err := tt.fault(req.(*kmsg.ProduceRequest))
				return resp, err, true
			})
			n := writeAll(t, context.Background(), s, clickstream(t, 5000, 2*time.Second))
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			if err := s.Close(ctx); err != nil {
				t.Fatal(err)
			}
			if injected.Load() == 0 {
				t.Fatal("no fault was injected")
			}
			checkExactlyOnce(t, consumeSeqs(t, e.Addrs(), "faults", n), n)
			t.Logf("%d records, %d of %d produce requests failed", n, injected.Load(), seen.Load())
		})
	}
}

func failAll(req *kmsg.ProduceRequest, code int16) *kmsg.ProduceResponse {
	resp := req.ResponseKind().(*kmsg.ProduceResponse)
	for _, rt := range req.Topics {
		st := kmsg.NewProduceResponseTopic()
		st.Topic = rt.Topic
		st.TopicID = rt.TopicID
		for _, rp := range rt.Partitions {
			sp := kmsg.NewProduceResponseTopicPartition()
			sp.Partition = rp.Partition
			sp.ErrorCode = code
			st.Partitions = append(st.Partitions, sp)
		}
		resp.Topics = append(resp.Topics, st)
	}
	return resp
}

// TestFactsLatency checks the facts a sink reports, with latency counted
// from the intended send time the caller supplies.
func TestFactsLatency(t *testing.T) {
	e := embedded(t, 2)
	const behind = 50 * time.Millisecond
	s := openSink(t, Config{Conn: Conn{Brokers: e.Addrs()}, Topic: "lat", Partitions: 2,
		// Every record was meant to leave 50ms before it is written.
		Intended: func(int64) time.Time { return time.Now().Add(-behind) }})
	n := writeAll(t, context.Background(), s, clickstream(t, 1000, time.Second))
	if err := s.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	f := s.Facts()
	if f.Sink != "kafka" || f.Kafka == nil {
		t.Fatalf("facts = %+v", f)
	}
	if f.Records != int64(n) {
		t.Errorf("records = %d, want %d", f.Records, n)
	}
	if f.Bytes < int64(n)*200 {
		t.Errorf("bytes = %d, want about 300 per record", f.Bytes)
	}
	p50 := time.Duration(f.Kafka.Produce.ValueAtQuantile(50)) * time.Microsecond
	ack50 := time.Duration(f.Kafka.Ack.ValueAtQuantile(50)) * time.Microsecond
	if p50 < behind || p50 < ack50 {
		t.Errorf("produce latency p50 %v should include the 50ms the records were late (ack p50 %v)", p50, ack50)
	}
	if f.Kafka.OverTime == nil || len(f.Kafka.OverTime.Windows) == 0 {
		t.Error("no latency windows")
	}
}

// TestInterruptedWrite cancels Write while the producer's buffer is full:
// Write stops, and Close still delivers everything it handed over.
func TestInterruptedWrite(t *testing.T) {
	e := embedded(t, 1)
	s := openSink(t, Config{Conn: Conn{Brokers: e.Addrs()}, Topic: "stop", Partitions: 1, MaxBuffered: 100})
	// Hold produce requests so the buffer fills, until the write is cancelled.
	release := make(chan struct{})
	e.Cluster().ControlKey(int16(kmsg.Produce), func(kmsg.Request) (kmsg.Response, error, bool) {
		e.Cluster().KeepControl()
		<-release
		e.Cluster().DropControl()
		return nil, nil, false
	})
	gen := clickstream(t, 2000, time.Second)
	b := gen.NewBatch()
	gen.Next(b)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	err := s.Write(ctx, b)
	close(release)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Write returned %v, want the context's error", err)
	}
	if err := s.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	c := s.Counts()
	if c.Unsent == 0 || c.Acked != c.Produced || c.Produced+c.Unsent != int64(b.Len()) {
		t.Errorf("counts %+v for a batch of %d", c, b.Len())
	}
	seen := consumeSeqs(t, e.Addrs(), "stop", int(c.Acked))
	checkExactlyOnce(t, seen, int(c.Acked))
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want string // substring of the error; empty: valid
	}{
		{"minimal", Config{Conn: Conn{Brokers: []string{"k:9092"}}, Topic: "t"}, ""},
		{"no brokers", Config{Topic: "t"}, "brokers"},
		{"no topic", Config{Conn: Conn{Brokers: []string{"k:9092"}}}, "topic"},
		{"bad acks", Config{Conn: Conn{Brokers: []string{"k:9092"}}, Topic: "t", Acks: "most"}, "acks: want all, leader or none"},
		{"bad compression", Config{Conn: Conn{Brokers: []string{"k:9092"}}, Topic: "t", Compression: "rar"}, "compression"},
		{"bad partitioner", Config{Conn: Conn{Brokers: []string{"k:9092"}}, Topic: "t", Partitioner: "hash"}, "partitioner: want default, sticky"},
		// Kafka refuses an idempotent producer without acks=all.
		{"idempotent leader acks", Config{Conn: Conn{Brokers: []string{"k:9092"}}, Topic: "t", Acks: "leader", Idempotent: ptr(true)}, "idempotent"},
		{"bad sasl", Config{Conn: Conn{Brokers: []string{"k:9092"}, SASL: &SASL{Mechanism: "GSSAPI"}}, Topic: "t"}, "SCRAM-SHA-512"},
		// Every mistake is reported at once.
		{"all at once", Config{Acks: "x"}, "brokers: want at least one host:port; topic: want a topic name; acks"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cfg.Validate()
			if tt.want == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }
