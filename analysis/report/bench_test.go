package report

import (
	"io"
	"testing"

	"github.com/prodshape/prodshape/analysis/internal/fixture"
)

// BenchmarkHTML renders the richest fixture's report.html: five charts, one
// of them 288 points, plus the goal table.
func BenchmarkHTML(b *testing.B) {
	r := fixture.LakeMicrobatch()
	for b.Loop() {
		if err := HTML(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMarkdown renders report.md of the same result.
func BenchmarkMarkdown(b *testing.B) {
	r := fixture.LakeMicrobatch()
	for b.Loop() {
		if err := Markdown(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}
