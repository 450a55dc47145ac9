package lake

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/prodshape/prodshape/generators"
	"github.com/prodshape/prodshape/sinks"
	"github.com/prodshape/prodshape/sinks/objstore"
	"github.com/prodshape/prodshape/sinks/objstore/storetest"
	"github.com/prodshape/prodshape/sinks/sinktest"
)

// The lake through the S3 API on the embedded server, read back by the AWS
// CLI (an independent S3 client): its copy of the bucket is read with
// Apache's Parquet reader, and an upload left in progress is stray. A
// proxy answering 500 to every PUT stands for a failing S3. Without the
// CLI the test is skipped, or fails when CI=true.
func TestConformanceS3(t *testing.T) {
	cfg := Config{PartitionBy: []string{"type={event_type}"}, RowGroupRows: 1000,
		Writer: PolicyConfig{Policy: "microbatch", FlushEvery: 5 * time.Second, Concurrency: 2}}
	sinktest.Run(t, sinktest.Harness{
		Open: func(t *testing.T, schema *generators.Schema) (sinks.Sink, sinktest.Reader) {
			e := embeddedS3(t)
			cli := storetest.AWSCLI(t, e.Endpoint())
			st := s3Store(t, e.Endpoint())
			cfg := cfg
			cfg.Schema, cfg.Store = schema, st
			return mustNew(t, cfg), func(t *testing.T) sinktest.Landed {
				dir := t.TempDir()
				cli("s3", "cp", "--recursive", "--quiet", "s3://lake/clicks", dir)
				l := readLake(t, dir)
				l.Stray = append(l.Stray, uploadsInProgress(t, st)...)
				return l
			}
		},
		Broken: func(t *testing.T, schema *generators.Schema) (sinks.Sink, error) {
			proxy := storetest.StartFaultProxy(t, embeddedS3(t).Endpoint())
			proxy.Fail("PutObject", -1, storetest.InternalError)
			cfg := cfg
			cfg.Schema, cfg.Store = schema, s3Store(t, proxy.URL())
			return New(cfg)
		},
		Counts: map[string]sinktest.Measure{
			"lake.rows.total":  sinktest.Records,
			"lake.files.total": sinktest.Files,
			"lake.bytes.total": sinktest.Bytes,
		},
	})
}

func embeddedS3(t *testing.T) *objstore.Embedded {
	t.Helper()
	e, err := objstore.StartEmbedded(context.Background(), objstore.EmbeddedConfig{Buckets: []string{"lake"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

func s3Store(t *testing.T, endpoint string) *objstore.S3 {
	t.Helper()
	st, err := objstore.Open(context.Background(), "s3://lake/clicks", objstore.Options{Endpoint: endpoint,
		S3: objstore.S3Config{MaxAttempts: 2, MaxBackoff: 50 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st.(*objstore.S3)
}

// uploadsInProgress lists multipart uploads begun and neither completed
// nor aborted. The embedded server answers NoSuchUpload for a bucket that
// never had one.
func uploadsInProgress(t *testing.T, st *objstore.S3) []string {
	t.Helper()
	out, err := st.Client().ListMultipartUploads(context.Background(), &s3.ListMultipartUploadsInput{Bucket: aws.String("lake")})
	var apiErr interface{ ErrorCode() string } // smithy.APIError, as the SDK returns it
	if errors.As(err, &apiErr) && apiErr.ErrorCode() == "NoSuchUpload" {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, u := range out.Uploads {
		keys = append(keys, "upload of "+aws.ToString(u.Key))
	}
	return keys
}
