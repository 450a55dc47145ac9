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

	Acks string // all (default), leader or none
	// Idempotent, when nil, is true with acks=all (Kafka's default since
	// 3.0) and false otherwise; Kafka allows it only with acks=all.
	Idempotent      *bool
	Partitioner     string        // default (Kafka's), sticky, round_robin or least_backup
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
	if c.Partitioner == "" {
		c.Partitioner = PartitionerDefault
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
	if _, err := partitionerOpt(c.Partitioner); err != nil {
		errs = append(errs, err.Error())
	}
	if c.Idempotent != nil && *c.Idempotent && strings.ToLower(c.Acks) != "all" && c.Acks != "" && c.Acks != "-1" {
		errs = append(errs, fmt.Sprintf("idempotent: Kafka allows an idempotent producer only with acks all, got acks %s", c.Acks))
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

// Partitioners.
const (
	// PartitionerDefault is the Java producer's since Kafka 3.3 (KIP-794):
	// keyed records by murmur2 hash, unkeyed ones in batches sticky to a
	// partition, switching after 64 KiB and away from slow brokers.
	PartitionerDefault = "default"
	// PartitionerSticky is the Kafka 2.4 default (KIP-480): murmur2 for
	// keys, one partition per batch for unkeyed records.
	PartitionerSticky      = "sticky"
	PartitionerRoundRobin  = "round_robin"  // every record to the next partition, keys ignored
	PartitionerLeastBackup = "least_backup" // the partition with the fewest records in flight, keys ignored
)

func partitionerOpt(name string) (kgo.Partitioner, error) {
	switch strings.ToLower(name) {
	case "", PartitionerDefault:
		return kgo.UniformBytesPartitioner(64<<10, true, true, nil), nil
	case PartitionerSticky:
		return kgo.StickyKeyPartitioner(nil), nil
	case PartitionerRoundRobin:
		return kgo.RoundRobinPartitioner(), nil
	case PartitionerLeastBackup:
		return kgo.LeastBackupPartitioner(), nil
	}
	return nil, fmt.Errorf("partitioner: want default, sticky, round_robin or least_backup, got %q", name)
}

// IdempotentWrites reports whether the producer is idempotent: as asked,
// or by default exactly when acks is all.
func (c Config) IdempotentWrites() bool {
	if c.Idempotent != nil {
		return *c.Idempotent
	}
	acks, _ := acksOpt(c.Acks)
	return acks == kgo.AllISRAcks()
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
