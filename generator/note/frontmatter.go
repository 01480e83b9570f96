package note

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"go.yaml.in/yaml/v3"

	"github.com/recapjournal/recap/generator/internal/tomlpos"
)

// Format is a front matter's syntax.
type Format string

const (
	FormatNone Format = ""
	FormatTOML Format = "toml" // between two lines "+++"
	FormatYAML Format = "yaml" // between two lines "---"
)

// FrontMatter is where a note's front matter stands in its file.
type FrontMatter struct {
	Format    Format
	StartLine int // the line of the opening delimiter (always 1)
	EndLine   int // the line of the closing delimiter
	Start     int // byte offset of the first line inside, in the file without BOM
	End       int // byte offset of the closing delimiter's line
}

// value is one top-level front-matter value with the place it is set.
type value struct {
	v         any // string, bool, int64, float64, time.Time, []any, map[string]any, nil
	line, col int
	// yamlTag is the YAML tag of a scalar ("!!timestamp", "!!str"); empty for TOML.
	yamlTag string
}

// posErr is a problem at a line and column of the file.
type posErr struct {
	line, col int
	msg       string
}

func (e *posErr) Error() string { return e.msg }

// splitFrontMatter finds the front matter in src (BOM already removed). It
// returns a zero FrontMatter when the note has none.
func splitFrontMatter(src []byte) (FrontMatter, error) {
	first, _, _ := bytes.Cut(src, []byte("\n"))
	delim := string(bytes.TrimRight(first, " \t\r"))
	var f Format
	switch delim {
	case "+++":
		f = FormatTOML
	case "---":
		f = FormatYAML
	default:
		return FrontMatter{}, nil
	}
	fm := FrontMatter{Format: f, StartLine: 1, Start: len(first) + 1}
	if fm.Start > len(src) {
		fm.Start = len(src)
	}
	off, line := fm.Start, 2
	for off < len(src) {
		l, _, _ := bytes.Cut(src[off:], []byte("\n"))
		t := string(bytes.TrimRight(l, " \t\r"))
		if t == delim || (f == FormatYAML && t == "...") {
			fm.EndLine, fm.End = line, off
			return fm, nil
		}
		off += len(l) + 1
		line++
	}
	return fm, &posErr{1, 1, fmt.Sprintf("front matter opened with %q on line 1 is never closed: add a line %q after it", delim, delim)}
}

// parseFrontMatter decodes the text between the delimiters. firstLine is the
// file line of its first line.
func parseFrontMatter(f Format, text []byte, firstLine int) (map[string]value, error) {
	var vals map[string]value
	var err error
	switch f {
	case FormatTOML:
		vals, err = parseTOML(text, firstLine)
	case FormatYAML:
		vals, err = parseYAML(text, firstLine)
	}
	// Parsers report "end of input" one line past it: point at the closing delimiter.
	if pe, ok := err.(*posErr); ok {
		last := firstLine + bytes.Count(text, []byte("\n"))
		if pe.line > last {
			pe.line, pe.col = last, 1
		}
		if pe.line < 1 {
			pe.line = 1
		}
	}
	return vals, err
}

func parseTOML(text []byte, firstLine int) (map[string]value, error) {
	if out, ok := fastTOML(text, firstLine); ok {
		return out, nil
	}
	var raw map[string]any
	if _, err := toml.Decode(string(text), &raw); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, &posErr{pe.Position.Line + firstLine - 1, charCol(text, pe.Position.Line, pe.Position.Col), "front matter (TOML): " + pe.Message}
		}
		return nil, &posErr{firstLine, 1, "front matter (TOML): " + err.Error()}
	}
	keys := tomlpos.Keys(string(text))
	out := make(map[string]value, len(raw))
	for k, v := range raw {
		p := keys[k]
		out[k] = value{v: v, line: p.Line + firstLine - 1, col: p.Col}
	}
	return out, nil
}

func parseYAML(text []byte, firstLine int) (map[string]value, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(text, &doc); err != nil {
		line, msg := firstLine, err.Error()
		msg = strings.TrimPrefix(msg, "yaml: ")
		if rest, ok := strings.CutPrefix(msg, "line "); ok {
			if n, after, ok := strings.Cut(rest, ": "); ok {
				if l, err := strconv.Atoi(n); err == nil {
					line, msg = l+firstLine-1, after
				}
			}
		}
		return nil, &posErr{line, 1, "front matter (YAML): " + msg}
	}
	out := map[string]value{}
	if len(doc.Content) == 0 {
		return out, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, &posErr{root.Line + firstLine - 1, root.Column, "front matter (YAML) must be a mapping of keys to values"}
	}
	budget := &yamlBudget{nodes: 10000, active: map[*yaml.Node]bool{}}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		val, err := yamlValue(v, budget)
		if err != nil {
			return nil, &posErr{v.Line + firstLine - 1, v.Column, "front matter (YAML): " + err.Error()}
		}
		out[k.Value] = value{v: val, line: k.Line + firstLine - 1, col: k.Column, yamlTag: v.ShortTag()}
	}
	return out, nil
}

