package note

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// proseTests are notes with action items written as prose, and the items
// each has: "line:col dDepth status owner hint text", task items marked
// "task", inferred ones not.
var proseTests = []struct {
	name string
	src  string
	want []string
}{
	// Labels.
	{"Action:", "Action: send the notes\n", []string{`1:9 d0 open owner="" hint="" text="send the notes"`}},
	{"Action item:", "Action item: send the notes\n", []string{`1:14 d0 open owner="" hint="" text="send the notes"`}},
	{"Action items: with a rest", "Action items: send the notes\n", []string{`1:15 d0 open owner="" hint="" text="send the notes"`}},
	{"Actions:", "Actions: send the notes\n", []string{`1:10 d0 open owner="" hint="" text="send the notes"`}},
	{"TODO:", "TODO: fix the build\n", []string{`1:7 d0 open owner="" hint="" text="fix the build"`}},
	{"To-do:", "To-do: fix the build\n", []string{`1:8 d0 open owner="" hint="" text="fix the build"`}},
	{"Follow-up:", "Follow-up: call legal\n", []string{`1:12 d0 open owner="" hint="" text="call legal"`}},
	{"Follow up:", "follow up: call legal\n", []string{`1:12 d0 open owner="" hint="" text="call legal"`}},
	{"space before the colon", "Action : réserver la salle\n", []string{`1:10 d0 open owner="" hint="" text="réserver la salle"`}},
	{"ACTION ITEM: bold, with a mention", "**ACTION ITEM:** @ana send notes\n", []string{`1:18 d0 open owner="ana" hint="" text="@ana send notes"`}},
	{"bold label, colon outside", "**Action**: ship it\n", []string{`1:13 d0 open owner="" hint="" text="ship it"`}},
	{"underscore label", "_Action item:_ ship it\n", []string{`1:16 d0 open owner="" hint="" text="ship it"`}},
	{"emphasis after the label", "Action: **Ana** to book\n", []string{`1:9 d0 open owner="" hint="Ana" text="Ana to book"`}},
	{"Action item: Rosa will", "Action item: Rosa will send the minutes\n", []string{`1:14 d0 open owner="" hint="Rosa" text="Rosa will send the minutes"`}},

	// AI.
	{"bare AI: is about artificial intelligence", "AI: the model is slow\n", nil},
	{"AI: in emphasis with the sentence", "*AI: the model is slow*\n", nil},
	{"AI in a heading", "## AI: the future\n", nil},
	{"*AI:* Ana to", "*AI:* Ana to file bug\n", []string{`1:7 d0 open owner="" hint="Ana" text="Ana to file bug"`}},
	{"**AI**: colon outside", "**AI**: Ben to check\n", []string{`1:9 d0 open owner="" hint="Ben" text="Ben to check"`}},
	{"_AI:_", "_ai:_ check the logs\n", []string{`1:7 d0 open owner="" hint="" text="check the logs"`}},
	{"AI(owner):", "AI(rosa): book venue\n", []string{`1:11 d0 open owner="rosa" hint="" text="book venue"`}},
	{"AI(@owner):", "AI(@rosa): book venue\n", []string{`1:12 d0 open owner="rosa" hint="" text="book venue"`}},
	{"TODO(owner):", "TODO(ben): fix it\n", []string{`1:12 d0 open owner="ben" hint="" text="fix it"`}},
	{"label owner beats a mention", "AI(rosa): ask @ben\n", []string{`1:11 d0 open owner="rosa" hint="" text="ask @ben"`}},
	{"owner field beats the label owner", "AI(rosa): book [owner:: ben]\n", []string{`1:11 d0 open owner="ben" hint="" text="book"`}},

	// Not items.
	{"Action items: none", "Action items: none\n", nil},
	{"Action: n/a", "Action: n/a\n", nil},
	{"TODO: -", "TODO: -\n", nil},
	{"empty rest", "Action:\n\nFollow-up:   \n", nil},
	{"only a field", "Action: ✅ 2026-01-02\n", nil},
	{"label in code", "`TODO:` not this\n", nil},
	{"label mid-line", "We said Action: x\n", nil},
	{"not a label word", "Actionable: x\nTodoist: y\nAir: z\n", nil},
	{"no colon", "TODO fix this\n", nil},

	// Status.
	{"struck through", "~~Action: drop X~~\n", []string{`1:11 d0 cancelled owner="" hint="" text="drop X"`}},
	{"text struck through", "Action: ~~drop X~~\n", []string{`1:9 d0 cancelled owner="" hint="" text="drop X"`}},
	{"partly struck through", "Action: ~~drop~~ X\n", []string{`1:9 d0 open owner="" hint="" text="drop X"`}},
	{"done emoji", "Action: ship it ✅ 2026-01-02\n", []string{`1:9 d0 done owner="" hint="" text="ship it"`}},
	{"done todo.txt", "Follow-up: call done:2026-01-03\n", []string{`1:12 d0 done owner="" hint="" text="call"`}},
	{"done dataview", "TODO: tidy [completion:: 2026-01-04]\n", []string{`1:7 d0 done owner="" hint="" text="tidy"`}},
	{"cancelled date", "Action: tidy ❌ 2026-01-04\n", []string{`1:9 d0 cancelled owner="" hint="" text="tidy"`}},

	// Owner hints.
	{"Name: …", "Action: Ana Maria Lopez: call the venue\n", []string{`1:9 d0 open owner="" hint="Ana Maria Lopez" text="Ana Maria Lopez: call the venue"`}},
	{"handle-like word", "Action: rosa to call\n", []string{`1:9 d0 open owner="" hint="rosa" text="rosa to call"`}},
	{"a pronoun is no name", "Action: We will ship\n", []string{`1:9 d0 open owner="" hint="" text="We will ship"`}},
	{"four words are no name", "Action: The Big Old Team will ship\n", []string{`1:9 d0 open owner="" hint="" text="The Big Old Team will ship"`}},
	{"a mention is the owner", "Action: Rosa to ask @ben\n", []string{`1:9 d0 open owner="ben" hint="" text="Rosa to ask @ben"`}},

	// Lists after a heading or a line label.
	{"Rosa to book the venue under Action items", "## Action items\n\n- Rosa to book the venue\n- ask legal\n", []string{
		`3:3 d0 open owner="" hint="Rosa" text="Rosa to book the venue"`,
		`4:3 d0 open owner="" hint="" text="ask legal"`,
	}},
	{"Next steps: heading with a colon", "### Next steps:\n1. Ben will call\n", []string{`2:4 d0 open owner="" hint="Ben" text="Ben will call"`}},
	{"TO DO heading", "#### TO DO\n* write it up\n", []string{`2:3 d0 open owner="" hint="" text="write it up"`}},
	{"Follow-ups heading", "# Follow-ups\n+ write it up\n", []string{`2:3 d0 open owner="" hint="" text="write it up"`}},
	{"Actions heading, loose list", "## Actions\n\n- write it up\n\n- send it\n", []string{
		`3:3 d0 open owner="" hint="" text="write it up"`,
		`5:3 d0 open owner="" hint="" text="send it"`,
	}},
	{"Action items: label then a list", "Action items:\n- Rosa to book the venue\n", []string{`2:3 d0 open owner="" hint="Rosa" text="Rosa to book the venue"`}},
	{"bold label alone", "**Next steps**\n\n- call Ben\n", []string{`3:3 d0 open owner="" hint="" text="call Ben"`}},
	{"label as the last line of a paragraph", "**Decision:** ship\n**Action items:**\n- call Ben\n", []string{`3:3 d0 open owner="" hint="" text="call Ben"`}},
	{"label in a list item", "- Action items:\n  - call Ben\n- Other\n", []string{`2:5 d1 open owner="" hint="" text="call Ben"`}},
	{"label without a colon in a longer paragraph", "We decided.\nNext steps\n- call Ben\n", nil},
	{"list not right after the heading", "## Action items\n\nSome text.\n\n- not an item\n", nil},
	{"list after another heading", "## Notes\n- not an item\n", nil},
	{"none in the list", "## Next steps\n- none\n- n/a\n- -\n", nil},
	{"nested list is part of its item", "## Action items\n- Ana\n  - book venue\n", []string{`2:3 d0 open owner="" hint="" text="Ana"`}},
	{"labelled item in the list", "## Action items\n- Action: book venue\n", []string{`2:11 d0 open owner="" hint="" text="book venue"`}},
	{"tasks under Action items are not duplicated", "## Action items\n- [ ] book venue\n- [x] send notes\n", []string{
		`task 2:3 d0 open owner="" hint="" text="book venue"`,
		`task 3:3 d0 done owner="" hint="" text="send notes"`,
	}},
	{"a list with tasks is no plain list", "## Action items\n- [ ] book venue\n- a remark\n", []string{
		`task 2:3 d0 open owner="" hint="" text="book venue"`,
	}},
	{"a labelled task is a task", "- [ ] Action: a task\n", []string{`task 1:3 d0 open owner="" hint="" text="Action: a task"`}},

	// Places and order.
	{"every line of a paragraph", "**Decision:** ship Friday\n**Action:** Ana to book the venue\nTODO: Ben to send the minutes\n", []string{
		`2:13 d0 open owner="" hint="Ana" text="Ana to book the venue"`,
		`3:7 d0 open owner="" hint="Ben" text="Ben to send the minutes"`,
	}},
	{"quote and lists", "> Action: quoted\n\n- TODO: listed\n  - Follow-up: nested\n", []string{
		`1:11 d0 open owner="" hint="" text="quoted"`,
		`3:9 d0 open owner="" hint="" text="listed"`,
		`4:16 d1 open owner="" hint="" text="nested"`,
	}},
	{"order of the file", "- [ ] task one\n\nAction: prose\n\n- [ ] task two\n", []string{
		`task 1:3 d0 open owner="" hint="" text="task one"`,
		`3:9 d0 open owner="" hint="" text="prose"`,
		`task 5:3 d0 open owner="" hint="" text="task two"`,
	}},
	{"after front matter", "+++\ndate = 2026-11-20\n+++\n# T\n\nAction: after\n", []string{`6:9 d0 open owner="" hint="" text="after"`}},
	{"fields", "Action: ship 📅 2026-01-09 #Release 🔺 [id:: r1]\n", []string{`1:9 d0 open owner="" hint="" text="ship #Release"`}},
}

