package graph

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unsafe"

	"github.com/parquet-go/parquet-go"
)

// Edge is one row of an edge list.
type Edge struct {
	Src, Dst         string
	SrcKind, DstKind string // optional
}

// nameChunk is how many bytes of names a reader copies into one
// allocation.
const nameChunk = 64 << 10

// nameArena holds the strings a reader hands out: identifiers one after the
// other in chunks of nameChunk bytes, rather than an allocation each, and
// each kind once: Analyze reads every identifier in order, fastest when
// they are laid out in order. A string handed out is never written again:
// the chunks only grow.
type nameArena struct {
	buf   []byte
	kinds map[string]string
}

// copyName returns b as a string in the current chunk.
func copyName[T string | []byte](n *nameArena, b T) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > cap(n.buf)-len(n.buf) {
		if len(b) > nameChunk/8 {
			return string(b) // a long one goes alone, not to waste a chunk
		}
		n.buf = make([]byte, 0, nameChunk)
	}
	at := len(n.buf)
	n.buf = append(n.buf, b...)
	return unsafe.String(&n.buf[at], len(b))
}

// copyKind returns b as a string, one per distinct kind.
func copyKind[T string | []byte](n *nameArena, b T) string {
	if k, ok := n.kinds[string(b)]; ok {
		return k
	}
	if n.kinds == nil {
		n.kinds = map[string]string{}
	}
	k := string(b)
	n.kinds[k] = k
	return k
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
	var nm nameArena
	rows := make([]parquet.Row, 1024)
	for _, rg := range pf.RowGroups() {
		rr := rg.Rows()
		for {
			n, err := rr.ReadRows(rows)
			for _, row := range rows[:n] {
				if row[src].IsNull() {
					continue // no identifier, no node
				}
				e := Edge{Src: value(&nm, row[src], false), Dst: value(&nm, row[dst], false)}
				if srcKind >= 0 {
					e.SrcKind = value(&nm, row[srcKind], true)
				}
				if dstKind >= 0 {
					e.DstKind = value(&nm, row[dstKind], true)
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

// value reads an identifier, or a kind: a byte array as it is, null as ""
// (a node without a link), a value of another type as parquet-go prints
// it.
func value(n *nameArena, v parquet.Value, isKind bool) string {
	switch {
	case v.IsNull():
		return ""
	case v.Kind() != parquet.ByteArray && v.Kind() != parquet.FixedLenByteArray:
		return v.String()
	case isKind:
		return copyKind(n, v.ByteArray())
	}
	return copyName(n, v.ByteArray())
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
	var nm nameArena
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
		e := Edge{Src: copyName(&nm, rec[0]), Dst: copyName(&nm, rec[1])}
		if len(rec) >= 3 {
			e.SrcKind = copyKind(&nm, rec[2])
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
