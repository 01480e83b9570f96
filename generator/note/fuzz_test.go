package note

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/recapjournal/recap/generator/diag"
)

// The fuzz targets are seeded from the tables in note_test.go and
// meta_test.go and from the notes in testdata/notes. Run one at a time, for
// example:
//
//	go test ./generator/note -run '^$' -fuzz '^FuzzNote$' -fuzztime 5m -parallel 1

// extraNotes are seeds that exercise Markdown the tables do not.
var extraNotes = []string{
	"Setext title\n===\n\n- [ ] a\n  ---\n",
	"| a | b |\n|---|---|\n| [ ] x | @dev |\n\n- [ ] after the table\n",
	"Footnote[^1] @dev.\n\n[^1]: - [ ] not an item @sam\n",
	"<details>\n\n- [ ] inside html @dev\n\n</details>\n",
	"> > - [ ] deep quote\n>   - [x] nested\n",
	">\t- [ ] tab after quote marker\n",
	"-\t\t[ ] two tabs\n",
	"  -   [ ]   spaced   text  \n",
	"- [ ] a  \n  hard break\n- [ ] b\\\n  backslash break\n",
	"- [ ] <span>@dev</span> `x` ![img](a.png) [[wiki]]\n",
	"1. [ ] one\n2. [x] two\n   * [-] three\n     + [/] four\n",
	"- [ ] a\r\n- [ ] lone \r cr 📅 2026-02-30\n",
	"\uFEFF\uFEFF- [ ] double BOM\n",
	"---\n\nnot front matter? ---\n",
	"+++\n\"quoted key\" = 1\n'lit' = 2\na.b = 3\n[t]\nx = 1\n[[arr]]\ny = 2\n+++\n",
	"+++\nsummary = \"\"\"\ntitle = \"no\"\n\"\"\"\n+++\n",
	"---\nanchors: &a {x: 1}\nmore: *a\nlist: [*a, *a]\n---\n",
	"---\n? complex\n: key\n<<: {title: merged}\n---\n",
}

// seedNotes returns every note in the tables.
func seedNotes(t testing.TB) []string {
	var out []string
	for _, tt := range statusTests {
		out = append(out, tt.src)
	}
	for _, tt := range fieldTests {
		out = append(out, "- [ ] "+tt.line+"\n")
	}
	for _, tt := range mentionTests {
		out = append(out, tt.src)
	}
	for _, tt := range proseTests {
		out = append(out, tt.src)
	}
	for _, tt := range attendanceTests {
		out = append(out, tt.src)
	}
	for _, tt := range frontMatterTests {
		out = append(out, tt.src)
	}
	for _, tt := range errorTests {
		out = append(out, tt.src)
	}
	for _, ln := range lineNotes {
		for _, v := range variants {
			out = append(out, v.f(ln.src))
		}
	}
	for _, le := range lineErrors {
		out = append(out, le.src)
	}
	for _, tt := range dashTests {
		out = append(out, tt.src)
	}
	for _, tt := range titleTests {
		out = append(out, tt.src)
	}
	for _, tt := range keysTests {
		out = append(out, tt.src)
	}
	for _, tt := range metaErrors {
		out = append(out, tt.src)
	}
	files, _ := filepath.Glob("testdata/notes/*.md")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(data))
	}
	out = append(out, extraNotes...)
	out = append(out,
		"+++\ndate = 2026-11-20\nparams.color = \"red\"\n+++\n",
		"---\ndate: 2026-11-20\ntitle: [a\n---\n",
		"+++\ntitle = \"éééé\" x\n+++\n",
		"+++\ndate = 2026-11-20\ndate = 2026-11-21\n+++\n",
		"- [ ] run `make #notatag` then #real\n",
		yamlAliasBomb(2),
	)
	return out
}