func describeItem(it Item) string {
	task := ""
	if !it.Inferred {
		task = "task "
	}
	return fmt.Sprintf("%s%d:%d d%d %s owner=%q hint=%q text=%q", task, it.Line, it.Col, it.Depth, it.Status, it.Owner, it.OwnerHint, it.Text)
}

// parseVariants parses src as LF, with a BOM, with CRLF and with both, checks
// every item's places in each, and returns the LF note.
func parseVariants(t *testing.T, src string) *Note {
	t.Helper()
	var first *Note
	for _, v := range variants {
		data := []byte(v.f(src))
		n, d := Parse(testPath, data, Options{Location: cet})
		if n == nil {
			t.Fatalf("%s: %v", v.name, d)
		}
		checkItems(t, v.name, data, n)
		if first == nil {
			first = n
			continue
		}
		if got, want := summarizeItems(n), summarizeItems(first); !reflect.DeepEqual(got, want) {
			t.Errorf("%s changes the items:\n\t%s\nwant\n\t%s", v.name, strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
		}
		if !reflect.DeepEqual(n.Attendance, first.Attendance) {
			t.Errorf("%s changes the attendance: %+v, want %+v", v.name, n.Attendance, first.Attendance)
		}
	}
	return first
}

func summarizeItems(n *Note) []string {
	var out []string
	for _, it := range n.Items {
		it.Offset, it.LineEnd = 0, 0
		out = append(out, fmt.Sprintf("%+v", it))
	}
	return out
}

// checkItems checks where each item says it is in data.
func checkItems(t *testing.T, variant string, data []byte, n *Note) {
	t.Helper()
	bom := 0
	if bytes.HasPrefix(data, []byte("\uFEFF")) {
		bom = 3
	}
	for _, it := range n.Items {
		if it.Offset < bom || it.Offset > it.LineEnd || it.LineEnd > len(data) {
			t.Fatalf("%s: item %+v: Offset %d, LineEnd %d, file of %d bytes", variant, it, it.Offset, it.LineEnd, len(data))
		}
		if it.LineEnd < len(data) && data[it.LineEnd] != '\n' && data[it.LineEnd] != '\r' {
			t.Errorf("%s: item %+v: LineEnd is not at the end of its line", variant, it)
		}
		ls := bytes.LastIndexByte(data[:it.Offset], '\n') + 1
		if ls == 0 {
			ls = bom
		}
		if l, c := bytes.Count(data[:it.Offset], []byte("\n"))+1, utf8.RuneCount(data[ls:it.Offset])+1; l != it.Line || c != it.Col {
			t.Errorf("%s: item %+v: Offset %d is at %d:%d", variant, it, it.Offset, l, c)
		}
		if it.Inferred {
			if string(data[it.Offset:it.LineEnd]) != it.Raw || it.Char != 0 {
				t.Errorf("%s: inferred item %+v: Raw %q, the line from Offset is %q", variant, it, it.Raw, data[it.Offset:it.LineEnd])
			}
			if it.Owner != "" && it.OwnerHint != "" {
				t.Errorf("%s: item %+v has an owner and a hint", variant, it)
			}
		} else if data[it.Offset] != '[' {
			t.Errorf("%s: task item %+v: byte at Offset is %q", variant, it, data[it.Offset])
		}
	}
}

func TestProseItems(t *testing.T) {
	for _, tt := range proseTests {
		t.Run(tt.name, func(t *testing.T) {
			n := parseVariants(t, tt.src)
			var got []string
			for _, it := range n.Items {
				got = append(got, describeItem(it))
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("items of %q:\n\t%s\nwant\n\t%s", tt.src, strings.Join(got, "\n\t"), strings.Join(tt.want, "\n\t"))
			}
			if len(n.Diags) != 0 {
				t.Errorf("diagnostics %v", n.Diags)
			}
		})
	}
}

func TestProseItemFields(t *testing.T) {
	n := parseVariants(t, "Action: ship 📅 2026-01-09 #Release 🔺 [id:: r1] @dev\n")
	if len(n.Items) != 1 {
		t.Fatalf("items %+v", n.Items)
	}
	it := n.Items[0]
	if it.Due != "2026-01-09" || it.Priority != "highest" || it.ID != "r1" || !reflect.DeepEqual(it.Tags, []string{"release"}) ||
		!reflect.DeepEqual(it.Mentions, []string{"dev"}) || it.Owner != "dev" || it.OwnerField || it.Norm != "ship" ||
		it.Raw != "ship 📅 2026-01-09 #Release 🔺 [id:: r1] @dev" || it.FieldSyntax != SyntaxEmoji || it.DateSyntax != SyntaxEmoji {
		t.Errorf("item %+v", it)
	}
	// The owner in the label is an owner as written, like [owner:: X].
	n = parseVariants(t, "AI(Rosa Diaz): book\n")
	if it := n.Items[0]; it.Owner != "Rosa Diaz" || !it.OwnerField || it.OwnerHint != "" {
		t.Errorf("item %+v", it)
	}
}

func TestProseItemPrivate(t *testing.T) {
	n := parseVariants(t, "> [!private]\n> Action: secret\n\nAction: public\n")
	if len(n.Items) != 2 || !n.Items[0].Private || n.Items[1].Private {
		t.Errorf("items %+v", n.Items)
	}
}

func TestProseItemDates(t *testing.T) {
	// A bad date warns on a prose item, and not on a line that is no item.
	for _, tt := range []struct{ src, want string }{
		{"Action: ship 📅 2026-02-30\n", "1:14:bad-date"},
		{"Action: none 📅 2026-02-30\n", ""},
	} {
		n := parseVariants(t, tt.src)
		if got := strings.Join(positions(n.Diags), " "); got != tt.want {
			t.Errorf("%q: diagnostics %q, want %q", tt.src, got, tt.want)
		}
	}
}

// The mentions that are none are no owners either.
func TestProseItemMentionsThatAreNone(t *testing.T) {
	for _, src := range []string{
		"Action: update @scope/package\n",
		"Action: see [@dev](https://x)\n",
		"Action: tag `@since`\n",
		"Action: mail tom@example.com\n",
		"Action: read https://example.com/@user\n",
	} {
		n := parseVariants(t, src)
		if len(n.Items) != 1 || n.Items[0].Owner != "" || len(n.Items[0].Mentions) != 0 || len(n.Mentions) != 0 {
			t.Errorf("%q: items %+v, mentions %+v", src, n.Items, n.Mentions)
		}
	}
}

func TestOwnerHint(t *testing.T) {
	for _, tt := range []struct{ text, want string }{
		{"Rosa to book the venue", "Rosa"},
		{"Rosa will book the venue", "Rosa"},
		{"Rosa: book the venue", "Rosa"},
		{"Ana Maria Lopez to call", "Ana Maria Lopez"},
		{"José to call", "José"},
		{"mhdawson to call", "mhdawson"},
		{"dev-team will call", "dev-team"},
		{"O'Brien to call", "O'Brien"},
		{"Send Rosa the doc", ""},
		{"book the venue", ""},
		{"Rosa to", ""},
		{"We will ship", ""},
		{"Everyone to review", ""},
		{"Ana and Ben to review", ""},
		{"", ""},
	} {
		if got := ownerHint(tt.text); got != tt.want {
			t.Errorf("ownerHint(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// FuzzProse checks the places of prose items and attendance entries, and that
// a BOM and CRLF line endings change nothing else. Run it alone:
//
//	go test ./generator/note -run '^$' -fuzz '^FuzzProse$' -fuzztime 2m -parallel 1
func FuzzProse(f *testing.F) {
	for _, tt := range proseTests {
		f.Add(tt.src)
	}
	for _, tt := range attendanceTests {
		f.Add(tt.src)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 8<<10 || strings.ContainsAny(src, "\r\x00") || strings.HasPrefix(src, "\uFEFF") || !utf8.ValidString(src) {
			return
		}
		if _, d := Parse(testPath, []byte(src), Options{Location: cet}); d.Err() != nil {
			return
		}
		n := parseVariants(t, src)
		lines := strings.Count(src, "\n") + 1
		for _, a := range n.Attendance {
			if a.Line < 1 || a.Line > lines || a.Col < 1 || (a.Name == "" && a.Handle == "") ||
				a.Name != strings.TrimSpace(a.Name) || strings.ContainsAny(a.Handle, "@ \t") {
				t.Fatalf("attendee %+v", a)
			}
		}
		for _, it := range n.Items {
			if it.Inferred && (notAnItem(it.Text) || it.Status == InProgress) {
				t.Fatalf("item %+v", it)
			}
		}
	})
}
