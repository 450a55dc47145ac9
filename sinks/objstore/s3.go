package objstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/prodshape/prodshape/sinks"
)

// S3Config configures an S3 store. Zero values take the defaults noted.
type S3Config struct {
	Bucket string
	// Prefix is prepended to every key ("lake" stores key k as "lake/k").
	Prefix string
	// Endpoint is the S3 base URL; "" means AWS, resolved from Region.
	Endpoint string
	// Region defaults to the AWS configuration, then us-east-1.
	Region string
	// PathStyle addresses buckets as endpoint/bucket instead of
	// bucket.endpoint; most S3-compatible servers need it.
	PathStyle bool
	// AccessKey and SecretKey are static credentials; empty means the
	// standard AWS chain (env, shared config, SSO, instance role). For a
	// loopback endpoint, dummy keys are used unless AWS_ACCESS_KEY_ID or
	// AWS_PROFILE is set.
	AccessKey, SecretKey string
	// MultipartThreshold: objects of at least this size are uploaded in
	// parts. Default 8 MiB, as the AWS CLI.
	MultipartThreshold int64
	// PartSize of multipart uploads; default 8 MiB (S3's minimum is 5 MiB
	// except for the last part).
	PartSize int64
	// PartConcurrency is how many parts of one object upload at once;
	// default 4.
	PartConcurrency int
	// MaxAttempts per request, with exponential backoff and jitter (the
	// SDK's standard retryer); default 3.
	MaxAttempts int
	// MaxBackoff caps the delay between attempts; default 20 s (the SDK's).
	MaxBackoff time.Duration
	// PageSize is the number of keys per ListObjectsV2 request; default
	// 1,000 (S3's maximum).
	PageSize int32
	// CreateBucket creates the bucket if it does not exist.
	CreateBucket bool
}

// Defaults of S3Config.
const (
	DefaultMultipartThreshold = 8 << 20
	DefaultPartSize           = 8 << 20
	DefaultPartConcurrency    = 4
	DefaultMaxAttempts        = 3
	deleteBatch               = 1000    // DeleteObjects takes at most 1,000 keys
	minPartSize               = 5 << 20 // S3 rejects smaller parts, except the last
)

// S3 is a Store in an S3 bucket (or any S3-compatible server).
type S3 struct {
	client   *s3.Client
	cfg      S3Config
	prefix   string // "" or ending in '/'
	endpoint string // for error messages
	onClose  func() error
}

var _ Store = (*S3)(nil)

