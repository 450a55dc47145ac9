// Package kafka is the Kafka sink: it produces each generated record as one
// JSON object to a topic, with franz-go, and measures how long the brokers
// take to acknowledge it.
//
// The producer is idempotent with acks=all unless told otherwise, so broker
// retries add no duplicates and lose nothing: after Close returns nil every
// record written was acknowledged exactly once. Latency is measured from
// each record's intended send time when the caller paces the load (the open
// model of package pace), so a slow broker cannot hide its own slowness.
//
// StartEmbedded runs a Kafka-protocol broker (franz-go's kfake) inside the
// process on loopback: the default for scenarios and for
// `prodshape serve kafka`, so everything runs on a fresh machine.
package kafka
