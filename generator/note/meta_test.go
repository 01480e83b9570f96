package note

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

// The tables in this file follow FORMAT.md's "A note" and "Notes as people
// write them" (Dates, Pages, Title) and the keys people, closed and revisit.
// Every row's input also seeds the fuzz targets in fuzz_test.go.

// ---------------------------------------------------------------------------
// The "---" rule: a first line "---" opens front matter only when a closing
// line follows and the first line between them that is neither blank nor a
// comment looks like "key:". Otherwise nothing is lost.

var dashTests = []struct {
	name      string
	src       string
	format    Format
	title     string
	titleLine int
	text      string // a part of the body as plain text: what must not be lost
}{
	{"key first", "---\ntitle: x\n---\nBody.\n", FormatYAML, "x", 0, "Body."},
	{"comment, then key", "---\n# comment\ntitle: x\n---\nBody.\n", FormatYAML, "x", 0, "Body."},
	{"blank lines and an indented comment, then key", "---\n\n  # c\n\ndate: 2026-01-02\n---\n", FormatYAML, "2026-11-20-dev", 0, ""},
	{"double-quoted key", "---\n\"my title\": 1\ntitle: Q\n---\n", FormatYAML, "Q", 0, ""},
	{"single-quoted key with a quote", "---\n'it''s' : 1\ntitle: Q\n---\n", FormatYAML, "Q", 0, ""},
	{"key with digits, '_' and '-'", "---\nmy_key-2: 1\ntitle: Q\n---\n", FormatYAML, "Q", 0, ""},
	{"non-ASCII key", "---\nclé: v\ntitle: Q\n---\n", FormatYAML, "Q", 0, ""},
	{"key with an empty value", "---\ntags:\n  - a\ntitle: Q\n---\n", FormatYAML, "Q", 0, ""},
	{"indented key", "---\n  title: Q\n---\n", FormatYAML, "Q", 0, ""},
	{"closed with ...", "---\ntitle: x\n...\nBody.\n", FormatYAML, "x", 0, "Body."},
	{"delimiters with trailing white space", "--- \ntitle: x\n---\t\nBody.\n", FormatYAML, "x", 0, "Body."},
	{"empty front matter", "---\n---\nBody.\n", FormatYAML, "2026-11-20-dev", 0, "Body."},
	{"blank front matter", "---\n\n\n---\nBody.\n", FormatYAML, "2026-11-20-dev", 0, "Body."},

	// Not front matter: the "---" is a thematic break.
	{"prose between two ---", "---\nSome prose here.\n---\nMore.\n", FormatNone, "Some prose here.", 2, "More."},
	{"paragraphs between two ---", "---\nWe met today.\n\nMore prose.\n---\nAfter.\n", FormatNone, "2026-11-20-dev", 0, "We met today. More prose. After."},
	{"key lines but no closing ---", "---\ntitle: x\ndate: 2026-01-02\n\nBody.\n", FormatNone, "2026-11-20-dev", 0, "title: x date: 2026-01-02 Body."},
	{"only an opening ---", "---\n", FormatNone, "2026-11-20-dev", 0, ""},
	{"a --- and nothing else on one line", "---", FormatNone, "2026-11-20-dev", 0, ""},
	{"a list between two ---", "---\n- a\n- b\n---\n", FormatNone, "2026-11-20-dev", 0, "a b"},
	{"only comments: headings", "---\n# Weekly\n---\nBody.\n", FormatNone, "Weekly", 2, "Weekly Body."},
	{"a URL is not a key", "---\nhttp://example.com\n---\n", FormatNone, "http://example.com", 2, ""},
	{"no space after the colon", "---\nkey:value\n---\n", FormatNone, "key:value", 2, ""},
	{"a space before the colon", "---\nNote : prose\n---\n", FormatNone, "Note : prose", 2, ""},
	{"a key starting with '-'", "---\n-key: v\n---\n", FormatNone, "-key: v", 2, ""},
	{"a sentence with a colon", "---\nWe agreed on this: ship.\n---\n", FormatNone, "We agreed on this: ship.", 2, ""},
	{"unclosed quoted key", "---\n\"key: v\n---\n", FormatNone, "\"key: v", 2, ""},
	{"a key line after prose", "---\nprose\n\ntitle: x\n---\n", FormatNone, "2026-11-20-dev", 0, "prose title: x"},
}

