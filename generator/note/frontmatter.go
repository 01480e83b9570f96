package note

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/recapjournal/recap/generator/internal/textpos"
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
//
// A first line "+++" always opens TOML front matter, and an error says when
// it is never closed. A first line "---" opens YAML front matter only when a
// closing "---" (or YAML's "...") line follows and the first line between
// them that is neither blank nor a comment looks like "key:" (see
// looksLikeYAMLKey); between two lines "---" with nothing but blank lines is
// empty front matter. Otherwise the "---" is the note's first thematic break
// and stays in the body with everything after it: nothing is lost.
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
	// firstLine is what the first line that is neither blank nor a comment
	// says: 0 none yet, 1 a key, -1 anything else.
	firstLine := 0
	for off < len(src) {
		l, _, _ := bytes.Cut(src[off:], []byte("\n"))
		t := string(bytes.TrimRight(l, " \t\r"))
		if t == delim || (f == FormatYAML && t == "...") {
			if f == FormatYAML && firstLine < 0 {
				return FrontMatter{}, nil
			}
			if f == FormatYAML && firstLine == 0 && hasYAMLComment(src[fm.Start:off]) {
				// Only comments: in Markdown they are headings, which
				// front matter would swallow.
				return FrontMatter{}, nil
			}
			fm.EndLine, fm.End = line, off
			return fm, nil
		}
		if f == FormatYAML && firstLine == 0 {
			if s := strings.TrimLeft(t, " "); s != "" && s[0] != '#' {
				firstLine = -1
				if looksLikeYAMLKey(s) {
					firstLine = 1
				}
			}
		}
		off += len(l) + 1
		line++
	}
	if f == FormatYAML {
		return FrontMatter{}, nil
	}
	return fm, &posErr{1, 1, fmt.Sprintf("front matter opened with %q on line 1 is never closed: add a line %q after it", delim, delim)}
}

// hasYAMLComment reports whether text has a line that starts, after spaces,
// with '#'.
func hasYAMLComment(text []byte) bool {
	for len(text) > 0 {
		l, rest, _ := bytes.Cut(text, []byte("\n"))
		if t := bytes.TrimLeft(l, " "); len(t) > 0 && t[0] == '#' {
			return true
		}
		text = rest
	}
	return false
}

// looksLikeYAMLKey reports whether a line (without leading spaces) starts
// like a YAML mapping entry: a key, then ':' followed by white space or the
// end of the line. A key is a letter, digit or '_' followed by letters,
// digits, '_' and '-', or a single- or double-quoted string. "key : value"
// (a space before the colon, as French typography writes prose) and
// "http://x" are not keys.
func looksLikeYAMLKey(s string) bool {
	i := 0
	switch {
	case s == "":
		return false
	case s[0] == '"' || s[0] == '\'':
		q := s[0]
		for i = 1; i < len(s); i++ {
			if q == '"' && s[i] == '\\' {
				i++
				continue
			}
			if s[i] == q {
				if q == '\'' && i+1 < len(s) && s[i+1] == '\'' { // '' is a quote
					i++
					continue
				}
				break
			}
		}
		if i >= len(s) {
			return false
		}
		i++
		for i < len(s) && s[i] == ' ' { // a quoted key may have spaces before its colon
			i++
		}
	default:
		for i < len(s) {
			r, w := utf8.DecodeRuneInString(s[i:])
			if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || (r == '-' && i > 0)) {
				break
			}
			i += w
		}
		if i == 0 {
			return false
		}
	}
	return i < len(s) && s[i] == ':' && (i+1 == len(s) || s[i+1] == ' ' || s[i+1] == '\t')
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

// parseTOML decodes TOML front matter; firstLine is the file line of its
// first line.
func parseTOML(text []byte, firstLine int) (map[string]value, error) {
	raw, places, err := tomlpos.Decode(text)
	if err != nil {
		var te *tomlpos.Error
		if errors.As(err, &te) {
			return nil, &posErr{te.Line + firstLine - 1, te.Col, "front matter (TOML): " + te.Msg}
		}
		return nil, &posErr{firstLine, 1, "front matter (TOML): " + err.Error()}
	}
	out := make(map[string]value, len(raw))
	for k, v := range raw {
		p := places[k]
		out[k] = value{v: v, line: p.Line + firstLine - 1, col: p.Col}
	}
	return out, nil
}

// parseYAML decodes YAML front matter; firstLine is the file line of its
// first line.
func parseYAML(text []byte, firstLine int) (map[string]value, error) {
	lines := newYAMLLines(text)
	var doc yaml.Node
	if err := yaml.Unmarshal(text, &doc); err != nil {
		line, msg := yamlError(text, lines, err)
		return nil, &posErr{line + firstLine - 1, 1, "front matter (YAML): " + msg}
	}
	out := map[string]value{}
	if len(doc.Content) == 0 {
		return out, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		line, col := lines.pos(root.Line, root.Column)
		return nil, &posErr{line + firstLine - 1, col, "front matter (YAML) must be a mapping of keys to values"}
	}
	budget := &yamlBudget{nodes: 10000, active: map[*yaml.Node]bool{}}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		val, err := yamlValue(v, budget)
		if err != nil {
			line, col := lines.pos(v.Line, v.Column)
			return nil, &posErr{line + firstLine - 1, col, "front matter (YAML): " + err.Error()}
		}
		line, col := lines.pos(k.Line, k.Column)
		out[k.Value] = value{v: val, line: line + firstLine - 1, col: col, yamlTag: v.ShortTag()}
	}
	return out, nil
}

