package search_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf16"

	"github.com/recapjournal/recap/generator/diag"
	"github.com/recapjournal/recap/generator/internal/corpus"
	"github.com/recapjournal/recap/generator/journal"
	"github.com/recapjournal/recap/generator/note"
	"github.com/recapjournal/recap/generator/search"
)

var fixedNow = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)

// load reads the site in fsys as the build does, with the notes' text; cache,
// when set, keeps parsed notes as watch mode does.
func load(t testing.TB, fsys fs.FS, cache journal.Cache) *journal.Journal {
	t.Helper()
	j, err := journal.Load(fsys, nil, journal.Options{Now: fixedNow, Cache: cache, Note: note.Options{KeepText: true}})
	if err != nil {
		t.Fatal(err)
	}
	return j
}

func siteFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return fsys
}

// noteCache is a journal.Cache by path, as watch mode keeps notes.
type noteCache struct {
	mu    sync.Mutex
	notes map[string]*note.Note
}

func (c *noteCache) Get(p string) (*note.Note, diag.List, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n, ok := c.notes[p]
	return n, nil, ok
}

func (c *noteCache) Put(p string, n *note.Note, _ diag.List) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.notes == nil {
		c.notes = map[string]*note.Note{}
	}
	c.notes[p] = n
}

// index is assets/search-index.js decoded.
type index struct {
	V        int      `json:"v"`
	Today    string   `json:"today"`
	People   [][]any  `json:"people"`
	Tags     [][]any  `json:"tags"`
	Series   [][]any  `json:"series"`
	Meetings [][]any  `json:"meetings"`
	Actions  [][]any  `json:"actions"`
	Terms    []string `json:"terms"`
	Post     []string `json:"post"`
	Stop     string   `json:"stop"`
}

// actionsData is assets/actions-data.js decoded.
type actionsData struct {
	V        int     `json:"v"`
	Today    string  `json:"today"`
	People   [][]any `json:"people"`
	Tags     [][]any `json:"tags"`
	Series   [][]any `json:"series"`
	Meetings [][]any `json:"meetings"`
	Actions  [][]any `json:"actions"`
}

