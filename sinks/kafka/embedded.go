package kafka

import (
	"fmt"
	"net"

	"github.com/twmb/franz-go/pkg/kfake"
)

// EmbeddedConfig configures an in-process broker.
type EmbeddedConfig struct {
	// Addr is the listen address of the first broker; default
	// "127.0.0.1:0" (a free loopback port). Further brokers take free
	// loopback ports.
	Addr string
	// Brokers is the number of brokers; default 1.
	Brokers int
	// Partitions is the partition count of topics created without one
	// (auto-created on first produce or created by a client); default 10.
	Partitions int
	// Topics are created at start with Partitions partitions.
	Topics []string
}

// Embedded is a Kafka-protocol cluster running inside the process on
// loopback. Any Kafka client can use it while it runs.
type Embedded struct {
	cluster *kfake.Cluster
	addrs   []string
}

// StartEmbedded starts franz-go's kfake cluster on loopback and returns it
// running; Close stops it. Data lives in memory only.
func StartEmbedded(cfg EmbeddedConfig) (*Embedded, error) {
	if cfg.Addr == "" {
		cfg.Addr = "127.0.0.1:0"
	}
	if cfg.Brokers <= 0 {
		cfg.Brokers = 1
	}
	if cfg.Partitions <= 0 {
		cfg.Partitions = 10
	}
	first := true
	listen := func(network, address string) (net.Listener, error) {
		if first {
			first = false
			return net.Listen(network, cfg.Addr)
		}
		return net.Listen(network, address)
	}
	opts := []kfake.Opt{
		kfake.NumBrokers(cfg.Brokers),
		kfake.DefaultNumPartitions(cfg.Partitions),
		kfake.AllowAutoTopicCreation(),
		kfake.ListenFn(listen),
	}
	if len(cfg.Topics) > 0 {
		opts = append(opts, kfake.SeedTopics(int32(cfg.Partitions), cfg.Topics...))
	}
	c, err := kfake.NewCluster(opts...)
	if err != nil {
		return nil, fmt.Errorf("embedded kafka: listen on %s: %w; pick another address or free the port", cfg.Addr, err)
	}
	return &Embedded{cluster: c, addrs: c.ListenAddrs()}, nil
}

// Addrs returns the brokers' host:port addresses, to use as seed brokers.
func (e *Embedded) Addrs() []string { return append([]string(nil), e.addrs...) }

// Cluster returns the underlying kfake cluster, for tests that inject
// broker failures with ControlKey.
func (e *Embedded) Cluster() *kfake.Cluster { return e.cluster }

// Close stops the brokers and discards their data.
func (e *Embedded) Close() { e.cluster.Close() }
