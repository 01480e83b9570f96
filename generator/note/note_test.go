package note

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"

	"github.com/recapjournal/recap/generator/diag"
)

// The tables in this file follow FORMAT.md row by row. Every row's input also
// seeds the fuzz targets in fuzz_test.go.

// testPath is the path the table notes are parsed under: its YYYY-MM-DD prefix
// gives notes without front matter a date.
const testPath = "content/2026-11-20-dev.md"

// cet is the site time zone of the tests, so that "in the site's time zone"
// is visible in the results.
var cet = time.FixedZone("CET", 3600)

func parse(t *testing.T, p, src string) (*Note, diag.List) {
	t.Helper()
	n, d := Parse(p, []byte(src), Options{Location: cet})
	checkNote(t, p, []byte(src), n, d)
	return n, d
}

// mustParse parses src and fails the test on any error diagnostic.
func mustParse(t *testing.T, p, src string) *Note {
	t.Helper()
	n, d := parse(t, p, src)
	if err := d.Err(); err != nil || n == nil {
		t.Fatalf("Parse(%q) failed: %v\nsource:\n%s", p, err, src)
	}
	return n
}

// pos formats a diagnostic as "line:col:code" ("line:col:error" for errors).
func pos(d *diag.Diagnostic) string {
	code := d.Code
	if d.Severity == diag.Error {
		code = "error"
	}
	return fmt.Sprintf("%d:%d:%s", d.Line, d.Col, code)
}

func positions(l diag.List) []string {
	var out []string
	for _, d := range l {
		out = append(out, pos(d))
	}
	return out
}

func nilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

// ---------------------------------------------------------------------------
// Action items: statuses, list markers, nesting, code blocks.

type wantItem struct {
	Line, Col, Depth int
	Char             rune
	Status           Status
	Text             string
}

var statusTests = []struct {
	name string
	src  string
	want []wantItem
}{
	{"space is open", "- [ ] a\n", []wantItem{{1, 3, 0, ' ', Open, "a"}}},
	{"x is done", "- [x] a\n", []wantItem{{1, 3, 0, 'x', Done, "a"}}},
	{"X is done", "- [X] a\n", []wantItem{{1, 3, 0, 'X', Done, "a"}}},
	{"dash is cancelled", "- [-] a\n", []wantItem{{1, 3, 0, '-', Cancelled, "a"}}},
	{"slash is in progress", "- [/] a\n", []wantItem{{1, 3, 0, '/', InProgress, "a"}}},
	{"question mark is open", "- [?] a\n", []wantItem{{1, 3, 0, '?', Open, "a"}}},
	{"greater-than is open", "- [>] a\n", []wantItem{{1, 3, 0, '>', Open, "a"}}},
	{"non-ASCII char is open", "- [é] a\n", []wantItem{{1, 3, 0, 'é', Open, "a"}}},
	{"tab after checkbox", "- [ ]\ta\n", []wantItem{{1, 3, 0, ' ', Open, "a"}}},
	{"empty item", "- [ ]\n", []wantItem{{1, 3, 0, ' ', Open, ""}}},
	{"star marker", "* [ ] a\n", []wantItem{{1, 3, 0, ' ', Open, "a"}}},
	{"plus marker", "+ [ ] a\n", []wantItem{{1, 3, 0, ' ', Open, "a"}}},
	{"ordered marker", "1. [x] a\n", []wantItem{{1, 4, 0, 'x', Done, "a"}}},
	{"ordered marker with paren", "1) [ ] a\n", []wantItem{{1, 4, 0, ' ', Open, "a"}}},
	{"ordered marker two digits", "10. [ ] a\n", []wantItem{{1, 5, 0, ' ', Open, "a"}}},
	{"tab after marker", "-\t[ ] a\n", []wantItem{{1, 3, 0, ' ', Open, "a"}}},
	{"indented list", "   - [ ] a\n", []wantItem{{1, 6, 0, ' ', Open, "a"}}},
	{"several items", "- [ ] a\n- [x] b\n\n* [-] c\n", []wantItem{
		{1, 3, 0, ' ', Open, "a"}, {2, 3, 0, 'x', Done, "b"}, {4, 3, 0, '-', Cancelled, "c"}}},
	{"nested items are items of their own", "- [ ] parent\n  - [x] child\n    - [-] grandchild\n- [ ] next\n", []wantItem{
		{1, 3, 0, ' ', Open, "parent"}, {2, 5, 1, 'x', Done, "child"}, {3, 7, 2, '-', Cancelled, "grandchild"}, {4, 3, 0, ' ', Open, "next"}}},
	{"nested under an ordered item", "1. [ ] parent\n   1. [/] child\n", []wantItem{
		{1, 4, 0, ' ', Open, "parent"}, {2, 7, 1, '/', InProgress, "child"}}},
	{"nested under a plain list item", "- plain\n  - [ ] child\n", []wantItem{{2, 5, 1, ' ', Open, "child"}}},
	{"nested with a tab", "- [ ] a\n\t- [ ] b\n", []wantItem{{1, 3, 0, ' ', Open, "a"}, {2, 4, 1, ' ', Open, "b"}}},
	{"only the first line is the text", "- [ ] first line\n  second line\n", []wantItem{{1, 3, 0, ' ', Open, "first line"}}},
	{"item in a block quote", "> - [ ] quoted\n", []wantItem{{1, 5, 0, ' ', Open, "quoted"}}},
	{"item in a callout", "> [!todo] Later\n> - [ ] in callout\n", []wantItem{{2, 5, 0, ' ', Open, "in callout"}}},
	{"list item starting with a blank line", "-\n  [ ] late\n", []wantItem{{2, 3, 0, ' ', Open, "late"}}},
	{"fenced code block", "```\n- [ ] fenced\n```\n", nil},
	{"tilde fence", "~~~md\n- [ ] fenced\n~~~\n", nil},
	{"fence in a list item", "- text\n  ```\n  - [ ] fenced\n  ```\n", nil},
	{"indented code block", "Para.\n\n    - [ ] indented\n", nil},
	{"no space after checkbox", "- [x]a\n", nil},
	{"two characters", "- [xx] a\n", nil},
	{"escaped bracket", "- \\[ ] a\n", nil},
	{"not a list", "[ ] a\n", nil},
	{"checkbox not first", "- a [ ] b\n", nil},
	{"checkbox in a paragraph's second line", "- a\n  [ ] b\n", nil},
	{"html block", "<div>\n- [ ] a\n</div>\n", nil},
}

func TestStatuses(t *testing.T) {
	for _, tt := range statusTests {
		t.Run(tt.name, func(t *testing.T) {
			n := mustParse(t, testPath, tt.src)
			var got []wantItem
			for _, it := range n.Items {
				got = append(got, wantItem{it.Line, it.Col, it.Depth, it.Char, it.Status, it.Text})
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("items of %q:\n got %+v\nwant %+v", tt.src, got, tt.want)
			}
		})
	}
}

func TestStatusOf(t *testing.T) {
	for c, want := range map[rune]Status{' ': Open, 'x': Done, 'X': Done, '-': Cancelled, '/': InProgress, '?': Open, '!': Open, '>': Open, 'é': Open} {
		if got := StatusOf(c); got != want {
			t.Errorf("StatusOf(%q) = %q, want %q", c, got, want)
		}
	}
	for s, want := range map[Status][2]bool{Open: {true, false}, InProgress: {true, false}, Done: {false, true}, Cancelled: {false, true}} {
		if s.IsOpen() != want[0] || s.IsClosed() != want[1] {
			t.Errorf("%q: IsOpen=%v IsClosed=%v, want %v %v", s, s.IsOpen(), s.IsClosed(), want[0], want[1])
		}
	}
}

// ---------------------------------------------------------------------------
// Fields in an item's line. Each row is parsed as the note "- [ ] "+line.

type fieldWant struct {
	Text       string
	Owner      string
	OwnerField bool
	Due        string
	Done       string
	Cancelled  string
	Priority   string
	ID         string
	Tags       []string
	Mentions   []string
	Syntax     Syntax
}

