package journal_test

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/recapjournal/recap/generator/diag"
	"github.com/recapjournal/recap/generator/journal"
	"github.com/recapjournal/recap/generator/note"
)

// now is the fixed time of every test: 2026-11-20 12:00 UTC, which is
// 2026-11-21 01:00 in Auckland (NZDT, UTC+13).
var now = time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)

const peopleConfig = `
[people.dev]
name = "Dev Patel"
aliases = ["devp", "D. Patel"]

[people.sam]
name = "Sam Lee"
`

// site builds a site from file contents; "config.toml" may be among them.
func site(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data), Mode: 0o644}
	}
	return fsys
}

func load(t *testing.T, files map[string]string, opt journal.Options) *journal.Journal {
	t.Helper()
	if opt.Now.IsZero() {
		opt.Now = now
	}
	j, err := journal.Load(site(files), nil, opt)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return j
}

func meeting(t *testing.T, j *journal.Journal, source string) *journal.Meeting {
	t.Helper()
	for _, m := range j.Meetings {
		if m.Source == source {
			return m
		}
	}
	t.Fatalf("no meeting %s", source)
	return nil
}

func ids(people []*journal.Person) []string {
	out := make([]string, len(people))
	for i, p := range people {
		out[i] = p.ID
	}
	return out
}

// action finds the one logical action whose latest text is text and whose owner is owner.
func action(t *testing.T, j *journal.Journal, owner, text string) *journal.Action {
	t.Helper()
	var found *journal.Action
	for _, a := range j.Actions {
		o := ""
		if a.Owner != nil {
			o = a.Owner.ID
		}
		if a.Text == text && o == owner {
			if found != nil {
				t.Fatalf("two actions %q owned by %q", text, owner)
			}
			found = a
		}
	}
	if found == nil {
		var have []string
		for _, a := range j.Actions {
			have = append(have, a.Text)
		}
		t.Fatalf("no action %q owned by %q; have %q", text, owner, have)
	}
	return found
}

func TestPeople(t *testing.T) {
	j := load(t, map[string]string{
		"config.toml": peopleConfig,
		"content/2026-11-02-people.md": `+++
attendees = ["DEV", "sam lee", "d. patel", "Maria Garcia", "@Tom.Jones"]
+++
Talked with @DevP and @quinn_r about it; mail tom@example.com, ask @Maria-Garcia.

- [ ] Call the vendor [owner:: Sam Lee]
- [ ] Check the numbers (owner:: DEVP)
- [ ] @Tom.Jones File the report
- [ ] Nobody owns this
`,
	}, journal.Options{})

	m := meeting(t, j, "content/2026-11-02-people.md")
	if got, want := ids(m.People), []string{"dev", "sam", "maria-garcia", "tom.jones"}; !slices.Equal(got, want) {
		t.Errorf("attendees = %q, want %q", got, want)
	}
	if got, want := ids(j.People), []string{"dev", "maria-garcia", "quinn_r", "sam", "tom.jones"}; !slices.Equal(got, want) {
		t.Errorf("people = %q, want %q (sorted by id; tom@example.com mentions nobody)", got, want)
	}
	for id, name := range map[string]string{"dev": "Dev Patel", "sam": "Sam Lee", "maria-garcia": "Maria Garcia", "tom.jones": "Tom.Jones", "quinn_r": "quinn_r"} {
		p := j.PersonByID(id)
		if p == nil {
			t.Errorf("PersonByID(%q) = nil", id)
			continue
		}
		if p.Name != name {
			t.Errorf("person %s: name %q, want %q", id, p.Name, name)
		}
		if p.Configured != (id == "dev" || id == "sam") {
			t.Errorf("person %s: Configured = %v", id, p.Configured)
		}
	}
	if p := j.PersonByID("quinn_r"); p != nil && (len(p.Mentioned) != 1 || len(p.Meetings) != 0) {
		t.Errorf("quinn_r: mentioned in %d meetings, attended %d; want 1, 0", len(p.Mentioned), len(p.Meetings))
	}
	if p := j.PersonByID("dev"); p != nil && len(p.Mentioned) != 0 {
		t.Errorf("dev attends and is mentioned: Mentioned should be empty, is %d", len(p.Mentioned))
	}
	for _, s := range []string{"dev", "DEV", "Dev Patel", "dev patel", "DevP", "@devp", "d. patel", " D. PATEL "} {
		if p := j.Lookup(s); p == nil || p.ID != "dev" {
			t.Errorf("Lookup(%q) = %v, want dev", s, p)
		}
	}
	for _, s := range []string{"maria garcia", "MARIA-GARCIA", "@maria-garcia", "Tom.Jones", "tom.jones"} {
		if p := j.Lookup(s); p == nil {
			t.Errorf("Lookup(%q) = nil", s)
		}
	}
	if p := j.Lookup("nobody"); p != nil {
		t.Errorf("Lookup(nobody) = %s, want nil", p.ID)
	}
	if p := j.Lookup("nobody"); p != nil || len(j.People) != 5 {
		t.Errorf("Lookup created a person")
	}

	owners := map[string]string{}
	for _, a := range j.Actions {
		owners[a.Text] = ""
		if a.Owner != nil {
			owners[a.Text] = a.Owner.ID
		}
	}
	want := map[string]string{
		"Call the vendor":            "sam",
		"Check the numbers":          "dev",
		"@Tom.Jones File the report": "tom.jones",
		"Nobody owns this":           "",
	}
	for text, owner := range want {
		if got, ok := owners[text]; !ok || got != owner {
			t.Errorf("action %q: owner %q, want %q (all: %q)", text, got, owner, owners)
		}
	}
	if p := j.PersonByID("sam"); p == nil || p.OpenCount != 1 || len(p.Actions) != 1 {
		t.Errorf("sam owns one open action")
	}
}