func TestDashRule(t *testing.T) {
	for _, tt := range dashTests {
		for _, v := range variants {
			t.Run(tt.name+"/"+v.name, func(t *testing.T) {
				src := v.f(tt.src)
				n, d := Parse(testPath, []byte(src), Options{Location: cet, KeepText: true})
				checkNote(t, testPath, []byte(src), n, d)
				if n == nil {
					t.Fatalf("Parse(%q): %v", src, d)
				}
				if n.Format != tt.format {
					t.Errorf("Parse(%q): format %q, want %q", src, n.Format, tt.format)
				}
				if tt.format == FormatNone && n.FrontMatter != (FrontMatter{}) {
					t.Errorf("Parse(%q): FrontMatter = %+v, want none", src, n.FrontMatter)
				}
				if n.Title != tt.title || n.TitleLine != tt.titleLine {
					t.Errorf("Parse(%q): title %q on line %d, want %q on line %d", src, n.Title, n.TitleLine, tt.title, tt.titleLine)
				}
				if !strings.Contains(n.Text, tt.text) {
					t.Errorf("Parse(%q): text %q, want it to hold %q", src, n.Text, tt.text)
				}
			})
		}
	}
}

func TestLooksLikeYAMLKey(t *testing.T) {
	for s, want := range map[string]bool{
		"title:": true, "title: x": true, "title:\tx": true, "a_b-c: 1": true, "2026: x": true, "_x: 1": true,
		"clé: v": true, `"a b": 1`: true, `"a\"b": 1`: true, `'a''b': 1`: true, `"a" : 1`: true,
		"": false, ":": false, "title": false, "title:x": false, "title :x": false, "a b: 1": false,
		"-a: 1": false, "- a: 1": false, "http://x": false, `"a: 1`: false, "# c: 1": false, "[a]: 1": false,
	} {
		if got := looksLikeYAMLKey(s); got != want {
			t.Errorf("looksLikeYAMLKey(%q) = %v, want %v", s, got, want)
		}
	}
}

// ---------------------------------------------------------------------------
// Dates from the path.

var pathDateTests = []struct {
	name string
	path string
	want string   // YYYY-MM-DD; empty for a page
	warn []string // "line:col:code"
}{
	// YYYY-MM-DD anywhere in the file name.
	{"at the start", "content/2026-01-13-standup.md", "2026-01-13", nil},
	{"in the middle", "content/CG-2026-01-13-final.md", "2026-01-13", nil},
	{"at the end", "content/CG-2026-01-13.md", "2026-01-13", nil},
	{"the whole name", "content/2026-01-13.md", "2026-01-13", nil},
	{"then a space", "content/2026-11-17 1on1 Dev.md", "2026-11-17", nil},
	{"with '_'", "content/notes_2026_01_13.md", "2026-01-13", nil},
	{"with '.'", "content/2026.01.13.md", "2026-01-13", nil},
	{"with '.' after a word", "content/sync.2026.01.13.md", "2026-01-13", nil},
	{"two dates: the first", "content/2026-01-13-to-2026-02-14.md", "2026-01-13", nil},
	{"two separators must agree", "content/2026-01.13.md", "", nil},
	{"a longer run of digits before", "content/v12026-01-13.md", "", nil},
	{"a longer run of digits after", "content/2026-01-134.md", "", nil},
	{"the next position that is a date", "content/x-2026-01-134-2026-02-03.md", "2026-02-03", nil},
	{"a letter before is fine", "content/CG2026-01-13.md", "2026-01-13", nil},
	{"an implausible year is not a date", "content/1234-56-78.md", "", nil},
	{"year 0001", "content/0001-02-03.md", "", nil},
	{"year 1899", "content/1899-12-31.md", "", nil},
	{"year 1900", "content/1900-01-01.md", "1900-01-01", nil},
	{"a leap day", "content/2024-02-29.md", "2024-02-29", nil},
	{"the extension is not the name", "content/2026-01-13.2026-02-14", "2026-01-13", nil},

	// Impossible dates: a warning, then the next rule.
	{"February 30", "content/2026-02-30-x.md", "", []string{"1:1:file-date"}},
	{"not a leap year", "content/2025-02-29.md", "", []string{"1:1:file-date"}},
	{"month 13", "content/CG-2026-13-01.md", "", []string{"1:1:file-date"}},
	{"day 00", "content/2026-01-00.md", "", []string{"1:1:file-date"}},
	{"impossible, then the year folder", "content/2018/2026-02-30 then 01-26.md", "2018-01-26", []string{"1:1:file-date"}},
	{"impossible, its MM-DD is not read again", "content/2018/2026-02-30.md", "", []string{"1:1:file-date"}},
	{"impossible, a second YYYY-MM-DD is not read", "content/2026-02-30-2026-03-01.md", "", []string{"1:1:file-date"}},

	// MM-DD with the year of the nearest folder named YYYY.
	{"year folder", "main/2018/CG-01-26.md", "2018-01-26", nil},
	{"year folder, MM_DD", "content/2018/notes_01_26.md", "2018-01-26", nil},
	{"year folder, MM.DD", "content/2018/01.26 standup.md", "2018-01-26", nil},
	{"nearest year folder", "content/2017/2018/x-01-26.md", "2018-01-26", nil},
	{"year folder further up", "content/2018/team/CG-01-26.md", "2018-01-26", nil},
	{"year folder as the first path element", "2018/CG-01-26.md", "2018-01-26", nil},
	{"YYYY-MM-DD beats the year folder", "content/2018/2026-01-13.md", "2026-01-13", nil},
	{"MM-DD without a year folder", "content/CG-01-26.md", "", nil},
	{"a folder that is not exactly YYYY", "content/2018x/CG-01-26.md", "", nil},
	{"a five-digit folder", "content/20180/CG-01-26.md", "", nil},
	{"a folder with an implausible year", "content/1234/CG-01-26.md", "", nil},
	{"MM-DD-YYYY is ambiguous", "content/2018/01-26-2018.md", "", nil},
	{"a version is not MM-DD", "content/2018/v1.10.2.md", "", nil},
	{"single digits are not MM-DD", "content/2018/1-26.md", "", nil},
	{"MM-DD in the folder name only", "content/2018/01-26/notes.md", "", nil},
	{"impossible MM-DD", "content/2018/CG-02-30.md", "", []string{"1:1:file-date"}},
	{"MM-DD in a leap year folder", "content/2024/02-29.md", "2024-02-29", nil},
	{"month 13 in a year folder", "content/2018/13-01.md", "", []string{"1:1:file-date"}},

	// No date: a page.
	{"README", "content/README.md", "", nil},
	{"a profile", "content/people/sam.md", "", nil},
}

