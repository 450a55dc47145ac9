package analysis

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/prodshape/prodshape/analysis/metrics"
)

// ResultVersion is the schema version of result.json. It changes only when a
// field changes meaning or goes away; new fields keep the version.
const ResultVersion = 1

// Verdicts.
const (
	Persevere = "persevere" // every goal met
	Pivot     = "pivot"     // at least one goal missed
)

// Run statuses.
const (
	StatusComplete    = "complete"
	StatusInterrupted = "interrupted"
	StatusFailed      = "failed"
)

// Result is what a run or an analysis leaves behind: result.json.
type Result struct {
	Version     int                     `json:"version"`
	Kind        string                  `json:"kind"` // "run" or "analyze"
	Scenario    string                  `json:"scenario"`
	Description string                  `json:"description,omitempty"`
	Source      string                  `json:"source,omitempty"` // scenario file or analyzed location
	Seed        uint64                  `json:"seed"`
	Scale       float64                 `json:"scale"`
	Shard       *Shard                  `json:"shard,omitempty"`
	Clock       *Clock                  `json:"clock,omitempty"`
	Status      string                  `json:"status"`
	Error       string                  `json:"error,omitempty"`
	Started     time.Time               `json:"started"`
	Finished    time.Time               `json:"finished"`
	Metrics     map[string]float64      `json:"metrics"`
	Units       map[string]metrics.Unit `json:"units"`
	Histograms  map[string]string       `json:"histograms,omitempty"` // HDR V2 compressed, base64; values in µs
	Series      []metrics.Series        `json:"series,omitempty"`
	Tables      []metrics.Table         `json:"tables,omitempty"`
	Goals       []GoalResult            `json:"goals"`
	Verdict     string                  `json:"verdict"`
}

// Shard says which slice of the workload a run generated.
type Shard struct {
	Index int `json:"index"`
	Count int `json:"count"`
}

// Clock records the scenario clock of a run.
type Clock struct {
	Mode     string    `json:"mode"`
	Start    time.Time `json:"start"`
	Duration float64   `json:"duration_seconds"`
}

// Fill copies metrics, histograms, series and tables from a set into the
// result, with each metric's unit from the catalog.
func (r *Result) Fill(set *metrics.Set) error {
	set.Summarize()
	r.Metrics = set.Values()
	r.Units = make(map[string]metrics.Unit, len(r.Metrics))
	for name := range r.Metrics {
		if d, ok := metrics.Lookup(name); ok {
			r.Units[name] = d.Unit
		} else {
			r.Units[name] = metrics.Count
		}
	}
	h, err := set.Encoded()
	if err != nil {
		return err
	}
	r.Histograms = h
	r.Series = set.SeriesList()
	r.Tables = set.Tables()
	return nil
}

// Grade evaluates every goal against the metrics and sets the verdict.
func (r *Result) Grade(goals []Goal) {
	r.Goals = r.Goals[:0]
	verdict := Persevere
	for _, g := range goals {
		gr := g.Evaluate(r.Metrics)
		if !gr.Pass {
			verdict = Pivot
		}
		r.Goals = append(r.Goals, gr)
	}
	r.Verdict = verdict
}

// Passed reports whether every goal was met.
func (r *Result) Passed() bool { return r.Verdict != Pivot }

// FileName is the name of the result file in a run folder.
const FileName = "result.json"

// WriteFile writes result.json into dir atomically (temp file, then rename).
func (r *Result) WriteFile(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("encode result: %w", err)
	}
	return WriteFileAtomic(filepath.Join(dir, FileName), append(b, '\n'))
}

// ReadResult reads result.json from a run folder or a file path.
func ReadResult(path string) (*Result, error) {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		path = filepath.Join(path, FileName)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var r Result
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("%s: not a prodshape result: %w", path, err)
	}
	if r.Version < 1 || r.Version > ResultVersion {
		return nil, fmt.Errorf("%s: result version %d, this prodshape reads up to %d", path, r.Version, ResultVersion)
	}
	return &r, nil
}

// WriteFileAtomic writes data to a temporary file beside path, syncs it and
// renames it into place, so readers never see a partial file.
func WriteFileAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	err = f.Chmod(0o644)
	if err == nil {
		_, err = f.Write(data)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