// decodeJS checks that data is a script "window.NAME = {json};\n" that is
// safe to load (no character that could end a script or a string in an
// older engine) and decodes its JSON into v, which must have a field for
// every member.
func decodeJS(t *testing.T, data []byte, name string, v any) {
	t.Helper()
	prefix := "window." + name + " = "
	if !bytes.HasPrefix(data, []byte(prefix)) || !bytes.HasSuffix(data, []byte(";\n")) {
		t.Fatalf("%s file does not look like %q...;\\n: %.80q", name, prefix, data)
	}
	if k := bytes.IndexAny(data, "<>&\u2028\u2029"); k >= 0 {
		t.Errorf("%s file has a raw %q: …%s…", name, []rune(string(data[k:]))[0], data[max(0, k-40):min(len(data), k+40)])
	}
	dec := json.NewDecoder(bytes.NewReader(data[len(prefix) : len(data)-2]))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func decodeIndex(t *testing.T, data []byte) *index {
	t.Helper()
	var x index
	decodeJS(t, data, "RECAP_SEARCH", &x)
	if x.V != 2 || len(x.Terms) != len(x.Post) {
		t.Fatalf("index v %d, %d terms, %d postings", x.V, len(x.Terms), len(x.Post))
	}
	for k := 1; k < len(x.Terms); k++ {
		if less16(x.Terms[k], x.Terms[k-1]) || x.Terms[k] == x.Terms[k-1] {
			t.Fatalf("terms %q and %q are not in JavaScript's order", x.Terms[k-1], x.Terms[k])
		}
	}
	for k, p := range x.Post {
		ms := postings(p)
		if len(ms) == 0 || !slices.IsSorted(ms) || ms[0] < 0 || ms[len(ms)-1] >= len(x.Meetings) {
			t.Fatalf("term %q: postings %q are %v, for %d meetings", x.Terms[k], p, ms, len(x.Meetings))
		}
	}
	return &x
}

// less16 compares strings as JavaScript's < does: by UTF-16 code units.
func less16(a, b string) bool {
	return slices.Compare(utf16.Encode([]rune(a)), utf16.Encode([]rune(b))) < 0
}

// find returns the folders of the meetings whose text has a word starting
// with w, as the page finds them: a binary search in terms, then the
// postings of every term w starts.
func (x *index) find(w string) []string {
	lo, hi := 0, len(x.Terms)
	for lo < hi {
		mid := (lo + hi) / 2
		if less16(x.Terms[mid], w) {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	in := map[int]bool{}
	for k := lo; k < len(x.Terms) && strings.HasPrefix(x.Terms[k], w); k++ {
		for _, m := range postings(x.Post[k]) {
			in[m] = true
		}
	}
	var out []string
	for m := range in {
		out = append(out, x.Meetings[m][1].(string))
	}
	slices.Sort(out)
	return out
}

func num(v any) int { return int(v.(float64)) }

var basicSite = map[string]string{
	"config.toml": `title = "Basic"
timezone = "Asia/Tokyo"
[people.dev]
name = "Dev Patel"
aliases = ["devp"]
role = "Senior Engineer"
[people.sam]
name = "Sam Rivera"
`,
	"content/2026/2026-11-17-dev.md": `+++
title = "1:1 Dev"
date = 2026-11-16T23:30:00Z
attendees = ["dev", "sam"]
tags = ["career", "growth"]
summary = "Quarterly calibration"
+++

We looked at the Screenshot of the dashboard at the Café.
Pneumonoultramicroscopicsilicovolcanoconiosis is a long word.

> [!note] Rollout checklist
> Nothing else.

- [ ] @dev Draft the promotion packet 📅 2026-11-30 #career
`,
	"content/2026/2026-11-18-team.md": `+++
title = "Team sync"
attendees = ["dev", "sam"]
series = "Platform weekly"
+++

Dashboard latency came up.

- [x] @sam Fix the flaky test ✅ 2026-11-18
- [ ] Unowned follow-up
`,
}

// TestIndexFindsNotes checks what search finds in a small journal: a word
// of a note finds its meeting, and the tables say what the journal says.
func TestIndexFindsNotes(t *testing.T) {
	j := load(t, siteFS(basicSite), nil)
	x := decodeIndex(t, search.IndexJS(j))
	dev, team := "2026/2026-11-17-dev/", "2026/2026-11-18-team/"
	for _, c := range []struct {
		word string
		want []string
	}{
		{"screenshot", []string{dev}},
		{"screen", []string{dev}},
		{"dashboard", []string{dev, team}},
		{"cafe", []string{dev}},        // accents removed
		{"calibration", []string{dev}}, // the summary
		{"rollout", []string{dev}},     // a callout's title
		{"latency", []string{team}},
		{"pneumonoultramicroscopic", []string{dev}}, // cut to MaxTermLen
		{"the", nil},                                // a stop word
		{"zebra", nil},
	} {
		if got := x.find(c.word); !slices.Equal(got, c.want) {
			t.Errorf("%q finds %q, want %q", c.word, got, c.want)
		}
	}
	if long := "pneumonoultramicroscopicsilicovolcanoconiosis"; slices.Contains(x.Terms, long) || !slices.Contains(x.Terms, long[:search.MaxTermLen]) {
		t.Errorf("a long word is not cut to %d letters", search.MaxTermLen)
	}
	if !slices.Contains(strings.Fields(x.Stop), "the") {
		t.Errorf("stop words %q lack \"the\"", x.Stop)
	}

	// The tables.
	if len(x.People) != 2 || len(x.Meetings) != 2 || len(x.Tags) != len(j.Tags) || len(x.Series) != len(j.Series) {
		t.Fatalf("%d people, %d meetings, %d tags, %d series", len(x.People), len(x.Meetings), len(x.Tags), len(x.Series))
	}
	if got, want := fmt.Sprint(x.People[0]), "[Dev Patel people/dev/index.html dev devp 2 Senior Engineer]"; got != want {
		t.Errorf("person %s, want %s", got, want)
	}
	for i, m := range j.Meetings {
		r := x.Meetings[i]
		var people, tags []string
		for _, p := range r[3].([]any) {
			people = append(people, x.People[num(p)][0].(string))
		}
		for _, tg := range r[4].([]any) {
			tags = append(tags, x.Tags[num(tg)][0].(string))
		}
		series := ""
		if s := num(r[5]); s >= 0 {
			series = x.Series[s][0].(string)
		}
		wantSeries := ""
		if m.Series != nil {
			wantSeries = m.Series.Title()
		}
		var wantPeople []string
		for _, p := range m.People {
			wantPeople = append(wantPeople, p.Name)
		}
		got := fmt.Sprint(r[0], r[1], r[2], people, tags, series)
		want := fmt.Sprint(m.Title, m.URL, m.Date.In(j.Config.Location).Format(time.DateOnly), wantPeople, m.Tags, wantSeries)
		if got != want {
			t.Errorf("meeting %d:\n got %s\nwant %s", i, got, want)
		}
	}
	// In the site's time zone: 23:30 UTC is the next morning in Tokyo.
	if x.Meetings[0][2] != "2026-11-17" {
		t.Errorf("the first meeting is on %v", x.Meetings[0][2])
	}
	for _, r := range x.Tags {
		if r[1] != "tags/"+r[0].(string)+"/index.html" {
			t.Errorf("tag %v", r)
		}
	}

	var actions []string
	for _, r := range x.Actions {
		owner := "-"
		if o := num(r[3]); o >= 0 {
			owner = x.People[o][0].(string)
		}
		actions = append(actions, fmt.Sprintf("%s|%s|L%v|%s|%s|%s", r[0], x.Meetings[num(r[1])][0], r[2], owner, r[4], r[5]))
	}
	want := []string{
		"@dev Draft the promotion packet #career|1:1 Dev|L15|Dev Patel|o|2026-11-30",
		"@sam Fix the flaky test|Team sync|L9|Sam Rivera|d|",
		"Unowned follow-up|Team sync|L10|-|o|",
	}
	if !slices.Equal(actions, want) {
		t.Errorf("actions:\n got %q\nwant %q", actions, want)
	}
}

// TestSampleIndex checks the index of the sample journal: a few known
// entries, and that every action links to a meeting and line.
func TestSampleIndex(t *testing.T) {
	j := load(t, os.DirFS("../.."), nil)
	data := search.IndexJS(j)
	x := decodeIndex(t, data)
	if again := search.IndexJS(j); !bytes.Equal(again, data) {
		t.Error("IndexJS differs between two calls")
	}
	// The index lists the meetings, then the pages.
	notes := append(slices.Clone(j.Meetings), j.Pages...)
	if len(x.Meetings) != len(notes) || len(x.People) != len(j.People) || len(x.Tags) != len(j.Tags) || len(x.Series) != len(j.Series) {
		t.Fatalf("index has %d meetings and pages, %d people, %d tags, %d series; journal %d, %d, %d, %d",
			len(x.Meetings), len(x.People), len(x.Tags), len(x.Series), len(notes), len(j.People), len(j.Tags), len(j.Series))
	}
	if len(x.Actions) != len(j.Actions) {
		t.Errorf("index has %d actions, journal %d", len(x.Actions), len(j.Actions))
	}
	for i, m := range x.Meetings {
		if m[0] != notes[i].Title || m[1] != notes[i].URL {
			t.Errorf("meeting %d: %q at %q, want %q at %q", i, m[0], m[1], notes[i].Title, notes[i].URL)
		}
	}
	for i, a := range x.Actions {
		ja := j.Actions[i]
		if a[0] != ja.Text || num(a[1]) != ja.Latest().Meeting.Index || num(a[2]) != ja.Line() {
			t.Errorf("action %d: %v, want %q in meeting %d at line %d", i, a, ja.Text, ja.Latest().Meeting.Index, ja.Line())
		}
	}
	// "screenshot" is only in the text of the Dev 1:1 of 17 November.
	if got := x.find("screenshot"); !slices.Equal(got, []string{"2026/2026-11-17-dev-1on1/"}) {
		t.Errorf(`"screenshot" is in %q`, got)
	}
	var growing []any
	for _, a := range x.Actions {
		if strings.Contains(a[0].(string), `"growing others"`) {
			growing = a
		}
	}
	if growing == nil {
		t.Fatal(`no action "growing others"`)
	}
	if owner := x.People[num(growing[3])][0]; owner != "Dev Patel" || growing[4] != "o" || growing[5] != "2026-11-24" {
		t.Errorf(`action "growing others": owner %v, status %v, due %v`, owner, growing[4], growing[5])
	}
}

// TestSampleActionsData checks the actions data of the sample journal
// against the journal.
func TestSampleActionsData(t *testing.T) {
	j := load(t, os.DirFS("../.."), nil)
	data := search.ActionsJS(j)
	if again := search.ActionsJS(j); !bytes.Equal(again, data) {
		t.Error("ActionsJS differs between two calls")
	}
	var x actionsData
	decodeJS(t, data, "RECAP_ACTIONS", &x)
	if x.V != 1 || x.Today != "2026-11-24" || len(x.Actions) != len(j.Actions) || len(x.Actions) == 0 {
		t.Fatalf("v %d, today %q, %d actions (journal %d)", x.V, x.Today, len(x.Actions), len(j.Actions))
	}
	for _, r := range x.People {
		if r[2] != "people/"+r[0].(string)+"/index.html" {
			t.Errorf("person %v", r)
		}
	}
	for _, r := range x.Series {
		if r[2] != "series/"+r[0].(string)+"/index.html" {
			t.Errorf("series %v", r)
		}
	}
	for i, r := range x.Actions {
		a := j.Actions[i]
		owner := ""
		if o := num(r[1]); o >= 0 {
			owner = x.People[o][0].(string)
		}
		wantOwner := ""
		if a.Owner != nil {
			wantOwner = a.Owner.ID
		}
		var tags []string
		for _, k := range r[5].([]any) {
			tags = append(tags, x.Tags[num(k)][0].(string))
		}
		series := ""
		if s := num(r[6]); s >= 0 {
			series = x.Series[s][0].(string)
		}
		wantSeries := ""
		if a.Series != nil {
			wantSeries = a.Series.ID
		}
		m := x.Meetings[num(r[7])]
		got := fmt.Sprint(r[0], owner, r[2], r[3], r[4] == 1.0, tags, series, m[0], m[1], r[8], r[9], r[10], r[11], r[12])
		lm := a.Latest().Meeting
		want := fmt.Sprint(j.Bare(a), wantOwner, a.Status, a.Due, a.Overdue, a.Tags, wantSeries, lm.Title, lm.URL+"index.html", a.Line(),
			a.Priority, a.DoneDate, a.Cancelled, len(a.Occurrences))
		if got != want {
			t.Errorf("action %d:\n got %s\nwant %s", i, got, want)
		}
	}
}

// The secret words below are only in [!private] callouts: in the body, the
// callout's title, a heading, an action item and a mention.
var privateSite = map[string]string{
	"config.toml": "title = \"Private\"\ntimezone = \"UTC\"\n[people.sam]\nname = \"Sam\"\n",
	"content/2026-11-20-one.md": `+++
title = "Weekly sync"
attendees = ["sam"]
+++

> [!private] Zanzibar thoughts
> # Quokka heading
> The xylophone plan is secret, ask @wombat.
> - [ ] @sam Phone the narwhal recruiter 📅 2026-11-30

Public paragraph about the roadmap.

- [ ] @sam Share the roadmap 📅 2026-11-28
`,
	"content/2026-11-21-two.md": `> [!private]
> # Platypus title
> Okapi paragraph.

Second meeting, public text.
`,
}

var secrets = []string{"zanzibar", "quokka", "xylophone", "wombat", "narwhal", "platypus", "okapi"}

// TestPrivateNotIndexed checks that nothing from a [!private] callout is in
// the index: not its words, its action, nor the person it mentions.
func TestPrivateNotIndexed(t *testing.T) {
	j := load(t, siteFS(privateSite), nil)
	var texts []string
	for _, a := range j.Actions {
		texts = append(texts, a.Text)
	}
	if len(texts) != 2 {
		t.Fatalf("expected the private and the public item as actions, got %q", texts)
	}
	data := search.IndexJS(j)
	x := decodeIndex(t, data)
	lower := strings.ToLower(string(data))
	for _, w := range secrets {
		if strings.Contains(lower, w) {
			t.Errorf("the search index has %q, from a [!private] callout", w)
		}
	}
	for _, w := range []string{"roadmap", "public"} {
		if len(x.find(w)) == 0 {
			t.Errorf("%q finds nothing", w)
		}
	}
	if len(x.Actions) != 1 || !strings.Contains(x.Actions[0][0].(string), "Share the roadmap") {
		t.Errorf("index actions = %v, want only the public one", x.Actions)
	}
	if len(x.People) != 1 || x.People[0][0] != "Sam" {
		t.Errorf("index people = %v, want only Sam", x.People)
	}
}

// TestEscaping checks that text which could end the script or a string is
// written safely, and reads back as it was.
func TestEscaping(t *testing.T) {
	title := "Plan </script><script>alert(\"x\")</script> & 'more'\u2028line\u2029end \\ done"
	site := map[string]string{
		"config.toml": "title = \"Escapes\"\ntimezone = \"UTC\"\n[people.ana]\nname = \"Ana \\\"<b>\\\" O'Neil\"\n",
		"content/2026-11-20-one.md": fmt.Sprintf(`+++
title = %q
attendees = ["ana"]
tags = ["r&d"]
+++

- [ ] @ana Fix "quotes" & <angles> </script> 📅 2026-11-30
`, title),
	}
	j := load(t, siteFS(site), nil)
	if j.Meetings[0].Title != title {
		t.Fatalf("title read as %q", j.Meetings[0].Title)
	}
	data := search.IndexJS(j)
	x := decodeIndex(t, data)
	if x.Meetings[0][0] != title || x.People[0][0] != j.People[0].Name || x.Actions[0][0] != j.Actions[0].Text || x.Tags[0][0] != j.Tags[0].Name {
		t.Errorf("read back: %q, %q, %q, %q", x.Meetings[0][0], x.People[0][0], x.Actions[0][0], x.Tags[0][0])
	}
	if !strings.Contains(j.Actions[0].Text, "&") || !strings.Contains(j.People[0].Name, "<b>") {
		t.Errorf("the journal has %q and %q: the test lacks its special characters", j.Actions[0].Text, j.People[0].Name)
	}
	actions := search.ActionsJS(j)
	var a actionsData
	decodeJS(t, actions, "RECAP_ACTIONS", &a)
	if a.Meetings[0][0] != title || a.People[0][1] != j.People[0].Name || a.Actions[0][0] != j.Bare(j.Actions[0]) {
		t.Errorf("read back: %v, %v, %v", a.Meetings[0], a.People[0], a.Actions[0])
	}
	checkNode(t, data, "RECAP_SEARCH")
	checkNode(t, actions, "RECAP_ACTIONS")
}

// checkNode loads the script in Node.js, when there is one, and checks that
// it reads the same data as encoding/json.
func checkNode(t *testing.T, data []byte, name string) {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Logf("no node to load %s in: %v", name, err)
		return
	}
	file := filepath.Join(t.TempDir(), "data.js")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(node, "-e", "globalThis.window = globalThis; require(process.argv[1]); process.stdout.write(JSON.stringify(window."+name+"))", file).Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var fromJS, fromGo any
	if err := json.Unmarshal(out, &fromJS); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data[len("window."+name+" = "):len(data)-2], &fromGo); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fromJS, fromGo) {
		t.Errorf("node reads %s differently:\n%.300s", name, out)
	}
}

