package scenarios

import (
	"fmt"
	"strings"
)

// EmbeddedBrokers is the brokers value that starts an in-process broker.
const EmbeddedBrokers = "embedded"

// DefaultEmbeddedPartitions is the partition count of topics on the
// embedded broker when the sink does not say.
const DefaultEmbeddedPartitions = 12

// KafkaSink produces each record as a JSON object to a Kafka topic.
type KafkaSink struct {
	Brokers     string     `yaml:"brokers,scalar" doc:"embedded (an in-process broker on loopback) or the seed brokers of your cluster, host:port,host:port"`
	Topic       string     `yaml:"topic" doc:"topic to produce to (default: the stream's name)"`
	Partitions  int        `yaml:"partitions" doc:"create the topic with this many partitions when it does not exist (embedded default 12); 0 uses the topic, which brokers with auto.create.topics.enable (prodshape serve kafka) create on first use"`
	Replication int        `yaml:"replication" doc:"replication factor of a created topic (default: the broker's)"`
	Key         string     `yaml:"key" doc:"field whose value keys each record, so partition skew follows the data (default: no key)"`
	Acks        string     `yaml:"acks" enum:"all|leader|none" doc:"acknowledgements to wait for (default all, with an idempotent producer: retries add no duplicates)"`
	Idempotent  *bool      `yaml:"idempotent" doc:"idempotent producer: retries add no duplicates (default true with acks all; Kafka allows it only then)"`
	Partitioner string     `yaml:"partitioner" enum:"default|sticky|round_robin|least_backup" doc:"how records pick a partition: default (Kafka 3.3+: keys by murmur2 hash, unkeyed records sticky per batch), sticky (Kafka 2.4), round_robin or least_backup (both ignore keys)"`
	Compression string     `yaml:"compression" enum:"none|gzip|snappy|lz4|zstd" doc:"batch compression (default none, as the Kafka producer)"`
	Linger      *Duration  `yaml:"linger" doc:"how long a batch waits for more records (default 5ms, as Kafka 4)"`
	Batch       Size       `yaml:"batch" doc:"largest record batch in bytes (default about 1MB)"`
	MaxInFlight int        `yaml:"max_in_flight" doc:"records buffered or awaiting acknowledgement before sending waits (default 100000)"`
	TLS         *KafkaTLS  `yaml:"tls" doc:"encrypt the connection"`
	SASL        *KafkaSASL `yaml:"sasl" doc:"authenticate"`
	Analyze     *bool      `yaml:"analyze" doc:"read the topic back after the run for per-partition counts, key skew, record sizes and freshness (default: true on the embedded broker, false elsewhere)"`
}

// KafkaTLS configures TLS to the brokers.
type KafkaTLS struct {
	CAFile             string `yaml:"ca_file" doc:"PEM file of the CA that signed the brokers' certificates (default: system roots)"`
	CertFile           string `yaml:"cert_file" doc:"PEM client certificate, for mutual TLS"`
	KeyFile            string `yaml:"key_file" doc:"PEM key of the client certificate"`
	ServerName         string `yaml:"server_name" doc:"name to verify in the brokers' certificates (default: the host)"`
	InsecureSkipVerify bool   `yaml:"insecure_skip_verify" doc:"accept any certificate (test clusters only)"`
}

// KafkaSASL configures SASL authentication.
type KafkaSASL struct {
	Mechanism string `yaml:"mechanism" enum:"PLAIN|SCRAM-SHA-256|SCRAM-SHA-512" doc:"SASL mechanism"`
	User      string `yaml:"user" doc:"user name"`
	Password  string `yaml:"password" doc:"password; write ${ENV_VAR} to keep it out of the file"`
}

func init() { extraChecks = append(extraChecks, validateKafka) }

func validateKafka(s *Scenario, c *check) {
	for i := range s.Sinks {
		k := s.Sinks[i].Kafka
		if k == nil {
			continue
		}
		p := fmt.Sprintf("sinks[%d].kafka", i)
		if strings.TrimSpace(k.Brokers) == "" {
			c.errorf(p+".brokers", "missing; want embedded or host:port of your brokers, e.g. 127.0.0.1:9092")
		} else if k.Brokers != EmbeddedBrokers {
			for _, b := range splitBrokers(k.Brokers) {
				if host, port, ok := strings.Cut(b, ":"); !ok || host == "" || port == "" {
					c.errorf(p+".brokers", "want embedded or host:port,host:port; %q has no port", b)
				}
			}
		}
		if k.Partitions < 0 {
			c.errorf(p+".partitions", "want a positive partition count, got %d", k.Partitions)
		}
		if k.Replication < 0 {
			c.errorf(p+".replication", "want a positive replication factor, got %d", k.Replication)
		}
		if k.MaxInFlight < 0 {
			c.errorf(p+".max_in_flight", "want a positive number of records, got %d", k.MaxInFlight)
		}
		if k.Batch < 0 || int64(k.Batch) > 1<<30 {
			c.errorf(p+".batch", "want a size between 1 and 1GiB, got %d", k.Batch)
		}
		if k.Linger != nil && *k.Linger < 0 {
			c.errorf(p+".linger", "want a duration of 0 or more, like 5ms")
		}
		if k.Idempotent != nil && *k.Idempotent && k.Acks != "" && k.Acks != "all" {
			c.errorf(p+".idempotent", "Kafka allows an idempotent producer only with acks: all, got acks: %s; drop idempotent or set acks: all", k.Acks)
		}
		if k.SASL != nil && (k.SASL.User == "" || k.SASL.Mechanism == "") {
			c.errorf(p+".sasl", "want mechanism, user and password")
		}
		if k.Key != "" {
			for j := range s.Streams {
				st := &s.Streams[j]
				if s.Sinks[i].Stream != "" && s.Sinks[i].Stream != st.Name {
					continue
				}
				if !st.hasField(k.Key) {
					c.errorf(p+".key", "stream %q has no field %q%s", st.Name, k.Key, didYouMean(k.Key, st.fieldNames()))
				}
			}
		}
	}
}

func (st *Stream) hasField(name string) bool {
	for _, f := range st.Fields {
		if f.Name == name {
			return true
		}
	}
	return false
}

func (st *Stream) fieldNames() []string {
	out := make([]string, len(st.Fields))
	for i, f := range st.Fields {
		out[i] = f.Name
	}
	return out
}

// BrokerList is the seed brokers of a non-embedded sink, one host:port each.
func (k *KafkaSink) BrokerList() []string { return splitBrokers(k.Brokers) }

func splitBrokers(s string) []string {
	var out []string
	for _, b := range strings.Split(s, ",") {
		if b = strings.TrimSpace(b); b != "" {
			out = append(out, b)
		}
	}
	return out
}
