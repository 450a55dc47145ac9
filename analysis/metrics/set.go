package metrics

import (
	"encoding/base64"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"
)

// Histogram bounds: latencies and freshness are recorded in microseconds,
// from 1 µs up to one year, with three significant digits.
const (
	histLowest  = 1
	histHighest = int64(365 * 24 * time.Hour / time.Microsecond)
	histDigits  = 3
)

// NewHistogram returns an empty latency histogram with the bounds every
// prodshape histogram shares, so any two can be merged exactly.
func NewHistogram() *hdrhistogram.Histogram {
	return hdrhistogram.New(histLowest, histHighest, histDigits)
}

// Set holds the numbers and histograms of one run. It is safe for
// concurrent use.
type Set struct {
	mu     sync.Mutex
	values map[string]float64
	hists  map[string]*hdrhistogram.Histogram
	series []Series
	tables []Table
}

// NewSet returns an empty Set.
func NewSet() *Set {
	return &Set{values: map[string]float64{}, hists: map[string]*hdrhistogram.Histogram{}}
}

// Put sets a metric to v.
func (s *Set) Put(name string, v float64) {
	s.mu.Lock()
	s.values[name] = v
	s.mu.Unlock()
}

// Add adds delta to a metric (starting from zero).
func (s *Set) Add(name string, delta float64) {
	s.mu.Lock()
	s.values[name] += delta
	s.mu.Unlock()
}

// Get returns a metric's value and whether it was set.
func (s *Set) Get(name string) (float64, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.values[name]
	return v, ok
}

// Values returns a copy of every metric value.
func (s *Set) Values() map[string]float64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]float64, len(s.values))
	for k, v := range s.values {
		out[k] = v
	}
	return out
}

// MergeHistogram folds h into the named histogram (creating it). The caller
// keeps h; recording into a private histogram and merging once is the fast
// path for hot loops.
func (s *Set) MergeHistogram(name string, h *hdrhistogram.Histogram) {
	s.mu.Lock()
	defer s.mu.Unlock()
	dst, ok := s.hists[name]
	if !ok {
		dst = NewHistogram()
		s.hists[name] = dst
	}
	dst.Merge(h)
}

// Histogram returns the named histogram, or nil.
func (s *Set) Histogram(name string) *hdrhistogram.Histogram {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hists[name]
}

// HistogramNames lists the histograms held, sorted.
func (s *Set) HistogramNames() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	names := make([]string, 0, len(s.hists))
	for n := range s.hists {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Summarize writes name.p50/.p90/.p99/.max/.mean (seconds) from every
// histogram into the values. Call it after the last merge.
func (s *Set) Summarize() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for name, h := range s.hists {
		if h.TotalCount() == 0 {
			continue
		}
		const us = 1e-6
		s.values[name+".p50"] = float64(h.ValueAtQuantile(50)) * us
		s.values[name+".p90"] = float64(h.ValueAtQuantile(90)) * us
		s.values[name+".p99"] = float64(h.ValueAtQuantile(99)) * us
		s.values[name+".max"] = float64(h.Max()) * us
		s.values[name+".mean"] = h.Mean() * us
	}
}

// RecordDuration records d (at least 1 µs) into h.
func RecordDuration(h *hdrhistogram.Histogram, d time.Duration) {
	v := d.Microseconds()
	if v < histLowest {
		v = histLowest
	}
	if v > histHighest {
		v = histHighest
	}
	_ = h.RecordValue(v)
}

// EncodeHistogram returns the HdrHistogram V2 compressed, base64 form: the
// standard interchange encoding, which other HDR implementations read too.
func EncodeHistogram(h *hdrhistogram.Histogram) (string, error) {
	b, err := h.Encode(hdrhistogram.V2CompressedEncodingCookieBase)
	if err != nil {
		return "", fmt.Errorf("encode histogram: %w", err)
	}
	return string(b), nil
}

// DecodeHistogram reads what EncodeHistogram wrote.
func DecodeHistogram(s string) (*hdrhistogram.Histogram, error) {
	if _, err := base64.StdEncoding.DecodeString(s); err != nil {
		return nil, fmt.Errorf("decode histogram: not base64: %w", err)
	}
	h, err := hdrhistogram.Decode([]byte(s))
	if err != nil {
		return nil, fmt.Errorf("decode histogram: %w", err)
	}
	return h, nil
}

// Encoded returns every histogram in its encoded form.
func (s *Set) Encoded() (map[string]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]string, len(s.hists))
	for name, h := range s.hists {
		e, err := EncodeHistogram(h)
		if err != nil {
			return nil, err
		}
		out[name] = e
	}
	return out, nil
}
