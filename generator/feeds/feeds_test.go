package feeds

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	_ "time/tzdata"
	"unicode/utf8"

	"github.com/recapjournal/recap/generator/internal/corpus"
	"github.com/recapjournal/recap/generator/journal"
	"github.com/recapjournal/recap/generator/note"
	"github.com/recapjournal/recap/generator/query"
)

// now is the fixed time of every test: 2026-11-20 12:00 UTC.
var now = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

const testConfig = `
title = "Team, journal; a\\b"
timezone = "Europe/Berlin"
me = "dev"

[people.dev]
name = "Dev Patel"

[people.sam]
name = "Sam Lee"

[people.kim]
name = "Kim Doe"
`

// testSite is a small journal: a pair series whose first meeting's open item
// is ticked in the second, done, cancelled, undated, in-progress, overdue,
// unassigned and tagged actions, and notes with private places.
var testSite = map[string]string{
	"config.toml": testConfig,
	"content/2026-11-10-dev-sam.md": `+++
title = "Dev & Sam <1:1>"
attendees = ["dev", "sam"]
tags = ["planning", "Q4 Launch"]
+++
We planned the "launch" & more \<sic>.

- [ ] @dev Write the plan, then ship; really\now 📅 2026-11-12 #launch #risk
- [x] @sam Done thing 📅 2026-11-13
- [-] @sam Cancelled thing 📅 2026-11-14
- [ ] @sam Undated thing
- [/] @sam In progress thing due:2026-11-30 ⏫
- [ ] Unassigned dated thing 📅 2026-12-01
- [ ] @sam reviews it [owner:: dev] 📅 2026-12-02
- [ ] @dev Carried and closed later 📅 2026-11-15
- [x] @kim Done elsewhere 📅 2026-11-16

## Reflection

Dev seemed tired.
`,
	"content/2026-11-17-dev-sam.md": `+++
attendees = ["dev", "sam"]
+++
# Second one-on-one

Follow-up on the plan.

- [x] @dev Carried and closed later
`,
	"content/2026/2026-11-19-all-hands.md": `---
title: All hands
attendees: [dev, sam, Alex Kim, kim]
---
## Reflection

The reorg is secret.

## Notes

Public notes.

- [ ] @alex-kim Celebrate 🎉🎉 the launch with everyone in the whole company, including the remote offices 🌍 and partners 📅 2026-11-25
- [-] @kim Cancelled elsewhere 📅 2026-11-26

> [!private]
> Nobody else should read this.
`,
	"content/2026/2026-11-18-callout.md": `> [!private] Keep out
> Salaries are confidential.

The budget is approved.
`,
}

func site(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data), Mode: 0o644}
	}
	return fsys
}

// load loads a journal as the build does (with the notes' text kept).
func load(t *testing.T, files map[string]string) *journal.Journal {
	t.Helper()
	j, err := journal.Load(site(files), nil, journal.Options{Now: now, Note: note.Options{KeepText: true}})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return j
}

func files(t *testing.T, j *journal.Journal) map[string][]byte {
	t.Helper()
	out, err := Files(j)
	if err != nil {
		t.Fatalf("Files: %v", err)
	}
	return out
}

func action(t *testing.T, j *journal.Journal, text string) *journal.Action {
	t.Helper()
	for _, a := range j.Actions {
		if strings.HasPrefix(a.Text, text) || strings.Contains(a.Text, text) {
			return a
		}
	}
	t.Fatalf("no action %q", text)
	return nil
}

func TestPaths(t *testing.T) {
	j := load(t, testSite)
	got := slices.Sorted(maps.Keys(files(t, j)))
	// sam: in-progress dated; alex-kim: open dated; kim: only closed; dev: open dated.
	want := []string{"actions.ics", "actions.json", "meetings.atom", "people/alex-kim/actions.ics", "people/dev/actions.ics", "people/sam/actions.ics"}
	if !slices.Equal(got, want) {
		t.Errorf("paths = %q, want %q", got, want)
	}
	if p := Paths(j); !slices.Equal(p, want) {
		t.Errorf("Paths = %q, want %q, the files Files writes", p, want)
	}
	cals := slices.Sorted(maps.Keys(Calendars(j)))
	if want := slices.DeleteFunc(want, func(p string) bool { return !strings.HasSuffix(p, ".ics") }); !slices.Equal(cals, want) {
		t.Errorf("Calendars writes %q, want %q", cals, want)
	}
}