func TestPathDates(t *testing.T) {
	for _, tt := range pathDateTests {
		t.Run(tt.name, func(t *testing.T) {
			n := mustParse(t, tt.path, "Text.\n")
			got := ""
			if !n.Date.IsZero() {
				got = n.Date.Format(time.DateOnly)
				if n.Date.Location() != cet || !n.DateOnly || n.Date.Hour() != 0 || n.Date.Minute() != 0 {
					t.Errorf("date %v, DateOnly %v: want midnight in the site's time zone, date only", n.Date, n.DateOnly)
				}
			} else if n.DateOnly || !n.IsPage() {
				t.Errorf("a page with DateOnly %v, IsPage %v", n.DateOnly, n.IsPage())
			}
			if got != tt.want {
				t.Errorf("date %q, want %q", got, tt.want)
			}
			if w := positions(n.Diags); !reflect.DeepEqual(w, tt.warn) {
				t.Errorf("diagnostics %q, want %q", w, tt.warn)
			}
			for _, d := range n.Diags {
				if !strings.Contains(d.Msg, "file name") || !strings.Contains(d.Msg, "not a real date") {
					t.Errorf("warning %q does not say the file name's date is not a real date", d.Msg)
				}
			}
		})
	}
}

func TestFrontMatterDateBeatsThePath(t *testing.T) {
	// A front-matter date: the path is not read, so its impossible date is no warning.
	for _, src := range []string{"+++\ndate = 2025-01-02\n+++\n", "---\ndate: 2025-01-02\n---\n"} {
		n := mustParse(t, "content/2018/2026-02-30-01-26.md", src)
		if got := n.Date.Format(time.DateOnly); got != "2025-01-02" || len(n.Diags) != 0 {
			t.Errorf("Parse(%q): date %s, diagnostics %v", src, got, n.Diags)
		}
	}
	// A bad front-matter date is still an error, whatever the path says.
	n, d := parse(t, "content/2026-01-13.md", "+++\ndate = \"soon\"\n+++\n")
	if n != nil || d.Err() == nil {
		t.Errorf("a bad front-matter date: note %v, diagnostics %v", n != nil, d)
	}
}

