// Package note reads one note: its front matter, its Markdown, and the action
// items, mentions and callouts in it.
//
// A note is UTF-8 Markdown, with or without a byte-order mark, with LF or CRLF
// line endings. Front matter is optional and starts on the first line: TOML
// between two "+++" lines, or YAML between two "---" lines. A first line "---"
// opens YAML front matter only when a closing "---" line follows and the first
// line between them that is neither blank nor a "#" comment looks like "key:";
// otherwise that "---" is the note's first thematic break and stays in its
// body, so that nothing the note says is lost. A "+++" that is never closed is
// an error.
//
// The keys recap reads are title, date, attendees, tags, series, reviewed,
// draft, summary, people, closed and revisit; any other key is kept in Params
// for templates, with an "unknown-key" warning.
//
// A note's date is its front-matter date. Without one, it is the first
// YYYY-MM-DD in its file name (also with '_' or '.' between the parts), else
// an MM-DD in its file name with the year of the nearest enclosing folder
// named YYYY (see pathDate). An impossible date in the file name is a
// "bad-date" warning, and the next rule applies. A note with no date is a
// page (Note.IsPage), not an error: a README, a profile, a topic.
//
// A note's title is its front-matter title; else its opening heading, the
// first heading of any level with nothing but images, thematic breaks and
// blank lines before it (Note.TitleLine is then its line); else its file name
// without the extension.
//
// Parse never panics. Everything wrong with a note is a diag.Diagnostic with the
// note's path, line and column: errors when the note cannot be read, warnings
// when something in it is ignored (an impossible date in an action item or in
// the file name, an unknown front-matter key).
package note

import (
	"bytes"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"github.com/recapjournal/recap/generator/diag"
	"github.com/recapjournal/recap/generator/internal/textpos"
	"github.com/recapjournal/recap/generator/markdown"
)

// MaxSize is the largest note recap reads, in bytes.
const MaxSize = 8 << 20

// Status is an action item's status.
type Status string

const (
	Open       Status = "open"
	InProgress Status = "in-progress"
	Done       Status = "done"
	Cancelled  Status = "cancelled"
)

// StatusOf maps a checkbox character to a status.
func StatusOf(c rune) Status {
	switch c {
	case 'x', 'X':
		return Done
	case '-':
		return Cancelled
	case '/':
		return InProgress
	}
	return Open
}

// IsOpen reports whether the status counts as open.
func (s Status) IsOpen() bool { return s == Open || s == InProgress }

// IsClosed reports whether the status is done or cancelled.
func (s Status) IsClosed() bool { return s == Done || s == Cancelled }

// Item is one action item: a list item that starts with "[c] ".
type Item struct {
	Line, Col int    // of the checkbox's '['
	Offset    int    // byte offset of the checkbox's '[' in the file
	LineEnd   int    // byte offset of the end of the item's first line (before "\r\n" or "\n")
	Char      rune   // the status character
	Status    Status // from Char
	Depth     int    // 0 for a top-level item, 1 for an item nested in a list item, ...
	Private   bool   // inside a [!private] callout
	Text      string // first line as plain text, without checkbox, dates, priority, id and inline fields
	Norm      string // NormText(Text): how the text compares across meetings
	Raw       string // the first line after the checkbox, as written
	Owner     string // as written, without '@'; empty when unassigned
	// OwnerField says the owner came from an [owner:: X] field or the label
	// "AI(x):" of an item written as prose, rather than the first mention.
	OwnerField bool
	Due        string // YYYY-MM-DD, empty when none
	// Scheduled is the day a talking point comes up again (⏳ D,
	// [scheduled:: D], t:D); empty when none.
	Scheduled string
	DoneDate  string
	Cancelled string
	Priority  string // highest, high, medium, low, lowest; empty when none
	ID        string
	Tags      []string // lowercased, without '#'
	Mentions  []string // handles, without '@'
	// FieldSyntax is the syntax of the item's first field of any kind ("" when it
	// has none): the syntax `recap done` writes in when the item has no date.
	FieldSyntax Syntax
	// DateSyntax is the syntax of the item's due date, or of its first date field; it is
	// the syntax `recap done` writes a done date in.
	DateSyntax Syntax
	// Inferred says the item is written as prose ("Action item: …", an item of
	// a list under an "Action items" heading) rather than as a task-list item.
	// Offset is then the start of the item's text after its label, Char is 0,
	// and `recap done` appends "done:D" at LineEnd.
	Inferred bool
	// Point says the item is a talking point, "- [?] …": something to raise
	// next time rather than something to do. Its status is open.
	Point bool
	// OwnerHint is, for an inferred item without an owner, the leading name of
	// "Name to …", "Name will …" or "Name: …" as written; the journal resolves it
	// against the people it knows and the meeting's attendees.
	OwnerHint string
}