// NewS3 connects to a bucket. It makes no request unless CreateBucket is
// set: a wrong endpoint or missing bucket shows at the first operation.
func NewS3(ctx context.Context, c S3Config) (*S3, error) {
	if c.Bucket == "" {
		return nil, errors.New("s3 store: no bucket given (use s3://bucket/prefix)")
	}
	if c.MultipartThreshold <= 0 {
		c.MultipartThreshold = DefaultMultipartThreshold
	}
	if c.PartSize <= 0 {
		c.PartSize = DefaultPartSize
	}
	if c.PartSize < minPartSize {
		return nil, fmt.Errorf("s3 store: part size %d bytes is below S3's 5 MiB minimum for multipart parts", c.PartSize)
	}
	if c.PartConcurrency <= 0 {
		c.PartConcurrency = DefaultPartConcurrency
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = DefaultMaxAttempts
	}
	if c.PageSize <= 0 || c.PageSize > 1000 {
		c.PageSize = 1000
	}
	var loadOpts []func(*config.LoadOptions) error
	if c.Region != "" {
		loadOpts = append(loadOpts, config.WithRegion(c.Region))
	}
	if c.AccessKey == "" && isLoopback(c.Endpoint) && os.Getenv("AWS_ACCESS_KEY_ID") == "" && os.Getenv("AWS_PROFILE") == "" {
		// A local S3-compatible server (the embedded one, `prodshape serve
		// s3`) ignores signatures; no one should need AWS keys to reach it,
		// nor wait for the chain to probe instance metadata.
		c.AccessKey, c.SecretKey = "prodshape", "prodshape"
	}
	if c.AccessKey != "" {
		loadOpts = append(loadOpts, config.WithCredentialsProvider(
			credentials.NewStaticCredentialsProvider(c.AccessKey, c.SecretKey, "")))
	}
	loadOpts = append(loadOpts, config.WithRetryer(func() aws.Retryer {
		return retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxAttempts = c.MaxAttempts
			if c.MaxBackoff > 0 {
				o.MaxBackoff = c.MaxBackoff
			}
		})
	}))
	awsCfg, err := config.LoadDefaultConfig(ctx, loadOpts...)
	if err != nil {
		return nil, fmt.Errorf("%w: load AWS configuration: %w (check AWS_PROFILE and ~/.aws/config)", sinks.ErrTarget, err)
	}
	if awsCfg.Region == "" {
		awsCfg.Region = "us-east-1"
	}
	client := s3.NewFromConfig(awsCfg, func(o *s3.Options) {
		if c.Endpoint != "" {
			o.BaseEndpoint = aws.String(c.Endpoint)
		}
		o.UsePathStyle = c.PathStyle
		// Servers (gofakes3 among them) may send the whole object's
		// checksum with a ranged GET, which then never matches; Open reads
		// ranges, so validate only when asked.
		o.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
	})
	s := &S3{client: client, cfg: c, prefix: c.Prefix, endpoint: c.Endpoint}
	s.prefix = strings.Trim(s.prefix, "/")
	if s.prefix != "" {
		s.prefix += "/"
	}
	if s.endpoint == "" {
		s.endpoint = "AWS " + awsCfg.Region
	}
	if c.CreateBucket {
		if err := s.createBucket(ctx); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// isLoopback reports whether endpoint is a URL on this machine.
func isLoopback(endpoint string) bool {
	u, err := url.Parse(endpoint)
	if err != nil || u.Host == "" {
		return false
	}
	host := u.Hostname()
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func (s *S3) createBucket(ctx context.Context) error {
	_, err := s.client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(s.cfg.Bucket)})
	var owned *types.BucketAlreadyOwnedByYou
	var exists *types.BucketAlreadyExists
	if err == nil || errors.As(err, &owned) || errors.As(err, &exists) {
		return nil
	}
	return s.fail("create bucket", "", err)
}

// objectURL names key in error messages.
func (s *S3) objectURL(key string) string {
	return "s3://" + s.cfg.Bucket + "/" + s.prefix + key
}

// URL is s3://bucket/prefix.
func (s *S3) URL() string {
	return "s3://" + s.cfg.Bucket + "/" + strings.TrimSuffix(s.prefix, "/")
}

// Endpoint is the S3 endpoint URL in use ("" for AWS); for an embedded
// server started by Open, its loopback address.
func (s *S3) Endpoint() string { return s.cfg.Endpoint }

// Client exposes the SDK client, for tests and tools that need more.
func (s *S3) Client() *s3.Client { return s.client }

// Put stores data with one PUT, or a multipart upload from
// MultipartThreshold on. Either way S3 shows the object whole or not at all.
func (s *S3) Put(ctx context.Context, key string, data []byte) error {
	return s.PutBlocks(ctx, key, [][]byte{data})
}

// PutBlocks is Put for an object given as consecutive blocks: the request
// bodies read the blocks where they are, so a big file is never joined
// into one buffer.
func (s *S3) PutBlocks(ctx context.Context, key string, blocks [][]byte) error {
	if err := checkKey(key); err != nil {
		return err
	}
	src := newBlockReader(blocks)
	if src.Size() >= s.cfg.MultipartThreshold {
		return s.putMultipart(ctx, key, src)
	}
	_, err := s.client.PutObject(ctx, &s3.PutObjectInput{
		Bucket:        aws.String(s.cfg.Bucket),
		Key:           aws.String(s.prefix + key),
		Body:          io.NewSectionReader(src, 0, src.Size()),
		ContentLength: aws.Int64(src.Size()),
	})
	if err != nil {
		return s.fail("put", key, err)
	}
	return nil
}

