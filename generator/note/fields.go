package note

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Syntax says which of the three field syntaxes a field was written in.
type Syntax string

const (
	SyntaxEmoji    Syntax = "emoji"    // Obsidian Tasks: 📅 2026-11-20
	SyntaxTodoTxt  Syntax = "todotxt"  // todo.txt: due:2026-11-20
	SyntaxDataview Syntax = "dataview" // Dataview inline field: [due:: 2026-11-20]
)

// Field is one token recognised in an action item's line.
type Field struct {
	Key    string // owner, due, done, cancelled, priority, id, scheduled, start, created, or a Dataview key
	Value  string
	Syntax Syntax
	Start  int // byte offsets of the token in the scanned text
	End    int
}

// Priorities in Obsidian Tasks' order, highest first.
var priorityEmoji = map[rune]string{
	'🔺': "highest", '⏫': "high", '🔼': "medium", '🔽': "low", '⏬': "lowest",
}

// dateEmoji maps the Tasks emoji that take a date to the field they set.
var dateEmoji = map[rune]string{
	'📅': "due", '📆': "due", '🗓': "due",
	'✅': "done", '❌': "cancelled",
	'⏳': "scheduled", '🛫': "start", '➕': "created",
}

// dataviewKeys maps Dataview inline-field keys to recap's field names.
var dataviewKeys = map[string]string{
	"owner": "owner", "due": "due", "completion": "done", "done": "done",
	"cancelled": "cancelled", "priority": "priority", "id": "id",
	"scheduled": "scheduled", "start": "start", "created": "created",
}

// ScanFields finds the field tokens in s, the plain text of an action item's
// first line after its checkbox.
func ScanFields(s string) []Field {
	var out []Field
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		if f, ok := scanAt(s, i, r, w); ok {
			out = append(out, f)
			i = f.End
			continue
		}
		i += w
	}
	return out
}

func scanAt(s string, i int, r rune, w int) (Field, bool) {
	switch {
	case r == '[' || r == '(':
		return scanDataview(s, i, r)
	case priorityEmoji[r] != "":
		end := skipVS(s, i+w)
		return Field{Key: "priority", Value: priorityEmoji[r], Syntax: SyntaxEmoji, Start: i, End: end}, true
	case dateEmoji[r] != "":
		j := skipSpaces(s, skipVS(s, i+w))
		if d, ok := dateAt(s, j); ok {
			return Field{Key: dateEmoji[r], Value: d, Syntax: SyntaxEmoji, Start: i, End: j + len(d)}, true
		}
	case r == '🆔':
		j := skipSpaces(s, skipVS(s, i+w))
		k := j
		for k < len(s) && s[k] != ' ' && s[k] != '\t' {
			k++
		}
		if k > j {
			return Field{Key: "id", Value: s[j:k], Syntax: SyntaxEmoji, Start: i, End: k}, true
		}
	case (r == 'd' || r == 't') && (i == 0 || s[i-1] == ' ' || s[i-1] == '\t'):
		for _, p := range []struct{ prefix, key string }{{"due:", "due"}, {"done:", "done"}, {"t:", "scheduled"}} {
			if strings.HasPrefix(s[i:], p.prefix) {
				j := i + len(p.prefix)
				if d, ok := dateAt(s, j); ok && (j+len(d) == len(s) || !isWordByte(s[j+len(d)])) {
					return Field{Key: p.key, Value: d, Syntax: SyntaxTodoTxt, Start: i, End: j + len(d)}, true
				}
			}
		}
	}
	return Field{}, false
}

// scanDataview matches "[key:: value]" or "(key:: value)" at i.
func scanDataview(s string, i int, open rune) (Field, bool) {
	closer := byte(']')
	if open == '(' {
		closer = ')'
	}
	j := i + 1
	for j < len(s) && (isWordByte(s[j]) || s[j] == ' ' || s[j] == '-' || s[j] >= 0x80) && !strings.HasPrefix(s[j:], "::") {
		j++
	}
	if !strings.HasPrefix(s[j:], "::") || j == i+1 {
		return Field{}, false
	}
	key := strings.ToLower(strings.TrimSpace(s[i+1 : j]))
	if key == "" {
		return Field{}, false
	}
	depth := 0
	k := j + 2
	for ; k < len(s); k++ {
		switch s[k] {
		case s[i]:
			depth++
		case closer:
			if depth == 0 {
				name := dataviewKeys[key]
				if name == "" {
					name = key
				}
				return Field{Key: name, Value: strings.TrimSpace(s[j+2 : k]), Syntax: SyntaxDataview, Start: i, End: k + 1}, true
			}
			depth--
		}
	}
	return Field{}, false
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// skipVS skips a U+FE0F variation selector at i.
func skipVS(s string, i int) int {
	if strings.HasPrefix(s[i:], "\uFE0F") {
		return i + len("\uFE0F")
	}
	return i
}

func skipSpaces(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

// dateAt returns the YYYY-MM-DD shape at i, valid or not.
func dateAt(s string, i int) (string, bool) {
	if len(s)-i < 10 {
		return "", false
	}
	d := s[i : i+10]
	for k := 0; k < 10; k++ {
		c := d[k]
		if k == 4 || k == 7 {
			if c != '-' {
				return "", false
			}
		} else if c < '0' || c > '9' {
			return "", false
		}
	}
	if i+10 < len(s) && s[i+10] >= '0' && s[i+10] <= '9' {
		return "", false
	}
	return d, true
}

// ParseDate parses YYYY-MM-DD and rejects impossible dates such as 2026-02-30.
func ParseDate(s string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, s)
	return t, err == nil
}

// Tags returns the #tags of s, normalised (see TagSpans).
func Tags(s string) []string {
	var out []string
	for _, sp := range TagSpans(s) {
		out = append(out, NormTag(s[sp[0]+1:sp[1]]))
	}
	return out
}

// TagSpans returns where the #tags of s are, as the byte offsets of each
// tag's '#' and of the end of its name. A tag is '#' at the start of s or
// after white space or '(', then letters, digits, '_', '-' and '/', not all
// digits ("#123" is an issue number).
func TagSpans(s string) [][2]int {
	var out [][2]int
	for i := 0; i < len(s); i++ {
		if s[i] != '#' || (i > 0 && s[i-1] != ' ' && s[i-1] != '\t' && s[i-1] != '(' && s[i-1] != '\n') {
			continue
		}
		j := i + 1
		digitsOnly := true
		for j < len(s) {
			r, w := utf8.DecodeRuneInString(s[j:])
			if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '-' || r == '/') {
				break
			}
			if !unicode.IsDigit(r) {
				digitsOnly = false
			}
			j += w
		}
		if j > i+1 && !digitsOnly {
			out = append(out, [2]int{i, j})
		}
		i = j - 1
	}
	return out
}

// NormTag lowercases a tag and turns spaces into '-'.
func NormTag(t string) string {
	t = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(t), "#")))
	return strings.Join(strings.Fields(t), "-")
}

// NormText is an action's text as compared across meetings: lowercased,
// @mentions and #tags dropped (the owner is compared on its own), spaces
// collapsed, end punctuation dropped.
func NormText(s string) string {
	words := strings.Fields(s)
	kept := words[:0]
	for _, w := range words {
		if len(w) > 1 && (w[0] == '@' || w[0] == '#') {
			continue
		}
		kept = append(kept, w)
	}
	s = strings.ToLower(strings.Join(kept, " "))
	return strings.TrimRightFunc(s, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) })
}