func TestPeopleIDsWinOverNames(t *testing.T) {
	// "sam" is an alias of dev, but also sam's id: the id wins.
	j := load(t, map[string]string{
		"config.toml": `
[people.dev]
name = "Dev"
aliases = ["sam", "Lead"]
[people.sam]
name = "Sam"
`,
		"content/2026-11-02-a.md": "+++\nattendees = [\"SAM\", \"lead\"]\n+++\n",
	}, journal.Options{})
	if got := ids(j.Meetings[0].People); !slices.Equal(got, []string{"sam", "dev"}) {
		t.Errorf("attendees = %q, want [sam dev]", got)
	}
}

func TestSeries(t *testing.T) {
	j := load(t, map[string]string{
		"config.toml":                       peopleConfig,
		"content/a/2026-11-02-sync.md":      "+++\nseries = \"Team Sync\"\nattendees = [\"dev\", \"sam\", \"tom\"]\n+++\n",
		"content/a/2026-11-09-sync.md":      "+++\nseries = \"team  SYNC\"\nattendees = [\"dev\"]\n+++\n",
		"content/b/2026-11-03-one.md":       "+++\nattendees = [\"sam\", \"dev\"]\n+++\n",
		"content/b/2026-11-10-two.md":       "+++\nattendees = [\"Dev Patel\", \"Sam\"]\n+++\n",
		"content/c/2026-11-04-three.md":     "+++\nattendees = [\"dev\", \"sam\", \"tom\"]\n+++\n",
		"content/c/2026-11-05-explicit.md":  "+++\nattendees = [\"dev\", \"sam\"]\nseries = \"Project X\"\n+++\n",
		"content/c/2026-11-06-alone.md":     "+++\nattendees = [\"dev\"]\n+++\n",
		"content/c/2026-11-07-same.md":      "+++\nattendees = [\"dev\", \"Dev Patel\"]\n+++\n",
		"content/c/2026-11-08-yaml-pair.md": "---\nattendees: [Tom, Maria Garcia]\n---\n",
	}, journal.Options{})

	var got []string
	for _, s := range j.Series {
		got = append(got, s.ID)
	}
	if want := []string{"dev-sam", "maria-garcia-tom", "project-x", "team-sync"}; !slices.Equal(got, want) {
		t.Fatalf("series = %q, want %q", got, want)
	}
	byID := map[string]*journal.Series{}
	for _, s := range j.Series {
		byID[s.ID] = s
	}
	check := func(id, name string, pair bool, sources ...string) {
		t.Helper()
		s := byID[id]
		if s.Name != name || s.Pair != pair {
			t.Errorf("series %s: name %q pair %v, want %q %v", id, s.Name, s.Pair, name, pair)
		}
		var got []string
		for i, m := range s.Meetings {
			got = append(got, m.Source)
			if m.Series != s || m.SeriesIndex != i {
				t.Errorf("%s: Series %v SeriesIndex %d", m.Source, m.Series, m.SeriesIndex)
			}
			if i > 0 && (m.Prev != s.Meetings[i-1] || s.Meetings[i-1].Next != m) {
				t.Errorf("%s: Prev/Next do not link it to %s", m.Source, s.Meetings[i-1].Source)
			}
		}
		if !slices.Equal(got, sources) {
			t.Errorf("series %s: meetings %q, want %q", id, got, sources)
		}
		if first, last := s.Meetings[0], s.Meetings[len(s.Meetings)-1]; first.Prev != nil || last.Next != nil {
			t.Errorf("series %s: the first meeting has a Prev or the last a Next", id)
		}
	}
	check("team-sync", "Team Sync", false, "content/a/2026-11-02-sync.md", "content/a/2026-11-09-sync.md")
	check("dev-sam", "dev-sam", true, "content/b/2026-11-03-one.md", "content/b/2026-11-10-two.md")
	check("project-x", "Project X", false, "content/c/2026-11-05-explicit.md")
	check("maria-garcia-tom", "maria-garcia-tom", true, "content/c/2026-11-08-yaml-pair.md")
	if got := ids(byID["team-sync"].People); !slices.Equal(got, []string{"dev", "sam", "tom"}) {
		t.Errorf("team-sync people = %q", got)
	}
	for _, src := range []string{"content/c/2026-11-04-three.md", "content/c/2026-11-06-alone.md", "content/c/2026-11-07-same.md"} {
		if m := meeting(t, j, src); m.Series != nil {
			t.Errorf("%s: series %q, want none", src, m.Series.Name)
		}
	}
}