// Attendee is one entry of a note's attendance list ("Present", "Attendees", …):
// a name, a handle, or both.
type Attendee struct {
	Name      string // as written, without the parenthesised rest; empty when only a handle
	Handle    string // without '@'; empty when only a name
	Line, Col int
}

// Mention is an @handle in a note's text.
type Mention struct {
	Handle    string
	Line, Col int
	Private   bool // inside a [!private] callout
}

// Callout is a "> [!kind]" block.
type Callout struct {
	Kind  string // lowercased
	Title string
	Text  string // plain text of the body
	Line  int
}

// Heading is a section heading, for privateSections and tables of contents.
type Heading struct {
	Level   int
	Text    string
	ID      string
	Line    int
	Private bool // inside a [!private] callout
}

// Note is one parsed meeting note.
type Note struct {
	Path        string // slash-separated, as given to Parse
	Format      Format
	FrontMatter FrontMatter
	HasBOM      bool
	CRLF        bool

	Title string
	// TitleLine is the line of the opening heading used as the title, 0 when
	// the title came from front matter or the file name. The page does not
	// show that heading a second time.
	TitleLine int
	// Date is when the meeting began; zero for a page (a note with no date).
	Date     time.Time
	DateOnly bool // the date has no time of day
	// Attendees are the front matter's attendees as written, without '@' and
	// [[ ]]. HasAttendees says the key is present (even when empty).
	Attendees    []string
	HasAttendees bool
	// Attendance is the note's attendance list, read when the front matter has
	// no attendees key.
	Attendance []Attendee
	// People is the front matter's people key (the people a page concerns);
	// HasPeople says the key is present.
	People    []string
	HasPeople bool
	// Closed is true when the front matter says closed = true or a date.
	Closed bool
	// Revisit is the front matter's revisit date, YYYY-MM-DD; empty when none.
	Revisit string
	Tags    []string // normalised: lowercased, spaces as '-'
	Series  string   // as written; empty when not set
	// Reviewed is true when the front matter says reviewed = true or a date.
	Reviewed   bool
	ReviewedAt time.Time // zero when reviewed = true or unreviewed
	Draft      bool
	Summary    string
	Params     map[string]any // other front-matter keys

	Items    []Item
	Mentions []Mention
	Callouts []Callout
	Headings []Heading
	Text     string // the body as plain text, for search

	Diags diag.List
}

// Options tunes Parse.
type Options struct {
	// Location is the site's time zone, for dates without an offset. Default: time.Local.
	Location *time.Location
	// Markdown is the goldmark instance to parse with. Default: markdown.New().
	Markdown goldmark.Markdown
	// OnAST, when set, is called with the parsed document and its source (the
	// file's text without BOM and front matter, CRLF made LF, lines kept), after
	// the note has been extracted. The renderer uses it to render the body in the
	// same pass. The document it receives marks each item of n.Items: the
	// field tokens of its first line are wrapped in markdown.Field nodes, a
	// mention that opens it and names its owner has Owner set, and a
	// markdown.ItemEnd follows the end of its first line.
	OnAST func(n *Note, doc ast.Node, src []byte)
	// KeepText keeps Note.Text, the body as plain text.
	KeepText bool
}

var defaultMarkdown = markdown.New()