var fieldTests = []struct {
	name  string
	line  string
	want  fieldWant
	diags []string // "line:col:code" of the note "- [ ] "+line
}{
	// Owner.
	{"owner dataview", "Ship it [owner:: sam]", fieldWant{Text: "Ship it", Owner: "sam", OwnerField: true}, nil},
	{"owner dataview with @", "Ship it [owner:: @sam]", fieldWant{Text: "Ship it", Owner: "sam", OwnerField: true, Mentions: []string{"sam"}}, nil},
	{"owner dataview in parens", "Ship it (owner:: sam)", fieldWant{Text: "Ship it", Owner: "sam", OwnerField: true}, nil},
	{"owner dataview in parens with @", "Ship it (owner:: @sam)", fieldWant{Text: "Ship it", Owner: "sam", OwnerField: true, Mentions: []string{"sam"}}, nil},
	{"owner full name", "Ship it [owner:: Sam Lee]", fieldWant{Text: "Ship it", Owner: "Sam Lee", OwnerField: true}, nil},
	{"owner full name in parens with @", "Ship it (owner:: @Sam Lee)", fieldWant{Text: "Ship it", Owner: "Sam Lee", OwnerField: true, Mentions: []string{"Sam"}}, nil},
	{"owner key is case-insensitive", "[Owner:: sam] ship", fieldWant{Text: "ship", Owner: "sam", OwnerField: true}, nil},
	{"owner field beats mention", "@dev ships [owner:: sam]", fieldWant{Text: "@dev ships", Owner: "sam", OwnerField: true, Mentions: []string{"dev"}}, nil},
	{"owner is the first mention", "@dev and @sam ship it", fieldWant{Text: "@dev and @sam ship it", Owner: "dev", Mentions: []string{"dev", "sam"}}, nil},
	{"owner mention mid-text", "ask @sam.", fieldWant{Text: "ask @sam.", Owner: "sam", Mentions: []string{"sam"}}, nil},
	{"empty owner field", "ship [owner:: ] @dev", fieldWant{Text: "ship @dev", Owner: "dev", Mentions: []string{"dev"}}, nil},
	{"unassigned", "ship it", fieldWant{Text: "ship it"}, nil},
	{"email is not an owner", "mail tom@example.com", fieldWant{Text: "mail tom@example.com"}, nil},
	{"mention in code is not an owner", "run `@dev` now", fieldWant{Text: "run @dev now"}, nil},
	{"mention in link target is not an owner", "see [doc](https://x.com/@dev)", fieldWant{Text: "see doc"}, nil},
	{"mention after paren", "ask (@sam) first", fieldWant{Text: "ask (@sam) first", Owner: "sam", Mentions: []string{"sam"}}, nil},

	// Due.
	{"due 📅", "Ship 📅 2026-11-24", fieldWant{Text: "Ship", Due: "2026-11-24", Syntax: SyntaxEmoji}, nil},
	{"due 📆", "Ship 📆 2026-11-24", fieldWant{Text: "Ship", Due: "2026-11-24", Syntax: SyntaxEmoji}, nil},
	{"due 🗓", "Ship 🗓 2026-11-24", fieldWant{Text: "Ship", Due: "2026-11-24", Syntax: SyntaxEmoji}, nil},
	{"due 🗓 with FE0F", "Ship 🗓\uFE0F 2026-11-24", fieldWant{Text: "Ship", Due: "2026-11-24", Syntax: SyntaxEmoji}, nil},
	{"due 📅 with FE0F", "Ship 📅\uFE0F 2026-11-24", fieldWant{Text: "Ship", Due: "2026-11-24", Syntax: SyntaxEmoji}, nil},
	{"due 📅 without space", "Ship 📅2026-11-24", fieldWant{Text: "Ship", Due: "2026-11-24", Syntax: SyntaxEmoji}, nil},
	{"due 📆 with FE0F without space", "Ship 📆\uFE0F2026-11-24", fieldWant{Text: "Ship", Due: "2026-11-24", Syntax: SyntaxEmoji}, nil},
	{"due emoji first", "📅 2026-11-24 ship", fieldWant{Text: "ship", Due: "2026-11-24", Syntax: SyntaxEmoji}, nil},
	{"due todo.txt", "Ship due:2026-11-24", fieldWant{Text: "Ship", Due: "2026-11-24", Syntax: SyntaxTodoTxt}, nil},
	{"due todo.txt first", "due:2026-11-24 ship", fieldWant{Text: "ship", Due: "2026-11-24", Syntax: SyntaxTodoTxt}, nil},
	{"due dataview", "Ship [due:: 2026-11-24]", fieldWant{Text: "Ship", Due: "2026-11-24", Syntax: SyntaxDataview}, nil},
	{"due dataview in parens", "Ship (due:: 2026-11-24)", fieldWant{Text: "Ship", Due: "2026-11-24", Syntax: SyntaxDataview}, nil},
	{"not due: inside a word", "Ship overdue:2026-11-24", fieldWant{Text: "Ship overdue:2026-11-24"}, nil},
	{"not due: with more digits", "Ship due:2026-11-241", fieldWant{Text: "Ship due:2026-11-241"}, nil},
	{"not due: followed by a letter", "Ship due:2026-11-24x", fieldWant{Text: "Ship due:2026-11-24x"}, nil},
	{"not a date shape", "Ship 📅 2026-1-2", fieldWant{Text: "Ship 📅 2026-1-2"}, nil},
	{"date field in code", "Ship `📅 2026-11-24` now", fieldWant{Text: "Ship 📅 2026-11-24 now"}, nil},

	// Done.
	{"done ✅", "Ship ✅ 2026-11-21", fieldWant{Text: "Ship", Done: "2026-11-21", Syntax: SyntaxEmoji}, nil},
	{"done ✅ without space", "Ship ✅2026-11-21", fieldWant{Text: "Ship", Done: "2026-11-21", Syntax: SyntaxEmoji}, nil},
	{"done todo.txt", "Ship done:2026-11-21", fieldWant{Text: "Ship", Done: "2026-11-21", Syntax: SyntaxTodoTxt}, nil},
	{"done dataview completion", "Ship [completion:: 2026-11-21]", fieldWant{Text: "Ship", Done: "2026-11-21", Syntax: SyntaxDataview}, nil},

	// Cancelled.
	{"cancelled ❌", "Ship ❌ 2026-11-22", fieldWant{Text: "Ship", Cancelled: "2026-11-22", Syntax: SyntaxEmoji}, nil},
	{"cancelled dataview", "Ship [cancelled:: 2026-11-22]", fieldWant{Text: "Ship", Cancelled: "2026-11-22", Syntax: SyntaxDataview}, nil},
	{"❌ without a date is text", "Ship ❌", fieldWant{Text: "Ship ❌"}, nil},

	// The date syntax is the due date's, else the first date field's.
	{"syntax of due wins", "Ship ✅ 2026-11-21 due:2026-11-24", fieldWant{Text: "Ship", Due: "2026-11-24", Done: "2026-11-21", Syntax: SyntaxTodoTxt}, nil},

	// Priority.
	{"priority 🔺", "Ship 🔺", fieldWant{Text: "Ship", Priority: "highest"}, nil},
	{"priority ⏫", "Ship ⏫", fieldWant{Text: "Ship", Priority: "high"}, nil},
	{"priority ⏫ with FE0F", "Ship ⏫\uFE0F now", fieldWant{Text: "Ship now", Priority: "high"}, nil},
	{"priority 🔼", "Ship 🔼", fieldWant{Text: "Ship", Priority: "medium"}, nil},
	{"priority 🔽", "Ship 🔽", fieldWant{Text: "Ship", Priority: "low"}, nil},
	{"priority ⏬", "Ship ⏬", fieldWant{Text: "Ship", Priority: "lowest"}, nil},
	{"priority dataview", "Ship [priority:: high]", fieldWant{Text: "Ship", Priority: "high"}, nil},
	{"priority dataview is case-insensitive", "Ship [priority:: Lowest]", fieldWant{Text: "Ship", Priority: "lowest"}, nil},
	{"unknown priority is a warning", "Ship [priority:: urgent]", fieldWant{Text: "Ship"}, []string{"1:12:bad-priority"}},

	// ID.
	{"id 🆔", "Ship 🆔 offer-1", fieldWant{Text: "Ship", ID: "offer-1"}, nil},
	{"id 🆔 without space", "Ship 🆔abc now", fieldWant{Text: "Ship now", ID: "abc"}, nil},
	{"id dataview", "Ship [id:: abc-1]", fieldWant{Text: "Ship", ID: "abc-1"}, nil},

	// Tags.
	{"tags", "#Ops and #team/infra (#paren) #123 a#b", fieldWant{Text: "#Ops and #team/infra (#paren) #123 a#b", Tags: []string{"ops", "team/infra", "paren"}}, nil},

	// Text is the first line as plain text.
	{"markup is dropped", "**Bold** _it_ [link](https://x.com) ~~old~~ ship", fieldWant{Text: "Bold it link old ship"}, nil},
	{"spaces are collapsed", "a   b\tc", fieldWant{Text: "a b c"}, nil},
	{"unknown dataview field is dropped", "ship [project:: apollo] now", fieldWant{Text: "ship now"}, nil},
	{"scheduled, start, created are dropped", "ship ⏳ 2026-11-01 🛫 2026-11-02 ➕ 2026-11-03", fieldWant{Text: "ship", Syntax: SyntaxEmoji}, nil},
	{"everything", "Send deck to @sam [owner:: dev] 📅 2026-11-24 ⏫ 🆔 deck1 #Sales",
		fieldWant{Text: "Send deck to @sam #Sales", Owner: "dev", OwnerField: true, Due: "2026-11-24", Priority: "high", ID: "deck1", Tags: []string{"sales"}, Mentions: []string{"sam"}, Syntax: SyntaxEmoji}, nil},

	// An impossible date is a warning at its line and column; the field is ignored.
	{"impossible due emoji", "Ship 📅 2026-02-30", fieldWant{Text: "Ship"}, []string{"1:12:bad-date"}},
	{"impossible due todo.txt", "Ship due:2026-02-30", fieldWant{Text: "Ship"}, []string{"1:12:bad-date"}},
	{"impossible due dataview", "Ship [due:: 2026-02-30]", fieldWant{Text: "Ship"}, []string{"1:12:bad-date"}},
	{"impossible done", "Ship ✅ 2026-13-01", fieldWant{Text: "Ship"}, []string{"1:12:bad-date"}},
	{"impossible cancelled", "Ship ❌ 2026-04-31", fieldWant{Text: "Ship"}, []string{"1:12:bad-date"}},
	{"impossible date after non-ASCII text", "Çà @dév 📅 2026-02-30 📆 2026-11-24", fieldWant{Text: "Çà @dév", Owner: "dév", Mentions: []string{"dév"}, Due: "2026-11-24", Syntax: SyntaxEmoji}, []string{"1:15:bad-date"}},
}