// seriesNotes is a pair series (dev and sam) of three meetings, a second pair
// series with the same item, and a meeting outside any series.
var seriesNotes = map[string]string{
	"config.toml": peopleConfig,
	"content/2026/2026-11-02-dev-sam.md": `+++
attendees = ["dev", "sam"]
+++
## Actions

- [ ] @dev Draft the roadmap 📅 2026-11-10 ⏫
- [ ] Write the doc 🆔 w1 [owner:: sam]
- [ ] @dev Ship it
- [ ] @sam Ship it
- [ ] @dev Book room
- [x] @sam Closed at once
`,
	"content/2026/2026-11-09-dev-sam.md": `+++
attendees = ["sam", "dev"]
+++
- [x] @DEV draft  the roadmap. ✅ 2026-11-08
- [/] Write the doc properly [id:: w1]
- [x] @dev Ship it
- [ ] @dev Book room 📅 2026-11-30
`,
	"content/2026/2026-11-16-dev-sam.md": `+++
attendees = ["dev", "sam"]
+++
- [-] @dev Ship it ❌ 2026-11-15
- [ ] @dev Book room
- [ ] @dev Draft the roadmap
`,
	"content/2026/2026-11-03-dev-tom.md": `+++
attendees = ["dev", "tom"]
+++
- [ ] @dev Book room
`,
	"content/2026/2026-11-04-all-hands.md": `+++
attendees = ["dev", "sam", "tom"]
+++
- [ ] @dev Book room
- [ ] @dev Book room
`,
	"content/2026/2026-11-05-all-hands.md": `+++
attendees = ["dev", "sam", "tom"]
+++
- [x] @dev Book room
`,
}