// TestTermsInJavaScriptOrder checks that terms with letters from U+E000 to
// U+FFFF and above U+FFFF are where the page's binary search looks.
func TestTermsInJavaScriptOrder(t *testing.T) {
	site := map[string]string{
		"config.toml":           "title = \"Order\"\ntimezone = \"UTC\"\n",
		"content/2026-11-20.md": "Ｗｉｄｅ letters and 𠀀𠀁 and 𝒜𝒷 and zz and ﬃx.\n",
		"content/2026-11-21.md": "Other words: 𠀂𠀃 ｗｉｄｅｒ.\n",
	}
	j := load(t, siteFS(site), nil)
	x := decodeIndex(t, search.IndexJS(j))
	for _, w := range []string{"ｗｉｄｅ", "𠀀𠀁", "𝒜𝒷", "zz", "𠀂"} {
		if len(x.find(w)) == 0 {
			t.Errorf("%q finds nothing in %q", w, x.Terms)
		}
	}
	if got := x.find("ｗｉｄ"); len(got) != 2 {
		t.Errorf("ｗｉｄ finds %q", got)
	}
}

// TestMaxTermsPerMeeting checks that a meeting keeps its first
// MaxTermsPerMeeting distinct words.
func TestMaxTermsPerMeeting(t *testing.T) {
	var text strings.Builder
	for i := range search.MaxTermsPerMeeting + 50 {
		fmt.Fprintf(&text, "zq%04d zq%04d ", i, i)
	}
	site := map[string]string{
		"config.toml":           "title = \"Many\"\ntimezone = \"UTC\"\n",
		"content/2026-11-20.md": text.String() + "\n",
	}
	x := decodeIndex(t, search.IndexJS(load(t, siteFS(site), nil)))
	n := 0
	for _, w := range x.Terms {
		if strings.HasPrefix(w, "zq") {
			n++
		}
	}
	last := fmt.Sprintf("zq%04d", search.MaxTermsPerMeeting-1)
	if n != search.MaxTermsPerMeeting || !slices.Contains(x.Terms, last) {
		t.Errorf("%d words kept (want %d), %q kept: %v", n, search.MaxTermsPerMeeting, last, slices.Contains(x.Terms, last))
	}
}

