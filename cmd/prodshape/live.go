package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/prodshape/prodshape/scenarios/engine"
)

// metricsServer serves a run's live counts as Prometheus metrics on
// /metrics. The names are documented in docs/metrics-endpoint.md.
type metricsServer struct {
	ln  net.Listener
	srv *http.Server
}

// listenMetrics binds addr for the metrics endpoint. An address without a
// host binds loopback: the endpoint is for the machine the run is on
// unless the user names another interface.
func listenMetrics(addr string) (net.Listener, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, usagef("--metrics-addr: want host:port, e.g. 127.0.0.1:9464, got %q", addr)
	}
	if host == "" {
		addr = net.JoinHostPort("127.0.0.1", port)
	}
	ln, err := net.Listen("tcp", addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		return nil, usagef("--metrics-addr: %s is in use; pick another port, e.g. 127.0.0.1:0", addr)
	}
	if err != nil {
		return nil, usagef("--metrics-addr: %w; want a local host:port, e.g. 127.0.0.1:9464", err)
	}
	return ln, nil
}

// serveMetrics serves the collectors on ln until stop.
func serveMetrics(ln net.Listener, cs ...prometheus.Collector) *metricsServer {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	reg.MustRegister(cs...)
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	m := &metricsServer{ln: ln, srv: &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}}
	go func() { _ = m.srv.Serve(ln) }()
	return m
}

// URL is where the metrics are scraped.
func (m *metricsServer) URL() string { return "http://" + m.ln.Addr().String() + "/metrics" }

// stop ends the endpoint, letting a scrape in progress finish.
func (m *metricsServer) stop() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = m.srv.Shutdown(ctx)
}

// liveCollector turns an engine.Live into metrics at scrape time.
type liveCollector struct {
	live *engine.Live

	info, progress                     *prometheus.Desc
	records, bytes                     *prometheus.Desc
	sinkRecords, sinkBytes, sinkErrors *prometheus.Desc
	intended, achieved, sent, dropped  *prometheus.Desc
	lag, maxLag, latency               *prometheus.Desc
	lakeFiles, lakeBytes               *prometheus.Desc
}

func newLiveCollector(live *engine.Live, scenario string) *liveCollector {
	d := func(name, help string, labels ...string) *prometheus.Desc {
		return prometheus.NewDesc("prodshape_"+name, help, labels, prometheus.Labels{"scenario": scenario})
	}
	st, sk := []string{"stream"}, []string{"stream", "sink"}
	return &liveCollector{
		live:        live,
		info:        d("run_info", "The run being watched; clock is virtual or realtime.", "clock"),
		progress:    d("run_progress_ratio", "Share of the scenario clock done (realtime: released to the sinks)."),
		records:     d("records_total", "Records handed to every sink of the stream.", st...),
		bytes:       d("bytes_total", "Generated value bytes handed to the sinks of the stream.", st...),
		sinkRecords: d("sink_records_total", "Records handed to the sink.", sk...),
		sinkBytes:   d("sink_bytes_total", "Generated value bytes handed to the sink.", sk...),
		sinkErrors:  d("sink_errors_total", "Failed writes and, for kafka, records the brokers did not acknowledge.", sk...),
		intended:    d("load_rate_intended_events_per_second", "Send rate the schedule asked for so far (realtime).", st...),
		achieved:    d("load_rate_achieved_events_per_second", "Send rate achieved so far (realtime); the run's load.rate.achieved at the end.", st...),
		sent:        d("load_sent_total", "Events released on time or late (realtime).", st...),
		dropped:     d("load_dropped_total", "Events dropped for being more than clock.max_lag late (realtime).", st...),
		lag:         d("load_lag_seconds", "Lag of the last release behind its intended time (realtime).", st...),
		maxLag:      d("load_lag_max_seconds", "Largest lag of a release behind its intended time (realtime).", st...),
		latency:     d("kafka_produce_latency_seconds", "From intended send to broker acknowledgement.", sk...),
		lakeFiles:   d("lake_files_committed_total", "Files the lake sink stored, compaction outputs included.", sk...),
		lakeBytes:   d("lake_committed_bytes_total", "Bytes of the files the lake sink stored.", sk...),
	}
}

func (c *liveCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.info, c.progress, c.records, c.bytes, c.sinkRecords, c.sinkBytes,
		c.sinkErrors, c.intended, c.achieved, c.sent, c.dropped, c.lag, c.maxLag, c.latency, c.lakeFiles, c.lakeBytes} {
		ch <- d
	}
}

func (c *liveCollector) Collect(ch chan<- prometheus.Metric) {
	realtime := c.live.Realtime()
	clock := "virtual"
	if realtime {
		clock = "realtime"
	}
	ch <- prometheus.MustNewConstMetric(c.info, prometheus.GaugeValue, 1, clock)
	if p, ok := c.live.Progress(); ok {
		ch <- prometheus.MustNewConstMetric(c.progress, prometheus.GaugeValue, p.Done)
	}
	counter := func(d *prometheus.Desc, v int64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, float64(v), labels...)
	}
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}
	for _, s := range c.live.Streams() {
		n := s.Counts()
		counter(c.records, n.Records, s.Name)
		counter(c.bytes, n.Bytes, s.Name)
		if realtime {
			gauge(c.intended, n.IntendedRate, s.Name)
			gauge(c.achieved, n.AchievedRate, s.Name)
			counter(c.sent, n.Sent, s.Name)
			counter(c.dropped, n.Dropped, s.Name)
			gauge(c.lag, n.Lag.Seconds(), s.Name)
			gauge(c.maxLag, n.MaxLag.Seconds(), s.Name)
		}
		for _, sk := range s.Sinks {
			k := sk.Counts()
			counter(c.sinkRecords, k.Records, s.Name, sk.Name)
			counter(c.sinkBytes, k.Bytes, s.Name, sk.Name)
			counter(c.sinkErrors, k.Errors, s.Name, sk.Name)
			switch sk.Kind {
			case "kafka":
				ch <- latencyMetric(c.latency, &sk.Latency, s.Name, sk.Name)
			case "lake":
				counter(c.lakeFiles, k.Files, s.Name, sk.Name)
				counter(c.lakeBytes, k.FileBytes, s.Name, sk.Name)
			}
		}
	}
}

func latencyMetric(d *prometheus.Desc, h *engine.LiveHistogram, labels ...string) prometheus.Metric {
	cum, count, sum := h.Snapshot()
	buckets := make(map[float64]uint64, len(cum))
	for i, b := range engine.LiveBounds {
		buckets[b] = cum[i]
	}
	return prometheus.MustNewConstHistogram(d, count, sum, buckets, labels...)
}

// startLiveMetrics serves live on addr when addr is set, and says where on
// the log; the returned stop is never nil.
func startLiveMetrics(a *app, addr, scenario string, live *engine.Live) (stop func(), err error) {
	if addr == "" {
		return func() {}, nil
	}
	return startMetrics(a.stderr, addr, newLiveCollector(live, scenario))
}

// startMetrics serves c on addr and prints the URL to w.
func startMetrics(w io.Writer, addr string, c prometheus.Collector) (stop func(), err error) {
	ln, err := listenMetrics(addr)
	if err != nil {
		return nil, err
	}
	m := serveMetrics(ln, c)
	fmt.Fprintf(w, "metrics: %s\n", m.URL())
	return m.stop, nil
}

// watchRun returns the Live a run fills for the endpoint at addr, or nil
// when there is no endpoint: an unwatched run counts nothing extra.
func watchRun(addr string) *engine.Live {
	if addr == "" {
		return nil
	}
	return engine.NewLive()
}