func TestLogicalActions(t *testing.T) {
	j := load(t, seriesNotes, journal.Options{})
	m1 := "content/2026/2026-11-02-dev-sam.md"
	m2 := "content/2026/2026-11-09-dev-sam.md"
	m3 := "content/2026/2026-11-16-dev-sam.md"

	// Closed in m2, listed open again in m3: still done, with fields from the
	// latest occurrence that has them, and the source of the latest occurrence.
	a := action(t, j, "dev", "@dev Draft the roadmap")
	if a.Status != note.Done || a.Due != "2026-11-10" || a.Priority != "high" || a.DoneDate != "2026-11-08" ||
		a.Source() != m3 || a.Line() != 6 || len(a.Occurrences) != 3 ||
		a.First().Meeting.Source != m1 || a.Series == nil || a.Series.ID != "dev-sam" {
		t.Errorf("Draft the roadmap = status %s due %q priority %q done %q at %s:%d, %d occurrences",
			a.Status, a.Due, a.Priority, a.DoneDate, a.Source(), a.Line(), len(a.Occurrences))
	}
	if a.Overdue {
		t.Error("a done action is not overdue")
	}

	// Same id, different text: one action; its text and status from the latest,
	// its owner from the earlier occurrence that has one.
	a = action(t, j, "sam", "Write the doc properly")
	if a.Status != note.InProgress || a.ID != "w1" || a.Source() != m2 || a.Line() != 5 || len(a.Occurrences) != 2 {
		t.Errorf("Write the doc = status %s id %q at %s:%d, %d occurrences", a.Status, a.ID, a.Source(), a.Line(), len(a.Occurrences))
	}
	if !a.IsOpen() {
		t.Error("in-progress counts as open")
	}

	// Done in m2, cancelled in m3: the latest closed occurrence decides.
	a = action(t, j, "dev", "@dev Ship it")
	if a.Series == nil {
		t.Fatal("Ship it has no series")
	}
	if a.Status != note.Cancelled || a.Cancelled != "2026-11-15" || a.DoneDate != "" || a.Source() != m3 || a.Line() != 4 || len(a.Occurrences) != 3 {
		t.Errorf("dev's Ship it = status %s cancelled %q done %q at %s:%d, %d occurrences", a.Status, a.Cancelled, a.DoneDate, a.Source(), a.Line(), len(a.Occurrences))
	}
	// Same text, another owner: another action.
	a = action(t, j, "sam", "@sam Ship it")
	if a.Status != note.Open || a.Source() != m1 || len(a.Occurrences) != 1 {
		t.Errorf("sam's Ship it = status %s at %s, %d occurrences", a.Status, a.Source(), len(a.Occurrences))
	}

	// Book room: open throughout, due from m2, source m3. The same item in
	// another series and outside any series are actions of their own.
	var book []*journal.Action
	for _, a := range j.Actions {
		if a.Text == "@dev Book room" {
			book = append(book, a)
		}
	}
	if len(book) != 5 {
		t.Fatalf("%d Book room actions, want 5 (dev-sam, dev-tom, and three outside a series)", len(book))
	}
	var where []string
	for _, a := range book {
		s := "-"
		if a.Series != nil {
			s = a.Series.ID
		}
		where = append(where, s+" "+a.Source()+":"+itoa(a.Line())+" "+string(a.Status)+" "+a.Due)
	}
	want := []string{
		"dev-tom content/2026/2026-11-03-dev-tom.md:4 open ",
		"- content/2026/2026-11-04-all-hands.md:4 open ",
		"- content/2026/2026-11-04-all-hands.md:5 open ",
		"- content/2026/2026-11-05-all-hands.md:4 done ",
		"dev-sam content/2026/2026-11-16-dev-sam.md:5 open 2026-11-30",
	}
	if !slices.Equal(where, want) {
		t.Errorf("Book room actions:\n got %q\nwant %q", where, want)
	}

	// Journal order: by the meeting of the latest occurrence, then line.
	var order []string
	for i, a := range j.Actions {
		if a.Index != i {
			t.Errorf("action %d has Index %d", i, a.Index)
		}
		order = append(order, a.Source()[len("content/2026/"):len("content/2026/2026-11-02")]+":"+itoa(a.Line()))
	}
	if want := []string{"2026-11-02:9", "2026-11-02:11", "2026-11-03:4", "2026-11-04:4", "2026-11-04:5", "2026-11-05:4", "2026-11-09:5", "2026-11-16:4", "2026-11-16:5", "2026-11-16:6"}; !slices.Equal(order, want) {
		t.Errorf("action order = %q, want %q", order, want)
	}

	// Occurrences link back.
	for _, m := range j.Meetings {
		if len(m.Occurrences) != len(m.Items) {
			t.Errorf("%s: %d occurrences for %d items", m.Source, len(m.Occurrences), len(m.Items))
		}
		for _, o := range m.Occurrences {
			if o.Meeting != m || !slices.Contains(o.Action.Occurrences, o) {
				t.Errorf("%s:%d: occurrence not linked", m.Source, o.Line)
			}
		}
	}
	dev := j.PersonByID("dev")
	// dev's open actions: Book room in dev-sam, dev-tom and the two in the 11-04 all-hands.
	if dev.OpenCount != 4 {
		t.Errorf("dev has %d open actions, want 4", dev.OpenCount)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestOverdue(t *testing.T) {
	body := `+++
attendees = ["dev"]
+++
- [ ] A due yesterday in Auckland 📅 2026-11-20
- [ ] B due today in Auckland 📅 2026-11-21
- [/] C in progress due:2026-11-01
- [x] D done [due:: 2026-11-01]
- [-] E cancelled 📅 2026-11-01
- [ ] F no due date
`
	want := map[string]bool{"A": true, "B": false, "C": true, "D": false, "E": false, "F": false}
	j := load(t, map[string]string{
		"config.toml":           "timezone = \"Pacific/Auckland\"\n",
		"content/2026-11-02.md": body,
	}, journal.Options{})
	if j.Today != "2026-11-21" {
		t.Errorf("Today = %s, want 2026-11-21 (12:00 UTC is 01:00 the next day in Auckland)", j.Today)
	}
	for _, a := range j.Actions {
		if a.Overdue != want[a.Text[:1]] {
			t.Errorf("%s: overdue = %v, want %v", a.Text, a.Overdue, want[a.Text[:1]])
		}
	}

	// The same notes in UTC: it is still the 20th, so A is not overdue yet.
	want["A"] = false
	j = load(t, map[string]string{
		"config.toml":           "timezone = \"UTC\"\n",
		"content/2026-11-02.md": body,
	}, journal.Options{})
	if j.Today != "2026-11-20" {
		t.Errorf("Today = %s, want 2026-11-20", j.Today)
	}
	for _, a := range j.Actions {
		if a.Overdue != want[a.Text[:1]] {
			t.Errorf("UTC: %s: overdue = %v, want %v", a.Text, a.Overdue, want[a.Text[:1]])
		}
	}
}

func TestReview(t *testing.T) {
	files := map[string]string{
		"config.toml":            "timezone = \"Pacific/Auckland\"\nreviewWithin = \"48h\"\n",
		"content/50h-ago.md":     "+++\ndate = 2026-11-18T10:00:00Z\n+++\n",
		"content/26h-ago.md":     "+++\ndate = 2026-11-19T10:00:00Z\n+++\n",
		"content/48h-ago.md":     "+++\ndate = 2026-11-18T12:00:00Z\n+++\n",
		"content/reviewed.md":    "+++\ndate = 2026-11-01\nreviewed = true\n+++\n",
		"content/reviewed-on.md": "+++\ndate = 2026-11-01\nreviewed = 2026-11-02\n+++\n",
		"content/not-yet.md":     "+++\ndate = 2026-11-01\nreviewed = false\n+++\n",
		"content/yaml.md":        "---\ndate: 2026-11-01\nreviewed: 2026-11-03T09:00:00+13:00\n---\n",
		// A date without a time is midnight in Auckland: 2026-11-17T11:00Z, 73h ago.
		"content/2026-11-18-date-only.md": "# Date only\n",
		// 2026-11-19 00:00 in Auckland is 2026-11-18T11:00Z, 49h ago.
		"content/2026-11-19-date-only.md": "# Date only\n",
	}
	j := load(t, files, journal.Options{})
	type state struct{ reviewed, overdue bool }
	want := map[string]state{
		"content/50h-ago.md":              {false, true},
		"content/26h-ago.md":              {false, false},
		"content/48h-ago.md":              {false, false},
		"content/reviewed.md":             {true, false},
		"content/reviewed-on.md":          {true, false},
		"content/not-yet.md":              {false, true},
		"content/yaml.md":                 {true, false},
		"content/2026-11-18-date-only.md": {false, true},
		"content/2026-11-19-date-only.md": {false, true},
	}
	for src, w := range want {
		m := meeting(t, j, src)
		if m.Reviewed != w.reviewed || m.ReviewOverdue != w.overdue {
			t.Errorf("%s: reviewed %v overdue %v, want %v %v", src, m.Reviewed, m.ReviewOverdue, w.reviewed, w.overdue)
		}
		if !m.ReviewDue.Equal(m.Date.Add(48 * time.Hour)) {
			t.Errorf("%s: ReviewDue %v, want date + 48h", src, m.ReviewDue)
		}
	}
	if m := meeting(t, j, "content/reviewed-on.md"); !m.ReviewedAt.Equal(time.Date(2026, 11, 1, 11, 0, 0, 0, time.UTC)) {
		t.Errorf("reviewed = 2026-11-02 in Auckland: ReviewedAt %v", m.ReviewedAt)
	}
	if m := meeting(t, j, "content/2026-11-18-date-only.md"); !m.Date.Equal(time.Date(2026, 11, 17, 11, 0, 0, 0, time.UTC)) {
		t.Errorf("date from the file name: %v, want midnight in Auckland", m.Date)
	}

	// The default reviewWithin is 24h.
	j = load(t, map[string]string{
		"config.toml":     "timezone = \"UTC\"\n",
		"content/25h.md":  "+++\ndate = 2026-11-19T11:00:00Z\n+++\n",
		"content/23h.md":  "+++\ndate = 2026-11-19T13:00:00Z\n+++\n",
		"content/next.md": "+++\ndate = 2026-11-21T13:00:00Z\n+++\n",
	}, journal.Options{})
	for src, overdue := range map[string]bool{"content/25h.md": true, "content/23h.md": false, "content/next.md": false} {
		if m := meeting(t, j, src); m.ReviewOverdue != overdue {
			t.Errorf("default 24h: %s overdue %v, want %v", src, m.ReviewOverdue, overdue)
		}
	}
}

func TestDrafts(t *testing.T) {
	files := map[string]string{
		"config.toml":                   peopleConfig,
		"content/2026-11-02-draft.md":   "+++\ndraft = true\nattendees = [\"ghost\", \"dev\"]\ntags = [\"secret\"]\n+++\n- [ ] @ghost Haunt the office\n",
		"content/2026-11-03-real.md":    "+++\nattendees = [\"dev\", \"sam\"]\n+++\n- [ ] @dev Real work\n",
		"content/2026-11-04-nodraft.md": "+++\ndraft = false\n+++\n",
	}
	j := load(t, files, journal.Options{})
	var got []string
	for _, m := range j.Meetings {
		got = append(got, m.Source)
	}
	if want := []string{"content/2026-11-03-real.md", "content/2026-11-04-nodraft.md"}; !slices.Equal(got, want) {
		t.Errorf("meetings = %q, want %q", got, want)
	}
	if len(j.Actions) != 1 || j.PersonByID("ghost") != nil || len(j.Tags) != 0 {
		t.Errorf("a draft leaks: %d actions, ghost %v, %d tags", len(j.Actions), j.PersonByID("ghost"), len(j.Tags))
	}
	if dev := j.PersonByID("dev"); len(dev.Meetings) != 1 {
		t.Errorf("dev attended %d meetings, want 1", len(dev.Meetings))
	}

	j = load(t, files, journal.Options{Drafts: true})
	if len(j.Meetings) != 3 || len(j.Actions) != 2 || j.PersonByID("ghost") == nil || len(j.Tags) != 1 {
		t.Errorf("with Drafts: %d meetings, %d actions, %d tags", len(j.Meetings), len(j.Actions), len(j.Tags))
	}
}

func TestSamePage(t *testing.T) {
	const fm = "+++\ndate = 2026-11-02\n+++\n"
	for _, tc := range []struct {
		name string
		a, b string
		page string
	}{
		{"case", "content/2026/Bob.md", "content/2026/bob.md", "2026/bob/"},
		{"case in a folder", "content/Team/x.md", "content/team/x.md", "team/x/"},
		{"NFC and NFD", "content/caf\u00e9.md", "content/cafe\u0301.md", "caf\u00e9/"},
		{"unsafe characters", "content/Q&A notes.md", "content/q-a-notes.md", "q-a-notes/"},
		{"spaces and question marks", "content/a b.md", "content/a?b.md", "a-b/"},
		{"index", "content/2026/index.md", "content/2026.md", "2026/"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			j, err := journal.Load(site(map[string]string{tc.a: fm, tc.b: fm, "content/other.md": fm}), nil, journal.Options{Now: now})
			if err == nil {
				t.Fatalf("%s and %s: no error (%d meetings)", tc.a, tc.b, len(j.Meetings))
			}
			if j != nil {
				t.Error("Load returned a journal with its error")
			}
			var dl diag.List
			if !errors.As(err, &dl) || len(dl) != 1 {
				t.Fatalf("error %v: want a diag.List of one", err)
			}
			msg := dl[0].Error()
			for _, s := range []string{tc.a, tc.b, tc.page} {
				if !strings.Contains(msg, s) {
					t.Errorf("error %q does not name %q", msg, s)
				}
			}
			if dl[0].Path != tc.a && dl[0].Path != tc.b {
				t.Errorf("error is reported at %s, want one of the two notes", dl[0].Path)
			}
		})
	}

	// Different folders, or the same name with another extension case, are fine
	// when the pages differ.
	j := load(t, map[string]string{"content/2026/a.md": fm, "content/2027/a.md": fm, "content/a-b.md": fm, "content/a_b.md": fm}, journal.Options{})
	var urls []string
	for _, m := range j.Meetings {
		urls = append(urls, m.URL)
	}
	slices.Sort(urls)
	if want := []string{"2026/a/", "2027/a/", "a-b/", "a_b/"}; !slices.Equal(urls, want) {
		t.Errorf("urls = %q, want %q", urls, want)
	}

	// A draft does not take a page unless drafts are built.
	files := map[string]string{"content/Bob.md": "+++\ndate = 2026-11-02\ndraft = true\n+++\n", "content/bob.md": fm}
	if _, err := journal.Load(site(files), nil, journal.Options{Now: now}); err != nil {
		t.Errorf("a draft collides: %v", err)
	}
	if _, err := journal.Load(site(files), nil, journal.Options{Now: now, Drafts: true}); err == nil {
		t.Error("with drafts, Bob.md and bob.md do not collide")
	}
}

func TestBadNotesAllReported(t *testing.T) {
	_, err := journal.Load(site(map[string]string{
		"content/2026-11-02-ok.md":   "# fine\n",
		"content/no-date.md":         "# no date\n",
		"content/2026-11-03-bad.md":  "+++\ndate = 2026-13-01\n+++\n",
		"content/2026-11-04-open.md": "+++\ntitle = \"x\"\n",
	}), nil, journal.Options{Now: now})
	var dl diag.List
	if !errors.As(err, &dl) {
		t.Fatalf("err = %v, want a diag.List", err)
	}
	var paths []string
	for _, d := range dl {
		paths = append(paths, d.Path)
	}
	// A note without a date is a page, not an error.
	if want := []string{"content/2026-11-03-bad.md", "content/2026-11-04-open.md"}; !slices.Equal(paths, want) {
		t.Errorf("errors in %q, want %q", paths, want)
	}
}

func TestOpenFromEarlier(t *testing.T) {
	j := load(t, map[string]string{
		"content/2026-11-02-w1.md": "+++\nseries = \"weekly\"\n+++\n- [ ] A\n- [ ] B\n- [x] C\n- [ ] D\n",
		"content/2026-11-09-w2.md": "+++\nseries = \"weekly\"\n+++\n- [x] A\n- [ ] E\n",
		"content/2026-11-16-w3.md": "+++\nseries = \"weekly\"\n+++\nNothing to report.\n",
		"content/2026-11-23-w4.md": "+++\nseries = \"weekly\"\n+++\n- [ ] D\n",
		"content/2026-11-30-w5.md": "+++\nseries = \"weekly\"\n+++\n- [x] B\n",
		"content/2026-12-07-w6.md": "+++\nseries = \"weekly\"\n+++\n",
		"content/2026-11-10-x.md":  "# Outside\n- [ ] Z\n",
	}, journal.Options{})
	want := map[string][]string{
		"w1": nil,
		"w2": {"D", "B"},      // A is listed (and ticked) here; C was closed at once
		"w3": {"E", "D", "B"}, // newest first; A was closed in w2
		"w4": {"E", "B"},      // w4 lists D itself
		"w5": {"E", "D"},      // w5 lists (and closes) B
		"w6": {"E", "D"},
	}
	for _, m := range j.Meetings {
		if m.Series == nil {
			if len(m.OpenFromEarlier) != 0 || m.OpenFromEarlierCount != 0 {
				t.Errorf("%s is in no series but has open from earlier", m.Source)
			}
			continue
		}
		key := m.Source[len("content/2026-11-02-") : len(m.Source)-3]
		var got []string
		for _, a := range m.OpenFromEarlier {
			got = append(got, a.Text)
		}
		if !slices.Equal(got, want[key]) || m.OpenFromEarlierCount != len(want[key]) {
			t.Errorf("%s: open from earlier %q (count %d), want %q", key, got, m.OpenFromEarlierCount, want[key])
		}
	}
}

func TestOpenFromEarlierLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString("+++\nseries = \"big\"\n+++\n")
	for i := range journal.MaxOpenFromEarlier + 10 {
		b.WriteString("- [ ] item " + itoa(i+1) + "\n")
	}
	j := load(t, map[string]string{
		"content/2026-11-02-a.md": b.String(),
		"content/2026-11-09-b.md": "+++\nseries = \"big\"\n+++\n- [x] item " + itoa(journal.MaxOpenFromEarlier+10) + "\n",
	}, journal.Options{})
	m := j.Meetings[1]
	if len(m.OpenFromEarlier) != journal.MaxOpenFromEarlier || m.OpenFromEarlierCount != journal.MaxOpenFromEarlier+9 {
		t.Errorf("open from earlier: %d kept, count %d; want %d, %d", len(m.OpenFromEarlier), m.OpenFromEarlierCount, journal.MaxOpenFromEarlier, journal.MaxOpenFromEarlier+9)
	}
	if want := "item " + itoa(journal.MaxOpenFromEarlier+9); len(m.OpenFromEarlier) > 0 && m.OpenFromEarlier[0].Text != want {
		t.Errorf("newest first: the first is %q, want %s", m.OpenFromEarlier[0].Text, want)
	}
}

