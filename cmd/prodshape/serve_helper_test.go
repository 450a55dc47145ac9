package main

import (
	"bytes"
	"context"
	"regexp"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is an output the server goroutine writes while the test reads.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// serve starts `prodshape serve KIND args...` in-process, waits for the
// line announcing its address (the first group of ready), and returns that
// address and a stop function that interrupts it (as Ctrl-C does) and
// returns the exit code and output.
func serve(t *testing.T, kind string, ready *regexp.Regexp, args ...string) (string, func() (int, string)) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut lockedBuffer
	done := make(chan int, 1)
	go func() { done <- execute(ctx, append([]string{"serve", kind}, args...), &out, &errOut) }()
	stop := func() (int, string) {
		cancel()
		select {
		case code := <-done:
			return code, out.String() + errOut.String()
		case <-time.After(10 * time.Second):
			t.Fatalf("serve %s did not stop within 10s of the interrupt", kind)
			return 0, ""
		}
	}
	t.Cleanup(func() { cancel() })
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if m := ready.FindStringSubmatch(out.String()); m != nil {
			return m[1], stop
		}
		select {
		case code := <-done:
			t.Fatalf("serve %s exited %d before serving:\n%s%s", kind, code, out.String(), errOut.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	t.Fatalf("serve %s printed no address within 10s:\n%s%s", kind, out.String(), errOut.String())
	return "", nil
}
