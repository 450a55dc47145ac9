package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/prodshape/prodshape/analysis"
)

var brokerLine = regexp.MustCompile(`Kafka-protocol broker: (\S+)`)

// serveKafka starts `prodshape serve kafka args...` and returns its address.
func serveKafka(t *testing.T, args ...string) (string, func() (int, string)) {
	t.Helper()
	return serve(t, "kafka", brokerLine, args...)
}

// runCLI runs prodshape in-process and returns exit code, stdout, stderr.
func runCLI(ctx context.Context, args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := execute(ctx, args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// A cliError is a command line that must fail with code and name want on
// stderr.
type cliError struct {
	name string
	args []string
	code int
	want string
}

// checkCLIErrors runs the command with each case's arguments appended.
func checkCLIErrors(t *testing.T, command []string, cases []cliError) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := runCLI(context.Background(), append(slices.Clone(command), tc.args...)...)
			if code != tc.code || !strings.Contains(stderr, tc.want) {
				t.Fatalf("exit %d, stderr %q; want exit %d mentioning %q", code, stderr, tc.code, tc.want)
			}
		})
	}
}

func readResult(t *testing.T, dir string) *analysis.Result {
	t.Helper()
	r, err := analysis.ReadResult(dir)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// kcatRecords reads a whole topic with kcat (librdkafka), an independent
// client, and returns the values.
func kcatRecords(t *testing.T, brokers, topic string) []string {
	t.Helper()
	kcat, err := exec.LookPath("kcat")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("kcat not found on PATH (run scripts/setup/kcat.sh)")
		}
		t.Skip("kcat not found on PATH; run scripts/setup/kcat.sh")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, kcat, "-C", "-b", brokers, "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%s\n")
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("kcat: %v\n%s", err, stderr.String())
	}
	var values []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		values = append(values, sc.Text())
	}
	return values
}

// The end-to-end path: serve kafka, run the built-in scenario
// against it in real time, read the topic with kcat (exactly the generated
// count, every record JSON), and analyze it.
func TestServeKafkaRunKcatAnalyze(t *testing.T) {
	addr, stop := serveKafka(t, "--addr", "127.0.0.1:0", "--partitions", "6")
	dir := t.TempDir()
	run := filepath.Join(dir, "run")
	code, stdout, stderr := runCLI(context.Background(), "run", "clickstream-to-kafka", "-q", "--out", run,
		"--duration", "2s", "--scale", "0.02", "--set", "sinks[0].kafka.brokers="+addr,
		"--set", "goals.kafka.produce_latency.p99=< 10s")
	if code != exitOK {
		t.Fatalf("run exit %d:\n%s%s", code, stdout, stderr)
	}
	res := readResult(t, run)
	total := int(res.Metrics["records.total"])
	if total == 0 || res.Metrics["kafka.records"] != float64(total) {
		t.Fatalf("records.total %d, kafka.records %v", total, res.Metrics["kafka.records"])
	}
	if share := res.Metrics["load.rate.achieved_share"]; share < 0.9 {
		t.Errorf("achieved share %.3f of the intended rate", share)
	}

	values := kcatRecords(t, addr, "clickstream")
	if len(values) != total {
		t.Fatalf("kcat read %d records, the run generated %d", len(values), total)
	}
	ids := map[string]bool{}
	for _, v := range values {
		var rec map[string]any
		if err := json.Unmarshal([]byte(v), &rec); err != nil {
			t.Fatalf("record is not JSON: %v: %s", err, v)
		}
		ids[rec["event_id"].(string)] = true
	}
	if len(ids) != total {
		t.Errorf("%d distinct event ids in %d records", len(ids), total)
	}

	out := filepath.Join(dir, "topic")
	code, stdout, stderr = runCLI(context.Background(), "analyze", "topic", "clickstream", "--brokers", addr,
		"--out", out, "--goal", "topic.records=>= 1")
	if code != exitOK {
		t.Fatalf("analyze exit %d:\n%s%s", code, stdout, stderr)
	}
	a := readResult(t, out)
	// The scenario asks for 12 partitions; --partitions 6 is only the
	// broker's default for topics created without a count.
	if a.Metrics["topic.records"] != float64(total) || a.Metrics["topic.partitions"] != 12 {
		t.Errorf("analysis: %v records in %v partitions, want %d in 12", a.Metrics["topic.records"], a.Metrics["topic.partitions"], total)
	}
	// Event times are now (a realtime clock starts at the wall clock), so
	// freshness is the produce path, not months.
	if f := a.Metrics["topic.freshness.p99"]; f > 10 {
		t.Errorf("freshness p99 %.1fs: event times are not current", f)
	}
	if !strings.Contains(stdout, "PARTITION") {
		t.Errorf("analyze output lacks the partition table:\n%s", stdout)
	}

	if code, out := stop(); code != 0 || !strings.Contains(out, "stopped") {
		t.Fatalf("serve kafka exit %d after interrupt:\n%s", code, out)
	}
}

