// Package tomlpos reads TOML for recap and says where each key is set.
//
// recap names the line and column of every problem in config.toml and in TOML
// front matter: "config.toml:7:1: unknown key people.dev.nmae". Decode reads a
// document with go-toml/v2, which checks it and words its errors, then walks
// the document once more with go-toml's own parser to place the keys. There is
// no other TOML reader in recap.
package tomlpos

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"

	"github.com/recapjournal/recap/generator/internal/textpos"
)

// Pos is a place in a document: a 1-based line and a 1-based column counted in
// characters.
type Pos struct{ Line, Col int }

// Error is a document that is not valid TOML, with the place of the problem.
type Error struct {
	Pos
	Msg string // go-toml's message, without its "toml: " prefix
}

// Error returns "line:col: message".
func (e *Error) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg) }

// The zones of TOML's local date-times, dates and times. Decode gives every
// date as a time.Time, and a local one in one of these zones: the zone says
// that the document gave no offset, and which kind of value it was. Their
// offset is the machine's.
var (
	localOffset   = func() int { _, o := time.Now().Zone(); return o }()
	LocalDatetime = time.FixedZone("datetime-local", localOffset)
	LocalDate     = time.FixedZone("date-local", localOffset)
	LocalTime     = time.FixedZone("time-local", localOffset)
)

// Decode reads the TOML document src. It returns the document's values and,
// for each dotted key path ("people.dev.name") and each of the path's
// prefixes, the place where it is first set: the key's first character, or the
// '[' of a table header. Entries of an array of tables share one path.
//
// Values are string, int64, float64, bool, time.Time (local date-times, dates
// and times in LocalDatetime, LocalDate and LocalTime), []any and
// map[string]any. A document that is not valid TOML gives an *Error.
func Decode(src []byte) (map[string]any, map[string]Pos, error) {
	idx := textpos.New(src)
	var raw map[string]any
	if err := toml.Unmarshal(src, &raw); err != nil {
		return nil, nil, decodeError(src, idx, err)
	}
	for k, v := range raw {
		raw[k] = timesOf(v)
	}
	keys, err := places(src, idx)
	if err != nil {
		return nil, nil, decodeError(src, idx, err)
	}
	return raw, keys, nil
}

// decodeError turns go-toml's error into an *Error.
func decodeError(src []byte, idx *textpos.Index, err error) error {
	var de *toml.DecodeError
	var pe *unstable.ParserError
	switch {
	case errors.As(err, &de):
		line, col := de.Position() // col counts bytes
		msg := strings.TrimPrefix(de.Error(), "toml: ")
		off := idx.LineStart(line) + col - 1
		// "x = 1 2": go-toml points at the "2"; point after the value,
		// where the line should have ended.
		if strings.HasPrefix(msg, "expected newline") {
			for off > idx.LineStart(line) && (src[off-1] == ' ' || src[off-1] == '\t') {
				off--
			}
		}
		// An error at the end of the input highlights its last byte, which
		// may be inside a character.
		for off > 0 && off < len(src) && !utf8.RuneStart(src[off]) {
			off--
		}
		line, col = idx.Pos(off)
		return &Error{Pos{line, col}, msg}
	case errors.As(err, &pe):
		off := len(src)
		if len(pe.Highlight) > 0 {
			off = cap(src) - cap(pe.Highlight)
		}
		line, col := idx.Pos(off)
		return &Error{Pos{line, col}, pe.Message}
	}
	return &Error{Pos{1, 1}, strings.TrimPrefix(err.Error(), "toml: ")}
}

// timesOf returns v with go-toml's local date-times, dates and times, and those
// in the arrays and tables it holds, as time.Time values.
func timesOf(v any) any {
	switch x := v.(type) {
	case toml.LocalDateTime:
		return time.Date(x.Year, time.Month(x.Month), x.Day, x.Hour, x.Minute, x.Second, x.Nanosecond, LocalDatetime)
	case toml.LocalDate:
		return time.Date(x.Year, time.Month(x.Month), x.Day, 0, 0, 0, 0, LocalDate)
	case toml.LocalTime:
		return time.Date(0, time.January, 1, x.Hour, x.Minute, x.Second, x.Nanosecond, LocalTime)
	case []any:
		for i, e := range x {
			x[i] = timesOf(e)
		}
	case map[string]any:
		for k, e := range x {
			x[k] = timesOf(e)
		}
	}
	return v
}

// parsers keeps go-toml parsers, and the room for their nodes, between documents.
var parsers = sync.Pool{New: func() any { return new(unstable.Parser) }}

// places walks the document with go-toml's parser and returns where each key
// path is first set.
func places(src []byte, idx *textpos.Index) (map[string]Pos, error) {
	w := walker{idx: idx, out: make(map[string]Pos, 16)}
	p := parsers.Get().(*unstable.Parser)
	defer func() {
		p.Reset(nil)
		parsers.Put(p)
	}()
	p.Reset(src)
	var table []string
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			table = path(nil, e.Key())
			// A header starts at its '[' or "[[", before optional blanks.
			off := firstKey(e).Raw.Offset
			for off > 0 && (src[off-1] == ' ' || src[off-1] == '\t') {
				off--
			}
			for n := 0; n < 2 && off > 0 && src[off-1] == '['; n++ {
				off--
			}
			w.put(table, off)
		case unstable.KeyValue:
			w.keyValue(table, e)
		}
	}
	return w.out, p.Error()
}

// walker records the places of the keys of one document.
type walker struct {
	idx *textpos.Index
	out map[string]Pos
}

// keyValue records the key of kv under the path prefix, and the keys of the
// inline tables in its value.
func (w *walker) keyValue(prefix []string, kv *unstable.Node) {
	p := path(prefix, kv.Key())
	w.put(p, firstKey(kv).Raw.Offset)
	w.value(p, kv.Value())
}

// value records the keys of the inline tables in v, the value at path p.
func (w *walker) value(p []string, v *unstable.Node) {
	switch v.Kind {
	case unstable.InlineTable:
		for it := v.Children(); it.Next(); {
			if kv := it.Node(); kv.Kind == unstable.KeyValue {
				w.keyValue(p, kv)
			}
		}
	case unstable.Array:
		for it := v.Children(); it.Next(); {
			w.value(p, it.Node())
		}
	}
}

// put records byte offset off as the place of path and of each of its
// prefixes not yet placed ("params.color = 1" also places "params").
func (w *walker) put(path []string, off uint32) {
	line, col := w.idx.Pos(int(off))
	for i := 1; i <= len(path); i++ {
		k := strings.Join(path[:i], ".")
		if _, ok := w.out[k]; !ok {
			w.out[k] = Pos{line, col}
		}
	}
}

// firstKey returns the first part of the key of a key/value or a table header.
func firstKey(n *unstable.Node) *unstable.Node {
	it := n.Key()
	it.Next()
	return it.Node()
}

// path appends the parts of a dotted key to a copy of prefix.
func path(prefix []string, it unstable.Iterator) []string {
	p := append(make([]string, 0, len(prefix)+2), prefix...)
	for it.Next() {
		p = append(p, string(it.Node().Data))
	}
	return p
}
