package edit

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/recapjournal/recap/generator/note"
)

// SetReviewed marks the note in src (the file's bytes, BOM included) reviewed
// on date (YYYY-MM-DD). n is src parsed. It returns the new bytes and whether
// anything changed: a note that is already reviewed (reviewed = true or a
// date) is returned as it is.
//
//   - A top-level `reviewed` line in the front matter (TOML `reviewed = false`,
//     YAML `reviewed: false`, the key bare or quoted) has its value replaced;
//     the key, the spacing around it, a trailing comment and the line ending
//     stay as they are.
//   - Otherwise one line is added: `reviewed = D` (TOML) or `reviewed: D`
//     (YAML), before the closing delimiter, or in TOML before the first
//     [table] header so the key stays at the top level. It ends in the line
//     ending of the front matter's first line (CRLF when that line has one).
//   - A note without front matter gets a TOML block "+++ / reviewed = D / +++"
//     at its top, after the byte-order mark if there is one, in the line
//     ending of the note's first line.
//
// The result is parsed again; when it is not reviewed on date, or when its
// title, date, attendees, tags, series, draft flag, summary or action items
// read differently, SetReviewed returns an error and no bytes.
func SetReviewed(src []byte, n *note.Note, date string) ([]byte, bool, error) {
	if _, ok := note.ParseDate(date); !ok {
		return nil, false, fmt.Errorf("review date %q is not a YYYY-MM-DD date", date)
	}
	if n == nil {
		return nil, false, errors.New("the note could not be read")
	}
	if n.Reviewed {
		return src, false, nil
	}
	before, _ := note.Parse(n.Path, src, note.Options{Location: time.UTC})
	if before == nil || before.FrontMatter != n.FrontMatter || before.HasBOM != n.HasBOM {
		return nil, false, errors.New("the note changed since it was read")
	}
	bom := 0
	if n.HasBOM {
		bom = 3
	}
	body := src[bom:]
	fm := n.FrontMatter
	var out []byte
	switch fm.Format {
	case note.FormatNone:
		nl := lineEnding(body, 0)
		out = join(src[:bom], []byte("+++"+nl+"reviewed = "+date+nl+"+++"+nl), body)
	case note.FormatTOML, note.FormatYAML:
		lines := splitLines(body[fm.Start:fm.End], fm.Start)
		if l, ok := findKey(lines, body, fm.Format, "reviewed"); ok {
			vs, ve, err := valueSpan(body[l.start:l.end], fm.Format)
			if err != nil {
				return nil, false, fmt.Errorf("recap cannot mark this note reviewed safely (%v); set reviewed to %s by hand", err, date)
			}
			val := date
			if vs == ve && vs > 0 && body[l.start+vs-1] != ' ' && body[l.start+vs-1] != '\t' {
				val = " " + date // "reviewed:" with no value
			}
			out = join(src[:bom+l.start+vs], []byte(val), src[bom+l.start+ve:])
		} else {
			at := fm.End
			if fm.Format == note.FormatTOML {
				if h, ok := firstTableHeader(lines, body); ok {
					// Before the table, after the last line that is not blank.
					at = h
					for k := range lines {
						if lines[k].start == h {
							for k > 0 && strings.TrimSpace(string(body[lines[k-1].start:lines[k-1].end])) == "" {
								k--
								at = lines[k].start
							}
							break
						}
					}
				}
			}
			sep := " = "
			if fm.Format == note.FormatYAML {
				sep = ": "
			}
			line := "reviewed" + sep + date + lineEnding(body, 0)
			// A front matter whose last line lacks its newline cannot happen:
			// the closing delimiter follows it.
			out = join(src[:bom+at], []byte(line), src[bom+at:])
		}
	default:
		return nil, false, fmt.Errorf("unknown front matter format %q", fm.Format)
	}
	if err := verifyReviewed(n.Path, before, out, date); err != nil {
		return nil, false, err
	}
	return out, true, nil
}

// verifyReviewed parses out and checks that it is before, reviewed on date.
func verifyReviewed(p string, before *note.Note, out []byte, date string) error {
	after, diags := note.Parse(p, out, note.Options{Location: time.UTC})
	fail := func(why string) error {
		return fmt.Errorf("recap cannot mark this note reviewed safely (%s); set reviewed to %s by hand", why, date)
	}
	if after == nil {
		return fail("the edited front matter would not parse: " + diags.Errors().Error())
	}
	if !after.Reviewed || after.ReviewedAt.Format(time.DateOnly) != date {
		return fail("the edited note would not read as reviewed")
	}
	if after.Title != before.Title || !after.Date.Equal(before.Date) || after.DateOnly != before.DateOnly ||
		!slices.Equal(after.Attendees, before.Attendees) || !slices.Equal(after.Tags, before.Tags) ||
		after.Series != before.Series || after.Draft != before.Draft || after.Summary != before.Summary ||
		len(after.Items) != len(before.Items) || after.CRLF != before.CRLF || after.HasBOM != before.HasBOM {
		return fail("the edit would change how the rest of the note reads")
	}
	for i := range after.Items {
		a, b := after.Items[i], before.Items[i]
		if a.Text != b.Text || a.Status != b.Status || a.Owner != b.Owner || a.Due != b.Due {
			return fail("the edit would change an action item")
		}
	}
	return nil
}

