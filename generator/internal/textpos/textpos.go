// Package textpos maps byte offsets in a text to 1-based lines and columns.
package textpos

import (
	"sort"
	"unicode/utf8"
)

// Index holds the start offset of every line of a text.
type Index struct {
	src   []byte
	lines []int
}

// New indexes src. A line ends at '\n'; a '\r' before it belongs to the line.
func New(src []byte) *Index {
	lines := make([]int, 1, 64)
	for i, c := range src {
		if c == '\n' {
			lines = append(lines, i+1)
		}
	}
	return &Index{src: src, lines: lines}
}

// Pos returns the 1-based line and column (in characters) of byte offset off.
func (x *Index) Pos(off int) (line, col int) {
	if off < 0 {
		off = 0
	}
	if off > len(x.src) {
		off = len(x.src)
	}
	i := sort.Search(len(x.lines), func(i int) bool { return x.lines[i] > off }) - 1
	return i + 1, utf8.RuneCount(x.src[x.lines[i]:off]) + 1
}

// Line returns the 1-based line of byte offset off.
func (x *Index) Line(off int) int {
	l, _ := x.Pos(off)
	return l
}

// LineStart returns the byte offset where 1-based line n starts.
func (x *Index) LineStart(n int) int {
	if n < 1 {
		return 0
	}
	if n > len(x.lines) {
		return len(x.src)
	}
	return x.lines[n-1]
}

// Lines returns how many lines the text has.
func (x *Index) Lines() int { return len(x.lines) }