// edit returns fsys with files changed (an empty text removes the file).
func edit(fsys fstest.MapFS, files map[string]string) fstest.MapFS {
	out := maps.Clone(fsys)
	for name, data := range files {
		if data == "" {
			delete(out, name)
		} else {
			out[name] = &fstest.MapFile{Data: []byte(data)}
		}
	}
	return out
}

// notePaths lists the notes of a generated site.
func notePaths(fsys fstest.MapFS) []string {
	var out []string
	for name := range fsys {
		if strings.HasSuffix(name, ".md") {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// TestIndexerAcrossEdits uses one Indexer as watch mode does, over a journal
// loaded again with its unchanged notes kept (one note edited, one removed,
// one added), and compares it with a fresh one each time.
func TestIndexerAcrossEdits(t *testing.T) {
	fsA := corpus.WriteFS(40, 7)
	cache := &noteCache{}
	jA := load(t, fsA, cache)
	x := search.NewIndexer()
	same := func(j *journal.Journal, when string) *index {
		t.Helper()
		got := x.IndexJS(j)
		if want := search.IndexJS(j); !bytes.Equal(got, want) {
			t.Fatalf("%s: the reused Indexer differs from a fresh one", when)
		}
		if n := x.KeptNotes(); n != len(j.Meetings) {
			t.Errorf("%s: the Indexer keeps the words of %d notes, the journal has %d", when, n, len(j.Meetings))
		}
		return decodeIndex(t, got)
	}
	same(jA, "first")
	same(jA, "again")

	paths := notePaths(fsA)
	edited, removed := paths[3], paths[4]
	added := "content/2026/2026-11-30-new.md"
	fsB := edit(fsA, map[string]string{
		edited:  string(fsA[edited].Data) + "\nZygomorphic quasar.\n",
		removed: "",
		added:   "Xenolith talk.\n",
	})
	for _, p := range []string{edited, removed} {
		delete(cache.notes, p)
	}
	jB := load(t, fsB, cache)
	kept := 0
	for _, m := range jB.Meetings {
		for _, old := range jA.Meetings {
			if m.Note == old.Note {
				kept++
			}
		}
	}
	if kept != len(jA.Meetings)-2 {
		t.Fatalf("%d notes kept across the edit, want %d", kept, len(jA.Meetings)-2)
	}
	xB := same(jB, "after the edit")
	urlOf := func(j *journal.Journal, p string) []string {
		for _, m := range j.Meetings {
			if m.Source == p {
				return []string{m.URL}
			}
		}
		t.Fatalf("no meeting from %s", p)
		return nil
	}
	if got, want := xB.find("zygomorphic"), urlOf(jB, edited); !slices.Equal(got, want) {
		t.Errorf("zygomorphic finds %q, want %q", got, want)
	}
	if got, want := xB.find("xenolith"), urlOf(jB, added); !slices.Equal(got, want) {
		t.Errorf("xenolith finds %q, want %q", got, want)
	}
}

// TestIndexerNotesWithoutText gives an Indexer every note as a one-off build
// does, from several goroutines, and then drops their text.
func TestIndexerNotesWithoutText(t *testing.T) {
	fsys := corpus.WriteFS(60, 3)
	want := search.IndexJS(load(t, fsys, nil))
	j := load(t, fsys, nil)
	x := search.NewIndexer()
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := w; i < len(j.Meetings); i += 4 {
				x.Note(j.Meetings[i].Note)
			}
		})
	}
	wg.Wait()
	for _, m := range j.Meetings {
		m.Text = ""
	}
	if got := x.IndexJS(j); !bytes.Equal(got, want) {
		t.Error("an Indexer given the notes as they were parsed differs from one that reads their text")
	}
}

