// Package browser opens report pages in headless Chromium for the tests of
// the report and compare packages: it returns the render-check marker the
// page's own script writes and every console message.
package browser

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// Find returns a headless-capable browser: $CHROMIUM, else Debian's
// chromium on PATH. Without one the test skips, except under CI=true, where
// a missing browser is a failure (scripts/setup/chromium.sh installs it).
func Find(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium not found and CI=true: run scripts/setup/chromium.sh (apt-get install chromium)")
	}
	t.Skip("chromium not found: run scripts/setup/chromium.sh to enable the browser check")
	return ""
}

var markerRe = regexp.MustCompile(`<div id="render-check">([^<]*)</div>`)

// Load opens page in headless chromium and returns the text of the page's
// #render-check element after its scripts ran, and every console message.
func Load(t testing.TB, bin, page string) (marker string, console []string) {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(dir, "page.html")
	if err := os.WriteFile(file, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	// A browser that crashes (a signal, not an error the page caused) is
	// started again with a fresh profile: on a loaded 2-core CI machine
	// headless Chromium now and then dies before it loads anything. A page
	// problem shows as console messages or a missing marker, never a crash.
	var stdout, stderr bytes.Buffer
	for attempt := 1; ; attempt++ {
		stdout.Reset()
		stderr.Reset()
		err := run(bin, file, filepath.Join(dir, fmt.Sprintf("profile-%d", attempt)), &stdout, &stderr)
		if err == nil {
			break
		}
		var exit *exec.ExitError
		crashed := errors.As(err, &exit) && exit.ProcessState != nil && !exit.Exited()
		if !crashed || attempt == 3 {
			t.Fatalf("chromium (attempt %d): %v\n%s", attempt, err, stderr.String())
		}
		t.Logf("chromium crashed (%v); starting it again", err)
	}
	if m := markerRe.FindStringSubmatch(stdout.String()); m != nil {
		marker = m[1]
	}
	for _, line := range strings.Split(stderr.String(), "\n") {
		// Chromium logs every console message, whatever its level, as
		// ":CONSOLE"; the pages write none, so any is a problem.
		if strings.Contains(line, ":CONSOLE") || strings.Contains(line, "Uncaught") {
			console = append(console, line)
		}
	}
	return marker, console
}

// run starts one headless Chromium that dumps the page's DOM after its
// scripts ran.
func run(bin, file, profile string, stdout, stderr *bytes.Buffer) error {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-dev-shm-usage", "--user-data-dir="+profile, "--enable-logging=stderr", "--v=0",
		"--window-size=1200,900", "--dump-dom", "file://"+file)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	return cmd.Run()
}