// splitSeed splits a note into its front matter and its body, for FuzzFrontMatter.
func splitSeed(src string) (yaml bool, fm, body string, ok bool) {
	var delim string
	switch {
	case strings.HasPrefix(src, "+++\n"):
		delim = "+++"
	case strings.HasPrefix(src, "---\n"):
		delim, yaml = "---", true
	default:
		return false, "", "", false
	}
	rest := src[4:]
	if rest == delim || strings.HasPrefix(rest, delim+"\n") {
		return yaml, "", strings.TrimPrefix(strings.TrimPrefix(rest, delim), "\n"), true
	}
	fm, body, found := strings.Cut(rest, "\n"+delim+"\n")
	if !found {
		return yaml, strings.TrimSuffix(rest, "\n"), "", true
	}
	return yaml, fm, body, true
}

var knownKeys = map[string]bool{"title": true, "date": true, "attendees": true, "tags": true, "series": true, "reviewed": true, "draft": true, "summary": true,
	"people": true, "closed": true, "revisit": true}

// yamlKeyFirst reports whether the "---" before fm opens front matter: the
// first line of fm that is neither blank nor a comment, before any closing
// "---" or "...", looks like "key:", or fm is blank up to its closing line.
func yamlKeyFirst(fm string) bool {
	comment := false
	for _, l := range strings.Split(fm, "\n") {
		t := strings.TrimRight(l, " \t\r")
		if t == "---" || t == "..." {
			break
		}
		if t = strings.TrimLeft(t, " "); t != "" && t[0] == '#' {
			comment = true
		} else if t != "" {
			return looksLikeYAMLKey(t)
		}
	}
	return !comment
}

func FuzzFrontMatter(f *testing.F) {
	for _, s := range seedNotes(f) {
		if yaml, fm, body, ok := splitSeed(s); ok {
			f.Add(yaml, fm, body)
		}
	}
	f.Add(false, "date = 2026-11-20\ntitle = \"T\"", "# Body\n\n- [ ] a @dev\n")
	f.Add(true, "date: 2026-11-20\ntitle: T", "# Body\n\n- [ ] a @dev\n")
	f.Fuzz(func(t *testing.T, yaml bool, fm, body string) {
		if len(fm) > 4<<10 || len(body) > 1<<10 {
			return
		}
		delim, format := "+++", FormatTOML
		if yaml {
			delim, format = "---", FormatYAML
		}
		data := []byte(delim + "\n" + fm + "\n" + delim + "\n" + body)
		n, d := Parse(testPath, data, Options{Location: cet})
		checkNote(t, testPath, data, n, d)
		n2, d2 := Parse(testPath, data, Options{Location: cet})
		if d.Error() != d2.Error() || (n == nil) != (n2 == nil) {
			t.Fatalf("Parse is not deterministic:\n%s\n---\n%s", d.Error(), d2.Error())
		}
		if n == nil {
			return
		}
		if yaml && n.Format == FormatNone && !yamlKeyFirst(fm) {
			return // the "---" is a thematic break, not front matter (FORMAT.md)
		}
		if n.Format != format || n.FrontMatter.StartLine != 1 || n.FrontMatter.EndLine < 2 ||
			n.FrontMatter.Start > n.FrontMatter.End || n.FrontMatter.End > len(data) {
			t.Fatalf("front matter %+v, format %q", n.FrontMatter, n.Format)
		}
		for _, s := range []string{n.Title, n.Summary, n.Series} {
			if s != strings.TrimSpace(s) {
				t.Fatalf("untrimmed %q", s)
			}
		}
		for i, tag := range n.Tags {
			if tag == "" || NormTag(tag) != tag || contains(n.Tags[:i], tag) {
				t.Fatalf("tags %q are not normalised and unique", n.Tags)
			}
		}
		for _, a := range n.Attendees {
			if a == "" || a != strings.TrimSpace(a) {
				t.Fatalf("attendees %q", n.Attendees)
			}
		}
		if !n.Reviewed && !n.ReviewedAt.IsZero() {
			t.Fatalf("ReviewedAt %v on an unreviewed note", n.ReviewedAt)
		}
		warned := map[string]bool{}
		for _, x := range n.Diags {
			if x.Severity != diag.Warning {
				t.Fatalf("a note with an error diagnostic %v", x)
			}
			if x.Code == "unknown-key" {
				warned[x.Msg] = true
			}
		}
		if len(warned) != len(n.Params) {
			t.Fatalf("%d unknown-key warnings for params %v", len(warned), n.Params)
		}
		for k := range n.Params {
			if knownKeys[k] {
				t.Fatalf("known key %q in Params", k)
			}
		}
	})
}

