package kafka

import (
	"fmt"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// Defaults follow the Kafka 4.x Java producer, which is what most teams'
// pipelines run: acks=all with idempotence (the default since Kafka 3.0),
// linger.ms=5 (KIP-1030) and no compression (compression.type=none).
const (
	DefaultAcks        = "all"
	DefaultCompression = "none"
	DefaultLinger      = 5 * time.Millisecond
	// DefaultBatchBytes is franz-go's batch limit, about the broker's
	// default message.max.bytes: Kafka's 16 KiB batch.size would need a
	// produce request per fifty 300-byte records.
	DefaultBatchBytes = 1_000_000
	// DefaultMaxBuffered bounds the records in flight (buffered or awaiting
	// acknowledgement); Write blocks beyond it, which a pacer sees as
	// lateness.
	DefaultMaxBuffered = 100_000
	// DefaultDialTimeout bounds the reachability check at Open.
	DefaultDialTimeout = 10 * time.Second
	// DefaultDeliveryTimeout is how long a record may be retried before it
	// counts as lost (Kafka's delivery.timeout.ms is 2 minutes).
	DefaultDeliveryTimeout = 2 * time.Minute
)

// Conn says how to reach and authenticate to a cluster. Analyzers reading a
// topic use it too.
type Conn struct {
	Brokers     []string      // host:port seeds
	TLS         *TLS          // nil: plaintext
	SASL        *SASL         // nil: no authentication
	ClientID    string        // default "prodshape"
	DialTimeout time.Duration // default DefaultDialTimeout
}

// TLS configures an encrypted connection. Empty files use the system roots
// and no client certificate.
type TLS struct {
	CAFile             string
	CertFile           string
	KeyFile            string
	ServerName         string
	InsecureSkipVerify bool
}

// SASL mechanisms.
const (
	Plain       = "PLAIN"
	ScramSHA256 = "SCRAM-SHA-256"
	ScramSHA512 = "SCRAM-SHA-512"
)

// SASL configures authentication.
type SASL struct {
	Mechanism string // PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512
	User      string
	Password  string
}

// Config configures a Sink.
type Config struct {
	Conn
	Topic string
	// Partitions, when positive, creates the topic with that many
	// partitions if it does not exist. Zero requires the topic to exist.
	Partitions int32
	// Replication is the replication factor of a created topic; zero uses
	// the broker's default.
	Replication int16
	// Key names the field whose value becomes each record's key, so the
	// partitioner spreads records as the data is skewed. Empty: no key.
	Key string

	Acks            string        // all (default), leader or none
	Compression     string        // none (default), gzip, snappy, lz4 or zstd
	Linger          time.Duration // default DefaultLinger; negative: none
	BatchBytes      int32         // default DefaultBatchBytes
	MaxBuffered     int           // default DefaultMaxBuffered
	DeliveryTimeout time.Duration // default DefaultDeliveryTimeout

	// Intended maps a record's arrival (scenario Unix ns) to the wall time
	// it was meant to be sent; latency is counted from there. Nil counts
	// from the moment Write is called.
	Intended func(arrivalUnixNano int64) time.Time
	// Observe, when set, is called once per record the brokers answer:
	// with its produce latency when acknowledged, with the error when it
	// failed. It runs on the producer's callback path and must be cheap.
	Observe func(latency time.Duration, err error)
}

func (c *Config) setDefaults() {
	if c.ClientID == "" {
		c.ClientID = "prodshape"
	}
	if c.DialTimeout <= 0 {
		c.DialTimeout = DefaultDialTimeout
	}
	if c.Acks == "" {
		c.Acks = DefaultAcks
	}
	if c.Compression == "" {
		c.Compression = DefaultCompression
	}
	if c.Linger == 0 {
		c.Linger = DefaultLinger
	}
	if c.BatchBytes <= 0 {
		c.BatchBytes = DefaultBatchBytes
	}
	if c.MaxBuffered <= 0 {
		c.MaxBuffered = DefaultMaxBuffered
	}
	if c.DeliveryTimeout <= 0 {
		c.DeliveryTimeout = DefaultDeliveryTimeout
	}
}

// Validate reports every mistake in the configuration at once.
func (c Config) Validate() error {
	var errs []string
	if len(c.Brokers) == 0 {
		errs = append(errs, "brokers: want at least one host:port")
	}
	if c.Topic == "" {
		errs = append(errs, "topic: want a topic name")
	}
	if c.Partitions < 0 {
		errs = append(errs, fmt.Sprintf("partitions: want a positive count, got %d", c.Partitions))
	}
	if _, err := acksOpt(c.Acks); err != nil {
		errs = append(errs, err.Error())
	}
	if _, err := compressionOpt(c.Compression); err != nil {
		errs = append(errs, err.Error())
	}
	if c.SASL != nil {
		if _, err := saslOpt(c.SASL); err != nil {
			errs = append(errs, err.Error())
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("kafka sink: %s", strings.Join(errs, "; "))
	}
	return nil
}

func acksOpt(acks string) (kgo.Acks, error) {
	switch strings.ToLower(acks) {
	case "", "all", "-1":
		return kgo.AllISRAcks(), nil
	case "leader", "1":
		return kgo.LeaderAck(), nil
	case "none", "0":
		return kgo.NoAck(), nil
	}
	return kgo.Acks{}, fmt.Errorf("acks: want all, leader or none, got %q", acks)
}

func compressionOpt(name string) (kgo.CompressionCodec, error) {
	switch strings.ToLower(name) {
	case "", "none":
		return kgo.NoCompression(), nil
	case "gzip":
		return kgo.GzipCompression(), nil
	case "snappy":
		return kgo.SnappyCompression(), nil
	case "lz4":
		return kgo.Lz4Compression(), nil
	case "zstd":
		return kgo.ZstdCompression(), nil
	}
	return kgo.CompressionCodec{}, fmt.Errorf("compression: want none, gzip, snappy, lz4 or zstd, got %q", name)
}