func TestFields(t *testing.T) {
	for _, tt := range fieldTests {
		t.Run(tt.name, func(t *testing.T) {
			src := "- [ ] " + tt.line + "\n"
			n, d := parse(t, testPath, src)
			if n == nil {
				t.Fatalf("Parse(%q) failed: %v", src, d)
			}
			if len(n.Items) != 1 {
				t.Fatalf("Parse(%q): %d items, want 1", src, len(n.Items))
			}
			it := n.Items[0]
			got := fieldWant{it.Text, it.Owner, it.OwnerField, it.Due, it.DoneDate, it.Cancelled, it.Priority, it.ID, nilIfEmpty(it.Tags), nilIfEmpty(it.Mentions), it.DateSyntax}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("item %q:\n got %+v\nwant %+v", src, got, tt.want)
			}
			if it.Raw != tt.line {
				t.Errorf("Raw = %q, want %q", it.Raw, tt.line)
			}
			if g := positions(d); !reflect.DeepEqual(g, tt.diags) {
				t.Errorf("diagnostics of %q = %q, want %q", src, g, tt.diags)
			}
		})
	}
}

// TestFieldTokens checks ScanFields' keys, values and offsets on its own.
func TestFieldTokens(t *testing.T) {
	s := "a [owner:: @sam] 📅\uFE0F2026-11-24 due:2026-11-25 ⏫ 🆔 x1 (completion:: 2026-11-26) [k:: v [w]]"
	want := []Field{
		{"owner", "@sam", SyntaxDataview, 2, 16},
		{"due", "2026-11-24", SyntaxEmoji, 17, 17 + len("📅\uFE0F2026-11-24")},
	}
	next := want[1].End + 1
	want = append(want,
		Field{"due", "2026-11-25", SyntaxTodoTxt, next, next + len("due:2026-11-25")})
	next += len("due:2026-11-25") + 1
	want = append(want, Field{"priority", "high", SyntaxEmoji, next, next + len("⏫")})
	next += len("⏫") + 1
	want = append(want, Field{"id", "x1", SyntaxEmoji, next, next + len("🆔 x1")})
	next += len("🆔 x1") + 1
	want = append(want, Field{"done", "2026-11-26", SyntaxDataview, next, next + len("(completion:: 2026-11-26)")})
	next += len("(completion:: 2026-11-26)") + 1
	want = append(want, Field{"k", "v [w]", SyntaxDataview, next, len(s)})
	if got := ScanFields(s); !reflect.DeepEqual(got, want) {
		t.Errorf("ScanFields(%q):\n got %+v\nwant %+v", s, got, want)
	}
	for _, s := range []string{"", "[", "[::]", "[ :: x]", "(owner:: x", "📅", "📅 2026-11", "🆔", "🆔 ", "due:", "done:2026"} {
		if got := ScanFields(s); len(got) != 0 {
			t.Errorf("ScanFields(%q) = %+v, want none", s, got)
		}
	}
}

func TestParseDate(t *testing.T) {
	for s, ok := range map[string]bool{"2026-11-20": true, "2024-02-29": true, "2026-02-29": false, "2026-02-30": false, "2026-13-01": false, "2026-04-31": false, "2026-00-10": false, "26-11-20": false, "": false} {
		if _, got := ParseDate(s); got != ok {
			t.Errorf("ParseDate(%q) ok = %v, want %v", s, got, ok)
		}
	}
}

func TestTagsAndNormTag(t *testing.T) {
	for s, want := range map[string][]string{
		"#Ops":                   {"ops"},
		"x #a-b_c/d y":           {"a-b_c/d"},
		"(#paren)":               {"paren"},
		"#123 #1a #ünï":          {"1a", "ünï"},
		"a#b #":                  nil,
		"#one,#two":              {"one"},
		"\t#tab":                 {"tab"},
		"https://x.com/#anchor ": nil,
	} {
		if got := Tags(s); !reflect.DeepEqual(nilIfEmpty(got), want) {
			t.Errorf("Tags(%q) = %q, want %q", s, got, want)
		}
	}
	for s, want := range map[string]string{"Project X": "project-x", " #Ops ": "ops", "A  B\tC": "a-b-c", "": ""} {
		if got := NormTag(s); got != want {
			t.Errorf("NormTag(%q) = %q, want %q", s, got, want)
		}
	}
	if got, want := NormText("  Send the  Deck!! "), "send the deck"; got != want {
		t.Errorf("NormText = %q, want %q", got, want)
	}
}

// ---------------------------------------------------------------------------
// Mentions.

var mentionTests = []struct {
	name string
	src  string
	want []string // "handle@line:col"
}{
	{"start of text", "@dev said hi\n", []string{"dev@1:1"}},
	{"after a space", "ask @sam\n", []string{"sam@1:5"}},
	{"after a paren", "x (@carol)\n", []string{"carol@1:4"}},
	{"after a bracket", "see [@sam] later\n", []string{"sam@1:6"}},
	{"in link text", "see [@sam](https://x.com)\n", nil},
	{"after a quote", "\"@dev\" and '@sam'\n", []string{"dev@1:2", "sam@1:13"}},
	{"after emphasis", "*@dev* and **@sam**\n", []string{"dev@1:2", "sam@1:14"}},
	{"email mentions nobody", "mail tom@example.com\n", nil},
	{"email in brackets mentions nobody", "mail <tom@example.com>\n", nil},
	{"word@word mentions nobody", "a@b c\n", nil},
	{"not ending in . or -", "thanks @bob. and @al- and @a.b-c.\n", []string{"bob@1:8", "al@1:18", "a.b-c@1:27"}},
	{"apostrophe ends the handle", "@dev's idea\n", []string{"dev@1:1"}},
	{"non-ASCII handle", "hi @José\n", []string{"José@1:4"}},
	{"lone @", "a @ b @. @-\n", nil},
	{"code span", "run `@dev` and ``@sam``\n", nil},
	{"link target", "[doc](https://x.com/@dev)\n", nil},
	{"link target with title", "[doc](https://x.com/@dev \"@sam\")\n", nil},
	{"autolink", "<https://x.com/@dev>\n", nil},
	{"bare URL", "see https://x.com/@dev today\n", nil},
	{"www URL", "see www.x.com/@dev today\n", nil},
	{"reference definition", "[d]: https://x.com/@dev\n\nsee [d]\n", nil},
	{"image source", "![pic](https://x.com/@dev.png)\n", nil},
	{"fenced code", "```\n@dev\n```\n", nil},
	{"indented code", "para\n\n    @dev\n", nil},
	{"second line", "first\nthen @sam\n", []string{"sam@2:6"}},
	{"heading", "# Sync with @dev\n", []string{"dev@1:13"}},
	{"in an item", "- [ ] @dev ships\n  - [ ] ask @sam\n", []string{"dev@1:7", "sam@2:13"}},
}