// FuzzTOML feeds TOML front matter to parseTOML, seeded from tomlCases and the
// TOML front matters of the tables: it never panics, it places every error and
// every key inside the text, and each key where its key or table header starts.
func FuzzTOML(f *testing.F) {
	for _, c := range tomlCases {
		f.Add(c.src)
	}
	for _, s := range seedNotes(f) {
		if yaml, fm, _, ok := splitSeed(s); ok && !yaml {
			f.Add(fm)
		}
	}
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 16<<10 {
			return
		}
		vals, err := parseTOML([]byte(src), 2)
		if err != nil {
			pe, ok := err.(*posErr)
			lines := strings.Split(src, "\n")
			if !ok || pe.line < 2 || pe.line > len(lines)+1 || pe.col < 1 || pe.col > utf8.RuneCountInString(lines[pe.line-2])+1 {
				t.Fatalf("parseTOML(%q): error %#v outside the text", src, err)
			}
			return
		}
		checkTOMLPlaces(t, src, vals, 2)
	})
}

func FuzzItemLine(f *testing.F) {
	for _, tt := range fieldTests {
		f.Add(tt.line)
	}
	for _, tt := range statusTests {
		first, _, _ := strings.Cut(tt.src, "\n")
		if _, n := checkboxLineLen(first); n > 0 {
			f.Add(first[n:])
		}
	}
	for _, tt := range mentionTests {
		first, _, _ := strings.Cut(tt.src, "\n")
		f.Add(first)
	}
	f.Add("")
	f.Add("[owner:: [[Sam Lee]]] (due:: 2026-11-24) [k:: (nested)] 🆔\uFE0F x")
	f.Add("📅\uFE0F\uFE0F2026-11-24 ⏫\uFE0F\uFE0F")
	f.Add("`[owner:: sam]` [owner:: dev")
	f.Fuzz(func(t *testing.T, line string) {
		if len(line) > 4<<10 {
			return
		}
		checkFields(t, line)

		data := []byte("- [ ] " + line)
		n, d := Parse(testPath, data, Options{Location: cet})
		checkNote(t, testPath, data, n, d)
		checkMarks(t, data)
		if strings.ContainsAny(line, "\n\r\x00") || !utf8.ValidString(line) {
			return
		}
		// One valid line: always one item at 1:3, whatever follows the checkbox.
		if n == nil || len(n.Items) != 1 {
			t.Fatalf("Parse(%q): note %v, diagnostics %v; want one item", data, n != nil, d)
		}
		it := n.Items[0]
		if it.Line != 1 || it.Col != 3 || it.Offset != 2 || it.LineEnd != len(data) || it.Depth != 0 || it.Status != Open {
			t.Fatalf("item %+v of %q", it, data)
		}
		if want := strings.TrimLeft(line, " \t"); it.Raw != want {
			t.Fatalf("Raw = %q, want %q", it.Raw, want)
		}
		for _, x := range d {
			if x.Line != 1 || (x.Code != "bad-date" && x.Code != "bad-priority") {
				t.Fatalf("unexpected diagnostic %v", x)
			}
		}
	})
}