// TestIndexerForgetsWords checks that words no note has any more leave the
// Indexer, and that it writes the same index after.
func TestIndexerForgetsWords(t *testing.T) {
	site := func(prefix string, notes int) fstest.MapFS {
		files := map[string]string{"config.toml": "title = \"Words\"\ntimezone = \"UTC\"\n"}
		for i := range notes {
			var text strings.Builder
			for k := range 300 {
				fmt.Fprintf(&text, "%s%03dx%03d ", prefix, i, k)
			}
			files[fmt.Sprintf("content/2026-11-%02d.md", i+1)] = text.String() + "\n"
		}
		return siteFS(files)
	}
	x := search.NewIndexer()
	for _, fsys := range []fstest.MapFS{site("ab", 10), site("cd", 10), site("ef", 1), site("ab", 10)} {
		j := load(t, fsys, nil)
		want := search.IndexJS(j)
		for range 2 { // the second time from the words kept
			if got := x.IndexJS(j); !bytes.Equal(got, want) {
				t.Fatal("the reused Indexer differs from a fresh one")
			}
		}
		if n := x.KeptWords(); n > 2*300*len(j.Meetings)+1024 {
			t.Errorf("the Indexer keeps %d words for a journal of %d", n, 300*len(j.Meetings))
		}
	}
}

