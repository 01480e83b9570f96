package search

import (
	"runtime"
	"sync"
)

// rowCache writes rows of a table with encoding/json, keeping those of the
// last write for the next. A row is made of its key only, by row, so a row
// whose key the last write had is taken from there.
//
// Rows keep their order from write to write, but for the few an edit adds
// or removes, so a row is looked for where it was last time, give or take
// the rows added or removed before it, and only when that fails for a few
// rows in a row are the last write's rows looked up by key.
type rowCache[K comparable] struct {
	row  func(K) []any // the values of the row made of a key
	keys []K           // the last write's keys
	rows [][]byte      // and its rows, as JSON

	// Room for the next write's keys and rows.
	spareKeys []K
	spareRows [][]byte
}

// near is how far from where it is expected a row is looked for.
const near = 8

// room returns an empty slice with room for n keys, for the next write.
func (c *rowCache[K]) room(n int) []K {
	if cap(c.spareKeys) < n {
		c.spareKeys = make([]K, 0, n+n/8)
	}
	return c.spareKeys[:0]
}

// appendRows appends the JSON array of the rows made of keys. It keeps them
// for the next write, and keys with them: they must not change.
func (c *rowCache[K]) appendRows(b []byte, keys []K) []byte {
	rows := grow(c.spareRows, len(keys))
	var missing []int
	var look finder[K]
	for i, k := range keys {
		if j, ok := look.find(c.keys, i, k); ok {
			rows[i] = c.rows[j]
		} else {
			missing = append(missing, i)
		}
	}
	// Rows are marshaled in parallel when there are many (a first write).
	workers := min(runtime.GOMAXPROCS(0), 1+len(missing)/512)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for m := w; m < len(missing); m += workers {
				i := missing[m]
				rows[i] = marshal(c.row(keys[i]))
			}
		})
	}
	wg.Wait()

	b = append(b, '[')
	for i, r := range rows {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, r...)
	}
	b = append(b, ']')

	c.spareKeys, c.spareRows = c.keys, c.rows
	clear(c.spareKeys) // the rows no longer kept
	clear(c.spareRows)
	c.keys, c.rows = keys, rows
	return b
}

// finder finds rows of the last write by key, going through this write's
// rows in order.
type finder[K comparable] struct {
	shift  int       // row i of this write was row i+shift of the last
	missed int       // rows in a row not found where expected
	at     map[K]int // the last write's rows by key, once they are needed
}

// find returns where the last write, whose keys were last, had the row of
// key k, which is row i of this write.
func (f *finder[K]) find(last []K, i int, k K) (int, bool) {
	want := i + f.shift
	for d := range near + 1 {
		for _, j := range [2]int{want + d, want - d} {
			if j >= 0 && j < len(last) && last[j] == k {
				f.shift, f.missed = j-i, 0
				return j, true
			}
		}
	}
	if f.at == nil {
		if f.missed++; f.missed < near {
			return 0, false
		}
		f.at = make(map[K]int, len(last))
		for j, k := range last {
			f.at[k] = j
		}
	}
	j, ok := f.at[k]
	if ok {
		f.shift, f.missed = j-i, 0
	}
	return j, ok
}

// appendRows appends rows as a JSON array. A long one is marshaled in
// parts, in parallel.
func appendRows(b []byte, rows [][]any) []byte {
	if len(rows) == 0 {
		return append(b, "[]"...)
	}
	parts := make([][]byte, min(runtime.GOMAXPROCS(0), 1+len(rows)/1024))
	var wg sync.WaitGroup
	for w := range parts {
		wg.Go(func() { parts[w] = marshal(rows[w*len(rows)/len(parts) : (w+1)*len(rows)/len(parts)]) })
	}
	wg.Wait()
	b = append(b, '[')
	for w, p := range parts {
		if w > 0 {
			b = append(b, ',')
		}
		b = append(b, p[1:len(p)-1]...) // each part has a row or more
	}
	return append(b, ']')
}
