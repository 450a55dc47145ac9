package objstore

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// EndpointEmbedded as Options.Endpoint starts an in-process S3 server.
const EndpointEmbedded = "embedded"

// Options tunes Open.
type Options struct {
	// Endpoint for s3:// URLs: "" = AWS (standard credential chain),
	// "embedded" = start an embedded S3 server on loopback for the life of
	// the store, or the base URL of an S3-compatible server.
	Endpoint string
	// EmbeddedDir keeps the embedded server's objects on disk; "" = memory.
	EmbeddedDir string
	// S3 tunes S3 stores (region, multipart sizes, attempts, ...). Bucket,
	// Prefix and Endpoint come from the URL and Endpoint above.
	S3 S3Config
	// DeferSync applies DeferSync to local stores.
	DeferSync bool
}

// Open opens the store a URL names: s3://bucket/prefix, file:///abs/dir,
// file://rel/dir or a plain path.
func Open(ctx context.Context, rawURL string, opts Options) (Store, error) {
	if rawURL == "" {
		return nil, errors.New("no store location given: want a folder, file:///path or s3://bucket/prefix")
	}
	scheme, rest, ok := strings.Cut(rawURL, "://")
	if !ok {
		return openLocal(rawURL, opts)
	}
	switch strings.ToLower(scheme) {
	case "file":
		// file:///abs and file://rel both mean a path; a host is not supported.
		return openLocal(rest, opts)
	case "s3":
		return openS3(ctx, rawURL, opts)
	default:
		return nil, fmt.Errorf("store %q: unknown scheme %q: want a folder, file:///path or s3://bucket/prefix", rawURL, scheme)
	}
}

func openLocal(dir string, opts Options) (Store, error) {
	if opts.Endpoint != "" {
		return nil, fmt.Errorf("store %q: an endpoint (%q) applies to s3:// URLs only", dir, opts.Endpoint)
	}
	var lo []LocalOption
	if opts.DeferSync {
		lo = append(lo, DeferSync())
	}
	return NewLocal(dir, lo...)
}

func openS3(ctx context.Context, rawURL string, opts Options) (Store, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("store %q: want s3://bucket/prefix", rawURL)
	}
	c := opts.S3
	c.Bucket = u.Host
	c.Prefix = strings.Trim(u.Path, "/")
	c.Endpoint = opts.Endpoint
	var embedded *Embedded
	switch {
	case opts.Endpoint == EndpointEmbedded:
		// The server lives as long as the store: a run's scratch space,
		// where PUT rate matters more than surviving a power loss.
		embedded, err = StartEmbedded(ctx, EmbeddedConfig{Dir: opts.EmbeddedDir, Buckets: []string{c.Bucket}, NoSync: true})
		if err != nil {
			return nil, err
		}
		c.Endpoint = embedded.Endpoint()
		c.PathStyle = true
	case opts.Endpoint != "":
		eu, err := url.Parse(opts.Endpoint)
		if err != nil || (eu.Scheme != "http" && eu.Scheme != "https") || eu.Host == "" {
			return nil, fmt.Errorf("endpoint %q: want embedded or a URL like http://127.0.0.1:9000", opts.Endpoint)
		}
		// S3-compatible servers rarely have wildcard DNS for bucket names.
		c.PathStyle = true
	}
	s, err := NewS3(ctx, c)
	if err != nil {
		if embedded != nil {
			embedded.Close()
		}
		return nil, err
	}
	if embedded != nil {
		s.onClose = embedded.Close
	}
	return s, nil
}