func TestTagsAndOrder(t *testing.T) {
	j := load(t, map[string]string{
		"config.toml":               "timezone = \"UTC\"\n",
		"content/b/2026-11-02-x.md": "+++\ntags = [\"Planning\", \"Q 4\"]\ndate = 2026-11-02T15:00:00Z\n+++\n- [ ] Task #Hiring\n",
		"content/a/2026-11-02-y.md": "+++\ntags = [\"planning\"]\ndate = 2026-11-02T09:00:00Z\n+++\n",
		"content/a/2026-11-02-z.md": "+++\ntags = [\"planning\"]\ndate = 2026-11-02T15:00:00Z\n+++\n",
	}, journal.Options{})
	var srcs []string
	for i, m := range j.Meetings {
		srcs = append(srcs, m.Source)
		if m.Index != i {
			t.Errorf("%s: Index %d, want %d", m.Source, m.Index, i)
		}
	}
	if want := []string{"content/a/2026-11-02-y.md", "content/a/2026-11-02-z.md", "content/b/2026-11-02-x.md"}; !slices.Equal(srcs, want) {
		t.Errorf("meetings = %q, want by date then source %q", srcs, want)
	}
	var tags []string
	for _, tg := range j.Tags {
		tags = append(tags, tg.Name+":"+itoa(len(tg.Meetings))+"/"+itoa(len(tg.Actions)))
	}
	if want := []string{"hiring:0/1", "planning:3/0", "q-4:1/0"}; !slices.Equal(tags, want) {
		t.Errorf("tags = %q, want %q", tags, want)
	}
}