// line is one line of a text: [start, end) without its line ending, next is
// the start of the following line.
type line struct{ start, end, next int }

// splitLines splits text, which starts at offset base of the file, into lines
// with file offsets.
func splitLines(text []byte, base int) []line {
	var out []line
	off := 0
	for off < len(text) {
		i := bytes.IndexByte(text[off:], '\n')
		next := len(text)
		end := len(text)
		if i >= 0 {
			end = off + i
			next = end + 1
		}
		if end > off && text[end-1] == '\r' {
			end--
		}
		out = append(out, line{base + off, base + end, base + next})
		off = next
	}
	return out
}

// lineEnding returns the line ending of the line that starts at off: "\r\n"
// when it has one, else "\n".
func lineEnding(b []byte, off int) string {
	i := bytes.IndexByte(b[off:], '\n')
	if i > 0 && b[off+i-1] == '\r' {
		return "\r\n"
	}
	return "\n"
}

// findKey finds the line that sets a top-level key: in TOML before any table
// header and outside multi-line strings, in YAML at column 1.
func findKey(lines []line, file []byte, f note.Format, key string) (line, bool) {
	inMulti := ""
	for _, l := range lines {
		s := string(file[l.start:l.end])
		if f == note.FormatTOML {
			if inMulti != "" {
				if strings.Count(s, inMulti)%2 == 1 {
					inMulti = ""
				}
				continue
			}
			t := strings.TrimLeft(s, " \t")
			if strings.HasPrefix(t, "[") {
				return line{}, false // a table: keys after it are not top-level
			}
			if k, rest, ok := keyAt(t); ok && k == key && strings.HasPrefix(strings.TrimLeft(rest, " \t"), "=") {
				return l, true
			}
			for _, q := range []string{`"""`, `'''`} {
				if strings.Count(s, q)%2 == 1 {
					inMulti = q
				}
			}
			continue
		}
		if k, rest, ok := keyAt(s); ok && k == key && strings.HasPrefix(rest, ":") {
			return l, true
		}
	}
	return line{}, false
}

// keyAt reads a bare or quoted key at the start of s and returns it with the
// text after it.
func keyAt(s string) (key, rest string, ok bool) {
	if s == "" {
		return "", "", false
	}
	if s[0] == '"' || s[0] == '\'' {
		end := strings.IndexByte(s[1:], s[0])
		if end < 0 {
			return "", "", false
		}
		return s[1 : 1+end], strings.TrimLeft(s[2+end:], " \t"), true
	}
	i := 0
	for i < len(s) && (s[i] == '_' || s[i] == '-' || s[i] >= 'a' && s[i] <= 'z' || s[i] >= 'A' && s[i] <= 'Z' || s[i] >= '0' && s[i] <= '9') {
		i++
	}
	if i == 0 {
		return "", "", false
	}
	return s[:i], strings.TrimLeft(s[i:], " \t"), true
}

// valueSpan returns where the value stands in a "key = value # comment" (TOML)
// or "key: value # comment" (YAML) line.
func valueSpan(l []byte, f note.Format) (start, end int, err error) {
	sep := byte('=')
	if f == note.FormatYAML {
		sep = ':'
	}
	s := string(l)
	// Skip the key (possibly quoted) to the separator.
	i := 0
	if s[0] == '"' || s[0] == '\'' {
		i = 1 + strings.IndexByte(s[1:], s[0]) + 1
	}
	j := strings.IndexByte(s[i:], sep)
	if j < 0 {
		return 0, 0, errors.New("the reviewed line has no value")
	}
	start = i + j + 1
	for start < len(s) && (s[start] == ' ' || s[start] == '\t') {
		start++
	}
	if start < len(s) && (s[start] == '"' || s[start] == '\'') {
		q := s[start]
		k := start + 1
		for k < len(s) && s[k] != q {
			if s[k] == '\\' && q == '"' {
				k++
			}
			k++
		}
		if k >= len(s) {
			return 0, 0, errors.New("the reviewed value's quote is not closed on its line")
		}
		return start, k + 1, nil
	}
	end = len(s)
	for k := start; k < len(s); k++ {
		if s[k] == '#' && (f == note.FormatTOML || k == start || s[k-1] == ' ' || s[k-1] == '\t') {
			end = k
			break
		}
	}
	for end > start && (s[end-1] == ' ' || s[end-1] == '\t') {
		end--
	}
	if f == note.FormatYAML && start < len(s) && strings.ContainsRune("|>&*!{[", rune(s[start])) {
		return 0, 0, errors.New("the reviewed value is not a plain scalar")
	}
	return start, end, nil
}

// firstTableHeader returns the offset of the first [table] or [[array]] header.
func firstTableHeader(lines []line, file []byte) (int, bool) {
	inMulti := ""
	for _, l := range lines {
		s := string(file[l.start:l.end])
		if inMulti != "" {
			if strings.Count(s, inMulti)%2 == 1 {
				inMulti = ""
			}
			continue
		}
		if strings.HasPrefix(strings.TrimLeft(s, " \t"), "[") {
			return l.start, true
		}
		for _, q := range []string{`"""`, `'''`} {
			if strings.Count(s, q)%2 == 1 {
				inMulti = q
			}
		}
	}
	return 0, false
}

func join(parts ...[]byte) []byte {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	out := make([]byte, 0, n)
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}
