package report

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/prodshape/prodshape/analysis/internal/browser"
)

// TestBrowser opens report.html in headless Chromium: no console message,
// every chart present and drawn. The lake and identity fixtures between
// them carry every chart kind (bar, line, step, scatter, log axes,
// percentile curves).
func TestBrowser(t *testing.T) {
	bin := browser.Find(t)
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
			marker, console := browser.Load(t, bin, page)
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
		marker, console := browser.Load(t, bin, page)
		if !strings.Contains(marker, "FAIL kafka.produce_latency: chart is empty") {
			t.Errorf("render check = %q, want the empty chart reported", marker)
		}
		joined := strings.Join(console, "\n")
		if !strings.Contains(joined, "boom") || !strings.Contains(joined, "Content Security Policy") {
			t.Errorf("console = %q, want the error and the blocked fetch", joined)
		}
	})
}