func TestActionsJSON(t *testing.T) {
	j := load(t, testSite)
	recs, err := query.Actions(j, query.ActionFilter{Status: "all"})
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := query.Encode(&want, recs); err != nil {
		t.Fatal(err)
	}
	got, err := ActionsJSON(j)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Errorf("actions.json differs from `recap actions --status all --json`:\n%s\nwant\n%s", got, want.Bytes())
	}
	// Scripts read it as an array of every logical action, HTML characters as
	// they are.
	var back []query.Action
	if err := json.Unmarshal(got, &back); err != nil {
		t.Fatalf("actions.json is not JSON: %v", err)
	}
	if len(back) != len(j.Actions) {
		t.Errorf("actions.json has %d actions, want %d", len(back), len(j.Actions))
	}
	if !bytes.Contains(got, []byte(`"meeting": "Dev & Sam <1:1>"`)) {
		t.Errorf("actions.json escapes the meeting's title:\n%s", got)
	}
}

func TestDeterministic(t *testing.T) {
	a := files(t, load(t, testSite))
	b := files(t, load(t, testSite))
	c := files(t, load(t, testSite))
	for p := range a {
		if !bytes.Equal(a[p], b[p]) || !bytes.Equal(a[p], c[p]) {
			t.Errorf("%s differs between builds of the same journal", p)
		}
	}
	if len(a) != len(b) || len(a) != len(c) {
		t.Errorf("different files between builds")
	}
}

// --- a small RFC 5545 reader ---

type prop struct {
	name   string
	params map[string]string
	value  string
}

type component struct {
	name     string
	props    []prop
	children []*component
}

func (c *component) get(name string) []prop {
	var out []prop
	for _, p := range c.props {
		if p.name == name {
			out = append(out, p)
		}
	}
	return out
}

func (c *component) one(t *testing.T, name string) prop {
	t.Helper()
	ps := c.get(name)
	if len(ps) != 1 {
		t.Fatalf("%s has %d %s, want 1", c.name, len(ps), name)
	}
	return ps[0]
}