// Ctrl-C mid-run stops sending, flushes what was handed to the producer,
// writes result.json marked interrupted and exits 3: the topic holds
// exactly the records the result says were acknowledged.
func TestRunKafkaInterrupted(t *testing.T) {
	addr, stop := serveKafka(t, "--addr", "127.0.0.1:0")
	defer stop()
	run := filepath.Join(t.TempDir(), "run")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// Interrupt once records are landing, however long setup took.
	go func() {
		defer cancel()
		cl, err := kgo.NewClient(kgo.SeedBrokers(addr))
		if err != nil {
			return
		}
		defer cl.Close()
		adm := kadm.NewClient(cl)
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			ends, err := adm.ListEndOffsets(ctx, "clickstream")
			if err == nil && ends.Error() == nil {
				n := int64(0)
				ends.Each(func(o kadm.ListedOffset) { n += o.Offset })
				if n >= 100 {
					return
				}
			}
		}
	}()
	code, stdout, stderr := runCLI(ctx, "run", "clickstream-to-kafka", "-q", "--out", run,
		"--duration", "1m", "--scale", "0.01", "--set", "sinks[0].kafka.brokers="+addr)
	if code != exitRuntime {
		t.Fatalf("exit %d after interrupt, want %d:\n%s%s", code, exitRuntime, stdout, stderr)
	}
	res := readResult(t, run)
	if res.Status != analysis.StatusInterrupted {
		t.Fatalf("status %q, want %q", res.Status, analysis.StatusInterrupted)
	}
	acked := int(res.Metrics["kafka.records"])
	if acked == 0 || res.Metrics["kafka.errors"] != 0 {
		t.Fatalf("kafka.records %d, kafka.errors %v", acked, res.Metrics["kafka.errors"])
	}
	// records.total counts the parts of batches handed to the sinks; a
	// record whose hand-over the interrupt cut short is counted there and
	// in kafka.unsent, never as acknowledged.
	unsent := int(res.Metrics["kafka.unsent"])
	if sent := int(res.Metrics["records.total"]); sent == 0 || sent > acked+unsent {
		t.Errorf("records.total %d, but %d records were acknowledged and %d not sent", sent, acked, unsent)
	}
	if got := len(kcatRecords(t, addr, "clickstream")); got != acked {
		t.Errorf("topic holds %d records, result says %d were acknowledged", got, acked)
	}
}

// A broker that is not there fails the run with exit 3 and its address.
func TestRunKafkaUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	code, stdout, stderr := runCLI(context.Background(), "run", "clickstream-to-kafka", "-q",
		"--out", filepath.Join(t.TempDir(), "run"), "--duration", "2s", "--scale", "0.001", "--set", "sinks[0].kafka.brokers="+addr)
	if code != exitRuntime || !strings.Contains(stderr, addr) {
		t.Fatalf("exit %d, want %d naming %s:\n%s%s", code, exitRuntime, addr, stdout, stderr)
	}
}

func TestServeKafkaErrors(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	checkCLIErrors(t, []string{"serve", "kafka"}, []cliError{
		{"no partitions", []string{"--addr", "127.0.0.1:0", "--partitions", "0"}, exitUsage, "--partitions"},
		{"stray argument", []string{"topic"}, exitUsage, "unknown command"},
		{"address taken", []string{"--addr", busy.Addr().String()}, exitRuntime, busy.Addr().String()},
	})
}

func TestAnalyzeTopicErrors(t *testing.T) {
	addr, stop := serveKafka(t, "--addr", "127.0.0.1:0")
	defer stop()
	checkCLIErrors(t, []string{"analyze", "topic"}, []cliError{
		{"missing topic", []string{"nope", "--brokers", addr, "--out", t.TempDir()}, exitRuntime, "nope"},
		{"bad goal", []string{"t", "--brokers", addr, "--goal", "topic.records"}, exitUsage, "METRIC=EXPR"},
		{"no name", []string{"--brokers", addr}, exitUsage, "accepts 1 arg"},
	})
}
