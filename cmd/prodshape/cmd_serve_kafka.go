package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/prodshape/prodshape/sinks/kafka"
)

func init() { register("serve", newServeKafkaCmd) }

type serveKafkaOptions struct {
	addr       string
	partitions int
	brokers    int
	topics     []string
	metrics    string // --metrics-addr
}

func newServeKafkaCmd(a *app) *cobra.Command {
	var opts serveKafkaOptions
	cmd := &cobra.Command{
		Use:   "kafka",
		Short: "Serve a Kafka-protocol broker on loopback until interrupted",
		Long: `Serve an in-process Kafka-protocol broker (franz-go's kfake) for prodshape runs,
prodshape analyze topic and any other Kafka client, until Ctrl-C. Topics are
created on first use with --partitions partitions. Data lives in memory and
is gone when the broker stops.`,
		Example: `  prodshape serve kafka --addr 127.0.0.1:9092 --partitions 12
  prodshape run clickstream-to-kafka --set sinks[0].kafka.brokers=127.0.0.1:9092
  kcat -C -b 127.0.0.1:9092 -t clickstream -e`,
		Args: cobraArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error { return runServeKafka(a, opts) },
	}
	f := cmd.Flags()
	f.StringVar(&opts.addr, "addr", "127.0.0.1:9092", "address of the first broker (port 0 picks a free one)")
	f.IntVar(&opts.partitions, "partitions", 12, "partitions of each topic created without a count")
	f.IntVar(&opts.brokers, "brokers", 1, "number of brokers (the others take free loopback ports)")
	f.StringArrayVar(&opts.topics, "topic", nil, "create this topic at start (repeatable)")
	f.StringVar(&opts.metrics, "metrics-addr", "", "serve Prometheus metrics of what is produced on host:port/metrics, e.g. 127.0.0.1:9464")
	return cmd
}

func runServeKafka(a *app, opts serveKafkaOptions) error {
	if opts.partitions < 1 {
		return usagef("--partitions: want at least 1, got %d", opts.partitions)
	}
	if opts.brokers < 1 {
		return usagef("--brokers: want at least 1, got %d", opts.brokers)
	}
	e, err := kafka.StartEmbedded(kafka.EmbeddedConfig{
		Addr: opts.addr, Brokers: opts.brokers, Partitions: opts.partitions, Topics: opts.topics,
	})
	if err != nil {
		return err
	}
	defer e.Close()
	addrs := strings.Join(e.Addrs(), ",")
	fmt.Fprintf(a.stdout, "Kafka-protocol broker: %s\n", addrs)
	if opts.metrics != "" {
		stop, err := startMetrics(a.stdout, opts.metrics, countProduce(e.Cluster()))
		if err != nil {
			return err
		}
		defer stop()
	}
	fmt.Fprintf(a.stdout, "topics are created on first use with %d partitions; data is kept in memory\n", opts.partitions)
	if len(opts.topics) > 0 {
		fmt.Fprintf(a.stdout, "topics: %s\n", strings.Join(opts.topics, ", "))
	}
	fmt.Fprintf(a.stdout, "try: prodshape run clickstream-to-kafka --set sinks[0].kafka.brokers=%s\n", addrs)
	fmt.Fprintln(a.stdout, "Ctrl-C stops it.")
	<-a.ctx.Done()
	fmt.Fprintln(a.stdout, "stopped")
	return nil
}