// parseICS checks the octet-level rules (CRLF endings, lines of at most 75
// octets, valid UTF-8 on every physical line), unfolds, and parses the
// components, checking that BEGIN and END nest.
func parseICS(t *testing.T, data []byte) *component {
	t.Helper()
	if !bytes.HasSuffix(data, []byte("\r\n")) {
		t.Fatalf("feed does not end with CRLF")
	}
	physical := strings.Split(strings.TrimSuffix(string(data), "\r\n"), "\r\n")
	var lines []string
	for i, l := range physical {
		if strings.ContainsAny(l, "\r\n") {
			t.Fatalf("line %d has a bare CR or LF: %q", i+1, l)
		}
		if len(l) > 75 {
			t.Errorf("line %d is %d octets: %q", i+1, len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d is not valid UTF-8 on its own (a sequence was split): %q", i+1, l)
		}
		if l == "" {
			t.Fatalf("line %d is empty", i+1)
		}
		if l[0] == ' ' || l[0] == '\t' {
			if len(lines) == 0 {
				t.Fatalf("line %d continues nothing", i+1)
			}
			lines[len(lines)-1] += l[1:]
			continue
		}
		lines = append(lines, l)
	}
	var root *component
	var stack []*component
	for _, l := range lines {
		colon := strings.IndexByte(l, ':')
		if colon < 0 {
			t.Fatalf("content line without ':': %q", l)
		}
		head, value := l[:colon], l[colon+1:]
		parts := strings.Split(head, ";")
		p := prop{name: strings.ToUpper(parts[0]), params: map[string]string{}, value: value}
		if !regexp.MustCompile(`^[A-Z0-9-]+$`).MatchString(p.name) {
			t.Fatalf("bad property name %q", p.name)
		}
		for _, kv := range parts[1:] {
			k, v, ok := strings.Cut(kv, "=")
			if !ok {
				t.Fatalf("bad parameter %q in %q", kv, l)
			}
			p.params[strings.ToUpper(k)] = v
		}
		switch p.name {
		case "BEGIN":
			c := &component{name: value}
			if len(stack) > 0 {
				stack[len(stack)-1].children = append(stack[len(stack)-1].children, c)
			} else if root != nil {
				t.Fatalf("second top-level component %s", value)
			} else {
				root = c
			}
			stack = append(stack, c)
		case "END":
			if len(stack) == 0 || stack[len(stack)-1].name != value {
				t.Fatalf("END:%s does not close the open component", value)
			}
			stack = stack[:len(stack)-1]
		default:
			if len(stack) == 0 {
				t.Fatalf("property outside a component: %q", l)
			}
			c := stack[len(stack)-1]
			c.props = append(c.props, p)
		}
	}
	if len(stack) != 0 || root == nil || root.name != "VCALENDAR" {
		t.Fatalf("components do not nest into one VCALENDAR")
	}
	return root
}

// unescape decodes a TEXT value; list splits it at unescaped commas.
func unescape(t *testing.T, v string, list bool) []string {
	t.Helper()
	var out []string
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch c {
		case '\\':
			if i+1 >= len(v) {
				t.Fatalf("TEXT ends in a backslash: %q", v)
			}
			i++
			switch v[i] {
			case '\\', ';', ',':
				b.WriteByte(v[i])
			case 'n', 'N':
				b.WriteByte('\n')
			default:
				t.Fatalf("bad escape \\%c in %q", v[i], v)
			}
		case ',':
			if !list {
				t.Fatalf("unescaped comma in TEXT %q", v)
			}
			out = append(out, b.String())
			b.Reset()
		case ';':
			t.Fatalf("unescaped semicolon in TEXT %q", v)
		default:
			if c < 0x20 && c != '\t' {
				t.Fatalf("control character in TEXT %q", v)
			}
			b.WriteByte(c)
		}
	}
	return append(out, b.String())
}

func text(t *testing.T, c *component, name string) string {
	t.Helper()
	return unescape(t, c.one(t, name).value, false)[0]
}

var (
	dateRe  = regexp.MustCompile(`^\d{8}$`)
	stampRe = regexp.MustCompile(`^\d{8}T\d{6}Z$`)
)

// checkCalendar checks a feed's structure and returns its events by UID.
func checkCalendar(t *testing.T, data []byte, wantName string) map[string]*component {
	t.Helper()
	cal := parseICS(t, data)
	if v := cal.one(t, "VERSION").value; v != "2.0" {
		t.Errorf("VERSION = %q", v)
	}
	if v := cal.one(t, "PRODID").value; v != "-//recap//meeting journal//EN" {
		t.Errorf("PRODID = %q", v)
	}
	if v := cal.one(t, "CALSCALE").value; v != "GREGORIAN" {
		t.Errorf("CALSCALE = %q", v)
	}
	if v := text(t, cal, "X-WR-CALNAME"); v != wantName {
		t.Errorf("X-WR-CALNAME = %q, want %q", v, wantName)
	}
	events := map[string]*component{}
	for _, ev := range cal.children {
		if ev.name != "VEVENT" {
			t.Errorf("component %s in the feed; want VEVENTs only", ev.name)
			continue
		}
		uid := ev.one(t, "UID").value
		if _, dup := events[uid]; dup {
			t.Errorf("two events with UID %s", uid)
		}
		events[uid] = ev
		if v := ev.one(t, "DTSTAMP").value; !stampRe.MatchString(v) {
			t.Errorf("DTSTAMP %q is not YYYYMMDDTHHMMSSZ", v)
		}
		start, end := ev.one(t, "DTSTART"), ev.one(t, "DTEND")
		for _, p := range []prop{start, end} {
			if p.params["VALUE"] != "DATE" || !dateRe.MatchString(p.value) {
				t.Errorf("%s;%v:%s is not a DATE", p.name, p.params, p.value)
			}
		}
		s, err1 := time.Parse("20060102", start.value)
		e, err2 := time.Parse("20060102", end.value)
		if err1 != nil || err2 != nil || !e.Equal(s.AddDate(0, 0, 1)) {
			t.Errorf("DTEND %s is not the day after DTSTART %s", end.value, start.value)
		}
		text(t, ev, "SUMMARY")
		text(t, ev, "DESCRIPTION")
	}
	return events
}

