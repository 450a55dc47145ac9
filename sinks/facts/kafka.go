package facts

import "github.com/HdrHistogram/hdrhistogram-go"

// Kafka is what a Kafka producer saw acknowledged. Latencies are recorded
// in µs; Report.Records and Report.Bytes are the acknowledged records and
// their key and value bytes.
type Kafka struct {
	// Produce is latency from each record's intended send time to its
	// acknowledgement (the open model); Ack from handing it to the sink.
	Produce, Ack *hdrhistogram.Histogram
	// OverTime is Produce per wall-clock window.
	OverTime *LatencyWindows
	Failed   int64 // records that failed after the producer's retries
	Unsent   int64 // records not handed over because the run stopped
}