func TestPagesAreNotErrors(t *testing.T) {
	for _, p := range []string{"content/README.md", "content/weekly.md", "content/2026-02-30-x.md", "content/people/Sam Lee.md"} {
		n, d := parse(t, p, "# About\n\n- [ ] an item on a page @sam\n")
		if n == nil || d.Err() != nil {
			t.Fatalf("Parse(%q): %v", p, d)
		}
		if !n.IsPage() || !n.Date.IsZero() || n.Title != "About" || len(n.Items) != 1 {
			t.Errorf("Parse(%q): page %v, date %v, title %q, items %d", p, n.IsPage(), n.Date, n.Title, len(n.Items))
		}
	}
}

func TestFindDates(t *testing.T) {
	for _, tt := range []struct {
		name string
		ymd  string // "Y-M-D as written", empty when none
		md   string
	}{
		{"2026-01-13", "2026-1-13 2026-01-13", ""},
		{"x2026_12_31y", "2026-12-31 2026_12_31", ""},
		{"2026-01-13-", "2026-1-13 2026-01-13", ""},
		{"12026-01-13", "", ""},
		{"2026-01-1", "", ""},
		{"2026-1-13", "", ""},
		{"01-26", "", "1-26 01-26"},
		{"a01.26b", "", "1-26 01.26"},
		{"01-26-", "", "1-26 01-26"},
		{"001-26", "", ""},
		{"01-260", "", ""},
		{"9.01-26", "", ""},
		{"9-01-26", "", ""},
		{"01-26.9", "", ""},
		{"9 01-26 9", "", "1-26 01-26"},
		{"01-26-9", "", ""},
		{"99-99", "", "99-99 99-99"},
	} {
		ymd, md := "", ""
		if y, m, d, s, _, ok := findYMD(tt.name); ok {
			ymd = fmt.Sprintf("%d-%d-%d %s", y, m, d, s)
		}
		if m, d, s, _, ok := findMD(tt.name); ok {
			md = fmt.Sprintf("%d-%d %s", m, d, s)
		}
		if ymd != tt.ymd || md != tt.md {
			t.Errorf("%q: findYMD %q, findMD %q; want %q, %q", tt.name, ymd, md, tt.ymd, tt.md)
		}
	}
}

// ---------------------------------------------------------------------------
// Title: front matter, else the opening heading, else the file name.

var titleTests = []struct {
	name  string
	path  string // testPath when empty
	src   string
	title string
	line  int // TitleLine
}{
	{"front matter title wins", "", "+++\ntitle = \"FM\"\n+++\n# Heading\n", "FM", 0},
	{"YAML title wins", "", "---\ntitle: FM\n---\n# Heading\n", "FM", 0},
	{"empty front-matter title", "", "+++\ntitle = \"  \"\n+++\n# Heading\n", "Heading", 4},
	{"level-1 heading", "", "# Weekly sync\n\nBody.\n", "Weekly sync", 1},
	{"level-3 heading", "", "### Weekly sync\n", "Weekly sync", 1},
	{"heading after TOML front matter", "", "+++\ndate = 2026-01-01\n+++\n\n# T\n", "T", 5},
	{"heading after YAML front matter", "", "---\ndate: 2026-01-01\n---\n# T\n", "T", 4},
	{"heading after blank lines", "", "\n\n\n## T\n", "T", 4},
	{"heading after an image", "", "![logo](logo.png)\n\n# T\n", "T", 3},
	{"heading right after an image line", "", "![a](a.png) ![b](b.png)\n# T\n", "T", 2},
	{"heading after images on two lines", "", "![a](a.png)\n![b](b.png)\n\n# T\n", "T", 4},
	{"heading after a badge", "", "[![build](b.svg)](https://ci.example.com)\n\n## T\n", "T", 3},
	{"heading after an Obsidian embed", "", "![[photo.png]]\n\n# T\n", "T", 3},
	{"heading after a thematic break", "", "***\n# T\n", "T", 2},
	{"heading after an unclosed ---", "", "---\n\n# T\n", "T", 3},
	{"heading after a link reference definition", "", "[ref]: https://example.com\n\n# T\n", "T", 3},
	{"heading with inline markup", "", "# *Rich* **title** with `code` @dev\n", "Rich title with code @dev", 1},
	{"setext level 1", "", "Setext title\n============\n\nBody.\n", "Setext title", 1},
	{"setext level 2", "", "Setext two\n---\n", "Setext two", 1},
	{"setext on two lines", "", "\nA long\ntitle\n===\n", "A long title", 2},
	{"the first heading, not the first level-1 heading", "", "## Agenda\n\n# Real\n", "Agenda", 1},

	// Else the file name.
	{"heading after a paragraph", "", "Intro paragraph.\n\n# T\n", "2026-11-20-dev", 0},
	{"heading after an image with text", "", "![img](a.png) and text\n\n# T\n", "2026-11-20-dev", 0},
	{"heading after an image in bold", "", "**![img](a.png)**\n\n# T\n", "2026-11-20-dev", 0},
	{"heading after a link", "", "[link](https://example.com)\n\n# T\n", "2026-11-20-dev", 0},
	{"heading after a link with an image and text", "", "[![b](b.svg) build](https://ci)\n\n# T\n", "2026-11-20-dev", 0},
	{"heading after a list", "", "- item\n\n# T\n", "2026-11-20-dev", 0},
	{"heading in a list", "", "- # T\n", "2026-11-20-dev", 0},
	{"heading in a quote", "", "> # T\n", "2026-11-20-dev", 0},
	{"heading in a callout", "", "> [!note] Note\n> # T\n", "2026-11-20-dev", 0},
	{"heading after code", "", "```\ncode\n```\n# T\n", "2026-11-20-dev", 0},
	{"heading after an HTML comment", "", "<!-- c -->\n# T\n", "2026-11-20-dev", 0},
	{"empty opening heading", "", "#\n\n## T\n", "2026-11-20-dev", 0},
	{"no heading", "", "Just text.\n", "2026-11-20-dev", 0},
	{"empty note", "", "", "2026-11-20-dev", 0},
	{"file name with spaces", "content/notes/Weekly sync.md", "Text.\n", "Weekly sync", 0},
	{"file name with dots", "content/2026.01.13.md", "Text.\n", "2026.01.13", 0},
}

