package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/prodshape/prodshape/analysis"
	"github.com/prodshape/prodshape/analysis/metrics"
	"github.com/prodshape/prodshape/analysis/topic"
	"github.com/prodshape/prodshape/sinks"
	"github.com/prodshape/prodshape/sinks/kafka"
)

func init() { register("analyze", newAnalyzeTopicCmd) }

type analyzeTopicOptions struct {
	brokers   string
	eventTime string
	out       string
	goals     goalFlags
	sasl      string
	user      string
	password  string
	tls       bool
	caFile    string
	quiet     bool
}

func newAnalyzeTopicCmd(a *app) *cobra.Command {
	var opts analyzeTopicOptions
	cmd := &cobra.Command{
		Use:   "topic NAME",
		Short: "Analyze a Kafka topic: records per partition, key skew, record sizes, freshness",
		Long: `analyze topic reads a Kafka topic from its start to its current end, whoever
wrote it, and reports records and bytes per partition, key skew (the busiest
partition's share), the record size distribution, and freshness: from the
event time in each JSON record to the broker's timestamp. Goals given with
--goal are graded as in a run (exit 1 when one is missed). The result goes
to OUT/result.json.`,
		Example: `  prodshape analyze topic clickstream --brokers 127.0.0.1:9092
  prodshape analyze topic orders --brokers k1:9093,k2:9093 --tls --sasl SCRAM-SHA-512 --user app --password "$PW"
  prodshape analyze topic clickstream --brokers 127.0.0.1:9092 --goal 'topic.key_skew=<= 20%' --goal 'topic.freshness.p99=< 10m'`,
		Args: cobraArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error { return runAnalyzeTopic(a, opts, args[0]) },
	}
	f := cmd.Flags()
	f.StringVar(&opts.brokers, "brokers", "127.0.0.1:9092", "seed brokers, host:port,host:port")
	f.StringVar(&opts.eventTime, "event-time", topic.DefaultEventTimeField, "JSON field holding each record's event time")
	f.StringVar(&opts.out, "out", "", "folder for result.json (default runs/topic-NAME)")
	opts.goals.register(f, "topic.key_skew=<= 20%")
	f.StringVar(&opts.sasl, "sasl", "", "SASL mechanism: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512")
	f.StringVar(&opts.user, "user", "", "SASL user")
	f.StringVar(&opts.password, "password", "", "SASL password")
	f.BoolVar(&opts.tls, "tls", false, "connect with TLS")
	f.StringVar(&opts.caFile, "ca-file", "", "PEM CA for TLS (default: system roots)")
	f.BoolVarP(&opts.quiet, "quiet", "q", false, "no tables: only the goals, the verdict and where result.json went")
	return cmd
}

func runAnalyzeTopic(a *app, opts analyzeTopicOptions, name string) error {
	goals, err := opts.goals.parse()
	if err != nil {
		return err
	}
	conn := kafka.Conn{Brokers: strings.Split(opts.brokers, ",")}
	if opts.tls || opts.caFile != "" {
		conn.TLS = &kafka.TLS{CAFile: opts.caFile}
	}
	if opts.sasl != "" {
		conn.SASL = &kafka.SASL{Mechanism: opts.sasl, User: opts.user, Password: opts.password}
	}
	out := opts.out
	if out == "" {
		out = filepath.Join("runs", "topic-"+name)
	}
	started := time.Now().UTC()
	copts, err := conn.ClientOpts()
	if err != nil {
		return err
	}
	r, err := topic.Analyze(a.ctx, topic.Config{Brokers: conn.Brokers, ClientOpts: copts, Topic: name, EventTimeField: opts.eventTime})
	if err != nil {
		return targetError(err)
	}
	set := metrics.NewSet()
	r.Fill(set)
	res := &analysis.Result{
		Version: analysis.ResultVersion, Kind: "analyze", Scenario: "topic " + name,
		Source: opts.brokers + "/" + name, Scale: 1, Status: analysis.StatusComplete,
		Started: started,
	}
	if !r.Complete {
		res.Status = analysis.StatusInterrupted
		res.Error = "stopped before the end of every partition: no record arrived for a while"
	}
	if err := finishAnalysis(res, set, goals, out); err != nil {
		return err
	}
	if !opts.quiet {
		printTopic(a, r, res)
	}
	printAnalysisEnd(a.stdout, res, out)
	if !res.Passed() {
		return errGoalsMissed
	}
	return nil
}

func printTopic(a *app, r *topic.Report, res *analysis.Result) {
	fmt.Fprintf(a.stdout, "topic %s: %s records, %s in %d partitions\n", r.Topic,
		metrics.FormatCount(float64(r.Records)), metrics.FormatBytes(float64(r.Bytes)), len(r.Partitions))
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "PARTITION\tRECORDS\tBYTES\tSHARE\t")
	for _, t := range res.Tables {
		if t.Name != topic.TablePartitions {
			continue
		}
		for _, row := range t.Rows {
			fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
		}
	}
	tw.Flush()
	tw = tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "\nMETRIC\tVALUE")
	for _, name := range []string{
		topic.MetricKeySkew, topic.MetricRecordSize + ".p50", topic.MetricRecordSize + ".p99",
		topic.MetricFreshness + ".p50", topic.MetricFreshness + ".p99", topic.MetricFreshness + ".max",
		topic.MetricInvalidJSON, topic.MetricNoEventTime,
	} {
		if v, ok := res.Metrics[name]; ok {
			fmt.Fprintf(tw, "%s\t%s\n", name, metrics.Format(res.Units[name], v))
		}
	}
	tw.Flush()
}

// targetError makes a failure of the brokers or the topic a target failure
// for the exit code, keeping its message.
func targetError(err error) error {
	if errors.Is(err, topic.ErrTarget) {
		return topicTargetErr{err}
	}
	return err
}

type topicTargetErr struct{ error }

func (e topicTargetErr) Unwrap() error        { return e.error }
func (e topicTargetErr) Is(target error) bool { return target == sinks.ErrTarget }
