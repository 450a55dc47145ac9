package objstore_test

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

func listUploads(bucket string) *s3.ListMultipartUploadsInput {
	return &s3.ListMultipartUploadsInput{Bucket: aws.String(bucket)}
}
