package metrics

// Metrics of Kafka: what the producer saw acknowledged, and what a read of
// the topic finds.
func init() {
	RegisterLatency("kafka.produce_latency",
		"Kafka produce latency from each record's intended send time to the brokers' acknowledgement (open model)")
	RegisterLatency("kafka.ack_latency",
		"Kafka produce latency from handing a record to the sink to the brokers' acknowledgement (excludes lateness of the load itself)")
	Register(
		Def{Name: "kafka.records", Unit: Count, Help: "records the Kafka brokers acknowledged"},
		Def{Name: "kafka.bytes", Unit: Bytes, Help: "key and value bytes the Kafka brokers acknowledged"},
		Def{Name: "kafka.errors", Unit: Count, Help: "records that failed after the producer's retries"},
		Def{Name: "kafka.unsent", Unit: Count, Help: "records not handed to the producer because the run stopped"},
	)
	Register(
		Def{Name: "topic.records", Unit: Count, Help: "records in the topic"},
		Def{Name: "topic.bytes", Unit: Bytes, Help: "key and value bytes in the topic"},
		Def{Name: "topic.partitions", Unit: Count, Help: "partitions of the topic"},
		Def{Name: "topic.key_skew", Unit: Ratio, Help: "share of the topic's records in its busiest partition"},
		Def{Name: "topic.partition_records.max", Unit: Count, Help: "records in the busiest partition"},
		Def{Name: "topic.partition_records.min", Unit: Count, Help: "records in the quietest partition"},
		Def{Name: "topic.invalid_json", Unit: Count, Help: "records whose value is not a JSON object"},
		Def{Name: "topic.missing_event_time", Unit: Count, Help: "JSON records without a readable event time"},
	)
	for _, q := range []string{"p50", "p90", "p99", "max", "mean"} {
		Register(Def{Name: "topic.record_size" + "." + q, Unit: Bytes,
			Help: "record size, key and value (" + q + ")"})
	}
	RegisterLatency("topic.freshness",
		"freshness: from the event time in each record to the broker's timestamp of the record")
}