// yamlParserProblems are the problems yaml.v3's parser, rather than its
// scanner, reports (parserc.go). yaml.v3 words both as "line N: problem", but
// N is 1-based for the scanner's and 0-based for the parser's (yaml.v3's
// parser.fail adds 1 only to scanner errors).
var yamlParserProblems = map[string]bool{
	"did not find expected <stream-start>":   true,
	"did not find expected <document start>": true,
	"did not find expected node content":     true,
	"did not find expected key":              true,
	"did not find expected '-' indicator":    true,
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found duplicate %TAG directive":         true,
	"found undefined tag handle":             true,
}

// yamlSearchMax is the longest YAML text in which yamlSearch looks for
// the line of an error: the search parses the text about log2(lines) times.
const yamlSearchMax = 16 << 10

// yamlError returns the line of text (1-based) and the message of err, the
// error of yaml.Unmarshal(text). An error that names no line (an unknown
// anchor, a control character, a problem on the first line) is placed on the
// first line that, with the lines before it, gives the same error; in a text
// longer than yamlSearchMax, on the first line.
func yamlError(text []byte, lines yamlLines, err error) (int, string) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if n, problem, ok := strings.Cut(rest, ": "); ok {
			if l, err := strconv.Atoi(n); err == nil {
				if yamlParserProblems[problem] {
					l++
				}
				line, _ := lines.pos(l, 1)
				return line, problem
			}
		}
	}
	return yamlSearch(text, err), msg
}

// yamlSearch returns the first line of text that, with the lines before it,
// fails to parse with err; 1 when there is none or text is longer than
// yamlSearchMax.
func yamlSearch(text []byte, err error) int {
	if len(text) > yamlSearchMax {
		return 1
	}
	var ends []int // where each line of text ends, after its '\n'
	for i, c := range text {
		if c == '\n' {
			ends = append(ends, i+1)
		}
	}
	if len(ends) == 0 || ends[len(ends)-1] < len(text) {
		ends = append(ends, len(text))
	}
	i := sort.Search(len(ends), func(i int) bool {
		var n yaml.Node
		e := yaml.Unmarshal(text[:ends[i]], &n)
		return e != nil && e.Error() == err.Error()
	})
	if i == len(ends) {
		return 1
	}
	return i + 1
}

// yamlLines maps yaml.v3's lines and columns to those of the text it read.
// yaml.v3 also breaks lines at a lone CR, U+0085, U+2028 and U+2029 (YAML
// 1.1's line breaks); the text's lines end at LF only.
type yamlLines struct {
	idx    *textpos.Index // nil when the text has no other line break than LF
	text   []byte
	starts []int // byte offset of each yaml.v3 line
}

// newYAMLLines finds yaml.v3's lines in text.
func newYAMLLines(text []byte) yamlLines {
	if !bytes.ContainsAny(text, "\r\u0085\u2028\u2029") {
		return yamlLines{}
	}
	y := yamlLines{idx: textpos.New(text), text: text, starts: []int{0}}
	for i := 0; i < len(text); {
		r, w := utf8.DecodeRune(text[i:])
		i += w
		switch {
		case r == '\r' && i < len(text) && text[i] == '\n':
			// CRLF is one break, at its LF.
		case r == '\n' || r == '\r' || r == '\u0085' || r == '\u2028' || r == '\u2029':
			y.starts = append(y.starts, i)
		}
	}
	return y
}

// pos returns the 1-based line and column in the text of yaml.v3's 1-based
// line and column (in characters).
func (y yamlLines) pos(line, col int) (int, int) {
	if y.idx == nil || line < 1 {
		return line, col
	}
	if line > len(y.starts) {
		// Past the end, as a parser reports the end of its input.
		return y.idx.Lines() + line - len(y.starts), col
	}
	off := y.starts[line-1]
	for ; col > 1 && off < len(y.text); col-- {
		_, w := utf8.DecodeRune(y.text[off:])
		off += w
	}
	return y.idx.Pos(off)
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
		switch x.Location() {
		case tomlpos.LocalDate:
			return time.Date(x.Year(), x.Month(), x.Day(), 0, 0, 0, 0, loc), true, nil
		case tomlpos.LocalDatetime:
			return time.Date(x.Year(), x.Month(), x.Day(), x.Hour(), x.Minute(), x.Second(), x.Nanosecond(), loc), false, nil
		case tomlpos.LocalTime:
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