// TestIndexSize10k keeps the index of a 10,000-note journal within 1.25
// times its size before it had snippets, dates and bitmaps (3,351,850
// bytes). It takes a while, so it runs only with RECAP_LONG=1.
func TestIndexSize10k(t *testing.T) {
	if os.Getenv("RECAP_LONG") != "1" {
		t.Skip("builds a 10,000-note journal; set RECAP_LONG=1 to run")
	}
	j := load10k(t, 1)[0]
	idx := search.IndexJS(j)
	acts := search.ActionsJS(j)
	x := decodeIndex(t, idx)
	t.Logf("10,000 notes, %d actions: search-index.js %d bytes, %d terms; actions-data.js %d bytes",
		len(j.Actions), len(idx), len(x.Terms), len(acts))
	if len(x.Meetings) != 10000 {
		t.Errorf("%d meetings", len(x.Meetings))
	}
	const limit = 3351850 * 5 / 4
	if len(idx) > limit {
		t.Errorf("search-index.js is %d bytes for 10,000 notes, over %d", len(idx), limit)
	}
}

// load10k writes the generated 10,000-note journal (corpus seed 1) under a
// temporary folder and loads it loads times, each time with the notes of
// the first, as watch mode loads a journal again.
func load10k(t testing.TB, loads int) []*journal.Journal {
	t.Helper()
	dir := t.TempDir()
	if err := corpus.Write(dir, 10000, 1); err != nil {
		t.Fatal(err)
	}
	cache := &noteCache{}
	var js []*journal.Journal
	for range loads {
		js = append(js, load(t, os.DirFS(dir), cache))
	}
	return js
}

