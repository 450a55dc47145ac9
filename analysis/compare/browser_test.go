package compare

import (
	"bytes"
	"strings"
	"testing"

	"github.com/prodshape/prodshape/analysis/internal/browser"
)

// TestBrowser opens the three-run compare.html in headless Chromium: the
// overlay chart draws and the console stays silent.
func TestBrowser(t *testing.T) {
	bin := browser.Find(t)
	var page bytes.Buffer
	if err := threeRuns(t).WriteHTML(&page); err != nil {
		t.Fatal(err)
	}
	marker, console := browser.Load(t, bin, page.String())
	if marker != "render-check: OK 1 charts" {
		t.Errorf("render check = %q, want OK with 1 chart", marker)
	}
	if len(console) > 0 {
		t.Errorf("console messages:\n%s", strings.Join(console, "\n"))
	}
}
