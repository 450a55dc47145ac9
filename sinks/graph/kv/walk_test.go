package kv_test

import (
	"encoding/binary"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// walkTxPerHop is the naive traversal: a read transaction per hop.
func walkTxPerHop(tb testing.TB, db *bolt.DB, start string) int {
	seen := map[string]bool{start: true}
	queue := []string{start}
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		var next []string
		err := db.View(func(tx *bolt.Tx) error {
			v := tx.Bucket([]byte("nodes")).Get([]byte(id))
			for p := v[8:]; len(p) > 0; {
				l, k := binary.Uvarint(p)
				next = append(next, string(p[k:k+int(l)]))
				p = p[k+int(l):]
			}
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
		for _, n := range next {
			if !seen[n] {
				seen[n] = true
				queue = append(queue, n)
			}
		}
	}
	return len(seen)
}
