package topic

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
