package main

import (
	"encoding/binary"
	"encoding/hex"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// produceCounter counts what clients produce to an embedded broker, by
// topic, for serve kafka --metrics-addr. It watches Produce requests as a
// kfake control function that never handles them, so the broker serves
// every request as before.
type produceCounter struct {
	cluster *kfake.Cluster
	mu      sync.Mutex
	// topics is keyed by the topic as the request names it: by name, or
	// (produce v13 on) by topic ID, resolved to the name when scraped.
	topics  map[topicRef]*topicCounts
	namesMu sync.Mutex // scrapes may run at once
	names   map[[16]byte]string

	records, bytes, requests *prometheus.Desc
}

type topicRef struct {
	name string
	id   [16]byte
}

type topicCounts struct{ records, bytes, requests int64 }

func countProduce(c *kfake.Cluster) *produceCounter {
	pc := &produceCounter{cluster: c, topics: map[topicRef]*topicCounts{}, names: map[[16]byte]string{},
		records:  prometheus.NewDesc("prodshape_broker_produced_records_total", "Records in produce requests the broker received.", []string{"topic"}, nil),
		bytes:    prometheus.NewDesc("prodshape_broker_produced_bytes_total", "Bytes of record batches in produce requests the broker received.", []string{"topic"}, nil),
		requests: prometheus.NewDesc("prodshape_broker_produce_requests_total", "Produce requests the broker received, by topic they carried.", []string{"topic"}, nil),
	}
	c.ControlKey(int16(kmsg.Produce), func(r kmsg.Request) (kmsg.Response, error, bool) {
		if req, ok := r.(*kmsg.ProduceRequest); ok {
			pc.add(req)
		}
		return nil, nil, false
	})
	return pc
}

func (pc *produceCounter) add(req *kmsg.ProduceRequest) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	for _, t := range req.Topics {
		ref := topicRef{name: t.Topic}
		if ref.name == "" {
			ref.id = t.TopicID
		}
		tc := pc.topics[ref]
		if tc == nil {
			tc = &topicCounts{}
			pc.topics[ref] = tc
		}
		tc.requests++
		for _, p := range t.Partitions {
			tc.bytes += int64(len(p.Records))
			tc.records += batchRecords(p.Records)
		}
	}
}

// batchRecords counts the records of concatenated record batches (format
// v2) from their headers: each batch gives its length at byte 8 and its
// record count at byte 57.
func batchRecords(b []byte) int64 {
	var n int64
	for len(b) >= 61 {
		n += int64(int32(binary.BigEndian.Uint32(b[57:61])))
		next := 12 + int(int32(binary.BigEndian.Uint32(b[8:12])))
		if next <= 12 || next > len(b) {
			break
		}
		b = b[next:]
	}
	return n
}

func (pc *produceCounter) Describe(ch chan<- *prometheus.Desc) {
	ch <- pc.records
	ch <- pc.bytes
	ch <- pc.requests
}

// Collect adds up the counts by topic name. Topic IDs are resolved here,
// on the scraping goroutine: the cluster answers TopicIDInfo on its own
// loop, the one the control function runs on.
func (pc *produceCounter) Collect(ch chan<- prometheus.Metric) {
	pc.mu.Lock()
	counts := make(map[topicRef]topicCounts, len(pc.topics))
	for ref, tc := range pc.topics {
		counts[ref] = *tc
	}
	pc.mu.Unlock()
	byName := map[string]topicCounts{}
	for ref, tc := range counts {
		name := ref.name
		if name == "" {
			name = pc.name(ref.id)
		}
		sum := byName[name]
		sum.records, sum.bytes, sum.requests = sum.records+tc.records, sum.bytes+tc.bytes, sum.requests+tc.requests
		byName[name] = sum
	}
	for topic, tc := range byName {
		ch <- prometheus.MustNewConstMetric(pc.records, prometheus.CounterValue, float64(tc.records), topic)
		ch <- prometheus.MustNewConstMetric(pc.bytes, prometheus.CounterValue, float64(tc.bytes), topic)
		ch <- prometheus.MustNewConstMetric(pc.requests, prometheus.CounterValue, float64(tc.requests), topic)
	}
}

// name resolves a topic ID, caching it; an unknown ID is shown in hex.
func (pc *produceCounter) name(id [16]byte) string {
	pc.namesMu.Lock()
	defer pc.namesMu.Unlock()
	if n, ok := pc.names[id]; ok {
		return n
	}
	info := pc.cluster.TopicIDInfo(id)
	if info == nil {
		return hex.EncodeToString(id[:])
	}
	pc.names[id] = info.Topic
	return info.Topic
}
