// Package topic analyzes a Kafka topic, whoever wrote it: records and bytes
// per partition, key skew (the busiest partition's share), the record size
// distribution, and freshness — from the event time carried in each record
// to the broker's timestamp.
//
// It reads every partition from its start to the end offset it had when the
// analysis began, so a topic still being written to is analyzed up to a
// fixed point.
package topic
