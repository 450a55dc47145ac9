package graph

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/parquet-go/parquet-go"
)

// Edge is one row of an edge list.
type Edge struct {
	Src, Dst         string
	SrcKind, DstKind string // optional
}

// ReadFile reads an edge list from a Parquet or CSV file (chosen by the
// file's first bytes, not its name) and calls fn for each edge.
func ReadFile(path string, fn func(Edge)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	magic := make([]byte, 4)
	if _, err := io.ReadFull(f, magic); err == nil && string(magic) == "PAR1" {
		st, err := f.Stat()
		if err != nil {
			return err
		}
		return readParquet(f, st.Size(), path, fn)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	return ReadCSV(f, path, fn)
}

func readParquet(r io.ReaderAt, size int64, path string, fn func(Edge)) error {
	pf, err := parquet.OpenFile(r, size)
	if err != nil {
		return fmt.Errorf("%s: not a readable Parquet file: %w", path, err)
	}
	cols := map[string]int{}
	for i, c := range pf.Schema().Columns() {
		cols[strings.Join(c, ".")] = i
	}
	src, okS := cols["src"]
	dst, okD := cols["dst"]
	if !okS || !okD {
		return fmt.Errorf("%s: want string columns src and dst, found %s", path, strings.Join(keys(cols), ", "))
	}
	optional := func(names ...string) int {
		for _, n := range names {
			if i, ok := cols[n]; ok {
				return i
			}
		}
		return -1
	}
	srcKind, dstKind := optional("src_kind", "kind"), optional("dst_kind", "kind")
	rows := make([]parquet.Row, 1024)
	for _, rg := range pf.RowGroups() {
		rr := rg.Rows()
		for {
			n, err := rr.ReadRows(rows)
			for _, row := range rows[:n] {
				if row[src].IsNull() {
					continue // no identifier, no node
				}
				e := Edge{Src: row[src].String(), Dst: str(row[dst])}
				if srcKind >= 0 {
					e.SrcKind = str(row[srcKind])
				}
				if dstKind >= 0 {
					e.DstKind = str(row[dstKind])
				}
				fn(e)
			}
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				rr.Close()
				return fmt.Errorf("%s: %w", path, err)
			}
		}
		rr.Close()
	}
	return nil
}

// str reads a string value; null reads as "" (a node without a link).
func str(v parquet.Value) string {
	if v.IsNull() {
		return ""
	}
	return v.String()
}

func keys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// ReadCSV reads src,dst[,kind,time] rows; a first row naming the columns
// is skipped.
func ReadCSV(r io.Reader, name string, fn func(Edge)) error {
	cr := csv.NewReader(bufio.NewReaderSize(r, 1<<16))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	line := 0
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		line++
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if line == 1 && len(rec) >= 2 && rec[0] == "src" && rec[1] == "dst" {
			continue
		}
		if len(rec) < 2 {
			return fmt.Errorf("%s:%d: want src,dst[,kind,time], got %d field(s)", name, line, len(rec))
		}
		e := Edge{Src: strings.Clone(rec[0]), Dst: strings.Clone(rec[1])}
		if len(rec) >= 3 {
			e.SrcKind = strings.Clone(rec[2])
		}
		fn(e)
	}
}

// AnalyzeFile reads an edge list and analyzes it with Analyze: the whole
// list is held in memory (about 100 bytes per edge), which buys the
// sort-based component pass.
func AnalyzeFile(path string, top int) (*Analysis, error) {
	var edges []Edge
	if st, err := os.Stat(path); err == nil {
		edges = make([]Edge, 0, min(st.Size()/32, 1<<24)) // a first guess: ~32 bytes per edge on disk
	}
	err := ReadFile(path, func(e Edge) { edges = append(edges, e) })
	if err != nil {
		return nil, err
	}
	return Analyze(edges, top), nil
}