// yamlBudget bounds alias expansion: a YAML "billion laughs" or an alias that
// contains itself is an error, not a crash.
type yamlBudget struct {
	nodes  int
	active map[*yaml.Node]bool // aliases being expanded
}

func yamlValue(n *yaml.Node, b *yamlBudget) (any, error) {
	if b.nodes--; b.nodes < 0 {
		return nil, errors.New("too many values (aliases expand to more than 10,000)")
	}
	switch n.Kind {
	case yaml.AliasNode:
		if n.Alias == nil {
			return nil, nil
		}
		if b.active[n.Alias] {
			return nil, fmt.Errorf("alias *%s refers to itself", n.Value)
		}
		b.active[n.Alias] = true
		defer delete(b.active, n.Alias)
		return yamlValue(n.Alias, b)
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := yamlValue(c, b)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case yaml.MappingNode:
		out := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			v, err := yamlValue(n.Content[i+1], b)
			if err != nil {
				return nil, err
			}
			out[n.Content[i].Value] = v
		}
		return out, nil
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!bool":
			var v bool
			if err := n.Decode(&v); err != nil {
				return nil, err
			}
			return v, nil
		case "!!int":
			var i int64
			if err := n.Decode(&i); err != nil {
				return n.Value, nil
			}
			return i, nil
		case "!!float":
			var f float64
			if err := n.Decode(&f); err != nil {
				return n.Value, nil
			}
			return f, nil
		case "!!null":
			return nil, nil
		}
		return n.Value, nil
	}
	return nil, nil
}

// parseWhen turns a front-matter date value into a time. TOML local dates and
// date-times, and strings without an offset, are in loc. dateOnly reports a
// value without a time of day.
func parseWhen(v any, loc *time.Location) (t time.Time, dateOnly bool, err error) {
	switch x := v.(type) {
	case time.Time:
		switch x.Location().String() {
		case "date-local":
			return time.Date(x.Year(), x.Month(), x.Day(), 0, 0, 0, 0, loc), true, nil
		case "datetime-local":
			return time.Date(x.Year(), x.Month(), x.Day(), x.Hour(), x.Minute(), x.Second(), x.Nanosecond(), loc), false, nil
		case "time-local":
			return time.Time{}, false, errors.New("is a time of day without a date")
		}
		return x, false, nil
	case string:
		s := strings.TrimSpace(x)
		if t, err := time.ParseInLocation(time.DateOnly, s, loc); err == nil {
			return t, true, nil
		}
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05Z07:00", "2006-01-02 15:04:05Z07:00", "2006-01-02T15:04Z07:00"} {
			if t, err := time.Parse(layout, s); err == nil {
				return t, false, nil
			}
		}
		for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02 15:04"} {
			if t, err := time.ParseInLocation(layout, s, loc); err == nil {
				return t, false, nil
			}
		}
		return time.Time{}, false, fmt.Errorf("%q is not a date: write YYYY-MM-DD or an RFC 3339 date-time such as 2026-11-20T14:00:00+01:00", x)
	}
	return time.Time{}, false, fmt.Errorf("must be a date, not %s", typeName(v))
}

func typeName(v any) string {
	switch v.(type) {
	case nil:
		return "empty"
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a number"
	case bool:
		return "a boolean"
	case time.Time:
		return "a date"
	case []any:
		return "an array"
	case map[string]any:
		return "a table"
	}
	return fmt.Sprintf("%T", v)
}

// sortedKeys returns m's keys in file order (then by name).
func sortedKeys(m map[string]value) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Slice(ks, func(i, j int) bool {
		a, b := m[ks[i]], m[ks[j]]
		if a.line != b.line {
			return a.line < b.line
		}
		return ks[i] < ks[j]
	})
	return ks
}

// charCol turns a 1-based byte column on 1-based line of text into a
// character column, 1 when it is past the end of the line.
func charCol(text []byte, line, col int) int {
	lines := bytes.Split(text, []byte("\n"))
	if line < 1 || line > len(lines) || col < 1 {
		return 1
	}
	l := bytes.TrimRight(lines[line-1], "\r")
	if col > len(l)+1 {
		return 1
	}
	return utf8.RuneCount(l[:col-1]) + 1
}