// Parse reads a note. p names it in diagnostics. It returns the note (nil when
// it cannot be read) and its diagnostics.
func Parse(p string, data []byte, opt Options) (*Note, diag.List) {
	if opt.Location == nil {
		opt.Location = time.Local
	}
	if opt.Markdown == nil {
		opt.Markdown = defaultMarkdown
	}
	n := &Note{Path: p}
	fail := func(line, col int, format string, args ...any) (*Note, diag.List) {
		return nil, append(n.Diags, diag.Errorf(p, line, col, format, args...))
	}
	if len(data) > MaxSize {
		return fail(1, 1, "note is %d bytes, over recap's limit of %d MiB for one note", len(data), MaxSize>>20)
	}
	if bytes.HasPrefix(data, []byte("\uFEFF")) {
		n.HasBOM = true
		data = data[3:]
	}
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, w := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && w <= 1 {
				break
			}
			off += w
		}
		l, c := textpos.New(data).Pos(off)
		return fail(l, c, "note is not valid UTF-8 (byte 0x%02x); save it as UTF-8", data[off])
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		l, c := textpos.New(data).Pos(i)
		return fail(l, c, "note contains a NUL byte; is it a binary file?")
	}
	n.CRLF = bytes.Contains(data, []byte("\r\n"))

	fm, err := splitFrontMatter(data)
	if err != nil {
		pe := err.(*posErr)
		return fail(pe.line, pe.col, "%s", pe.msg)
	}
	n.FrontMatter = fm
	n.Format = fm.Format
	var vals map[string]value
	if fm.Format != FormatNone {
		vals, err = parseFrontMatter(fm.Format, bytes.ReplaceAll(data[fm.Start:fm.End], []byte("\r\n"), []byte("\n")), 2)
		if err != nil {
			pe := err.(*posErr)
			return fail(pe.line, pe.col, "%s", pe.msg)
		}
	}

	// The body keeps its line numbers: front matter lines become empty lines.
	var src []byte
	if fm.Format != FormatNone {
		bodyStart := fm.End
		if i := bytes.IndexByte(data[fm.End:], '\n'); i >= 0 {
			bodyStart = fm.End + i + 1
		} else {
			bodyStart = len(data)
		}
		src = make([]byte, 0, fm.EndLine+len(data)-bodyStart)
		src = append(src, bytes.Repeat([]byte("\n"), fm.EndLine)...)
		src = append(src, data[bodyStart:]...)
	} else {
		src = append([]byte(nil), data...)
	}
	if n.CRLF {
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	}

	errs := n.applyFrontMatter(vals, opt.Location)
	if len(errs) > 0 {
		return nil, append(n.Diags, errs...)
	}
	if n.Date.IsZero() {
		// Without a front-matter date, the path may give one; else the
		// note is a page.
		t, ok, warns := pathDate(p, opt.Location)
		n.Diags = append(n.Diags, warns...)
		if ok {
			n.Date, n.DateOnly = t, true
		}
	}

	doc := opt.Markdown.Parser().Parse(text.NewReader(src))
	x := &extractor{n: n, src: src, idx: textpos.New(src), file: data, fileIdx: nil, marking: opt.OnAST != nil}
	x.walk(doc, opt.KeepText)
	x.applyMarks()
	// A journal keeps every note: no room beyond what each list holds.
	n.Items, n.Mentions, n.Headings = exact(n.Items), exact(n.Mentions), exact(n.Headings)

	n.setTitle(doc, src)
	if opt.OnAST != nil {
		opt.OnAST(n, doc, src)
	}
	return n, n.Diags
}

// exact is s in an array of its length, when append left room.
func exact[T any](s []T) []T {
	if cap(s)-len(s) < 2 {
		return s
	}
	return append(make([]T, 0, len(s)), s...)
}