// Delete removes keys with DeleteObjects, 1,000 per request.
func (s *S3) Delete(ctx context.Context, keys ...string) error {
	for start := 0; start < len(keys); start += deleteBatch {
		batch := keys[start:min(start+deleteBatch, len(keys))]
		ids := make([]types.ObjectIdentifier, len(batch))
		for i, k := range batch {
			if err := checkKey(k); err != nil {
				return err
			}
			ids[i] = types.ObjectIdentifier{Key: aws.String(s.prefix + k)}
		}
		out, err := s.client.DeleteObjects(ctx, &s3.DeleteObjectsInput{
			Bucket: aws.String(s.cfg.Bucket),
			Delete: &types.Delete{Objects: ids, Quiet: aws.Bool(true)},
		})
		if err != nil {
			return s.fail("delete", batch[0], err)
		}
		if len(out.Errors) > 0 {
			e := out.Errors[0]
			return fmt.Errorf("%w: delete s3://%s/%s at %s: %s: %s (and %d more failed)",
				sinks.ErrTarget, s.cfg.Bucket, aws.ToString(e.Key), s.endpoint,
				aws.ToString(e.Code), aws.ToString(e.Message), len(out.Errors)-1)
		}
	}
	return nil
}

// List pages through ListObjectsV2; S3 returns keys in byte order.
func (s *S3) List(ctx context.Context, prefix string, fn func(Object) error) error {
	p := s3.NewListObjectsV2Paginator(s.client, &s3.ListObjectsV2Input{
		Bucket:  aws.String(s.cfg.Bucket),
		Prefix:  aws.String(s.prefix + prefix),
		MaxKeys: aws.Int32(s.cfg.PageSize),
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return s.fail("list", prefix, err)
		}
		for _, o := range page.Contents {
			obj := Object{Key: strings.TrimPrefix(aws.ToString(o.Key), s.prefix), Size: aws.ToInt64(o.Size)}
			if o.LastModified != nil {
				obj.Modified = *o.LastModified
			}
			if err := fn(obj); err != nil {
				return err
			}
		}
	}
	return nil
}

// Close releases the store (and stops the embedded server Open started).
func (s *S3) Close() error {
	if s.onClose != nil {
		return s.onClose()
	}
	return nil
}

// fail wraps an SDK error with sinks.ErrTarget, naming where it happened
// and, for the common mistakes, what to do.
func (s *S3) fail(op, key string, err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("s3 %s %s: %w", op, s.objectURL(key), err)
	}
	hint := "check the endpoint is reachable and the credentials allow it"
	var noBucket *types.NoSuchBucket
	switch {
	case errors.As(err, &noBucket) || strings.Contains(err.Error(), "NoSuchBucket"):
		hint = "create the bucket first (or run `prodshape serve s3 --bucket " + s.cfg.Bucket + "`)"
	case strings.Contains(err.Error(), "connection refused"):
		hint = "is the S3 server running at that address?"
	case strings.Contains(err.Error(), "PermanentRedirect"), strings.Contains(err.Error(), "AuthorizationHeaderMalformed"):
		hint = "the bucket is in another region: set the region (AWS_REGION or the sink's region)"
	}
	return fmt.Errorf("%w: s3 %s %s at %s: %w (%s)", sinks.ErrTarget, op, s.objectURL(key), s.endpoint, err, hint)
}

// httpStatus is the HTTP status of an SDK error, or 0.
func httpStatus(err error) int {
	var re interface{ HTTPStatusCode() int }
	if errors.As(err, &re) {
		return re.HTTPStatusCode()
	}
	return 0
}
