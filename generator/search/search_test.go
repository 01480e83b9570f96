package search_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/recapjournal/recap/generator/build"
	"github.com/recapjournal/recap/generator/config"
	"github.com/recapjournal/recap/generator/internal/corpus"
	"github.com/recapjournal/recap/generator/journal"
	"github.com/recapjournal/recap/generator/search"
)

var fixedNow = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)

func writeSite(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// buildSite builds root into a temporary folder and returns it.
func buildSite(t testing.TB, root string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out")
	if _, err := build.Build(build.Options{Root: root, OutDir: out, Now: fixedNow}); err != nil {
		t.Fatalf("build %s: %v", root, err)
	}
	return out
}

// prepare loads a site as the build does.
func prepare(t testing.TB, root string) *journal.Journal {
	t.Helper()
	cfg, err := config.LoadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	s, err := build.Prepare(build.Options{Root: root, Now: fixedNow}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s.Journal
}

// parseJS checks that a generated file is "window.NAME = {json};\n" and
// decodes the JSON into v.
func parseJS(t *testing.T, data []byte, name string, v any) {
	t.Helper()
	prefix := "window." + name + " = "
	if !bytes.HasPrefix(data, []byte(prefix)) || !bytes.HasSuffix(data, []byte(";\n")) {
		t.Fatalf("%s file does not look like %q...;\\n: %.80q", name, prefix, data)
	}
	if bytes.ContainsAny(data, "\u2028\u2029") {
		t.Errorf("%s file has a raw U+2028 or U+2029", name)
	}
	if err := json.Unmarshal(data[len(prefix):len(data)-2], v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

type index struct {
	V        int
	People   [][]any
	Tags     [][]any
	Series   [][]any
	Meetings [][]any
	Actions  [][]any
	Terms    []string
	Post     []string
	Stop     string
}

type actionsData struct {
	V        int
	Today    string
	People   [][]any
	Tags     [][]any
	Series   [][]any
	Meetings [][]any
	Actions  [][]any
}

func TestWords(t *testing.T) {
	got := search.Words("Dev's Café-Plan, Q3 2026! naïve—ÉTÉ #oncall @sam")
	want := []string{"dev", "s", "cafe", "plan", "q3", "2026", "naive", "ete", "oncall", "sam"}
	if !slices.Equal(got, want) {
		t.Errorf("Words = %q, want %q", got, want)
	}
}

// pageAt reads a built page, failing when it is missing.
func pageAt(t *testing.T, out, rel string) string {
	t.Helper()
	rel, frag, _ := strings.Cut(rel, "#")
	b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(rel)))
	if err != nil {
		t.Errorf("link %s: %v", rel, err)
		return ""
	}
	if frag != "" && !bytes.Contains(b, []byte(`id="`+frag+`"`)) {
		t.Errorf("link %s#%s: the page has no such id", rel, frag)
	}
	return string(b)
}

// TestSampleIndex checks the index of the sample journal: every link goes to
// a page the build wrote (and to an action's line), and a few known entries.
func TestSampleIndex(t *testing.T) {
	out := buildSite(t, "../..")
	j := prepare(t, "../..")
	data, err := os.ReadFile(filepath.Join(out, "assets", "search-index.js"))
	if err != nil {
		t.Fatal(err)
	}
	var x index
	parseJS(t, data, "RECAP_SEARCH", &x)
	if again := search.IndexJS(j); !bytes.Equal(again, data) {
		t.Error("IndexJS differs between two builds of the same journal")
	}
	if again := search.ActionsJS(j); !bytes.Equal(again, search.ActionsJS(j)) {
		t.Error("ActionsJS differs between two calls")
	}
	if x.V != 1 || len(x.Meetings) != len(j.Meetings) || len(x.People) != len(j.People) || len(x.Tags) != len(j.Tags) || len(x.Series) != len(j.Series) {
		t.Fatalf("index has %d meetings, %d people, %d tags, %d series; journal %d, %d, %d, %d",
			len(x.Meetings), len(x.People), len(x.Tags), len(x.Series), len(j.Meetings), len(j.People), len(j.Tags), len(j.Series))
	}
	if len(x.Actions) != len(j.Actions) {
		t.Errorf("index has %d actions, journal %d", len(x.Actions), len(j.Actions))
	}
	for _, tab := range [][][]any{x.People, x.Tags, x.Series} {
		for _, r := range tab {
			pageAt(t, out, r[1].(string))
		}
	}
	for i, m := range x.Meetings {
		if m[0] != j.Meetings[i].Title {
			t.Errorf("meeting %d: title %q, want %q", i, m[0], j.Meetings[i].Title)
		}
		pageAt(t, out, m[1].(string)+"index.html")
	}
	for _, a := range x.Actions {
		m := x.Meetings[int(a[1].(float64))]
		pageAt(t, out, fmt.Sprintf("%sindex.html#L%d", m[1], int(a[2].(float64))))
	}
	if !slices.IsSorted(x.Terms) || len(x.Terms) != len(x.Post) {
		t.Fatalf("terms are not sorted or do not match the postings")
	}

	// "screenshot" is only in the text of the Dev 1:1 of 17 November.
	k, ok := slices.BinarySearch(x.Terms, "screenshot")
	if !ok {
		t.Fatal(`"screenshot" is not indexed`)
	}
	var found []string
	for _, mi := range search.DecodePostings(x.Post[k]) {
		found = append(found, x.Meetings[mi][1].(string))
	}
	if !slices.Equal(found, []string{"2026/2026-11-17-dev-1on1/"}) {
		t.Errorf(`"screenshot" is in %q`, found)
	}
	for _, w := range []string{"the", "and", "a"} {
		if _, ok := slices.BinarySearch(x.Terms, w); ok {
			t.Errorf("stop word %q is indexed", w)
		}
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
	if owner := x.People[int(growing[3].(float64))][0]; owner != "Dev Patel" || growing[4] != "o" || growing[5] != "2026-11-24" {
		t.Errorf(`action "growing others": owner %v, status %v, due %v`, owner, growing[4], growing[5])
	}
}

// TestSampleActionsData checks the actions data against the journal.
func TestSampleActionsData(t *testing.T) {
	out := buildSite(t, "../..")
	j := prepare(t, "../..")
	data, err := os.ReadFile(filepath.Join(out, "assets", "actions-data.js"))
	if err != nil {
		t.Fatal(err)
	}
	var x actionsData
	parseJS(t, data, "RECAP_ACTIONS", &x)
	if x.V != 1 || x.Today != "2026-11-24" || len(x.Actions) != len(j.Actions) {
		t.Fatalf("v %d, today %q, %d actions (journal %d)", x.V, x.Today, len(x.Actions), len(j.Actions))
	}
	for _, tab := range [][][]any{x.People, x.Tags, x.Series} {
		for _, r := range tab {
			pageAt(t, out, r[len(r)-1].(string))
		}
	}
	for i, r := range x.Actions {
		a := j.Actions[i]
		owner := ""
		if o := int(r[1].(float64)); o >= 0 {
			owner = x.People[o][0].(string)
		}
		wantOwner := ""
		if a.Owner != nil {
			wantOwner = a.Owner.ID
		}
		var tags []string
		for _, k := range r[5].([]any) {
			tags = append(tags, x.Tags[int(k.(float64))][0].(string))
		}
		series := ""
		if s := int(r[6].(float64)); s >= 0 {
			series = x.Series[s][0].(string)
		}
		wantSeries := ""
		if a.Series != nil {
			wantSeries = a.Series.ID
		}
		m := x.Meetings[int(r[7].(float64))]
		got := fmt.Sprint(r[0], owner, r[2], r[3], r[4] == 1.0, tags, series, m[0], r[8], r[12])
		want := fmt.Sprint(a.Text, wantOwner, a.Status, a.Due, a.Overdue, a.Tags, wantSeries, a.Latest().Meeting.Title, a.Line(), len(a.Occurrences))
		if got != want {
			t.Errorf("action %d:\n got %s\nwant %s", i, got, want)
		}
		pageAt(t, out, fmt.Sprintf("%s#L%d", m[1], int(r[8].(float64))))
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

func TestPrivateNotIndexed(t *testing.T) {
	root := writeSite(t, privateSite)
	out := buildSite(t, root)
	data, err := os.ReadFile(filepath.Join(out, "assets", "search-index.js"))
	if err != nil {
		t.Fatal(err)
	}
	lower := strings.ToLower(string(data))
	for _, w := range secrets {
		if strings.Contains(lower, w) {
			t.Errorf("the search index has %q, from a [!private] callout", w)
		}
	}
	for _, w := range []string{"roadmap", "public", "weekly sync", "share the roadmap"} {
		if !strings.Contains(lower, w) {
			t.Errorf("the search index lacks %q", w)
		}
	}
}

// TestPrivateActionsLeftOut checks Private on a journal read without
// KeepText, where action items inside [!private] callouts are actions.
func TestPrivateActionsLeftOut(t *testing.T) {
	fsys := fstest.MapFS{}
	for name, data := range privateSite {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	j, err := journal.Load(fsys, nil, journal.Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, a := range j.Actions {
		texts = append(texts, a.Text)
	}
	if len(j.Actions) != 2 {
		t.Skipf("expected the private and the public item as actions, got %q", texts)
	}
	x := search.BuildIndex(j)
	if len(x.Actions) != 1 || !strings.Contains(x.Actions[0][0].(string), "Share the roadmap") {
		t.Errorf("index actions = %v, want only the public one", x.Actions)
	}
}

// TestIndexSize10k measures the index of a 10,000-note journal
// (corpus.Write(dir, 10000, 1)) and keeps it under 5 MB.
func TestIndexSize10k(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 10,000-note journal")
	}
	dir := t.TempDir()
	if err := corpus.Write(dir, 10000, 1); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	j := prepare(t, dir)
	loaded := time.Since(start)
	start = time.Now()
	idx := search.IndexJS(j)
	took := time.Since(start)
	acts := search.ActionsJS(j)
	const limit = 5 << 20
	t.Logf("10,000 notes, %d actions: search-index.js %d bytes (%.2f MB), built in %s; actions-data.js %d bytes (%.2f MB); journal loaded in %s",
		len(j.Actions), len(idx), float64(len(idx))/(1<<20), took.Round(time.Millisecond), len(acts), float64(len(acts))/(1<<20), loaded.Round(time.Millisecond))
	var x map[string]json.RawMessage
	if err := json.Unmarshal(idx[len("window.RECAP_SEARCH = "):len(idx)-2], &x); err != nil {
		t.Fatal(err)
	}
	var parts []string
	for _, k := range []string{"people", "tags", "series", "meetings", "actions", "terms", "post", "stop"} {
		parts = append(parts, fmt.Sprintf("%s %d", k, len(x[k])))
	}
	t.Logf("bytes by part: %s", strings.Join(parts, ", "))
	if len(idx) > limit {
		t.Errorf("search-index.js is %d bytes for 10,000 notes, over %d", len(idx), limit)
	}
}
