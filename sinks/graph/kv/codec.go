package kv

import (
	"encoding/binary"
	"errors"
)

// A node's value is its cluster id (8 bytes, big endian) followed by its
// neighbours, each a uvarint length and the identifier's bytes.

var errCorrupt = errors.New("corrupt node record")

func clusterOf(v []byte) uint64 { return binary.BigEndian.Uint64(v) }

func newNode(cluster uint64) []byte {
	return binary.BigEndian.AppendUint64(make([]byte, 0, 32), cluster)
}

// eachNeighbour calls fn for every neighbour in a node value; fn returns
// false to stop.
func eachNeighbour(v []byte, fn func(n []byte) bool) error {
	p := v[8:]
	for len(p) > 0 {
		l, k := binary.Uvarint(p)
		if k <= 0 || uint64(len(p)-k) < l {
			return errCorrupt
		}
		if !fn(p[k : k+int(l)]) {
			return nil
		}
		p = p[k+int(l):]
	}
	return nil
}

func hasNeighbour(v []byte, id string) (bool, error) {
	found := false
	err := eachNeighbour(v, func(n []byte) bool {
		found = string(n) == id
		return !found
	})
	return found, err
}

// appendNeighbour appends id to a node value the caller owns.
func appendNeighbour(v []byte, id string) []byte {
	v = binary.AppendUvarint(v, uint64(len(id)))
	return append(v, id...)
}

func u64(v uint64) []byte { return binary.BigEndian.AppendUint64(nil, v) }