func TestMentions(t *testing.T) {
	for _, tt := range mentionTests {
		t.Run(tt.name, func(t *testing.T) {
			n := mustParse(t, testPath, tt.src)
			var got []string
			for _, m := range n.Mentions {
				got = append(got, fmt.Sprintf("%s@%d:%d", m.Handle, m.Line, m.Col))
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("mentions of %q = %q, want %q", tt.src, got, tt.want)
			}
		})
	}
}

// ---------------------------------------------------------------------------
// Front matter.

type fmWant struct {
	Format     Format
	Title      string
	Date       string // RFC 3339
	DateOnly   bool
	Attendees  []string
	Tags       []string
	Series     string
	Reviewed   bool
	ReviewedAt string // RFC 3339; empty when zero
	Draft      bool
	Summary    string
	Params     map[string]any
	Warnings   []string // "line:col:code"
}

func summarize(n *Note) fmWant {
	w := fmWant{
		Format: n.Format, Title: n.Title, Date: n.Date.Format(time.RFC3339), DateOnly: n.DateOnly,
		Attendees: nilIfEmpty(n.Attendees), Tags: nilIfEmpty(n.Tags), Series: n.Series,
		Reviewed: n.Reviewed, Draft: n.Draft, Summary: n.Summary, Params: n.Params,
		Warnings: positions(n.Diags),
	}
	if !n.ReviewedAt.IsZero() {
		w.ReviewedAt = n.ReviewedAt.Format(time.RFC3339)
	}
	return w
}

var frontMatterTests = []struct {
	name string
	path string // testPath when empty
	src  string
	want fmWant
}{
	{"TOML, every key", "", `+++
title = "Dev / Sam weekly"
date = 2026-11-21
attendees = ["dev", "@sam", "[[Alex Kim]]", "[[Jo Park|Jo]]", "Sam Lee"]
tags = ["One-on-one", "Hiring Plan", "ops", "OPS", "#Team"]
series = "dev-sam"
reviewed = 2026-11-22
draft = true
summary = "We agreed."
+++
# Ignored heading

First paragraph.
`, fmWant{Format: FormatTOML, Title: "Dev / Sam weekly", Date: "2026-11-21T00:00:00+01:00", DateOnly: true,
		Attendees: []string{"dev", "sam", "Alex Kim", "Jo Park", "Sam Lee"}, Tags: []string{"one-on-one", "hiring-plan", "ops", "team"},
		Series: "dev-sam", Reviewed: true, ReviewedAt: "2026-11-22T00:00:00+01:00", Draft: true, Summary: "We agreed."}},

	{"YAML, every key", "", `---
title: Design review
date: 2026-11-21
attendees:
  - "[[Alex Kim]]"
  - "@dev"
tags: [design, "Front End"]
series: design
reviewed: true
draft: false
summary: "  Short.  "
---
Body.
`, fmWant{Format: FormatYAML, Title: "Design review", Date: "2026-11-21T00:00:00+01:00", DateOnly: true,
		Attendees: []string{"Alex Kim", "dev"}, Tags: []string{"design", "front-end"}, Series: "design", Reviewed: true, Summary: "Short."}},

	{"no front matter: defaults", "", "# Weekly sync\n\nWe met.\nIt went well.\n\nSecond paragraph.\n",
		fmWant{Title: "Weekly sync", Date: "2026-11-20T00:00:00+01:00", DateOnly: true, Summary: "We met. It went well."}},
	{"title defaults to the file name", "content/2026/2026-11-20-bob.md", "Just text.\n",
		fmWant{Title: "2026-11-20-bob", Date: "2026-11-20T00:00:00+01:00", DateOnly: true, Summary: "Just text."}},
	{"title is the opening heading, of any level", "", "## Agenda\n\n# Real *title* with @dev\n\n# Second\n",
		fmWant{Title: "Agenda", Date: "2026-11-20T00:00:00+01:00", DateOnly: true}},
	{"summary skips headings, lists and quotes", "", "# T\n\n- item\n\n> quote\n\nThe **summary**.\n",
		fmWant{Title: "T", Date: "2026-11-20T00:00:00+01:00", DateOnly: true, Summary: "The summary."}},
	{"empty TOML front matter", "", "+++\n+++\nText.\n",
		fmWant{Format: FormatTOML, Title: "2026-11-20-dev", Date: "2026-11-20T00:00:00+01:00", DateOnly: true, Summary: "Text."}},
	{"empty YAML front matter", "", "---\n---\nText.\n",
		fmWant{Format: FormatYAML, Title: "2026-11-20-dev", Date: "2026-11-20T00:00:00+01:00", DateOnly: true, Summary: "Text."}},
	{"YAML closed with ...", "", "---\ntitle: x\n...\nbody\n",
		fmWant{Format: FormatYAML, Title: "x", Date: "2026-11-20T00:00:00+01:00", DateOnly: true, Summary: "body"}},
	{"delimiters with trailing white space", "", "+++  \ntitle = \"x\"\n+++\t\nbody\n",
		fmWant{Format: FormatTOML, Title: "x", Date: "2026-11-20T00:00:00+01:00", DateOnly: true, Summary: "body"}},
	{"front matter title beats heading", "", "+++\ntitle = \"FM\"\n+++\n# Heading\n",
		fmWant{Format: FormatTOML, Title: "FM", Date: "2026-11-20T00:00:00+01:00", DateOnly: true}},
	{"front matter date beats the file name", "", "+++\ndate = 2025-01-02\n+++\n",
		fmWant{Format: FormatTOML, Title: "2026-11-20-dev", Date: "2025-01-02T00:00:00+01:00", DateOnly: true}},
	{"date without a dated file name", "notes/weekly.md", "+++\ndate = 2025-01-02\n+++\n",
		fmWant{Format: FormatTOML, Title: "weekly", Date: "2025-01-02T00:00:00+01:00", DateOnly: true}},

	// Dates.
	{"TOML local date-time", "", "+++\ndate = 2026-11-20T14:30:00\n+++\n",
		fmWant{Format: FormatTOML, Title: "2026-11-20-dev", Date: "2026-11-20T14:30:00+01:00"}},
	{"TOML local date-time with a space", "", "+++\ndate = 2026-11-20 14:30:00\n+++\n",
		fmWant{Format: FormatTOML, Title: "2026-11-20-dev", Date: "2026-11-20T14:30:00+01:00"}},
	{"TOML offset date-time", "", "+++\ndate = 2026-11-20T14:30:00-05:00\n+++\n",
		fmWant{Format: FormatTOML, Title: "2026-11-20-dev", Date: "2026-11-20T14:30:00-05:00"}},
	{"TOML UTC date-time", "", "+++\ndate = 2026-11-20T14:30:00Z\n+++\n",
		fmWant{Format: FormatTOML, Title: "2026-11-20-dev", Date: "2026-11-20T14:30:00Z"}},
	{"TOML quoted date", "", "+++\ndate = \"2026-11-21\"\n+++\n",
		fmWant{Format: FormatTOML, Title: "2026-11-20-dev", Date: "2026-11-21T00:00:00+01:00", DateOnly: true}},
	{"TOML quoted RFC 3339", "", "+++\ndate = \"2026-11-21T09:00:00+02:00\"\n+++\n",
		fmWant{Format: FormatTOML, Title: "2026-11-20-dev", Date: "2026-11-21T09:00:00+02:00"}},
	{"YAML date", "", "---\ndate: 2026-11-21\n---\n",
		fmWant{Format: FormatYAML, Title: "2026-11-20-dev", Date: "2026-11-21T00:00:00+01:00", DateOnly: true}},
	{"YAML quoted date", "", "---\ndate: \"2026-11-21\"\n---\n",
		fmWant{Format: FormatYAML, Title: "2026-11-20-dev", Date: "2026-11-21T00:00:00+01:00", DateOnly: true}},
	{"YAML RFC 3339", "", "---\ndate: 2026-11-21T09:00:00+02:00\n---\n",
		fmWant{Format: FormatYAML, Title: "2026-11-20-dev", Date: "2026-11-21T09:00:00+02:00"}},
	{"YAML quoted RFC 3339 in UTC", "", "---\ndate: '2026-11-21T09:00:00Z'\n---\n",
		fmWant{Format: FormatYAML, Title: "2026-11-20-dev", Date: "2026-11-21T09:00:00Z"}},
	{"YAML date and time without offset", "", "---\ndate: 2026-11-21 09:00\n---\n",
		fmWant{Format: FormatYAML, Title: "2026-11-20-dev", Date: "2026-11-21T09:00:00+01:00"}},

	// attendees, tags, series.
	{"YAML attendees as unquoted wiki links", "", "---\nattendees: [[Sam]]\n---\n",
		fmWant{Format: FormatYAML, Title: "2026-11-20-dev", Date: "2026-11-20T00:00:00+01:00", DateOnly: true, Attendees: []string{"Sam"}}},
	{"YAML attendees block list of wiki links", "", "---\nattendees:\n  - [[Sam Lee]]\n  - dev\n---\n",
		fmWant{Format: FormatYAML, Title: "2026-11-20-dev", Date: "2026-11-20T00:00:00+01:00", DateOnly: true, Attendees: []string{"Sam Lee", "dev"}}},
	{"empty attendees", "", "+++\nattendees = []\n+++\n",
		fmWant{Format: FormatTOML, Title: "2026-11-20-dev", Date: "2026-11-20T00:00:00+01:00", DateOnly: true}},
	{"YAML tags as a comma list", "", "---\ntags: Foo Bar, baz,  ,BAZ\n---\n",
		fmWant{Format: FormatYAML, Title: "2026-11-20-dev", Date: "2026-11-20T00:00:00+01:00", DateOnly: true, Tags: []string{"foo-bar", "baz"}}},
	{"two attendees leave Series to the journal", "", "+++\nattendees = [\"dev\", \"sam\"]\n+++\n",
		fmWant{Format: FormatTOML, Title: "2026-11-20-dev", Date: "2026-11-20T00:00:00+01:00", DateOnly: true, Attendees: []string{"dev", "sam"}}},
	{"series is trimmed", "", "+++\nseries = \" Weekly \"\n+++\n",
		fmWant{Format: FormatTOML, Title: "2026-11-20-dev", Date: "2026-11-20T00:00:00+01:00", DateOnly: true, Series: "Weekly"}},

	// reviewed, draft.
	{"reviewed = true", "", "+++\nreviewed = true\n+++\n",
		fmWant{Format: FormatTOML, Title: "2026-11-20-dev", Date: "2026-11-20T00:00:00+01:00", DateOnly: true, Reviewed: true}},
	{"reviewed = false", "", "+++\nreviewed = false\n+++\n",
		fmWant{Format: FormatTOML, Title: "2026-11-20-dev", Date: "2026-11-20T00:00:00+01:00", DateOnly: true}},
	{"reviewed is a TOML date-time", "", "+++\nreviewed = 2026-11-21T10:00:00\n+++\n",
		fmWant{Format: FormatTOML, Title: "2026-11-20-dev", Date: "2026-11-20T00:00:00+01:00", DateOnly: true, Reviewed: true, ReviewedAt: "2026-11-21T10:00:00+01:00"}},
	{"reviewed is a YAML date", "", "---\nreviewed: 2026-11-21\n---\n",
		fmWant{Format: FormatYAML, Title: "2026-11-20-dev", Date: "2026-11-20T00:00:00+01:00", DateOnly: true, Reviewed: true, ReviewedAt: "2026-11-21T00:00:00+01:00"}},
	{"reviewed is a YAML RFC 3339", "", "---\nreviewed: 2026-11-21T10:00:00Z\n---\n",
		fmWant{Format: FormatYAML, Title: "2026-11-20-dev", Date: "2026-11-20T00:00:00+01:00", DateOnly: true, Reviewed: true, ReviewedAt: "2026-11-21T10:00:00Z"}},
	{"empty YAML reviewed", "", "---\nreviewed:\n---\n",
		fmWant{Format: FormatYAML, Title: "2026-11-20-dev", Date: "2026-11-20T00:00:00+01:00", DateOnly: true}},
	{"YAML draft", "", "---\ndraft: true\n---\n",
		fmWant{Format: FormatYAML, Title: "2026-11-20-dev", Date: "2026-11-20T00:00:00+01:00", DateOnly: true, Draft: true}},

	// Unknown keys are kept, with a warning at the key.
	{"TOML unknown keys", "", "+++\ndate = 2026-11-20\ncustom = 3\n  location = \"Room 1\"\n[extra]\na = \"b\"\n+++\n",
		fmWant{Format: FormatTOML, Title: "2026-11-20-dev", Date: "2026-11-20T00:00:00+01:00", DateOnly: true,
			Params:   map[string]any{"custom": int64(3), "location": "Room 1", "extra": map[string]any{"a": "b"}},
			Warnings: []string{"3:1:unknown-key", "4:3:unknown-key", "5:1:unknown-key"}}},
	{"YAML unknown keys", "", "---\naliases: [review]\ndate: 2026-11-20\ncssclass: wide\nrating: 4.5\n---\n",
		fmWant{Format: FormatYAML, Title: "2026-11-20-dev", Date: "2026-11-20T00:00:00+01:00", DateOnly: true,
			Params:   map[string]any{"aliases": []any{"review"}, "cssclass": "wide", "rating": 4.5},
			Warnings: []string{"2:1:unknown-key", "4:1:unknown-key", "5:1:unknown-key"}}},
}

