package note

import (
	"bytes"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Front matter is almost always a few lines of `key = value` with strings,
// dates, booleans, integers and arrays of strings. fastTOML reads exactly
// that subset, in a tenth of the time and garbage of a full TOML decoder;
// for anything else (a table, a dotted or quoted key, an escape, a float, a
// multi-line value, a duplicate key, a syntax error) it reports !ok and the
// caller decodes the text with BurntSushi/toml, which also words the errors.
// What it returns is what BurntSushi/toml returns for the same text (a test
// and a fuzz target compare the two), with the positions tomlpos would give.

// The zones BurntSushi/toml gives local dates and date-times; parseWhen reads
// only their names.
var (
	tomlLocalDatetime = time.FixedZone("datetime-local", localOffset())
	tomlLocalDate     = time.FixedZone("date-local", localOffset())
)

func localOffset() int { _, o := time.Now().Zone(); return o }

// fastTOML decodes text, the front matter's TOML, when it is in the simple
// subset; firstLine is the file line of its first line.
func fastTOML(text []byte, firstLine int) (map[string]value, bool) {
	out := make(map[string]value, 8)
	for ln, rest := 0, text; len(rest) > 0; ln++ {
		var line []byte
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			line, rest = rest, nil
		}
		i := 0
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		if i == len(line) {
			continue
		}
		if line[i] == '#' {
			if !commentOK(line[i+1:]) {
				return nil, false
			}
			continue
		}
		col := i + 1
		k := i
		for k < len(line) && bareKeyByte(line[k]) {
			k++
		}
		if k == i {
			return nil, false
		}
		key := string(line[i:k])
		for k < len(line) && (line[k] == ' ' || line[k] == '\t') {
			k++
		}
		if k == len(line) || line[k] != '=' {
			return nil, false
		}
		k++
		for k < len(line) && (line[k] == ' ' || line[k] == '\t') {
			k++
		}
		v, n, ok := fastValue(line[k:])
		if !ok {
			return nil, false
		}
		k += n
		for k < len(line) && (line[k] == ' ' || line[k] == '\t') {
			k++
		}
		if k < len(line) && (line[k] != '#' || !commentOK(line[k+1:])) {
			return nil, false
		}
		if _, dup := out[key]; dup {
			return nil, false
		}
		out[key] = value{v: v, line: ln + firstLine, col: col}
	}
	return out, true
}

func bareKeyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// commentOK reports whether a comment's text is valid UTF-8 with no control
// character but tab, as TOML requires.
func commentOK(b []byte) bool {
	for _, c := range b {
		if c < 0x20 && c != '\t' || c == 0x7f {
			return false
		}
	}
	return utf8.Valid(b)
}

// fastValue reads the value at the start of b and returns it and its length.
func fastValue(b []byte) (any, int, bool) {
	if len(b) == 0 {
		return nil, 0, false
	}
	switch c := b[0]; {
	case c == '"':
		return fastString(b)
	case c == '[':
		arr := make([]any, 0, 2)
		i := 1
		for {
			for i < len(b) && (b[i] == ' ' || b[i] == '\t') {
				i++
			}
			if i < len(b) && b[i] == ']' {
				return arr, i + 1, true
			}
			if i == len(b) || b[i] != '"' {
				return nil, 0, false
			}
			s, n, ok := fastString(b[i:])
			if !ok {
				return nil, 0, false
			}
			arr = append(arr, s)
			i += n
			for i < len(b) && (b[i] == ' ' || b[i] == '\t') {
				i++
			}
			if i < len(b) && b[i] == ',' {
				i++
				continue
			}
			if i < len(b) && b[i] == ']' {
				return arr, i + 1, true
			}
			return nil, 0, false
		}
	case c == 't' || c == 'f':
		w := word(b)
		switch string(b[:w]) {
		case "true":
			return true, w, true
		case "false":
			return false, w, true
		}
		return nil, 0, false
	case c >= '0' && c <= '9' || c == '-' || c == '+':
		w := word(b)
		s := string(b[:w])
		if t, ok := fastDate(s); ok {
			return t, w, true
		}
		digits := strings.TrimLeft(s, "+-")
		if len(s)-len(digits) > 1 || len(digits) == 0 || len(digits) > 18 || len(digits) > 1 && digits[0] == '0' {
			return nil, 0, false
		}
		for i := 0; i < len(digits); i++ {
			if digits[i] < '0' || digits[i] > '9' {
				return nil, 0, false
			}
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, 0, false
		}
		return n, w, true
	}
	return nil, 0, false
}

// word is the length of the value token at the start of b: up to white
// space, a comma, a bracket or a comment.
func word(b []byte) int {
	i := 0
	for i < len(b) && b[i] != ' ' && b[i] != '\t' && b[i] != ',' && b[i] != ']' && b[i] != '#' {
		i++
	}
	return i
}

// fastString reads a basic string without escapes: "text".
func fastString(b []byte) (string, int, bool) {
	for i := 1; i < len(b); i++ {
		switch c := b[i]; {
		case c == '"':
			s := b[1:i]
			if !utf8.Valid(s) {
				return "", 0, false
			}
			return string(s), i + 1, true
		case c == '\\' || c < 0x20 && c != '\t' || c == 0x7f:
			return "", 0, false
		}
	}
	return "", 0, false
}

// fastDate reads YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS, and the latter with
// fractional seconds, Z or a ±HH:MM offset, as BurntSushi/toml does.
func fastDate(s string) (time.Time, bool) {
	if len(s) < 10 || !digitsAt(s, 0, 4) || s[4] != '-' || !digitsAt(s, 5, 2) || s[7] != '-' || !digitsAt(s, 8, 2) {
		return time.Time{}, false
	}
	if len(s) == 10 {
		t, err := time.ParseInLocation(time.DateOnly, s, tomlLocalDate)
		return t, err == nil
	}
	if len(s) < 19 || s[10] != 'T' || !digitsAt(s, 11, 2) || s[13] != ':' || !digitsAt(s, 14, 2) || s[16] != ':' || !digitsAt(s, 17, 2) {
		return time.Time{}, false
	}
	i := 19
	if i < len(s) && s[i] == '.' {
		j := i + 1
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == i+1 || j-i-1 > 9 {
			return time.Time{}, false
		}
		i = j
	}
	switch {
	case i == len(s):
		t, err := time.ParseInLocation("2006-01-02T15:04:05.999999999", s, tomlLocalDatetime)
		return t, err == nil
	case s[i:] == "Z" || len(s)-i == 6 && (s[i] == '+' || s[i] == '-') && digitsAt(s, i+1, 2) && s[i+3] == ':' && digitsAt(s, i+4, 2):
		t, err := time.ParseInLocation(time.RFC3339Nano, s, time.Local)
		return t, err == nil
	}
	return time.Time{}, false
}

func digitsAt(s string, i, n int) bool {
	for k := i; k < i+n; k++ {
		if s[k] < '0' || s[k] > '9' {
			return false
		}
	}
	return true
}
