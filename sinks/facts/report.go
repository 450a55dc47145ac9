package facts

// Report is what one sink delivered, returned by its Facts method after a
// successful Close. Records and Bytes are set by every sink; the kind's own
// facts ride in the one pointer that matches Sink.
type Report struct {
	// Sink is the sink kind ("jsonl", "kafka", "lake", ...); it names the
	// metrics the facts become.
	Sink string
	// Records and Bytes are what the target durably holds from this sink:
	// lines and file bytes of a JSONL file, records and key+value bytes the
	// brokers acknowledged, rows and file bytes of the lake's live files.
	Records, Bytes int64

	Kafka *Kafka // Sink "kafka"
	Lake  *Lake  // Sink "lake"
}
