package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/prodshape/prodshape/analysis/metrics"
	"github.com/prodshape/prodshape/scenarios"
	"github.com/prodshape/prodshape/scenarios/engine"
)

// progress shows a bar on a terminal and a plain line every few seconds
// elsewhere (CI logs), or nothing with --quiet.
type progress struct {
	w     io.Writer
	bar   *progressbar.ProgressBar
	every time.Duration
	plain bool
	off   bool
	last  engine.Progress
}

func newProgress(w io.Writer, quiet bool, s *scenarios.Scenario) *progress {
	p := &progress{w: w, off: quiet, every: 5 * time.Second}
	if quiet {
		return p
	}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.every = 200 * time.Millisecond
		p.bar = progressbar.NewOptions64(1000,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription(s.Name),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionSetElapsedTime(true),
			progressbar.OptionFullWidth(),
			progressbar.OptionShowDescriptionAtLineEnd(),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionThrottle(100*time.Millisecond),
		)
		return p
	}
	p.plain = true
	return p
}

func (p *progress) update(s engine.Progress) {
	if p.off {
		return
	}
	p.last = s
	rate := 0.0
	if s.Elapsed > 0 {
		rate = float64(s.Records) / s.Elapsed.Seconds()
	}
	desc := fmt.Sprintf("%s records  %s/s  clock %s", metrics.FormatCount(float64(s.Records)),
		metrics.FormatCount(float64(int64(rate))), s.Clock.UTC().Format("2006-01-02 15:04"))
	if p.bar != nil {
		p.bar.Describe(desc)
		_ = p.bar.Set64(int64(s.Done * 1000))
		return
	}
	line := fmt.Sprintf("progress %5.1f%%  %s  elapsed %s", s.Done*100, desc, s.Elapsed.Round(time.Second))
	if left, ok := eta(s); ok {
		line += "  eta " + left.Round(time.Second).String()
	}
	fmt.Fprintln(p.w, line)
}

// eta is the wall time left at the pace so far. Progress follows the
// clock (on a realtime run, the wall clock), so the pace is steady and the
// estimate honest; none before any progress or once done.
func eta(s engine.Progress) (time.Duration, bool) {
	if s.Done <= 0 || s.Done >= 1 {
		return 0, false
	}
	return time.Duration(float64(s.Elapsed) * (1 - s.Done) / s.Done), true
}

func (p *progress) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
		_ = p.bar.Clear()
	}
}