// checkboxLineLen returns the status character and the length of "- [c] " at the start of a list line.
func checkboxLineLen(line string) (rune, int) {
	i := strings.Index(line, "[")
	if i < 0 || strings.TrimLeft(line[:i], " \t-*+0123456789.)") != "" {
		return 0, 0
	}
	c, w := utf8.DecodeRuneInString(line[i+1:])
	if !strings.HasPrefix(line[i+1+w:], "] ") {
		return 0, 0
	}
	return c, i + 1 + w + 2
}

// checkFields checks ScanFields' tokens: inside s, non-empty, increasing and
// not overlapping, with well-formed values.
func checkFields(t *testing.T, s string) {
	t.Helper()
	prev := 0
	for _, f := range ScanFields(s) {
		if f.Start < prev || f.Start >= f.End || f.End > len(s) {
			t.Fatalf("ScanFields(%q): field %+v out of order or range (previous end %d)", s, f, prev)
		}
		prev = f.End
		if f.Key == "" {
			t.Fatalf("ScanFields(%q): field %+v without a key", s, f)
		}
		switch f.Syntax {
		case SyntaxEmoji, SyntaxTodoTxt:
			if f.Key != "priority" && f.Key != "id" && (len(f.Value) != 10 || !strings.HasSuffix(s[f.Start:f.End], f.Value)) {
				t.Fatalf("ScanFields(%q): date field %+v", s, f)
			}
		case SyntaxDataview:
			tok := s[f.Start:f.End]
			if !strings.Contains(tok, "::") || !(tok[0] == '[' && tok[len(tok)-1] == ']' || tok[0] == '(' && tok[len(tok)-1] == ')') {
				t.Fatalf("ScanFields(%q): dataview field %+v is %q", s, f, tok)
			}
		default:
			t.Fatalf("ScanFields(%q): field %+v has syntax %q", s, f, f.Syntax)
		}
	}
}

func FuzzNote(f *testing.F) {
	for _, s := range seedNotes(f) {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 64<<10 {
			return
		}
		n, d := Parse(testPath, data, Options{Location: cet})
		checkNote(t, testPath, data, n, d)
		checkMarks(t, data)

		// A BOM and CRLF line endings change nothing but offsets.
		if bytes.IndexByte(data, '\r') >= 0 || bytes.HasPrefix(data, []byte("\uFEFF")) {
			return
		}
		want := outline(n, d)
		for _, v := range variants[1:] {
			vdata := []byte(v.f(string(data)))
			vn, vd := Parse(testPath, vdata, Options{Location: cet})
			checkNote(t, testPath, vdata, vn, vd)
			if got := outline(vn, vd); !reflect.DeepEqual(got, want) {
				t.Fatalf("%s changes the result:\nLF:\n\t%s\n%s:\n\t%s", v.name, strings.Join(want, "\n\t"), v.name, strings.Join(got, "\n\t"))
			}
		}
	})
}

// outline is everything about a parse that does not depend on a BOM or on line
// endings: diagnostics with their places, and what the note holds.
func outline(n *Note, d diag.List) []string {
	var out []string
	for _, x := range d {
		out = append(out, x.Error())
	}
	if n == nil {
		return append(out, "no note")
	}
	out = append(out, fmt.Sprintf("format %q title %q date %v/%v attendees %q tags %q series %q reviewed %v %v draft %v summary %q params %v",
		n.Format, n.Title, n.Date, n.DateOnly, n.Attendees, n.Tags, n.Series, n.Reviewed, n.ReviewedAt, n.Draft, n.Summary, n.Params))
	for _, it := range n.Items {
		it.Offset, it.LineEnd = 0, 0
		out = append(out, fmt.Sprintf("item %+v", it))
	}
	for _, m := range n.Mentions {
		out = append(out, fmt.Sprintf("mention %+v", m))
	}
	for _, c := range n.Callouts {
		out = append(out, fmt.Sprintf("callout %+v", c))
	}
	for _, h := range n.Headings {
		out = append(out, fmt.Sprintf("heading %+v", h))
	}
	return out
}