// applyFrontMatter sets the note's fields from its front matter and returns the
// errors; warnings go to n.Diags.
func (n *Note) applyFrontMatter(vals map[string]value, loc *time.Location) diag.List {
	var errs diag.List
	bad := func(v value, key, format string, args ...any) {
		errs = append(errs, diag.Errorf(n.Path, v.line, v.col, "%s %s", key, fmt.Sprintf(format, args...)))
	}
	for _, k := range sortedKeys(vals) {
		v := vals[k]
		switch k {
		case "title", "summary", "series":
			s, ok := v.v.(string)
			if !ok {
				bad(v, k, "must be a string, not %s", typeName(v.v))
				continue
			}
			switch k {
			case "title":
				n.Title = strings.TrimSpace(s)
			case "summary":
				n.Summary = strings.TrimSpace(s)
			case "series":
				n.Series = strings.TrimSpace(s)
			}
		case "date":
			t, dateOnly, err := parseWhen(v.v, loc)
			if err != nil {
				bad(v, k, "%v", err)
				continue
			}
			n.Date, n.DateOnly = t, dateOnly
		case "attendees", "people":
			list, err := stringList(v.v, false)
			if err != nil {
				bad(v, k, "%v", err)
				continue
			}
			if k == "attendees" {
				n.Attendees, n.HasAttendees = list, true
			} else {
				n.People, n.HasPeople = list, true
			}
		case "tags":
			list, err := stringList(v.v, true)
			if err != nil {
				bad(v, k, "%v", err)
				continue
			}
			for _, t := range list {
				if t = NormTag(t); t != "" && !contains(n.Tags, t) {
					n.Tags = append(n.Tags, t)
				}
			}
		case "reviewed":
			switch x := v.v.(type) {
			case bool:
				n.Reviewed = x
			case nil:
			default:
				t, _, err := parseWhen(x, loc)
				if err != nil {
					bad(v, k, "must be true, false or a date; %v", err)
					continue
				}
				n.Reviewed, n.ReviewedAt = true, t
			}
		case "closed":
			switch x := v.v.(type) {
			case bool:
				n.Closed = x
			case nil:
			default:
				if _, _, err := parseWhen(x, loc); err != nil {
					bad(v, k, "must be true, false or a date; %v", err)
					continue
				}
				n.Closed = true
			}
		case "revisit":
			if v.v == nil { // "revisit:" with no value, as a template leaves it
				continue
			}
			t, dateOnly, err := parseWhen(v.v, loc)
			if err != nil {
				bad(v, k, "%v", err)
				continue
			}
			if !dateOnly {
				t = t.In(loc) // the day it is in the site's time zone
			}
			n.Revisit = t.Format(time.DateOnly)
		case "draft":
			b, ok := v.v.(bool)
			if !ok {
				bad(v, k, "must be true or false, not %s", typeName(v.v))
				continue
			}
			n.Draft = b
		default:
			if n.Params == nil {
				n.Params = map[string]any{}
			}
			n.Params[k] = v.v
			n.Diags = append(n.Diags, diag.Warnf(n.Path, v.line, v.col, "unknown-key", "front-matter key %q is not one recap knows; it is kept for templates", k))
		}
	}
	return errs
}

// stringList reads an array of strings. Obsidian's [[Name]] links become Name.
// With lenient, a single string is split at commas.
func stringList(v any, lenient bool) ([]string, error) {
	var out []string
	add := func(s string) {
		s = strings.TrimSpace(s)
		if strings.HasPrefix(s, "[[") && strings.HasSuffix(s, "]]") {
			s = s[2 : len(s)-2]
			if i := strings.IndexByte(s, '|'); i >= 0 {
				s = s[:i]
			}
		}
		if s = strings.TrimSpace(strings.TrimPrefix(s, "@")); s != "" {
			out = append(out, s)
		}
	}
	switch x := v.(type) {
	case nil:
		return nil, nil
	case string:
		if !lenient {
			return nil, fmt.Errorf("must be an array of strings, such as [\"dev\", \"sam\"], not a string")
		}
		for _, s := range strings.Split(x, ",") {
			add(s)
		}
	case []any:
		for _, e := range x {
			switch y := e.(type) {
			case string:
				add(y)
			case []any: // YAML [[Name]] without quotes is a list in a list
				if len(y) == 1 {
					if inner, ok := y[0].([]any); ok && len(inner) == 1 {
						y = inner
					}
				}
				if len(y) == 1 {
					if s, ok := y[0].(string); ok {
						add("[[" + s + "]]") // [[Name|alias]] is Name
						continue
					}
				}
				return nil, fmt.Errorf("must be an array of strings; it holds %s", typeName(e))
			default:
				return nil, fmt.Errorf("must be an array of strings; it holds %s", typeName(e))
			}
		}
	default:
		return nil, fmt.Errorf("must be an array of strings, not %s", typeName(v))
	}
	return out, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// IsPage reports whether the note is a page: a note with no date (a README, a
// profile, a topic), never a meeting.
func (n *Note) IsPage() bool { return n.Date.IsZero() }
