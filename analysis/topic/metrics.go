package topic

import "github.com/prodshape/prodshape/analysis/metrics"

// Metric names the analyzer reports.
const (
	MetricRecords       = "topic.records"
	MetricBytes         = "topic.bytes"
	MetricPartitions    = "topic.partitions"
	MetricKeySkew       = "topic.key_skew"
	MetricPartitionMax  = "topic.partition_records.max"
	MetricPartitionMin  = "topic.partition_records.min"
	MetricRecordSize    = "topic.record_size"
	MetricFreshness     = "topic.freshness"
	MetricInvalidJSON   = "topic.invalid_json"
	MetricNoEventTime   = "topic.missing_event_time"
	TablePartitions     = "topic.partitions"
	ChartPartitionCount = "topic.records_per_partition"
)

func init() {
	metrics.Register(
		metrics.Def{Name: MetricRecords, Unit: metrics.Count, Help: "records in the topic"},
		metrics.Def{Name: MetricBytes, Unit: metrics.Bytes, Help: "key and value bytes in the topic"},
		metrics.Def{Name: MetricPartitions, Unit: metrics.Count, Help: "partitions of the topic"},
		metrics.Def{Name: MetricKeySkew, Unit: metrics.Ratio, Help: "share of the topic's records in its busiest partition"},
		metrics.Def{Name: MetricPartitionMax, Unit: metrics.Count, Help: "records in the busiest partition"},
		metrics.Def{Name: MetricPartitionMin, Unit: metrics.Count, Help: "records in the quietest partition"},
		metrics.Def{Name: MetricInvalidJSON, Unit: metrics.Count, Help: "records whose value is not a JSON object"},
		metrics.Def{Name: MetricNoEventTime, Unit: metrics.Count, Help: "JSON records without a readable event time"},
	)
	for _, q := range []string{"p50", "p90", "p99", "max", "mean"} {
		metrics.Register(metrics.Def{Name: MetricRecordSize + "." + q, Unit: metrics.Bytes,
			Help: "record size, key and value (" + q + ")"})
	}
	metrics.RegisterLatency(MetricFreshness,
		"freshness: from the event time in each record to the broker's timestamp of the record")
}