func TestFrontMatter(t *testing.T) {
	for _, tt := range frontMatterTests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.path
			if p == "" {
				p = testPath
			}
			n := mustParse(t, p, tt.src)
			if got := summarize(n); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Parse(%q):\n got %#v\nwant %#v", tt.src, got, tt.want)
			}
			if n.Path != p {
				t.Errorf("Path = %q, want %q", n.Path, p)
			}
		})
	}
}

func TestFrontMatterBounds(t *testing.T) {
	src := "+++\ntitle = \"x\"\n+++\n- [ ] a\n"
	n := mustParse(t, testPath, src)
	want := FrontMatter{Format: FormatTOML, StartLine: 1, EndLine: 3, Start: 4, End: 16}
	if n.FrontMatter != want {
		t.Errorf("FrontMatter = %+v, want %+v", n.FrontMatter, want)
	}
	if got := src[n.FrontMatter.Start:n.FrontMatter.End]; got != "title = \"x\"\n" {
		t.Errorf("front matter text = %q", got)
	}
	if len(n.Items) != 1 || n.Items[0].Line != 4 {
		t.Errorf("items = %+v, want one on line 4", n.Items)
	}
}

// ---------------------------------------------------------------------------
// Errors: the note cannot be read, and the one error names path:line:col.

var errorTests = []struct {
	name string
	path string // testPath when empty
	src  string
	want string // "line:col" of the error
	msg  string // a part of the message
}{
	{"TOML syntax error", "", "+++\ndate = 2026-11-20\ntitle = \n+++\n", "3:9", "front matter (TOML)"},
	{"TOML unclosed array", "", "+++\ntitle = \"ok\"\nx = [1,\n+++\n", "3:8", "front matter (TOML)"},
	{"TOML bad key", "", "+++\n\n\ntitle \"x\"\n+++\n", "4:7", "front matter (TOML)"},
	{"TOML error after a blank first line", "", "+++\n\nx = = 1\n+++\n", "3:5", "front matter (TOML)"},
	{"YAML syntax error", "", "---\ndate: 2026-11-20\n  bad: x\n---\n", "3:1", "front matter (YAML)"},
	{"YAML tab indentation", "", "---\ndate: 2026-11-20\n\ttitle: x\n---\n", "3:1", "front matter (YAML)"},
	{"YAML unterminated string", "", "---\ndate: 2026-11-20\ntitle: \"abc\n---\n", "3:1", "front matter (YAML)"},
	{"YAML bad tag", "", "---\ndate: 2026-11-20\nx: !!bool maybe\n---\n", "3:4", "front matter (YAML)"},
	{"missing closing +++", "", "+++\ndate = 2026-11-20\n\nbody\n", "1:1", "never closed"},
	{"only an opening delimiter", "", "+++", "1:1", "never closed"},
	{"bad TOML date string", "", "+++\ntitle = \"x\"\ndate = \"2026-13-01\"\n+++\n", "3:1", `date "2026-13-01" is not a date`},
	{"impossible YAML date", "", "---\ndate: 2026-02-30\n---\n", "2:1", `date "2026-02-30" is not a date`},
	{"date is an integer", "", "+++\ndate = 5\n+++\n", "2:1", "date must be a date, not an integer"},
	{"date is a time of day", "", "+++\ndate = 12:00:00\n+++\n", "2:1", "time of day"},
	{"empty YAML date", "", "---\ndate:\n---\n", "2:1", "date must be a date"},
	{"attendees is a string", "", "+++\ndate = 2026-11-20\nattendees = \"x\"\n+++\n", "3:1", "attendees must be an array of strings"},
	{"indented wrong type", "", "+++\ndate = 2026-11-20\n   attendees = 'x'\n+++\n", "3:4", "attendees must be an array of strings"},
	{"attendees holds a number", "", "+++\nattendees = [\"a\", 1]\n+++\n", "2:1", "attendees must be an array of strings; it holds an integer"},
	{"YAML attendees is a string", "", "---\ndate: 2026-11-20\nattendees: dev\n---\n", "3:1", "attendees must be an array of strings"},
	{"tags is a number", "", "+++\ntags = 5\n+++\n", "2:1", "tags must be an array of strings"},
	{"title is a number", "", "+++\ntitle = 5\n+++\n", "2:1", "title must be a string, not an integer"},
	{"series is a list", "", "---\nseries: [a]\n---\n", "2:1", "series must be a string, not an array"},
	{"summary is a table", "", "+++\n[summary]\nx = 1\n+++\n", "2:1", "summary must be a string, not a table"},
	{"draft is a string", "", "+++\ndraft = \"yes\"\n+++\n", "2:1", "draft must be true or false, not a string"},
	{"reviewed is a word", "", "---\nreviewed: soon\n---\n", "2:1", "reviewed must be true, false or a date"},
	{"non-UTF-8 byte", "", "ok\nab\xffcd\n", "2:3", "not valid UTF-8 (byte 0xff)"},
	{"truncated UTF-8 sequence", "", "é\xc3", "1:2", "not valid UTF-8 (byte 0xc3)"},
	{"Latin-1 in front matter", "", "+++\ntitle = \"caf\xe9\"\n+++\n", "2:13", "not valid UTF-8 (byte 0xe9)"},
	{"NUL byte", "", "a\nb\x00", "2:2", "NUL byte"},
}

