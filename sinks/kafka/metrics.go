package kafka

// Metric names the sink reports.
const (
	MetricProduceLatency = "kafka.produce_latency" // intended send → acknowledgement
	MetricAckLatency     = "kafka.ack_latency"     // handed to the sink → acknowledgement
	MetricRecords        = "kafka.records"
	MetricBytes          = "kafka.bytes"
	MetricErrors         = "kafka.errors"
	MetricUnsent         = "kafka.unsent"
)
