package objstore_test

import (
	"context"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/prodshape/prodshape/sinks/objstore"
	"github.com/prodshape/prodshape/sinks/objstore/storetest"
)

// FuzzLocalListOrder: whatever keys are stored, List yields exactly those
// under the prefix, in byte order, as S3 does. Input: newline-separated keys
// and a prefix.
func FuzzLocalListOrder(f *testing.F) {
	f.Add("a/b\na-c\na0\na/a/z\nab/c", "a")
	f.Add("dt=1/x\ndt=10/y\ndt=1-/z\ndt=1.5/q", "dt=1")
	f.Add("x/y/z\nx/y.z\nx/y-z\nx/y/\u00e9", "x/y")
	f.Add("../up\n/abs\nok\n.hidden/f", "")
	f.Fuzz(func(t *testing.T, input, prefix string) {
		s, err := objstore.NewLocal(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		var stored []string
		for _, key := range strings.Split(input, "\n") {
			if len(stored) == 20 || len(key) > 100 {
				break
			}
			// Invalid keys and file/folder clashes ("a" and "a/b") fail;
			// only keys that were stored must be listed.
			if s.Put(context.Background(), key, []byte(key)) == nil && !slices.Contains(stored, key) {
				stored = append(stored, key)
			}
		}
		var want []string
		for _, k := range stored {
			if strings.HasPrefix(k, prefix) {
				want = append(want, k)
			}
		}
		sort.Strings(want)
		if got := storetest.Keys(t, s, prefix); !slices.Equal(got, want) {
			t.Fatalf("List(%q) = %q, want %q", prefix, got, want)
		}
	})
}