func TestCalendar(t *testing.T) {
	j := load(t, testSite)
	out := files(t, j)
	events := checkCalendar(t, out["actions.ics"], "Team, journal; a\\b — open actions")

	want := map[string]*journal.Action{} // by UID: the open actions with a due date
	for _, a := range j.Actions {
		if a.IsOpen() && a.Due != "" {
			want[UID(a)] = a
		}
	}
	if len(want) != 5 {
		t.Fatalf("the test journal has %d open dated actions, want 5", len(want))
	}
	if got, w := slices.Sorted(maps.Keys(events)), slices.Sorted(maps.Keys(want)); !slices.Equal(got, w) {
		t.Errorf("events %q, want %q", got, w)
	}
	for _, text := range []string{"Done thing", "Cancelled thing", "Undated thing", "Carried and closed later", "Done elsewhere"} {
		a := action(t, j, text)
		if _, ok := events[UID(a)]; ok {
			t.Errorf("%q (%s, due %q) is in the feed", text, a.Status, a.Due)
		}
	}

	plan := action(t, j, "Write the plan")
	if !strings.Contains(plan.Text, ",") || !strings.Contains(plan.Text, ";") || !strings.Contains(plan.Text, `\`) {
		t.Fatalf("test text %q lost its , ; or \\", plan.Text)
	}
	if !plan.Overdue {
		t.Fatalf("the plan should be overdue")
	}
	ev := events[UID(plan)]
	if ev == nil {
		t.Fatal("the overdue action is not in the feed")
	}
	if got, w := text(t, ev, "SUMMARY"), "Dev Patel: "+strings.TrimPrefix(plan.Text, "@dev "); got != w {
		t.Errorf("SUMMARY = %q, want %q", got, w)
	}
	if v := ev.one(t, "DTSTART").value; v != "20261112" {
		t.Errorf("DTSTART = %q", v)
	}
	// DTSTAMP is when the action was last recorded, not the build's clock, so
	// that rebuilding does not change the feed.
	if v, w := ev.one(t, "DTSTAMP").value, plan.Latest().Meeting.Date.UTC().Format("20060102T150405Z"); v != w {
		t.Errorf("DTSTAMP = %q, want %q, the date of the meeting that last listed the action", v, w)
	}
	desc := text(t, ev, "DESCRIPTION")
	for _, s := range []string{"Dev & Sam <1:1> (2026-11-10)", "content/2026-11-10-dev-sam.md:8", "open", "overdue"} {
		if !strings.Contains(desc, s) {
			t.Errorf("DESCRIPTION %q lacks %q", desc, s)
		}
	}
	if !strings.Contains(desc, "\n") {
		t.Errorf("DESCRIPTION %q has no line breaks", desc)
	}
	if got := unescape(t, ev.one(t, "CATEGORIES").value, true); !slices.Equal(got, []string{"launch", "risk"}) {
		t.Errorf("CATEGORIES = %q", got)
	}

	prog := events[UID(action(t, j, "In progress thing"))]
	if prog == nil {
		t.Fatal("the in-progress action is not in the feed")
	}
	if d := text(t, prog, "DESCRIPTION"); !strings.Contains(d, "in-progress") {
		t.Errorf("DESCRIPTION %q lacks the status", d)
	}
	if p := prog.one(t, "PRIORITY").value; p != "3" {
		t.Errorf("PRIORITY = %q, want 3 (high)", p)
	}
	// A leading mention is dropped only when it names the owner.
	if got := text(t, events[UID(action(t, j, "reviews it"))], "SUMMARY"); got != "Dev Patel: @sam reviews it" {
		t.Errorf("SUMMARY = %q, want the mention of someone else kept", got)
	}
	un := events[UID(action(t, j, "Unassigned dated thing"))]
	if got := text(t, un, "SUMMARY"); got != "Unassigned dated thing" {
		t.Errorf("unassigned SUMMARY = %q", got)
	}
}

func TestPersonCalendars(t *testing.T) {
	j := load(t, testSite)
	out := files(t, j)
	for _, p := range j.People {
		data, ok := out["people/"+p.ID+"/actions.ics"]
		var want []string
		for _, a := range j.Actions {
			if a.Owner == p && a.IsOpen() && a.Due != "" {
				want = append(want, UID(a))
			}
		}
		if !ok {
			if len(want) > 0 {
				t.Errorf("%s owns open dated actions but has no feed", p.ID)
			}
			continue
		}
		events := checkCalendar(t, data, "Team, journal; a\\b — open actions: "+p.Name)
		if got := slices.Sorted(maps.Keys(events)); !slices.Equal(got, slices.Sorted(slices.Values(want))) {
			t.Errorf("%s's feed has %q, want %q", p.ID, got, want)
		}
		for _, ev := range events {
			if s := text(t, ev, "SUMMARY"); strings.HasPrefix(s, p.Name+":") {
				t.Errorf("%s's own feed prefixes the owner: %q", p.ID, s)
			}
		}
	}
	sam := checkCalendar(t, out["people/sam/actions.ics"], "Team, journal; a\\b — open actions: Sam Lee")
	if len(sam) != 1 {
		t.Errorf("sam's feed has %d events, want 1 (the in-progress one)", len(sam))
	}
	for _, ev := range sam {
		if got := text(t, ev, "SUMMARY"); got != "In progress thing" {
			t.Errorf("sam's SUMMARY = %q, want the text without the owner's mention", got)
		}
	}
	if _, ok := out["people/kim/actions.ics"]; ok {
		t.Errorf("kim owns only closed actions but has a feed")
	}
}

func TestEmptyCalendar(t *testing.T) {
	j := load(t, map[string]string{"content/2026-11-02-a.md": "Nothing to do.\n"})
	out := files(t, j)
	if ev := checkCalendar(t, out["actions.ics"], "Meeting journal — open actions"); len(ev) != 0 {
		t.Errorf("%d events in an empty feed", len(ev))
	}
	if string(out["actions.json"]) != "[]\n" {
		t.Errorf("actions.json = %q", out["actions.json"])
	}
}

func TestEscapeRoundTrip(t *testing.T) {
	for _, s := range []string{
		`a,b;c\d`,
		"line one\nline two\r\nline three",
		`\n is not a newline`,
		`\\,;;,,\`,
		"tab\tkept",
		"",
	} {
		var w icalWriter
		w.prop("SUMMARY", escapeText(s))
		w.prop("CATEGORIES", escapeText(s)+","+escapeText("x,y"))
		data := append([]byte("BEGIN:VCALENDAR\r\n"), w.buf...)
		data = append(data, "END:VCALENDAR\r\n"...)
		cal := parseICS(t, data)
		want := strings.ReplaceAll(s, "\r\n", "\n")
		if got := text(t, cal, "SUMMARY"); got != want {
			t.Errorf("%q came back as %q", s, got)
		}
		if got := unescape(t, cal.one(t, "CATEGORIES").value, true); !slices.Equal(got, []string{want, "x,y"}) {
			t.Errorf("list of %q came back as %q", s, got)
		}
	}
	if got := escapeText("bell\a and nul\x00 and del\x7f"); got != "bell and nul and del" {
		t.Errorf("control characters: %q", got)
	}
}

func TestFolding(t *testing.T) {
	pieces := []string{"a", "é", "€", "🎉", "👩🏽‍💻", "🇳🇿", "e\u0301", "✅\uFE0F", " ", `,`}
	var texts []string
	for _, p := range pieces {
		for pre := 0; pre < 8; pre++ {
			texts = append(texts, strings.Repeat("x", pre)+strings.Repeat(p, 100))
		}
	}
	texts = append(texts, strings.Repeat("long text without any break at all ", 20))
	for _, s := range texts {
		var w icalWriter
		w.prop("BEGIN", "VCALENDAR")
		w.prop("SUMMARY", escapeText(s))
		w.prop("END", "VCALENDAR")
		cal := parseICS(t, w.buf) // checks 75 octets and UTF-8 per line
		if got := text(t, cal, "SUMMARY"); got != s {
			t.Fatalf("folded %q came back as %q", s, got)
		}
	}
	// Lines are filled: a long ASCII value uses every octet of each line.
	var w icalWriter
	w.prop("SUMMARY", strings.Repeat("z", 300))
	lines := strings.Split(strings.TrimSuffix(string(w.buf), "\r\n"), "\r\n")
	for i, l := range lines[:len(lines)-1] {
		if len(l) != 75 {
			t.Errorf("line %d is %d octets, want 75", i+1, len(l))
		}
	}

	// A long emoji action in a real feed.
	j := load(t, testSite)
	ev := checkCalendar(t, files(t, j)["actions.ics"], "Team, journal; a\\b — open actions")
	a := action(t, j, "Celebrate")
	if got, want := text(t, ev[UID(a)], "SUMMARY"), "Alex Kim: "+strings.TrimPrefix(a.Text, "@alex-kim "); got != want {
		t.Errorf("SUMMARY = %q, want %q", got, want)
	}
}

func TestUID(t *testing.T) {
	j := load(t, testSite)
	seen := map[string]bool{}
	for _, a := range j.Actions {
		u := UID(a)
		if !regexp.MustCompile(`^[0-9a-f]{32}@recap$`).MatchString(u) {
			t.Errorf("UID %q", u)
		}
		if seen[u] {
			t.Errorf("duplicate UID %s", u)
		}
		seen[u] = true
	}
	// The same logical action keeps its UID when a later meeting is added.
	more := maps.Clone(testSite)
	more["content/2026-11-24-dev-sam.md"] = "+++\nattendees = [\"dev\", \"sam\"]\n+++\n- [ ] @sam In progress thing\n"
	j2 := load(t, more)
	a1, a2 := action(t, j, "In progress thing"), action(t, j2, "In progress thing")
	if a2.Source() == a1.Source() {
		t.Fatalf("the action did not move to the new meeting")
	}
	if UID(a1) != UID(a2) {
		t.Errorf("UID changed from %s to %s when the action was carried forward", UID(a1), UID(a2))
	}
}

// --- Atom ---

type feedXML struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Base    string   `xml:"http://www.w3.org/XML/1998/namespace base,attr"`
	ID      string   `xml:"http://www.w3.org/2005/Atom id"`
	Title   string   `xml:"http://www.w3.org/2005/Atom title"`
	Updated string   `xml:"http://www.w3.org/2005/Atom updated"`
	Author  []struct {
		Name string `xml:"http://www.w3.org/2005/Atom name"`
	} `xml:"http://www.w3.org/2005/Atom author"`
	Links []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"http://www.w3.org/2005/Atom link"`
	Entries []entryXML `xml:"http://www.w3.org/2005/Atom entry"`
}

type entryXML struct {
	ID      string `xml:"http://www.w3.org/2005/Atom id"`
	Title   string `xml:"http://www.w3.org/2005/Atom title"`
	Updated string `xml:"http://www.w3.org/2005/Atom updated"`
	Link    []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"http://www.w3.org/2005/Atom link"`
	Authors []struct {
		Name string `xml:"http://www.w3.org/2005/Atom name"`
	} `xml:"http://www.w3.org/2005/Atom author"`
	Categories []struct {
		Term string `xml:"term,attr"`
	} `xml:"http://www.w3.org/2005/Atom category"`
	Summary *string `xml:"http://www.w3.org/2005/Atom summary"`
}

func parseAtom(t *testing.T, data []byte) feedXML {
	t.Helper()
	if !bytes.HasPrefix(data, []byte(`<?xml version="1.0" encoding="UTF-8"?>`)) {
		t.Errorf("no XML declaration")
	}
	if !utf8.Valid(data) {
		t.Errorf("not UTF-8")
	}
	// Well-formed: the tokenizer reads it to the end.
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		_, err := d.Token()
		if err != nil {
			if err.Error() != "EOF" {
				t.Fatalf("not well-formed XML: %v", err)
			}
			break
		}
	}
	var f feedXML
	if err := xml.Unmarshal(data, &f); err != nil {
		t.Fatalf("Unmarshal: %v\n%s", err, data)
	}
	if f.Base != "./" {
		t.Errorf("xml:base = %q, want ./", f.Base)
	}
	for _, e := range f.Entries {
		if _, err := time.Parse(time.RFC3339, e.Updated); err != nil {
			t.Errorf("entry updated %q: %v", e.Updated, err)
		}
		if !regexp.MustCompile(`^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(e.ID) {
			t.Errorf("entry id %q is not a version 5 urn:uuid", e.ID)
		}
	}
	if _, err := time.Parse(time.RFC3339, f.Updated); err != nil {
		t.Errorf("feed updated %q: %v", f.Updated, err)
	}
	return f
}