func TestTitle(t *testing.T) {
	for _, tt := range titleTests {
		for _, v := range variants {
			t.Run(tt.name+"/"+v.name, func(t *testing.T) {
				p := tt.path
				if p == "" {
					p = testPath
				}
				src := v.f(tt.src)
				n := mustParse(t, p, src)
				if n.Title != tt.title || n.TitleLine != tt.line {
					t.Errorf("Parse(%q): title %q on line %d, want %q on line %d", src, n.Title, n.TitleLine, tt.title, tt.line)
				}
				// TitleLine is the heading's line, as Heading.Line counts it.
				if n.TitleLine > 0 {
					found := false
					for _, h := range n.Headings {
						found = found || (h.Line == n.TitleLine && h.Text == n.Title)
					}
					if !found {
						t.Errorf("no heading %q on line %d in %+v", n.Title, n.TitleLine, n.Headings)
					}
				}
			})
		}
	}
}

// ---------------------------------------------------------------------------
// Keys: people, closed, revisit, and attendees' presence.

type keysWant struct {
	People       []string
	HasPeople    bool
	Attendees    []string
	HasAttendees bool
	Closed       bool
	Revisit      string
}

var keysTests = []struct {
	name string
	src  string
	want keysWant
}{
	{"none", "+++\ntitle = \"x\"\n+++\n", keysWant{}},
	{"TOML people", "+++\npeople = [\"sam\", \"@dev\", \"[[Alex Kim]]\"]\n+++\n", keysWant{People: []string{"sam", "dev", "Alex Kim"}, HasPeople: true}},
	{"YAML people", "---\npeople:\n  - sam\n  - [[Jo Park|Jo]]\n---\n", keysWant{People: []string{"sam", "Jo Park"}, HasPeople: true}},
	{"empty people", "+++\npeople = []\n+++\n", keysWant{HasPeople: true}},
	{"YAML people with no value", "---\npeople:\n---\n", keysWant{HasPeople: true}},
	{"attendees", "+++\nattendees = [\"sam\"]\n+++\n", keysWant{Attendees: []string{"sam"}, HasAttendees: true}},
	{"empty attendees", "---\nattendees: []\n---\n", keysWant{HasAttendees: true}},
	{"closed = true", "+++\nclosed = true\n+++\n", keysWant{Closed: true}},
	{"closed = false", "+++\nclosed = false\n+++\n", keysWant{}},
	{"closed is a TOML date", "+++\nclosed = 2026-11-21\n+++\n", keysWant{Closed: true}},
	{"closed is a TOML date-time", "+++\nclosed = 2026-11-21T10:00:00Z\n+++\n", keysWant{Closed: true}},
	{"closed is a YAML date", "---\nclosed: 2026-11-21\n---\n", keysWant{Closed: true}},
	{"closed is a quoted date", "---\nclosed: \"2026-11-21\"\n---\n", keysWant{Closed: true}},
	{"YAML closed with no value", "---\nclosed:\n---\n", keysWant{}},
	{"revisit is a TOML date", "+++\nrevisit = 2026-12-01\n+++\n", keysWant{Revisit: "2026-12-01"}},
	{"revisit is a YAML date", "---\nrevisit: 2026-12-01\n---\n", keysWant{Revisit: "2026-12-01"}},
	{"revisit is a quoted date", "+++\nrevisit = \"2026-12-01\"\n+++\n", keysWant{Revisit: "2026-12-01"}},
	{"revisit is a local date-time", "+++\nrevisit = 2026-12-01T23:30:00\n+++\n", keysWant{Revisit: "2026-12-01"}},
	{"revisit is an offset date-time: its day in the site's time zone", "+++\nrevisit = 2026-12-01T23:30:00Z\n+++\n", keysWant{Revisit: "2026-12-02"}},
	{"YAML revisit with no value", "---\nrevisit:\n---\n", keysWant{}},
	{"a topic", "---\npeople: [sam]\nrevisit: 2026-12-01\nclosed: false\n---\n# Hiring\n", keysWant{People: []string{"sam"}, HasPeople: true, Revisit: "2026-12-01"}},
}