// BenchmarkIndexJS10k writes the index of a 10,000-note journal: cold, by a
// fresh Indexer that cuts every note's text; kept, by an Indexer that has
// written it before; and reloaded, by an Indexer that has written the
// journal as loaded before with the same notes, as watch mode does.
func BenchmarkIndexJS10k(b *testing.B) {
	js := load10k(b, 2)
	b.Run("cold", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			search.IndexJS(js[0])
		}
	})
	b.Run("kept", func(b *testing.B) {
		x := search.NewIndexer()
		x.IndexJS(js[0])
		b.ReportAllocs()
		for b.Loop() {
			x.IndexJS(js[0])
		}
	})
	b.Run("reloaded", func(b *testing.B) {
		x := search.NewIndexer()
		x.IndexJS(js[1])
		b.ReportAllocs()
		k := 0
		for b.Loop() {
			x.IndexJS(js[k%2])
			k++
		}
	})
}

// BenchmarkActionsJS10k writes the actions data of a 10,000-note journal.
func BenchmarkActionsJS10k(b *testing.B) {
	j := load10k(b, 1)[0]
	b.ReportAllocs()
	for b.Loop() {
		search.ActionsJS(j)
	}
}

// TestDatesAndNumbers checks the terms of dates, versions and short numbers:
// a date written in any usual form is one term (see search.DateTerm) and its
// day and year are no numbers of their own, a version keeps its dots, and a
// one-digit number is a word.
func TestDatesAndNumbers(t *testing.T) {
	site := map[string]string{
		"config.toml": "title = \"Dates\"\ntimezone = \"UTC\"\n",
		"content/2026-11-20-one.md": `+++
title = "Release sync"
+++

Release 3.0 ships on 2026-11-17, v20 on 17 Nov and 13.0 on November 18th, 2026.
Node 5 moves to Tuesday 1 December; Jan 2 is a holiday, 32 Nov is no day,
and 29 Feb 2027 has no year. Build 1999-13-01 is not a date.
`,
	}
	j := load(t, siteFS(site), nil)
	x := decodeIndex(t, search.IndexJS(j))
	for _, w := range []string{"3.0", "v20", "13.0", "5", "~11-17-2026", "~11-17", "~11-18-2026", "~12-01", "~01-02", "~02-29",
		"nov", "november", "december", "jan", "32", "2027", "1999", "13", "01"} {
		if !slices.Contains(x.Terms, w) {
			t.Errorf("no term %q in %q", w, x.Terms)
		}
	}
	for _, w := range []string{"17", "18th", "11", "2026", "1", "2", "29"} {
		if slices.Contains(x.Terms, w) {
			t.Errorf("the term %q, the day or year of a date, is in %q", w, x.Terms)
		}
	}
	if got := search.DateTerm(2026, 11, 7); got != "~11-07-2026" {
		t.Errorf("DateTerm(2026, 11, 7) = %q", got)
	}
	if got := search.DateTerm(0, 1, 2); got != "~01-02" {
		t.Errorf("DateTerm(0, 1, 2) = %q", got)
	}
}