func TestAtom(t *testing.T) {
	j := load(t, testSite)
	data := files(t, j)["meetings.atom"]
	f := parseAtom(t, data)
	if f.Title != `Team, journal; a\b` {
		t.Errorf("title = %q", f.Title)
	}
	if len(f.Author) != 1 || f.Author[0].Name != "Dev Patel" {
		t.Errorf("feed author = %v, want Dev Patel (config me)", f.Author)
	}
	if f.Updated != "2026-11-19T00:00:00+01:00" {
		t.Errorf("feed updated = %q, want the newest meeting's date", f.Updated)
	}
	var titles []string
	for _, e := range f.Entries {
		titles = append(titles, e.Title)
	}
	if want := []string{"All hands", "2026-11-18-callout", "Second one-on-one", "Dev & Sam <1:1>"}; !slices.Equal(titles, want) {
		t.Errorf("entries %q, want %q (newest first)", titles, want)
	}
	if len(f.Entries) != 4 {
		t.FailNow()
	}
	first := f.Entries[3]
	if first.Updated != "2026-11-10T00:00:00+01:00" {
		t.Errorf("updated = %q", first.Updated)
	}
	if len(first.Link) != 1 || first.Link[0].Href != "2026-11-10-dev-sam/index.html" || first.Link[0].Rel != "alternate" {
		t.Errorf("link = %+v", first.Link)
	}
	var authors, cats []string
	for _, a := range first.Authors {
		authors = append(authors, a.Name)
	}
	for _, c := range first.Categories {
		cats = append(cats, c.Term)
	}
	if !slices.Equal(authors, []string{"Dev Patel", "Sam Lee"}) {
		t.Errorf("authors = %q", authors)
	}
	if !slices.Equal(cats, []string{"planning", "q4-launch"}) {
		t.Errorf("categories = %q", cats)
	}
	if want := j.Meetings[0].Summary; !strings.Contains(want, `"launch" & more`) || !strings.Contains(want, "<sic>") {
		t.Fatalf("test summary %q lost its special characters", want)
	} else if first.Summary == nil || *first.Summary != want {
		t.Errorf("summary = %v, want %q", first.Summary, want)
	}
	if !bytes.Contains(data, []byte("&amp; more")) || !bytes.Contains(data, []byte("&lt;sic&gt;")) {
		t.Errorf("text is not escaped:\n%s", data)
	}
	if e := f.Entries[0]; e.Link[0].Href != "2026/2026-11-19-all-hands/index.html" {
		t.Errorf("link = %q", e.Link[0].Href)
	}
	if e := f.Entries[2]; e.Summary == nil || *e.Summary != "Follow-up on the plan." {
		t.Errorf("summary of the second meeting = %v", e.Summary)
	}
	// Nothing private: the all-hands note's first paragraph is under
	// "## Reflection"; the callout note's summary is its public paragraph.
	if e := f.Entries[0]; e.Summary != nil {
		t.Errorf("the all-hands summary %q comes from a private section", *e.Summary)
	}
	if e := f.Entries[1]; e.Summary == nil || *e.Summary != "The budget is approved." {
		t.Errorf("callout note summary = %v", e.Summary)
	}
	for _, secret := range []string{"secret", "Salaries", "Nobody else", "tired"} {
		if bytes.Contains(data, []byte(secret)) {
			t.Errorf("the feed leaks %q", secret)
		}
	}
	ids := map[string]bool{f.ID: true}
	for _, e := range f.Entries {
		if ids[e.ID] {
			t.Errorf("duplicate id %s", e.ID)
		}
		ids[e.ID] = true
	}
}

