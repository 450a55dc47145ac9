package storetest

import (
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// FaultProxy is a reverse proxy on loopback in front of a real S3 server
// (the embedded one) that counts requests by S3 operation and injects
// faults into chosen ones: the server stays real, only the failures are
// staged. Point a store's endpoint at URL().
type FaultProxy struct {
	srv *http.Server
	ln  net.Listener
	rp  *httputil.ReverseProxy

	mu     sync.Mutex
	counts map[string]int
	faults []*fault
}

// Fault is what the proxy does instead of forwarding a request.
type Fault func(w http.ResponseWriter, r *http.Request)

type fault struct {
	op        string
	skip      int // requests of op forwarded before the fault applies
	remaining int
	do        Fault
}

// SlowDown answers 503 SlowDown, as S3 does while it scales a prefix.
func SlowDown(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(http.StatusServiceUnavailable)
	w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>`))
}

// InternalError answers 500 InternalError.
func InternalError(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(http.StatusInternalServerError)
	w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>InternalError</Code><Message>We encountered an internal error. Please try again.</Message></Error>`))
}

// Cut drops the connection without an answer, as a dying server does.
func Cut(w http.ResponseWriter, r *http.Request) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err == nil {
		conn.Close()
	}
}

// StartFaultProxy proxies to target (http://host:port) until the test ends.
func StartFaultProxy(t *testing.T, target string) *FaultProxy {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &FaultProxy{ln: ln, rp: httputil.NewSingleHostReverseProxy(u), counts: map[string]int{}}
	p.rp.ErrorLog = nil
	p.rp.ErrorHandler = func(w http.ResponseWriter, r *http.Request, err error) { Cut(w, r) }
	p.srv = &http.Server{Handler: p}
	go p.srv.Serve(ln)
	t.Cleanup(func() { p.srv.Close() })
	return p
}

// URL is the proxy's endpoint.
func (p *FaultProxy) URL() string { return "http://" + p.ln.Addr().String() }

// Fail makes the next n requests of operation op (e.g. "PutObject",
// "UploadPart", "ListObjectsV2"; see Op) get f instead of being forwarded.
// n < 0 fails them all.
func (p *FaultProxy) Fail(op string, n int, f Fault) { p.FailAfter(op, 0, n, f) }

// FailAfter forwards the next skip requests of op, then fails n of them
// with f (n < 0: all).
func (p *FaultProxy) FailAfter(op string, skip, n int, f Fault) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.faults = append(p.faults, &fault{op: op, skip: skip, remaining: n, do: f})
}

// Count is how many requests of op reached the proxy (failed or not).
func (p *FaultProxy) Count(op string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.counts[op]
}

// Close stops the proxy at once, cutting connections in flight.
func (p *FaultProxy) Close() error { return p.srv.Close() }

func (p *FaultProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	op := Op(r)
	p.mu.Lock()
	p.counts[op]++
	var do Fault
	for _, f := range p.faults {
		if f.op != op || f.remaining == 0 {
			continue
		}
		if f.skip > 0 {
			f.skip--
			break
		}
		f.remaining--
		do = f.do
		break
	}
	p.mu.Unlock()
	if do != nil {
		do(w, r)
		return
	}
	p.rp.ServeHTTP(w, r)
}

// Op names the S3 operation of a path-style request.
func Op(r *http.Request) string {
	q := r.URL.Query()
	path := strings.Trim(r.URL.Path, "/")
	bucketOnly := !strings.Contains(path, "/")
	has := func(k string) bool { _, ok := q[k]; return ok }
	switch r.Method {
	case http.MethodPut:
		switch {
		case has("partNumber"):
			return "UploadPart"
		case bucketOnly:
			return "CreateBucket"
		}
		return "PutObject"
	case http.MethodPost:
		switch {
		case has("uploads"):
			return "CreateMultipartUpload"
		case has("uploadId"):
			return "CompleteMultipartUpload"
		case has("delete"):
			return "DeleteObjects"
		}
	case http.MethodDelete:
		if has("uploadId") {
			return "AbortMultipartUpload"
		}
		return "DeleteObject"
	case http.MethodGet:
		switch {
		case bucketOnly && q.Get("list-type") == "2":
			return "ListObjectsV2"
		case has("uploads"):
			return "ListMultipartUploads"
		case bucketOnly:
			return "ListObjects"
		}
		return "GetObject"
	case http.MethodHead:
		return "HeadObject"
	}
	return r.Method + " " + r.URL.Path
}
