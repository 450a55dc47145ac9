package kafka

import "github.com/prodshape/prodshape/analysis/metrics"

// Metric names the sink reports.
const (
	MetricProduceLatency = "kafka.produce_latency" // intended send → acknowledgement
	MetricAckLatency     = "kafka.ack_latency"     // handed to the sink → acknowledgement
	MetricRecords        = "kafka.records"
	MetricBytes          = "kafka.bytes"
	MetricErrors         = "kafka.errors"
	MetricUnsent         = "kafka.unsent"
)

func init() {
	metrics.RegisterLatency(MetricProduceLatency,
		"Kafka produce latency from each record's intended send time to the brokers' acknowledgement (open model)")
	metrics.RegisterLatency(MetricAckLatency,
		"Kafka produce latency from handing a record to the sink to the brokers' acknowledgement (excludes lateness of the load itself)")
	metrics.Register(
		metrics.Def{Name: MetricRecords, Unit: metrics.Count, Help: "records the Kafka brokers acknowledged"},
		metrics.Def{Name: MetricBytes, Unit: metrics.Bytes, Help: "key and value bytes the Kafka brokers acknowledged"},
		metrics.Def{Name: MetricErrors, Unit: metrics.Count, Help: "records that failed after the producer's retries"},
		metrics.Def{Name: MetricUnsent, Unit: metrics.Count, Help: "records not handed to the producer because the run stopped"},
	)
}
