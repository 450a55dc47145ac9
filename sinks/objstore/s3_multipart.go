package objstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// putMultipart uploads data in PartSize parts, PartConcurrency at a time,
// and completes the upload. On any failure it aborts the upload, so S3
// discards the parts and no object (partial or otherwise) appears.
func (s *S3) putMultipart(ctx context.Context, key string, data *blockReader) error {
	// CRC32 per part, as the SDK's transfer manager does: S3 then checks
	// every part and the completed object.
	created, err := s.client.CreateMultipartUpload(ctx, &s3.CreateMultipartUploadInput{
		Bucket:            aws.String(s.cfg.Bucket),
		Key:               aws.String(s.prefix + key),
		ChecksumAlgorithm: types.ChecksumAlgorithmCrc32,
	})
	if err != nil {
		return s.fail("multipart start", key, err)
	}
	uploadID := created.UploadId
	parts, err := s.uploadParts(ctx, key, uploadID, data)
	if err == nil {
		_, err = s.client.CompleteMultipartUpload(ctx, &s3.CompleteMultipartUploadInput{
			Bucket:          aws.String(s.cfg.Bucket),
			Key:             aws.String(s.prefix + key),
			UploadId:        uploadID,
			MultipartUpload: &types.CompletedMultipartUpload{Parts: parts},
		})
		if err != nil {
			err = s.fail("multipart complete", key, err)
		}
	}
	if err != nil {
		// Abort even when ctx is canceled: the parts would otherwise sit in
		// the bucket (and be billed) until a lifecycle rule removes them.
		abortCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		_, abortErr := s.client.AbortMultipartUpload(abortCtx, &s3.AbortMultipartUploadInput{
			Bucket:   aws.String(s.cfg.Bucket),
			Key:      aws.String(s.prefix + key),
			UploadId: uploadID,
		})
		if abortErr != nil {
			return errors.Join(err, fmt.Errorf("abort upload %s of %s: %w (the object is not visible; a bucket lifecycle rule for incomplete uploads cleans up its parts)",
				aws.ToString(uploadID), s.objectURL(key), abortErr))
		}
		return err
	}
	return nil
}

func (s *S3) uploadParts(ctx context.Context, key string, uploadID *string, data *blockReader) ([]types.CompletedPart, error) {
	n := int((data.Size() + s.cfg.PartSize - 1) / s.cfg.PartSize)
	parts := make([]types.CompletedPart, n)
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	sem := make(chan struct{}, s.cfg.PartConcurrency)
	var wg sync.WaitGroup
	var once sync.Once
	var firstErr error
	for i := range n {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			start := int64(i) * s.cfg.PartSize
			size := min(s.cfg.PartSize, data.Size()-start)
			number := aws.Int32(int32(i + 1))
			out, err := s.client.UploadPart(ctx, &s3.UploadPartInput{
				Bucket:            aws.String(s.cfg.Bucket),
				Key:               aws.String(s.prefix + key),
				UploadId:          uploadID,
				PartNumber:        number,
				Body:              io.NewSectionReader(data, start, size),
				ContentLength:     aws.Int64(size),
				ChecksumAlgorithm: types.ChecksumAlgorithmCrc32,
			})
			if err != nil {
				once.Do(func() {
					firstErr = s.fail(fmt.Sprintf("multipart part %d of", i+1), key, err)
					cancel(firstErr)
				})
				return
			}
			parts[i] = types.CompletedPart{ETag: out.ETag, PartNumber: number, ChecksumCRC32: out.ChecksumCRC32}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("s3 multipart %s: %w", s.objectURL(key), context.Cause(ctx))
	}
	return parts, nil
}