func TestWarningsKept(t *testing.T) {
	j := load(t, map[string]string{
		"content/2026-11-02.md": "+++\nmood = \"fine\"\n+++\n- [ ] Impossible 📅 2026-02-30\n",
	}, journal.Options{})
	if len(j.Diags) != 2 {
		t.Fatalf("warnings = %v, want the unknown key and the impossible date", j.Diags)
	}
	for _, d := range j.Diags {
		if d.Severity != diag.Warning || d.Path != "content/2026-11-02.md" || d.Line == 0 {
			t.Errorf("warning %v", d)
		}
	}
	if a := j.Actions[0]; a.Due != "" {
		t.Errorf("impossible due date kept: %q", a.Due)
	}
}

func TestFieldsFromLatestOccurrenceThatHasThem(t *testing.T) {
	j := load(t, map[string]string{
		"config.toml":             peopleConfig,
		"content/2026-11-02-a.md": "+++\nseries = \"plan\"\n+++\n- [ ] Plan 🆔 p1 @dev 📅 2026-11-10 🔼 #q1\n",
		"content/2026-11-09-b.md": "+++\nseries = \"plan\"\n+++\n- [ ] Plan 🆔 p1 [owner:: sam] 📅 2026-11-12\n",
		"content/2026-11-16-c.md": "+++\nseries = \"plan\"\n+++\nText.\n\n- [/] Plan, revised 🆔 p1\n",
	}, journal.Options{})
	if len(j.Actions) != 1 {
		t.Fatalf("%d actions, want 1", len(j.Actions))
	}
	a := j.Actions[0]
	if a.Text != "Plan, revised" || a.Status != note.InProgress || a.Owner == nil || a.Owner.ID != "sam" ||
		a.Due != "2026-11-12" || a.Priority != "medium" || !slices.Equal(a.Tags, []string{"q1"}) ||
		a.Source() != "content/2026-11-16-c.md" || a.Line() != 6 || !a.Overdue {
		owner := ""
		if a.Owner != nil {
			owner = a.Owner.ID
		}
		t.Errorf("got text %q status %s owner %q due %q priority %q tags %q at %s:%d overdue %v",
			a.Text, a.Status, owner, a.Due, a.Priority, a.Tags, a.Source(), a.Line(), a.Overdue)
	}
	if dev, sam := j.PersonByID("dev"), j.PersonByID("sam"); len(dev.Actions) != 0 || len(sam.Actions) != 1 || sam.OpenCount != 1 {
		t.Errorf("the action belongs to its resolved owner only: dev %d, sam %d (%d open)", len(dev.Actions), len(sam.Actions), sam.OpenCount)
	}
}