func TestErrors(t *testing.T) {
	for _, tt := range errorTests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.path
			if p == "" {
				p = testPath
			}
			n, d := parse(t, p, tt.src)
			checkError(t, p, tt.src, n, d, tt.want, tt.msg)
		})
	}
}

func checkError(t *testing.T, p, src string, n *Note, d diag.List, want, msg string) {
	t.Helper()
	if n != nil {
		t.Errorf("Parse(%q) returned a note, want nil", src)
	}
	errs := d.Errors()
	if len(errs) != 1 {
		t.Fatalf("Parse(%q): errors %q, want exactly one", src, d.Error())
	}
	prefix := p + ":" + want + ": "
	if got := errs[0].Error(); !strings.HasPrefix(got, prefix) || !strings.Contains(got, msg) {
		t.Errorf("Parse(%q) error:\n got %q\nwant %q...%q", src, got, prefix, msg)
	}
	if errs[0].Path != p {
		t.Errorf("error Path = %q, want %q", errs[0].Path, p)
	}
}

func TestWrongTypesAreAllReported(t *testing.T) {
	src := "+++\ndate = 2026-11-20\nattendees = \"x\"\ntitle = 5\ncustom = 1\n+++\n"
	n, d := parse(t, testPath, src)
	if n != nil {
		t.Errorf("got a note, want nil")
	}
	if got, want := positions(d), []string{"5:1:unknown-key", "3:1:error", "4:1:error"}; !reflect.DeepEqual(got, want) {
		t.Errorf("diagnostics = %q, want %q", got, want)
	}
}

func TestMaxSize(t *testing.T) {
	big := make([]byte, MaxSize+1)
	for i := range big {
		big[i] = '\n'
	}
	n, d := Parse(testPath, big, Options{})
	checkError(t, testPath, "<MaxSize+1 newlines>", n, d, "1:1", "over recap's limit of 8 MiB")

	n, d = Parse(testPath, big[:MaxSize], Options{})
	if n == nil || d.Err() != nil {
		t.Errorf("a note of exactly MaxSize bytes: %v", d)
	}
}

// ---------------------------------------------------------------------------
// Line numbers with a BOM, with CRLF line endings and with both.

type variant struct {
	name string
	f    func(string) string
}

var variants = []variant{
	{"LF", func(s string) string { return s }},
	{"BOM", func(s string) string { return "\uFEFF" + s }},
	{"CRLF", func(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }},
	{"BOM+CRLF", func(s string) string { return "\uFEFF" + strings.ReplaceAll(s, "\n", "\r\n") }},
}

// lineNotes have a warning, items, mentions and headings on known lines.
var lineNotes = []struct {
	name string
	src  string
	want []string // what the note has, where
}{
	{"TOML", `+++
date = 2026-11-20
  bogus = 1
+++

# Weekly

Hello @dev, see below.

- [ ] Ship 📅 2026-02-30
  - [x] Nested ✅ 2026-11-20 @sam
`, []string{
		"warning 3:3:unknown-key", "warning 10:12:bad-date",
		"heading 6 Weekly",
		"mention dev 8:7", "mention sam 11:29",
		"item 10:3 depth 0 raw \"Ship 📅 2026-02-30\"",
		"item 11:5 depth 1 raw \"Nested ✅ 2026-11-20 @sam\"",
	}},
	{"YAML", `---
date: 2026-11-20
bogus: 1
---
## Agenda
- [ ] @dev: prepare 📆 2026-02-29
`, []string{
		"warning 3:1:unknown-key", "warning 6:21:bad-date",
		"heading 5 Agenda",
		"mention dev 6:7",
		"item 6:3 depth 0 raw \"@dev: prepare 📆 2026-02-29\"",
	}},
	{"no front matter", "- [ ] first 📅 2026-02-30\n\n> [!note] Later\n> @sam\n", []string{
		"warning 1:13:bad-date",
		"mention sam 4:3",
		"item 1:3 depth 0 raw \"first 📅 2026-02-30\"",
	}},
}

func describe(n *Note) []string {
	var out []string
	for _, d := range n.Diags {
		out = append(out, fmt.Sprintf("%s %d:%d:%s", d.Severity, d.Line, d.Col, d.Code))
	}
	for _, h := range n.Headings {
		out = append(out, fmt.Sprintf("heading %d %s", h.Line, h.Text))
	}
	for _, m := range n.Mentions {
		out = append(out, fmt.Sprintf("mention %s %d:%d", m.Handle, m.Line, m.Col))
	}
	for _, it := range n.Items {
		out = append(out, fmt.Sprintf("item %d:%d depth %d raw %q", it.Line, it.Col, it.Depth, it.Raw))
	}
	return out
}

func TestLineNumbers(t *testing.T) {
	for _, ln := range lineNotes {
		for _, v := range variants {
			t.Run(ln.name+"/"+v.name, func(t *testing.T) {
				src := v.f(ln.src)
				n := mustParse(t, testPath, src)
				if got := describe(n); !reflect.DeepEqual(got, ln.want) {
					t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(ln.want, "\n\t"))
				}
				if n.HasBOM != strings.HasPrefix(v.name, "BOM") || n.CRLF != strings.HasSuffix(v.name, "CRLF") {
					t.Errorf("HasBOM = %v, CRLF = %v", n.HasBOM, n.CRLF)
				}
				for _, it := range n.Items {
					if src[it.Offset] != '[' {
						t.Errorf("item on line %d: byte at Offset %d is %q, want '['", it.Line, it.Offset, src[it.Offset])
					}
					if !strings.HasSuffix(src[it.Offset:it.LineEnd], it.Raw) || strings.ContainsAny(src[it.Offset:it.LineEnd], "\r\n") {
						t.Errorf("item on line %d: src[Offset:LineEnd] = %q, Raw %q", it.Line, src[it.Offset:it.LineEnd], it.Raw)
					}
				}
			})
		}
	}
}

// lineErrors are notes that cannot be read, with the error's place.
var lineErrors = []struct {
	name, src, want, msg string
}{
	{"TOML syntax", "+++\ndate = 2026-11-20\ntitle = \n+++\nbody\n", "3:9", "front matter (TOML)"},
	{"TOML syntax on the first line", "+++\ntitle = = 1\n+++\n", "2:9", "front matter (TOML)"},
	{"YAML syntax", "---\ndate: 2026-11-20\n  bad: x\n---\n", "3:1", "front matter (YAML)"},
	{"unclosed", "+++\ndate = 2026-11-20\n", "1:1", "never closed"},
	{"bad date", "+++\n\ndate = \"2026-02-30\"\n+++\n", "3:1", "is not a date"},
	{"wrong type", "---\ndate: 2026-11-20\n\nattendees: x\n---\n", "4:1", "attendees must be"},
	{"non-UTF-8 on line 1", "ab\xff\n", "1:3", "not valid UTF-8"},
	{"non-UTF-8 on line 3", "a\nb\nçc\xfe\n", "3:3", "not valid UTF-8"},
}