// TestSnippets checks each meeting's snippet: the start of its summary, or
// of its text after its headings, spaces collapsed, cut after a word.
func TestSnippets(t *testing.T) {
	long := strings.Repeat("word ", 40)
	site := map[string]string{
		"config.toml":                 "title = \"Snippets\"\ntimezone = \"UTC\"\n",
		"content/2026-11-20-short.md": "+++\ntitle = \"Short\"\nsummary = \"Agreed the plan.\"\n+++\n\nBody text.\n",
		"content/2026-11-21-first.md": "First   paragraph\nof the note.\n\n## Notes\n\nMore.\n",
		"content/2026-11-22-lists.md": "## Agenda\n\n### Today\n\n- Item one\n- Item two\n",
		"content/2026-11-23-long.md":  "+++\ntitle = \"Long\"\n+++\n\n" + long + "\n",
		"content/2026-11-24-word.md":  "+++\ntitle = \"Word\"\n+++\n\n" + strings.Repeat("x", 100) + "\n",
		"content/2026-11-25-empty.md": "+++\ntitle = \"Empty\"\n+++\n",
	}
	j := load(t, siteFS(site), nil)
	x := decodeIndex(t, search.IndexJS(j))
	want := map[string]string{
		"Short": "Agreed the plan.",
		"Word":  strings.Repeat("x", search.MaxSnippet-1) + "…",
		"Long":  strings.TrimSpace(strings.Repeat("word ", (search.MaxSnippet-1)/5)) + "…",
		"Empty": "",
	}
	for _, m := range x.Meetings {
		title, snip := m[0].(string), ""
		if len(m) > 6 {
			snip = m[6].(string)
		}
		if w, ok := want[title]; ok && snip != w {
			t.Errorf("%s: snippet %q, want %q", title, snip, w)
		}
		if n := len([]rune(snip)); n > search.MaxSnippet {
			t.Errorf("%s: snippet of %d runes, over %d", title, n, search.MaxSnippet)
		}
		switch {
		case strings.Contains(snip, "First"):
			if snip != "First paragraph of the note." {
				t.Errorf("the first paragraph's snippet is %q", snip)
			}
		case strings.Contains(snip, "Item"):
			if snip != "Item one Item two" {
				t.Errorf("a note of lists has the snippet %q", snip)
			}
		}
	}
}
