package kafka

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/prodshape/prodshape/sinks"
)

// ensureTopic creates the topic when cfg.Partitions asks for it, or checks
// that it exists.
func ensureTopic(ctx context.Context, cl *kgo.Client, cfg Config) error {
	adm := kadm.NewClient(cl)
	brokers := strings.Join(cfg.Brokers, ",")
	if cfg.Partitions > 0 {
		rf := cfg.Replication
		if rf <= 0 {
			rf = -1 // the broker's default.replication.factor
		}
		resp, err := adm.CreateTopic(ctx, cfg.Partitions, rf, nil, cfg.Topic)
		if err == nil {
			err = resp.Err
		}
		if err != nil && !errors.Is(err, kerr.TopicAlreadyExists) {
			return fmt.Errorf("%w: kafka: create topic %q with %d partitions on %s: %w",
				sinks.ErrTarget, cfg.Topic, cfg.Partitions, brokers, err)
		}
		return nil
	}
	// A metadata request that allows auto-creation is how a producer's
	// first use creates a topic on brokers with auto.create.topics.enable
	// (prodshape serve kafka among them); on others the topic stays missing.
	req := kmsg.NewPtrMetadataRequest()
	req.AllowAutoTopicCreation = true
	rt := kmsg.NewMetadataRequestTopic()
	rt.Topic = kmsg.StringPtr(cfg.Topic)
	req.Topics = append(req.Topics, rt)
	if _, err := req.RequestWith(ctx, cl); err != nil {
		return fmt.Errorf("%w: kafka: look up topic %q on %s: %w", sinks.ErrTarget, cfg.Topic, brokers, err)
	}
	topics, err := adm.ListTopics(ctx, cfg.Topic)
	if err != nil {
		return fmt.Errorf("%w: kafka: look up topic %q on %s: %w", sinks.ErrTarget, cfg.Topic, brokers, err)
	}
	if !topics.Has(cfg.Topic) || errors.Is(topics[cfg.Topic].Err, kerr.UnknownTopicOrPartition) {
		return fmt.Errorf("%w: kafka: topic %q does not exist on %s and the brokers do not create topics on first use "+
			"(auto.create.topics.enable=false); create it, or set partitions: N so prodshape creates it",
			sinks.ErrTarget, cfg.Topic, brokers)
	}
	if err := topics[cfg.Topic].Err; err != nil {
		return fmt.Errorf("%w: kafka: topic %q on %s: %w", sinks.ErrTarget, cfg.Topic, brokers, err)
	}
	return nil
}