func TestOpenFromEarlierCountAfterManyClosed(t *testing.T) {
	head := "+++\nseries = \"s\"\n+++\n"
	var m1, m2 strings.Builder
	m1.WriteString(head)
	m2.WriteString(head)
	for i := 1; i <= 70; i++ {
		m1.WriteString("- [ ] A" + itoa(i) + "\n")
		if i <= 40 {
			m2.WriteString("- [x] A" + itoa(i) + "\n")
		}
	}
	j := load(t, map[string]string{
		"content/2026-11-02-a.md": m1.String(),
		"content/2026-11-09-b.md": m2.String(),
		"content/2026-11-16-c.md": head + "- [ ] A1\n",
	}, journal.Options{})
	for i, want := range []int{0, 30, 30} {
		m := j.Meetings[i]
		if m.OpenFromEarlierCount != want || len(m.OpenFromEarlier) != min(want, journal.MaxOpenFromEarlier) {
			t.Errorf("%s: open from earlier count %d, %d kept; want %d", m.Source, m.OpenFromEarlierCount, len(m.OpenFromEarlier), want)
		}
	}
}

func TestSeriesIDsAreUnique(t *testing.T) {
	j := load(t, map[string]string{
		"config.toml":             peopleConfig,
		"content/2026-11-02-a.md": "+++\nseries = \"Team Sync\"\n+++\n- [ ] A\n",
		"content/2026-11-09-b.md": "+++\nseries = \"team-sync\"\n+++\n- [x] A\n",
		"content/2026-11-03-c.md": "+++\nattendees = [\"dev\", \"sam\"]\n+++\n- [ ] B\n",
		"content/2026-11-10-d.md": "+++\nattendees = [\"dev\", \"sam\"]\nseries = \"Dev Sam\"\n+++\n",
	}, journal.Options{})
	seen := map[string]*journal.Series{}
	for _, s := range j.Series {
		if other := seen[s.ID]; other != nil {
			t.Errorf("series %q and %q share the ID %q", other.Name, s.Name, s.ID)
		}
		seen[s.ID] = s
	}
	for _, a := range j.Actions {
		for _, o := range a.Occurrences {
			if o.Meeting.Series != a.Series {
				t.Errorf("action %q of series %q has an occurrence in %s of series %q", a.Text, a.Series.Name, o.Meeting.Source, o.Meeting.Series.Name)
			}
		}
	}
}