func TestAtomPrivateSummary(t *testing.T) {
	cases := []struct {
		name, body string
		keepText   bool
		want       string
	}{
		{"no private heading", "First words.\n\n## Reflection\n\nSecret.\n", false, "First words."},
		{"before the private heading", "First words.\n\n## Reflection\n\nSecret.\n", true, "First words."},
		{"with a mention", "Talked to @dev about it.\n\n## Private\n\nSecret.\n", true, "Talked to @dev about it."},
		{"under the private heading", "## Private\n\nSecret words.\n\n## Notes\n\nPublic.\n", true, ""},
		{"private heading, no text kept", "## Agenda\n\nFirst words.\n\n## Reflection\n\nSecret.\n", false, ""},
		{"front matter summary only in a private section", "+++\nsummary = \"Secret words.\"\n+++\n## Reflection\n\nSecret words.\n", true, ""},
		{"front matter summary", "+++\nsummary = \"Quarterly sync.\"\n+++\nQuarterly sync.\n\n## Reflection\n\nHm.\n", true, "Quarterly sync."},
		{"case-insensitive heading", "## REFLECTION \n\nSecret words.\n", true, ""},
		{"heading in a private callout", "> [!private]\n> ## Reflection\n> Hidden.\n\nVisible.\n", true, "Visible."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			j, err := journal.Load(site(map[string]string{"content/2026-11-02-a.md": c.body}), nil,
				journal.Options{Now: now, Note: note.Options{KeepText: c.keepText}})
			if err != nil {
				t.Fatal(err)
			}
			if c.name == "no private heading" {
				j.Config.PrivateSections = nil
			}
			if got := PublicSummary(j, j.Meetings[0]); got != c.want {
				t.Errorf("PublicSummary = %q, want %q", got, c.want)
			}
		})
	}
}

