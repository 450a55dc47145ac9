package measure

import (
	"time"

	"github.com/prodshape/prodshape/analysis/metrics"
	"github.com/prodshape/prodshape/sinks/facts"
)

// Metric names of a Kafka producer's facts.
const (
	MetricProduceLatency = "kafka.produce_latency" // intended send → acknowledgement
	MetricAckLatency     = "kafka.ack_latency"     // handed to the sink → acknowledgement
	MetricRecords        = "kafka.records"
	MetricBytes          = "kafka.bytes"
	MetricErrors         = "kafka.errors"
	MetricUnsent         = "kafka.unsent"
)

func putKafka(m *metrics.Set, r facts.Report) {
	k := r.Kafka
	m.MergeHistogram(MetricProduceLatency, k.Produce)
	m.MergeHistogram(MetricAckLatency, k.Ack)
	if k.OverTime != nil {
		m.AddSeries(latencySeries(k.OverTime)...)
	}
	m.Add(MetricRecords, float64(r.Records))
	m.Add(MetricBytes, float64(r.Bytes))
	m.Add(MetricErrors, float64(k.Failed))
	m.Add(MetricUnsent, float64(k.Unsent))
}

// latencySeries returns p50, p99 and max per window, in seconds against
// seconds since the first record, charted under the metric's own name so
// reports and compare can track the kafka.produce_latency goals along it.
func latencySeries(w *facts.LatencyWindows) []metrics.Series {
	if len(w.Windows) == 0 {
		return nil
	}
	base := metrics.Series{Chart: MetricProduceLatency, Title: "Produce latency over time", Kind: "line",
		XLabel: "wall time since the first record", YLabel: "latency from the intended send time",
		XUnit: metrics.Seconds, YUnit: metrics.Seconds}
	p50, p99, top := base, base, base
	p50.Name, p99.Name, top.Name = "p50", "p99", "max"
	for i := range w.Windows {
		win := &w.Windows[i]
		if win.N() == 0 {
			continue
		}
		x := (time.Duration(i) * w.Width).Seconds()
		p50.Points = append(p50.Points, metrics.Point{X: x, Y: seconds(win.Quantile(0.5))})
		p99.Points = append(p99.Points, metrics.Point{X: x, Y: seconds(win.Quantile(0.99))})
		top.Points = append(top.Points, metrics.Point{X: x, Y: seconds(win.Max())})
	}
	return []metrics.Series{p50, p99, top}
}

// seconds divides whole µs, as the windows hold them, so charts keep the
// exact values they always had.
func seconds(d time.Duration) float64 { return float64(d.Microseconds()) / 1e6 }
