package objstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// tailSize is how much of an object Open fetches up front: the end of the
// file, where a Parquet footer lives. Small objects come whole in one GET.
const tailSize = 64 << 10

// Open fetches the object's last 64 KiB with a suffix-range GET, which also
// tells its size; further reads are ranged GETs. Reading a small Parquet
// file's footer so costs one request.
func (s *S3) Open(ctx context.Context, key string) (ReaderAtCloser, int64, error) {
	if err := checkKey(key); err != nil {
		return nil, 0, err
	}
	r := &s3Reader{ctx: ctx, s: s, key: key}
	out, err := s.client.GetObject(ctx, &s3.GetObjectInput{
		Bucket: aws.String(s.cfg.Bucket),
		Key:    aws.String(s.prefix + key),
		Range:  aws.String(fmt.Sprintf("bytes=-%d", tailSize)),
	})
	if httpStatus(err) == http.StatusRequestedRangeNotSatisfiable {
		// An empty object (and, on some S3-compatible servers, any object
		// smaller than the suffix) has no such range: fetch it whole.
		out, err = s.client.GetObject(ctx, &s3.GetObjectInput{
			Bucket: aws.String(s.cfg.Bucket),
			Key:    aws.String(s.prefix + key),
		})
	}
	if err != nil {
		return nil, 0, s.openErr(key, err)
	}
	defer out.Body.Close()
	r.tail, err = io.ReadAll(out.Body)
	if err != nil {
		return nil, 0, s.fail("get", key, err)
	}
	r.size = int64(len(r.tail))
	if out.ContentRange != nil {
		if r.size, err = totalFromContentRange(*out.ContentRange); err != nil {
			return nil, 0, s.fail("get", key, err)
		}
	}
	r.tailOffset = r.size - int64(len(r.tail))
	return r, r.size, nil
}

func (s *S3) openErr(key string, err error) error {
	var noKey *types.NoSuchKey
	if errors.As(err, &noKey) || (httpStatus(err) == http.StatusNotFound && !strings.Contains(err.Error(), "NoSuchBucket")) {
		return fmt.Errorf("%s: %w", s.objectURL(key), ErrNotFound)
	}
	return s.fail("get", key, err)
}

// totalFromContentRange reads the total of "bytes 100-199/200".
func totalFromContentRange(cr string) (int64, error) {
	i := strings.LastIndexByte(cr, '/')
	if i < 0 {
		return 0, fmt.Errorf("unreadable Content-Range %q", cr)
	}
	n, err := strconv.ParseInt(cr[i+1:], 10, 64)
	if err != nil {
		return 0, fmt.Errorf("unreadable Content-Range %q", cr)
	}
	return n, nil
}

// s3Reader serves reads inside the prefetched tail from memory and others
// with ranged GETs. Reads use the context Open was given.
type s3Reader struct {
	ctx        context.Context
	s          *S3
	key        string
	size       int64
	tail       []byte
	tailOffset int64
}

func (r *s3Reader) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, fmt.Errorf("s3 read %s: negative offset %d", r.key, off)
	}
	if off >= r.size {
		return 0, io.EOF
	}
	want := p
	if rest := r.size - off; int64(len(want)) > rest {
		want = want[:rest]
	}
	if off >= r.tailOffset {
		n := copy(want, r.tail[off-r.tailOffset:])
		return n, eofIfShort(n, len(p))
	}
	out, err := r.s.client.GetObject(r.ctx, &s3.GetObjectInput{
		Bucket: aws.String(r.s.cfg.Bucket),
		Key:    aws.String(r.s.prefix + r.key),
		Range:  aws.String(fmt.Sprintf("bytes=%d-%d", off, off+int64(len(want))-1)),
	})
	if err != nil {
		return 0, r.s.openErr(r.key, err)
	}
	defer out.Body.Close()
	n, err := io.ReadFull(out.Body, want)
	if err != nil {
		return n, r.s.fail("get", r.key, fmt.Errorf("short read of bytes %d-%d: %w", off, off+int64(len(want))-1, err))
	}
	return n, eofIfShort(n, len(p))
}

func eofIfShort(n, want int) error {
	if n < want {
		return io.EOF
	}
	return nil
}

func (r *s3Reader) Close() error { return nil }