func TestKeys(t *testing.T) {
	for _, tt := range keysTests {
		t.Run(tt.name, func(t *testing.T) {
			n := mustParse(t, "content/topics/hiring.md", tt.src)
			got := keysWant{People: nilIfEmpty(n.People), HasPeople: n.HasPeople, Attendees: nilIfEmpty(n.Attendees),
				HasAttendees: n.HasAttendees, Closed: n.Closed, Revisit: n.Revisit}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Parse(%q):\n got %+v\nwant %+v", tt.src, got, tt.want)
			}
			if len(n.Diags) != 0 || len(n.Params) != 0 {
				t.Errorf("Parse(%q): diagnostics %v, params %v; want none", tt.src, n.Diags, n.Params)
			}
			if !n.IsPage() {
				t.Errorf("Parse(%q): a note without a date is not a page", tt.src)
			}
		})
	}
}

// metaErrors are notes that cannot be read, with the error's place.
var metaErrors = []struct {
	name, src, want, msg string
}{
	{"+++ never closed", "+++\ntitle = \"x\"\n", "1:1", "never closed"},
	{"+++ never closed, with a --- line", "+++\ntitle = \"x\"\n---\n", "1:1", "never closed"},
	{"people is a string", "+++\npeople = \"sam\"\n+++\n", "2:1", "people must be an array of strings"},
	{"people holds a number", "---\npeople: [sam, 1]\n---\n", "2:1", "people must be an array of strings; it holds an integer"},
	{"closed is a word", "---\nclosed: soon\n---\n", "2:1", "closed must be true, false or a date"},
	{"closed is a number", "+++\nclosed = 1\n+++\n", "2:1", "closed must be true, false or a date"},
	{"revisit is a boolean", "+++\n\nrevisit = true\n+++\n", "3:1", "revisit must be a date, not a boolean"},
	{"revisit is a word", "---\nrevisit: later\n---\n", "2:1", `revisit "later" is not a date`},
	{"revisit is impossible", "+++\nrevisit = \"2026-02-30\"\n+++\n", "2:1", "is not a date"},
	{"revisit is a time of day", "+++\nrevisit = 10:00:00\n+++\n", "2:1", "time of day"},
	{"a --- front matter that starts like one is parsed as one", "---\ndate: 2026-11-20\n  bad: x\n---\n", "3:1", "front matter (YAML)"},
}

func TestMetaErrors(t *testing.T) {
	for _, tt := range metaErrors {
		for _, v := range variants {
			t.Run(tt.name+"/"+v.name, func(t *testing.T) {
				src := v.f(tt.src)
				n, d := parse(t, testPath, src)
				checkError(t, testPath, src, n, d, tt.want, tt.msg)
			})
		}
	}
}

func TestYAMLThatIsNotAMapping(t *testing.T) {
	// The "---" rule keeps a list from being read as front matter; parseYAML
	// still says what is wrong when it is given one.
	_, err := parseYAML([]byte("- a\n- b\n"), 2)
	pe, ok := err.(*posErr)
	if !ok || pe.line != 2 || pe.col != 1 || !strings.Contains(pe.msg, "must be a mapping") {
		t.Errorf("parseYAML of a list: %v", err)
	}
}