func TestAtomLimitAndEmpty(t *testing.T) {
	fsys := map[string]string{"config.toml": "timezone = \"UTC\"\n"}
	day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 55 {
		d := day.AddDate(0, 0, i).Format(time.DateOnly)
		fsys[fmt.Sprintf("content/%s-m.md", d)] = "Meeting " + d + ".\n"
	}
	f := parseAtom(t, files(t, load(t, fsys))["meetings.atom"])
	if len(f.Entries) != MaxEntries {
		t.Fatalf("%d entries, want %d", len(f.Entries), MaxEntries)
	}
	if f.Entries[0].Title != "2026-02-24-m" || f.Entries[49].Title != "2026-01-06-m" {
		t.Errorf("entries from %q to %q, want the 50 newest, newest first", f.Entries[0].Title, f.Entries[49].Title)
	}
	if f.Updated != "2026-02-24T00:00:00Z" {
		t.Errorf("updated = %q", f.Updated)
	}
	if len(f.Author) != 1 || f.Author[0].Name != "Meeting journal" {
		t.Errorf("feed author = %v, want the site title", f.Author)
	}

	empty := parseAtom(t, files(t, load(t, map[string]string{"config.toml": "timezone = \"UTC\"\n", "content/.keep": ""}))["meetings.atom"])
	if len(empty.Entries) != 0 || empty.Updated != "2026-11-20T12:00:00Z" {
		t.Errorf("empty feed: %d entries, updated %q (want now)", len(empty.Entries), empty.Updated)
	}
}

// TestWriterKeepsRecords: a Writer that wrote other journals before writes
// the same actions.json as a fresh one, whatever it kept.
func TestWriterKeepsRecords(t *testing.T) {
	var w Writer
	for i, seed := range []int64{1, 2, 1, 3, 3} {
		j, err := journal.Load(corpus.WriteFS(40, seed), nil, journal.Options{Now: now})
		if err != nil {
			t.Fatal(err)
		}
		if i == 4 { // an action changes in place: its record must not be the kept one
			j.Actions[0].Status, j.Actions[0].Text = note.Done, j.Actions[0].Text+" (edited)"
		}
		want, err := ActionsJSON(j)
		if err != nil {
			t.Fatal(err)
		}
		got, err := w.ActionsJSON(j)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("write %d (corpus seed %d): the Writer's actions.json differs from a fresh one", i, seed)
		}
	}
}
