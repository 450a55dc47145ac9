package report

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// chromium finds a headless-capable browser: $CHROMIUM, else Debian's
// chromium on PATH. Without one the test skips, except under CI=true, where
// a missing browser is a failure (scripts/setup/chromium.sh installs it).
func chromium(t *testing.T) string {
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

// browse loads page in headless chromium and returns the render-check
// marker the page's script wrote and every console message.
func browse(t *testing.T, bin, page string) (marker string, console []string) {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(dir, "report.html")
	if err := os.WriteFile(file, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--enable-logging=stderr", "--v=0",
		"--window-size=1200,900", "--dump-dom", "file://"+file)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, stderr.String())
	}
	if m := markerRe.FindStringSubmatch(stdout.String()); m != nil {
		marker = m[1]
	}
	for _, line := range strings.Split(stderr.String(), "\n") {
		// Chromium logs every console message, whatever its level, as
		// ":CONSOLE"; the report writes none, so any is a problem.
		if strings.Contains(line, ":CONSOLE") || strings.Contains(line, "Uncaught") {
			console = append(console, line)
		}
	}
	return marker, console
}

var markerRe = regexp.MustCompile(`<div id="render-check">([^<]*)</div>`)

// TestBrowser opens report.html in headless Chromium: no console message,
// every chart present and drawn. The lake and identity fixtures between
// them carry every chart kind (bar, line, step, scatter, log axes,
// percentile curves).
func TestBrowser(t *testing.T) {
	bin := chromium(t)
	render := func(t *testing.T, name string) string {
		var buf bytes.Buffer
		if err := HTML(&buf, loadFixture(t, name)); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	for _, name := range []string{"lake-microbatch", "identity-kv"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			page := render(t, name)
			charts, _ := Charts(loadFixture(t, name))
			marker, console := browse(t, bin, page)
			if want := "render-check: OK " + strconv.Itoa(len(charts)) + " charts"; marker != want {
				t.Errorf("render check = %q, want %q", marker, want)
			}
			if len(console) > 0 {
				t.Errorf("console messages:\n%s", strings.Join(console, "\n"))
			}
		})
	}

	// The check must catch what it is for: a chart that drew nothing, a
	// console error and a network fetch (blocked by the page's CSP).
	t.Run("broken page is caught", func(t *testing.T) {
		t.Parallel()
		page := render(t, "realtime-kafka")
		first := strings.Index(page, "<svg ")
		end := strings.Index(page[first:], "</svg>") + first
		emptied := strings.ReplaceAll(page[first:end], PaletteAttr()[:7], "#777777")
		page = page[:first] + emptied + page[end:]
		page = strings.Replace(page, `<div id="render-check">`,
			`<img src="http://127.0.0.1:9/x.png"><script>console.error("boom")</script><div id="render-check">`, 1)
		marker, console := browse(t, bin, page)
		if !strings.Contains(marker, "FAIL kafka.produce_latency: chart is empty") {
			t.Errorf("render check = %q, want the empty chart reported", marker)
		}
		joined := strings.Join(console, "\n")
		if !strings.Contains(joined, "boom") || !strings.Contains(joined, "Content Security Policy") {
			t.Errorf("console = %q, want the error and the blocked fetch", joined)
		}
	})
}
