package search

import (
	"fmt"
	"slices"
	"sync/atomic"
	"testing"
)

// TestRowCache writes rows through a rowCache as journals change between
// writes, and checks that the rows are right and that those written last
// time are found, not marshaled again, but for a few around a change.
func TestRowCache(t *testing.T) {
	seq := func(lo, hi int) []int {
		var out []int
		for k := lo; k < hi; k++ {
			out = append(out, k)
		}
		return out
	}
	base := seq(0, 1000)
	moved := slices.Concat(seq(0, 100), seq(400, 450), seq(100, 400), seq(450, 1000))
	reversed := slices.Clone(base)
	slices.Reverse(reversed)
	for _, c := range []struct {
		name  string
		keys  []int
		new   int // rows not in base
		slack int // rows marshaled again at most, besides the new ones
	}{
		{"same", base, 0, 0},
		{"one changed", slices.Concat(seq(0, 500), []int{-1}, seq(501, 1000)), 1, 0},
		{"three added", slices.Concat(seq(0, 500), []int{-1, -2, -3}, seq(500, 1000)), 3, 0},
		{"five removed", slices.Concat(seq(0, 500), seq(505, 1000)), 0, 0},
		{"forty added", slices.Concat(seq(0, 500), seq(-40, 0), seq(500, 1000)), 40, near},
		{"fifty moved", moved, 0, near},
		{"reversed", reversed, 0, near},
		{"none", nil, 0, 0},
		{"all new", seq(2000, 3000), 1000, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			var made atomic.Int64
			rc := rowCache[int]{row: func(k int) []any {
				made.Add(1)
				return []any{k, "row"}
			}}
			write := func(keys []int) int {
				made.Store(0)
				got := rc.appendRows(nil, append(rc.room(len(keys)), keys...))
				want := "["
				for i, k := range keys {
					if i > 0 {
						want += ","
					}
					want += fmt.Sprintf(`[%d,"row"]`, k)
				}
				if want += "]"; string(got) != want {
					t.Fatalf("rows %.200s, want %.200s", got, want)
				}
				return int(made.Load())
			}
			write(base)
			n := write(c.keys)
			if n < c.new || n > c.new+c.slack {
				t.Errorf("%d rows marshaled again, want %d (+%d)", n, c.new, c.slack)
			}
			if n := write(c.keys); n != 0 {
				t.Errorf("the same rows again: %d marshaled", n)
			}
			if len(rc.rows) != len(c.keys) {
				t.Errorf("%d rows kept, want %d", len(rc.rows), len(c.keys))
			}
		})
	}
}