func TestErrorLineNumbers(t *testing.T) {
	for _, le := range lineErrors {
		for _, v := range variants {
			t.Run(le.name+"/"+v.name, func(t *testing.T) {
				src := v.f(le.src)
				n, d := parse(t, testPath, src)
				checkError(t, testPath, src, n, d, le.want, le.msg)
			})
		}
	}
}

// ---------------------------------------------------------------------------
// Realistic notes in testdata/notes.

func TestRealisticNotes(t *testing.T) {
	files, err := filepath.Glob("testdata/notes/*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("no notes in testdata/notes: %v", err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range variants {
			t.Run(filepath.Base(f)+"/"+v.name, func(t *testing.T) {
				src := v.f(string(data))
				p := "content/" + filepath.Base(f)
				n := mustParse(t, p, src)
				if len(n.Diags) != 0 {
					t.Errorf("diagnostics: %v", n.Diags)
				}
				if len(n.Items) == 0 {
					t.Errorf("no items")
				}
			})
		}
	}
}

func TestRealisticNoteContent(t *testing.T) {
	data, err := os.ReadFile("testdata/notes/2026-11-20-dev-sam.md")
	if err != nil {
		t.Fatal(err)
	}
	n := mustParse(t, "content/2026-11-20-dev-sam.md", string(data))
	var got []string
	for _, it := range n.Items {
		got = append(got, fmt.Sprintf("%d d%d %s owner=%q due=%q done=%q cancelled=%q prio=%q id=%q tags=%q text=%q",
			it.Line, it.Depth, it.Status, it.Owner, it.Due, it.DoneDate, it.Cancelled, it.Priority, it.ID, it.Tags, it.Text))
	}
	want := []string{
		`14 d0 open owner="sam" due="2026-11-24" done="" cancelled="" prio="high" id="offer-1" tags=[] text="@sam to send the offer letter"`,
		`15 d0 done owner="dev" due="" done="2026-11-19" cancelled="" prio="" id="" tags=[] text="Book the room for the offsite"`,
		`16 d0 in-progress owner="" due="2026-12-01" done="" cancelled="" prio="" id="" tags=["roadmap"] text="Draft the roadmap doc #roadmap"`,
		`17 d1 open owner="alex" due="" done="" cancelled="" prio="" id="" tags=[] text="Collect input from @alex"`,
		`18 d1 cancelled owner="dev" due="" done="" cancelled="2026-11-20" prio="" id="" tags=[] text="Ask finance"`,
		`19 d0 open owner="" due="" done="" cancelled="" prio="low" id="" tags=[] text="Decide on tooling"`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("items:\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
	if n.Title != "Dev / Sam weekly" || n.Summary != "We went through the hiring plan and the Q1 roadmap." ||
		!reflect.DeepEqual(n.Tags, []string{"one-on-one", "hiring-plan"}) {
		t.Errorf("title %q, summary %q, tags %q", n.Title, n.Summary, n.Tags)
	}
	if len(n.Callouts) != 1 || n.Callouts[0].Kind != "decision" || n.Callouts[0].Title != "Ship on Friday" || n.Callouts[0].Line != 21 {
		t.Errorf("callouts = %+v", n.Callouts)
	}
}

func TestOptions(t *testing.T) {
	src := "+++\ndate = 2026-11-20\n+++\n# T\n\nSee @dev.\n\n> [!private]\n> secret words\n\n```\ncode words\n```\n"
	var gotSrc []byte
	n, d := Parse(testPath, []byte(src), Options{KeepText: true, OnAST: func(n *Note, doc ast.Node, s []byte) { gotSrc = s }})
	if n == nil || d.Err() != nil {
		t.Fatal(d)
	}
	if !strings.Contains(n.Text, "code words") || strings.Contains(n.Text, "secret") {
		t.Errorf("Text = %q, want code blocks in and private callouts left out", n.Text)
	}
	if want := "\n\n\n# T\n"; !bytes.HasPrefix(gotSrc, []byte(want)) {
		t.Errorf("OnAST source starts %q, want %q: front matter lines kept as empty lines", gotSrc[:min(len(gotSrc), 10)], want)
	}
	if n.Date.Location() != time.Local {
		t.Errorf("default location = %v, want time.Local", n.Date.Location())
	}
}

// ---------------------------------------------------------------------------
// Bugs found by these tests. Each test skips while the bug is there and
// checks the fixed behaviour once it is gone.

func TestBugTOMLDottedKeyPosition(t *testing.T) {
	src := "+++\ndate = 2026-11-20\nparams.color = \"red\"\n+++\n"
	n, _ := Parse(testPath, []byte(src), Options{Location: cet})
	if n == nil {
		t.Fatal("no note")
	}
	got := positions(n.Diags)
	if want := []string{"3:1:unknown-key"}; !reflect.DeepEqual(got, want) {
		t.Errorf("diagnostics = %q, want %q", got, want)
	}
	_, d := Parse(testPath, []byte("+++\ntitle = \"x\"\ndate.day = 1\n+++\n"), Options{})
	if got, want := positions(d), []string{"3:1:error"}; !reflect.DeepEqual(got, want) {
		t.Errorf("dotted date: diagnostics = %q, want %q", got, want)
	}
}

func TestBugYAMLParserErrorLine(t *testing.T) {
	for _, tt := range []struct{ src, want string }{
		{"---\ndate: 2026-11-20\ntitle: [a\n---\n", "3:1"},       // unclosed flow sequence opened on line 3
		{"---\ndate: 2026-11-20\n- a\n---\n", "3:1"},             // a sequence entry where a key belongs
		{"---\ndate: 2026-11-20\nx: *nope\n---\n", "3:1"},        // unknown alias on line 3
		{"---\ndate: 2026-11-20\ntitle: {a: b\n---\n", "3:1"},    // unclosed flow mapping on line 3
		{"---\ndate: 2026-11-20\nb: [\n  1,\n  2\n---\n", "3:1"}, // a flow sequence opened on line 3, never closed
		{"---\na:\n  - x\n - b\n---\n", "4:1"},                   // a sequence entry outdented out of its sequence
		{"---\na: b: c\n---\n", "2:1"},                           // a scanner error on the first line: yaml.v3 names no line
		{"---\ndate: 2026-11-20\nx: \x01\n---\n", "3:1"},         // a control character: yaml.v3 names no line
		{"---\ndate: 2026-11-20\n\nx: [*nope]\n---\n", "4:1"},    // unknown alias in a flow sequence
	} {
		n, d := Parse(testPath, []byte(tt.src), Options{})
		if n != nil || len(d) != 1 {
			t.Fatalf("Parse(%q) = %v, %v", tt.src, n, d)
		}
		if got := fmt.Sprintf("%d:%d", d[0].Line, d[0].Col); got != tt.want {
			t.Errorf("Parse(%q): error at %s, want %s", tt.src, got, tt.want)
		}
	}
}

func TestBugTOMLErrorColumn(t *testing.T) {
	// The error is at the space after the string: character 15 of line 2, byte 19
	// (with "eeee" instead of "éééé" it is reported at 2:15).
	src := "+++\ntitle = \"éééé\" x\n+++\n"
	n, d := Parse(testPath, []byte(src), Options{})
	if n != nil || len(d) != 1 {
		t.Fatalf("Parse = %v, %v", n, d)
	}
	if d[0].Line != 2 || d[0].Col != 15 {
		t.Errorf("error at %d:%d, want 2:15", d[0].Line, d[0].Col)
	}
}

func TestBugTOMLDuplicateKeyColumn(t *testing.T) {
	src := "+++\ndate = 2026-11-20\ndate = 2026-11-21\n+++\n"
	n, d := Parse(testPath, []byte(src), Options{})
	if n != nil || len(d) != 1 || d[0].Line != 3 {
		t.Fatalf("Parse = %v, %v; want one error on line 3", n, d)
	}
	if d[0].Col != 1 {
		t.Errorf("error at 3:%d, want 3:1", d[0].Col)
	}
}

func TestBugYAMLRecursiveAlias(t *testing.T) {
	for _, tt := range []struct {
		src  string
		line int
	}{{"---\na: &a [*a]\n---\n", 2}, {"---\ndate: 2026-11-20\na: &a {b: *a}\n---\n", 3}} {
		n, d := Parse(testPath, []byte(tt.src), Options{})
		if n != nil || len(d.Errors()) != 1 || d[0].Line != tt.line {
			t.Errorf("Parse(%q) = %v, %v; want one error on line %d", tt.src, n, d, tt.line)
		}
	}
}

func TestBugYAMLExtraLineBreaks(t *testing.T) {
	for _, tt := range []struct{ src, want string }{
		{"---\ntitle: \"a\rb\"\nbogus: 1\n---\n", "3:1:unknown-key"},     // a lone CR in a quoted string
		{"---\ntitle: \"a\u2028b\"\nbogus: 1\n---\n", "3:1:unknown-key"}, // U+2028 LINE SEPARATOR
		{"---\ntitle: \"a\u0085b\"\nbogus: 1\n---\n", "3:1:unknown-key"}, // U+0085 NEXT LINE
		{"---\ntitle: \"a\u2028b\"\n  bad: x\n---\n", "3:1:error"},
		{"---\ntitle: a\u2028b\n---\n", "2:1:error"}, // (or no error: YAML 1.2 has no such line break)
		{"---\ntitle: \"a\u2029\u2029b\"\nx: *nope\n---\n", "3:1:error"},
		{"---\ntitle: \"a\rb\"\nx: [1, 2\n---\n", "3:1:error"},
		{"---\ntitle: \"é\u2028é\"\nbogus: {x: 1}\n---\n", "3:1:unknown-key"},
	} {
		_, d := Parse(testPath, []byte(tt.src), Options{})
		if len(d) != 1 {
			t.Fatalf("Parse(%q): %v", tt.src, d)
		}
		if got := pos(d[0]); got != tt.want {
			t.Errorf("Parse(%q): diagnostic %s, want %s", tt.src, got, tt.want)
		}
	}
}

// yamlAliasBomb nests depth levels of ten aliases each: a few hundred bytes
// that expand to 10^depth values.
func yamlAliasBomb(depth int) string {
	var b strings.Builder
	b.WriteString("---\ndate: 2026-11-20\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i <= depth; i++ {
		fmt.Fprintf(&b, "a%d: &a%d [", i, i)
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*a%d", i-1)
		}
		b.WriteString("]\n")
	}
	b.WriteString("---\n")
	return b.String()
}

func TestBugYAMLAliasExpansion(t *testing.T) {
	src := yamlAliasBomb(7)
	done := make(chan diag.List, 1)
	go func() {
		n, d := Parse(testPath, []byte(src), Options{})
		if n == nil && d.Err() == nil {
			d = append(d, &diag.Diagnostic{Msg: "no note and no error"})
		}
		done <- d
	}()
	select {
	case d := <-done:
		for _, x := range d {
			if x.Msg == "no note and no error" {
				t.Error(x.Msg)
			}
		}
	case <-time.After(2 * time.Second):
		t.Fatalf("Parse of a %d-byte note with nested YAML aliases did not finish in 2s", len(src))
	}
}

func TestBugTextDropsMentionsAndLinks(t *testing.T) {
	src := "# T\n\nSee @dev at https://x.com and <https://y.com>.\n"
	n, d := Parse(testPath, []byte(src), Options{KeepText: true})
	if n == nil {
		t.Fatal(d)
	}
	if n.Text == "T See at and ." {
	}
	if want := "T See @dev at https://x.com and https://y.com."; n.Text != want {
		t.Errorf("Text = %q, want %q", n.Text, want)
	}
}

func TestBugTagsInCodeSpans(t *testing.T) {
	n := mustParse(t, testPath, "- [ ] run `make #notatag` then #real\n")
	if len(n.Items) != 1 {
		t.Fatalf("items = %+v", n.Items)
	}
	got := n.Items[0].Tags
	if reflect.DeepEqual(got, []string{"notatag", "real"}) {
	}
	if want := []string{"real"}; !reflect.DeepEqual(got, want) {
		t.Errorf("tags = %q, want %q", got, want)
	}
}

// ---------------------------------------------------------------------------
// checkNote checks the invariants that hold for every input; the fuzz
// targets use it too.
func checkNote(t *testing.T, p string, data []byte, n *Note, d diag.List) {
	t.Helper()
	lines := bytes.Count(data, []byte("\n")) + 1
	if n == nil && len(d.Errors()) == 0 {
		t.Fatalf("Parse returned neither a note nor an error; diagnostics %q", d.Error())
	}
	if n != nil && len(d.Errors()) != 0 {
		t.Fatalf("Parse returned a note and errors %q", d.Errors().Error())
	}
	for _, x := range d {
		if x.Path != p || x.Line < 1 || x.Col < 1 || x.Msg == "" {
			t.Fatalf("bad diagnostic %+v (path %q, %d lines)", *x, p, lines)
		}
		if x.Line > lines || x.Col > lineChars(data, x.Line)+1 {
			t.Fatalf("diagnostic %+v is past the end of its line or of the file (%d lines)", *x, lines)
		}
	}
	if n == nil {
		return
	}
	if n.Path != p || n.Title == "" || (n.Date.IsZero() && n.DateOnly) {
		t.Fatalf("note path %q, date %v (date only %v), title %q", n.Path, n.Date, n.DateOnly, n.Title)
	}
	bom := 0
	if bytes.HasPrefix(data, []byte("\uFEFF")) {
		bom = 3
	}
	if n.HasBOM != (bom == 3) {
		t.Fatalf("HasBOM = %v", n.HasBOM)
	}
	for _, it := range n.Items {
		if it.Line < 1 || it.Line > lines || it.Col < 1 || it.Depth < 0 {
			t.Fatalf("item %+v: line/col/depth out of range (%d lines)", it, lines)
		}
		if it.Offset < bom || it.Offset > it.LineEnd || it.LineEnd > len(data) {
			t.Fatalf("item %+v: Offset %d, LineEnd %d, file of %d bytes", it, it.Offset, it.LineEnd, len(data))
		}
		if !it.Inferred && data[it.Offset] != '[' {
			t.Fatalf("item %+v: byte at Offset is %q, not '['", it, data[it.Offset])
		}
		if it.LineEnd < len(data) && data[it.LineEnd] != '\n' && data[it.LineEnd] != '\r' {
			t.Fatalf("item %+v: LineEnd is not at the end of the line: %q", it, data[it.LineEnd])
		}
		if bytes.IndexByte(data[it.Offset:it.LineEnd], '\n') >= 0 {
			t.Fatalf("item %+v: the first line holds a newline", it)
		}
		ls := bytes.LastIndexByte(data[:it.Offset], '\n') + 1
		if ls == 0 {
			ls = bom
		}
		if l, c := bytes.Count(data[:it.Offset], []byte("\n"))+1, utf8.RuneCount(data[ls:it.Offset])+1; l != it.Line || c != it.Col {
			t.Fatalf("item %+v: Offset %d is at %d:%d, item says %d:%d", it, it.Offset, l, c, it.Line, it.Col)
		}
		if !strings.HasSuffix(string(data[it.Offset:it.LineEnd]), it.Raw) {
			t.Fatalf("item %+v: Raw is not the end of the first line %q", it, data[it.Offset:it.LineEnd])
		}
		if !it.Inferred && it.Status != StatusOf(it.Char) {
			t.Fatalf("item %+v: status %q for %q", it, it.Status, it.Char)
		}
		if it.Text != strings.Join(strings.Fields(it.Text), " ") {
			t.Fatalf("item %+v: Text has extra white space", it)
		}
		for _, dt := range []string{it.Due, it.DoneDate, it.Cancelled} {
			if _, ok := ParseDate(dt); dt != "" && !ok {
				t.Fatalf("item %+v: impossible date %q kept", it, dt)
			}
		}
		switch it.Priority {
		case "", "highest", "high", "medium", "low", "lowest":
		default:
			t.Fatalf("item %+v: priority %q", it, it.Priority)
		}
	}
	for _, m := range n.Mentions {
		if m.Line < 1 || m.Line > lines || m.Col < 1 || m.Handle == "" {
			t.Fatalf("mention %+v out of range (%d lines)", m, lines)
		}
	}
}

// lineChars returns the number of characters on 1-based line n of data,
// without a BOM and without the line ending.
func lineChars(data []byte, n int) int {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	for ; n > 1; n-- {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			return 0
		}
		data = data[i+1:]
	}
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		data = data[:i]
	}
	return utf8.RuneCount(bytes.TrimSuffix(data, []byte("\r")))
}
