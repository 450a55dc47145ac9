package main

import (
	"bufio"
	"context"
	"math"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prodshape/prodshape/generators/pace"
)

// liveScenario runs 3 s at 20,000/s: arrivals are random, and at this
// rate the count of the last fifth of the run strays from the rate by
// about 0.2% (one standard deviation), far inside the 2% asked for.
const liveScenario = `
name: live
seed: 3
clock: {duration: 3s, mode: realtime}
streams:
  - name: s
    rate: 20000/s
    fields: {id: uuid}
sinks:
  - discard: true
`

// scrape returns the samples of the endpoint, by metric name with labels.
func scrape(t *testing.T, url string) map[string]float64 {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("scrape %s: %v", url, err)
	}
	defer resp.Body.Close()
	samples := map[string]float64{}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		if v, err := strconv.ParseFloat(line[i+1:], 64); i > 0 && err == nil {
			samples[line[:i]] = v
		}
	}
	return samples
}

// sum adds the samples of one metric over its labels.
func sum(samples map[string]float64, name string) (float64, bool) {
	var total float64
	found := false
	for k, v := range samples {
		if k == name || strings.HasPrefix(k, name+"{") {
			total, found = total+v, true
		}
	}
	return total, found
}

// Scraped during a realtime run, the endpoint's achieved rate is within 2%
// of the rate the run reports when it ends.
func TestLiveMetricsScrapeRealtime(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "live.yaml")
	if err := os.WriteFile(file, []byte(liveScenario), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errOut lockedBuffer
	done := make(chan int, 1)
	go func() {
		done <- execute(context.Background(), []string{"run", file, "--out", filepath.Join(dir, "run"), "-q",
			"--metrics-addr", "127.0.0.1:0"}, &out, &errOut)
	}()
	ready := regexp.MustCompile(`metrics: (http://\S+)`)
	var url string
	for deadline := time.Now().Add(10 * time.Second); url == "" && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if m := ready.FindStringSubmatch(errOut.String()); m != nil {
			url = m[1]
		}
	}
	if url == "" {
		t.Fatalf("no metrics address within 10s:\n%s", errOut.String())
	}
	// Scrape once the run is well under way: past 80% of its clock.
	var samples map[string]float64
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		samples = scrape(t, url)
		if p, _ := sum(samples, "prodshape_run_progress_ratio"); p >= 0.8 {
			break
		}
	}
	live, ok := sum(samples, "prodshape_load_rate_achieved_events_per_second")
	if !ok {
		t.Fatalf("no achieved rate in the scrape: %v", samples)
	}
	if n, _ := sum(samples, "prodshape_records_total"); n < 40000 {
		t.Errorf("prodshape_records_total %.0f past 80%% of 3s at 20,000/s", n)
	}
	select {
	case code := <-done:
		if code != exitOK {
			t.Fatalf("run exited %d:\n%s%s", code, out.String(), errOut.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the 3s run did not end within 20s")
	}
	final := readResult(t, filepath.Join(dir, "run")).Metrics[pace.MetricAchievedRate]
	if math.Abs(live-final)/final > 0.02 {
		t.Errorf("scraped achieved rate %.1f/s, run's %s %.1f/s: more than 2%% apart", live, pace.MetricAchievedRate, final)
	}
	t.Logf("scraped %.1f/s, final %.1f/s", live, final)
	if _, err := http.Get(url); err == nil {
		t.Errorf("the endpoint still answers after the run")
	}
}

// A taken or malformed address is a usage error that says what is valid.
func TestLiveMetricsAddrErrors(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	taken := ln.Addr().String()
	checkCLIErrors(t, []string{"run", "clickstream-day", "--scale", "0.0001", "--out", t.TempDir(), "-q"}, []cliError{
		{"in use", []string{"--metrics-addr", taken}, exitUsage,
			"--metrics-addr: " + taken + " is in use; pick another port, e.g. 127.0.0.1:0"},
		{"no port", []string{"--metrics-addr", "localhost"}, exitUsage, "want host:port, e.g. 127.0.0.1:9464"},
	})
}

// serve kafka --metrics-addr counts what a run produced to it, by topic.
func TestLiveMetricsServeKafka(t *testing.T) {
	ready := regexp.MustCompile(`Kafka-protocol broker: (\S+\n(?s:.*)metrics: http://\S+)`)
	found, stop := serve(t, "kafka", ready, "--addr", "127.0.0.1:0", "--partitions", "3", "--metrics-addr", "127.0.0.1:0")
	defer stop()
	fields := strings.Fields(found)
	addr, url := fields[0], strings.TrimPrefix(fields[len(fields)-1], "metrics: ")
	dir := t.TempDir()
	code, stdout, stderr := runCLI(context.Background(), "run", "clickstream-to-kafka", "-q", "--out", dir,
		"--duration", "2s", "--scale", "0.01", "--set", "sinks[0].kafka.brokers="+addr)
	if code != exitOK && code != exitGoals {
		t.Fatalf("run exit %d:\n%s%s", code, stdout, stderr)
	}
	want := readResult(t, dir).Metrics["kafka.records"]
	samples := scrape(t, url)
	if got := samples[`prodshape_broker_produced_records_total{topic="clickstream"}`]; want == 0 || got != want {
		t.Errorf("broker counted %.0f records to clickstream, the run's kafka.records is %.0f", got, want)
	}
	if b := samples[`prodshape_broker_produced_bytes_total{topic="clickstream"}`]; b <= 0 {
		t.Errorf("no produced bytes counted")
	}
}
