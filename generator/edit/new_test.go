package edit

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/recapjournal/recap/generator/config"
	"github.com/recapjournal/recap/generator/journal"
	"github.com/recapjournal/recap/generator/note"
)

func testJournal(t *testing.T, cfgText string, notes map[string]string) *journal.Journal {
	t.Helper()
	fsys := fstest.MapFS{"config.toml": {Data: []byte(cfgText)}}
	for p, s := range notes {
		fsys["content/"+p] = &fstest.MapFile{Data: []byte(s)}
	}
	cfg, err := config.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Location = time.UTC
	j, err := journal.Load(fsys, cfg, journal.Options{Now: time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return j
}

const people = `
[people.sam]
name = "Sam Lee"
[people.dev]
name = "Dev Patel"
aliases = ["devp"]
[people.ana]
name = "Ana Souza"
`

var pairNotes = map[string]string{
	"2026-11-10-dev.md": "+++\ntitle = \"Dev weekly\"\nattendees = [\"sam\", \"dev\"]\n+++\n" +
		"- [ ] @dev First 📅 2026-11-20\n- [ ] @dev Second due:2026-11-21\n- [x] @dev Closed\n- [ ] Keep [owner:: sam] [due:: 2026-11-30]\n",
	"2026-11-17-dev.md": "+++\ntitle = \"Dev weekly\"\nattendees = [\"Dev Patel\", \"sam\"]\n+++\n" +
		"- [/] @dev Second due:2026-11-21\n- [ ] Keep [owner:: sam]\n- [x] @dev First ✅ 2026-11-16\n",
}

func TestPlanMeeting(t *testing.T) {
	day := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	j := testJournal(t, "me = \"sam\"\n"+people, pairNotes)
	m, err := PlanMeeting(j, NewOptions{With: "devp", Date: day})
	if err != nil {
		t.Fatal(err)
	}
	// The series of the pair continues: its latest meeting's attendees (as
	// that note lists them) and file name, with the new date.
	if m.Title != "Dev weekly" || m.Rel != "2026-11-24-dev.md" || strings.Join(m.Attendees, ",") != "dev,sam" || m.SetSeries || m.Series != "dev-sam" || len(m.Notices) != 0 {
		t.Errorf("plan: %+v", m)
	}
	var lines []string
	for _, c := range m.Carried {
		lines = append(lines, c.Line)
	}
	want := []string{"- [/] @dev Second due:2026-11-21", "- [ ] Keep [owner:: sam] [due:: 2026-11-30]"}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("carried:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	if m.Carried[0].Owner != "dev" || m.Carried[0].Status != "in-progress" || m.Carried[1].Source != "content/2026-11-17-dev.md:6" {
		t.Errorf("carried fields: %+v", m.Carried)
	}

	// Private occurrences are carried apart.
	m, _ = PlanMeeting(j, NewOptions{With: "dev", Date: day, Private: func(o *journal.Occurrence) bool { return o.Line == 6 }})
	if len(m.Carried) != 1 || len(m.CarriedPrivate) != 1 || !strings.Contains(m.CarriedPrivate[0].Line, "Keep") {
		t.Errorf("private: %+v / %+v", m.Carried, m.CarriedPrivate)
	}

	// Without me, the person's series is continued all the same.
	j2 := testJournal(t, people, pairNotes)
	if m, err := PlanMeeting(j2, NewOptions{With: "dev", Date: day}); err != nil || strings.Join(m.Attendees, ",") != "dev,sam" || len(m.Notices) != 0 {
		t.Errorf("without me: %v %v", m, err)
	}
	if _, err := PlanMeeting(j2, NewOptions{With: "ana", Date: day}); err == nil || !strings.Contains(err.Error(), "me =") {
		t.Errorf("without me and no series: %v", err)
	}
	if m, err := PlanMeeting(j2, NewOptions{With: "ana", Series: "Growth", Date: day}); err != nil || m.Title != "1:1 with Ana Souza" || !m.SetSeries || strings.Join(m.Attendees, ",") != "ana" {
		t.Errorf("--with and --series without me: %+v %v", m, err)
	}
	for _, who := range []string{"sam", "me", "Sam Lee"} {
		if _, err := PlanMeeting(j, NewOptions{With: who, Date: day}); err == nil || !strings.Contains(err.Error(), "is you") {
			t.Errorf("--with %s: a 1:1 with yourself: %v", who, err)
		}
	}
	if _, err := PlanMeeting(j2, NewOptions{With: "me", Date: day}); err == nil || !strings.Contains(err.Error(), `set me = "your-id"`) {
		t.Errorf("--with me without me: %v", err)
	}
	if _, err := PlanMeeting(j, NewOptions{With: "zed", Date: day}); err == nil || !strings.Contains(err.Error(), `--with "zed" names nobody`) {
		t.Errorf("unknown person: %v", err)
	}
	if _, err := PlanMeeting(j, NewOptions{With: "dve", Date: day}); err == nil || !strings.Contains(err.Error(), "did you mean dev (Dev Patel)?") {
		t.Errorf("a close match: %v", err)
	}

	// Titles and series.
	for _, tc := range []struct {
		o     NewOptions
		title string
	}{
		{NewOptions{Series: "Platform sync"}, "Platform sync"},
		{NewOptions{Attendees: []string{"ana", "dev", "sam"}}, "Meeting"},
		{NewOptions{With: "ana"}, "1:1 with Ana Souza"},
		{NewOptions{With: "dev", Title: "  Custom  "}, "Custom"},
		{NewOptions{Attendees: []string{"me", "devp"}}, "Dev weekly"}, // the pair's series
		{NewOptions{Attendees: []string{"ana", "me"}}, "1:1 with Ana Souza"},
		{NewOptions{Attendees: []string{"ana", "Maria Garcia"}}, "Meeting"},
	} {
		tc.o.Date = day
		m, err := PlanMeeting(j, tc.o)
		if err != nil {
			t.Fatal(err)
		}
		if m.Title != tc.title {
			t.Errorf("%+v: title %q, want %q", tc.o, m.Title, tc.title)
		}
	}
	// Attendees resolve to ids and are deduplicated; strangers stay as typed.
	m, _ = PlanMeeting(j, NewOptions{Attendees: []string{"Dev Patel", "devp", "@ana", "Maria Garcia", " ", "me"}, Date: day})
	if strings.Join(m.Attendees, ",") != "dev,ana,Maria Garcia,sam" || m.Series != "" {
		t.Errorf("attendees %q, series %q", m.Attendees, m.Series)
	}
	// A new 1:1.
	m, _ = PlanMeeting(j, NewOptions{With: "Ana Souza", Date: day})
	if m.Rel != "2026/2026-11-24-1-1-with-ana-souza.md" || strings.Join(m.Attendees, ",") != "sam,ana" || m.SetSeries || m.Series != "ana-sam" {
		t.Errorf("new 1:1: %+v", m)
	}
	// A pair series continued with a third person keeps its name.
	m, _ = PlanMeeting(j, NewOptions{With: "dev", Attendees: []string{"ana"}, Title: "Dev weekly with Ana", Date: day})
	if !m.SetSeries || m.Series != "dev-sam" || strings.Join(m.Attendees, ",") != "dev,sam,ana" || m.Rel != "2026-11-24-dev-weekly-with-ana.md" || len(m.Carried) != 2 {
		t.Errorf("pair and a third: %+v", m)
	}
}

// seriesNotes: a 1:1 of sam and dev (unnamed: the pair), a team series with
// a name, topics, and talking points open, settled and scheduled.
var seriesNotes = map[string]string{
	"2026/2026-11-03-dev.md": "+++\ntitle = \"Dev / Sam 2026-11-03\"\ndate = 2026-11-03T10:00:00\nattendees = [\"sam\", \"dev\"]\n+++\n" +
		"- [?] How is on-call? ⏳ 2026-11-20\n- [?] Later, maybe t:2026-12-20\n",
	"2026/2026-11-10-dev.md": "+++\ntitle = \"Dev / Sam 2026-11-10\"\ndate = 2026-11-10T10:00:00\nattendees = [\"sam\", \"dev\"]\ntags = [\"1on1\"]\n+++\n" +
		"- [ ] @dev Draft the roadmap 📅 2026-12-01\n- [?] Settled here\n",
	"2026/2026-11-17-dev.md": "+++\ntitle = \"Roadmap\"\ndate = 2026-11-17T10:00:00\nattendees = [\"sam\", \"dev\"]\ntags = [\"1on1\", \"Road Map\"]\n+++\n" +
		"- [x] Settled here\n",
	"team/2026_11_12 platform.md": "+++\ntitle = \"Platform sync\"\nattendees = [\"sam\", \"dev\", \"lee\"]\nseries = \"Platform\"\ntags = [\"team\"]\n+++\n" +
		"- [?] Retro on the outage?\n- [?] Settled here\n",
	"team/2026_11_19 platform.md": "+++\ntitle = \"Platform sync\"\nattendees = [\"sam\", \"dev\", \"lee\"]\nseries = \"Platform\"\ntags = [\"team\"]\n+++\n" +
		"- [ ] @lee Write the review\n- [?] Ask @lee about the freeze\n- [?] Retro on the outage?\n",
	"topics/reorg (draft).md": "+++\ntitle = \"Reorg [draft]\"\npeople = [\"dev\"]\n+++\n- [?] Is the reorg settled?\n",
	"topics/old.md":           "+++\ntitle = \"Old\"\npeople = [\"dev\"]\nclosed = true\n+++\n",
	"topics/later.md":         "+++\ntitle = \"Later\"\npeople = [\"dev\"]\nrevisit = 2027-01-01\n+++\n",
}

func TestPlanMeetingSeries(t *testing.T) {
	cfg := "me = \"sam\"\n" + people + "[people.lee]\nname = \"Lee Wong\"\n"
	j := testJournal(t, cfg, seriesNotes)
	noMe := testJournal(t, people+"[people.lee]\nname = \"Lee Wong\"\n", seriesNotes)
	day := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	points := func(m *Meeting) string {
		var s []string
		for _, p := range m.TalkingPoints {
			s = append(s, p.Line)
		}
		return strings.Join(s, "|")
	}
	for _, tc := range []struct {
		name      string
		j         *journal.Journal
		o         NewOptions
		title     string
		rel       string
		attendees string
		tags      string
		series    string // written to the front matter; "" when not
		carried   string
		points    string
		topics    string // Markdown links
		notice    string // a part of the one notice; "" for none
	}{
		{
			name: "1:1, unnamed", j: j, o: NewOptions{With: "dev"},
			// Titles with a date count as one; the newest form gets the new date.
			title: "Dev / Sam 2026-11-24", rel: "2026/2026-11-24-dev.md", attendees: "sam,dev", tags: "1on1,road-map",
			carried: "- [ ] @dev Draft the roadmap 📅 2026-12-01",
			// The scheduled point has come; the later one has not; "Settled
			// here" was settled in this series, so the team's copy stays there.
			points: "- [?] How is on-call? ⏳ 2026-11-20|- [?] Retro on the outage?|- [?] Is the reorg settled?",
			topics: `[Reorg \[draft\]](../topics/reorg%20%28draft%29.md)`,
		},
		{
			name: "not a 1:1: the team series", j: j, o: NewOptions{With: "Lee Wong", Tags: []string{"Ops", "TEAM"}},
			title: "Platform sync", rel: "team/2026_11_24 platform.md", attendees: "sam,dev,lee", tags: "team,Ops", series: "Platform",
			carried: "- [ ] @lee Write the review",
			points:  "- [?] Retro on the outage?|- [?] Settled here|- [?] Ask @lee about the freeze",
			notice:  "--with lee continues Platform, the series Lee Wong last met in (you have no 1:1 with lee yet); to start one instead: recap new --attendees me,lee",
		},
		{
			name: "--series", j: j, o: NewOptions{Series: "platform", Attendees: []string{"ana"}},
			title: "Platform sync", rel: "team/2026_11_24 platform.md", attendees: "sam,dev,lee,ana", tags: "team", series: "platform",
			carried: "- [ ] @lee Write the review",
			points:  "- [?] Retro on the outage?|- [?] Settled here|- [?] Ask @lee about the freeze",
		},
		{
			name: "--series with --title", j: j, o: NewOptions{Series: "Platform", Title: "Platform: planning"},
			title: "Platform: planning", rel: "team/2026-11-24-platform-planning.md", attendees: "sam,dev,lee", tags: "team", series: "Platform",
			carried: "- [ ] @lee Write the review",
			points:  "- [?] Retro on the outage?|- [?] Settled here|- [?] Ask @lee about the freeze",
		},
		{
			name: "without me: the latest series", j: noMe, o: NewOptions{With: "dev"},
			title: "Platform sync", rel: "team/2026_11_24 platform.md", attendees: "sam,dev,lee", tags: "team", series: "Platform",
			carried: "- [ ] @lee Write the review",
			// Without me the pair's points are for both of them; "Settled
			// here" was settled with dev in the 1:1, so not raised again.
			points: "- [?] How is on-call? ⏳ 2026-11-20|- [?] Retro on the outage?|- [?] Is the reorg settled?",
			topics: `[Reorg \[draft\]](../topics/reorg%20%28draft%29.md)`,
			notice: `--with dev continues Platform, the series Dev Patel last met in; for your 1:1 instead, set me = "your-id" in config.toml (or run recap new --attendees YOUR-ID,dev)`,
		},
	} {
		tc.o.Date = day
		m, err := PlanMeeting(tc.j, tc.o)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		var carried, topics []string
		for _, c := range m.Carried {
			carried = append(carried, c.Line)
		}
		for _, tp := range m.Topics {
			topics = append(topics, tp.Markdown)
		}
		series := ""
		if m.SetSeries {
			series = m.Series
		}
		notice := strings.Join(m.Notices, "\n")
		if m.Title != tc.title || m.Rel != tc.rel || strings.Join(m.Attendees, ",") != tc.attendees || strings.Join(m.Tags, ",") != tc.tags ||
			series != tc.series || strings.Join(carried, "|") != tc.carried || points(m) != tc.points || strings.Join(topics, "|") != tc.topics ||
			(tc.notice == "") != (notice == "") || !strings.Contains(notice, tc.notice) {
			t.Errorf("%s:\n got title %q rel %q attendees %q tags %q series %q\n carried %q\n points %q\n topics %q\n notice %q",
				tc.name, m.Title, m.Rel, strings.Join(m.Attendees, ","), strings.Join(m.Tags, ","), series, strings.Join(carried, "|"), points(m), strings.Join(topics, "|"), notice)
		}
	}

	// The talking points' and topics' fields, for templates.
	m, _ := PlanMeeting(j, NewOptions{With: "dev", Date: day})
	if tp := m.TalkingPoints[0]; tp.Text != "How is on-call?" || tp.Source != "content/2026/2026-11-03-dev.md:6" {
		t.Errorf("talking point: %+v", tp)
	}
	if tp := m.Topics[0]; tp.Title != "Reorg [draft]" || tp.Link != "../topics/reorg%20%28draft%29.md" || tp.Source != "content/topics/reorg (draft).md" {
		t.Errorf("topic: %+v", tp)
	}
}

func TestContinueRel(t *testing.T) {
	d := func(y, m, dd int) time.Time { return time.Date(y, time.Month(m), dd, 9, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		rel  string
		day  time.Time
		want string // "" when the file name holds no date
	}{
		{"2026/2026-11-24-dev.md", d(2026, 11, 30), "2026/2026-11-30-dev.md"},
		{"2026/2026-12-29-dev.md", d(2027, 1, 5), "2027/2027-01-05-dev.md"},
		{"notes/2026/11/dev_2026_11_24.md", d(2027, 1, 5), "notes/2027/11/dev_2027_01_05.md"},
		{"2026.11.24 Dev.md", d(2026, 12, 1), "2026.12.01 Dev.md"},
		{"CG-2026-11-24-v2.md", d(2026, 12, 1), "CG-2026-12-01-v2.md"},
		{"main/2018/CG-01-26.md", d(2019, 2, 3), "main/2019/CG-02-03.md"},
		{"2026/Q4/dev 11.24.md", d(2026, 12, 1), "2026/Q4/dev 12.01.md"},
		{"archive/2019/2026-11-24-dev.md", d(2027, 1, 5), "archive/2019/2027-01-05-dev.md"}, // a folder of another year stays
		{"v12026-01-13.md", d(2026, 12, 1), ""},
		{"team/weekly.md", d(2026, 12, 1), ""},
		{"2026/weekly.md", d(2026, 12, 1), ""},
	} {
		got, ok := note.WithPathDate(tc.rel, tc.day)
		if !ok {
			got = ""
		}
		if got != tc.want {
			t.Errorf("WithPathDate(%q, %s) = %q, want %q", tc.rel, tc.day.Format(time.DateOnly), got, tc.want)
		}
		if got != "" {
			// The new name reads as the new day, as note reads it.
			n, _ := note.Parse(got, []byte("x\n"), note.Options{Location: time.UTC})
			if n.Date.Format(time.DateOnly) != tc.day.Format(time.DateOnly) {
				t.Errorf("%s reads as %s", got, n.Date.Format(time.DateOnly))
			}
		}
	}
	// With no date in the latest file name, YYYY/YYYY-MM-DD-SERIES.md.
	j := testJournal(t, "me = \"sam\"\n"+people, map[string]string{
		"team/weekly.md": "+++\ntitle = \"Weekly\"\ndate = 2026-11-17T10:00:00\nseries = \"Team Weekly\"\nattendees = [\"sam\", \"dev\", \"ana\"]\n+++\n",
	})
	m, err := PlanMeeting(j, NewOptions{Series: "team weekly", Date: time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)})
	if err != nil || m.Rel != "2026/2026-11-24-team-weekly.md" || m.Title != "Weekly" || strings.Join(m.Attendees, ",") != "sam,dev,ana" {
		t.Errorf("no date in the file name: %+v %v", m, err)
	}
}

func TestMostUsedTitle(t *testing.T) {
	day := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		titles []string // oldest first
		want   string
	}{
		{[]string{"A", "B", "A"}, "A"},
		{[]string{"A", "B", "B", "A"}, "A"}, // a tie: the most recent
		{[]string{"A", "A", "B", "B"}, "B"},
		{[]string{"CG 2026-11-02", "CG 2026-11-09", "Offsite"}, "CG 2026-11-30"},
		{[]string{"CG 2026_11_02", "CG-2026-11-09"}, "CG-2026-11-30"},
		{[]string{"Sync"}, "Sync"},
	} {
		var ms []*journal.Meeting
		for _, s := range tc.titles {
			ms = append(ms, &journal.Meeting{Note: &note.Note{Title: s}})
		}
		if got := mostUsedTitle(ms, day); got != tc.want {
			t.Errorf("%q: %q, want %q", tc.titles, got, tc.want)
		}
	}
}

func TestRelPath(t *testing.T) {
	for _, tc := range [][3]string{
		{"2026", "topics/reorg.md", "../topics/reorg.md"},
		{".", "topics/reorg.md", "topics/reorg.md"},
		{"topics", "topics/reorg.md", "reorg.md"},
		{"a/b/c", "a/x.md", "../../x.md"},
		{"2026", "README.md", "../README.md"},
	} {
		if got := relPath(tc[0], tc[1]); got != tc[2] {
			t.Errorf("relPath(%q, %q) = %q, want %q", tc[0], tc[1], got, tc[2])
		}
	}
}

// planned is a meeting as PlanMeeting would make it, for the template tests.
func planned() *Meeting {
	return &Meeting{
		Title: `Dev / Sam: "Q1"`, Date: time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC),
		Attendees: []string{"sam", "dev"}, Tags: []string{"1on1"}, Series: "dev-1on1", SetSeries: true, Rel: "2026/2026-11-30-dev.md",
		Carried:       []Carried{{Line: "- [ ] @dev Draft 📅 2026-12-01"}},
		TalkingPoints: []TalkingPoint{{Line: "- [?] How is on-call? ⏳ 2026-11-20", Text: "How is on-call?", Source: "content/2026/2026-11-16-dev.md:9"}},
		Topics:        []Topic{{Title: "Reorg", Link: "../topics/reorg.md", Markdown: "[Reorg](../topics/reorg.md)", Source: "content/topics/reorg.md"}},
	}
}

func TestRenderTemplates(t *testing.T) {
	for _, tc := range []struct {
		name   string
		tmpl   string
		edit   func(m *Meeting)
		want   string
		errors string // a part of the error; "" for none
	}{
		{
			name: "default",
			want: "+++\ntitle = \"Dev / Sam: \\\"Q1\\\"\"\ndate = 2026-11-30T09:00:00\nattendees = [\"sam\", \"dev\"]\ntags = [\"1on1\"]\nseries = \"dev-1on1\"\nreviewed = false\n+++\n" +
				"## Open from earlier\n\n- [ ] @dev Draft 📅 2026-12-01\n- [?] How is on-call? ⏳ 2026-11-20\n\n" +
				"## Agenda\n\n- [Reorg](../topics/reorg.md)\n- \n\n## Notes\n\n\n## Action items\n\n<!-- One per line: - [ ] @owner What needs doing 📅 YYYY-MM-DD -->\n\n## Reflection\n\n",
		},
		{
			name: "default, nothing carried and no series", edit: func(m *Meeting) {
				m.Carried, m.TalkingPoints, m.Topics, m.SetSeries, m.Tags, m.DateOnly = nil, nil, nil, false, nil, true
			},
			want: "+++\ntitle = \"Dev / Sam: \\\"Q1\\\"\"\ndate = 2026-11-30\nattendees = [\"sam\", \"dev\"]\nreviewed = false\n+++\n" +
				"## Agenda\n\n- \n\n## Notes\n\n\n## Action items\n\n<!-- One per line: - [ ] @owner What needs doing 📅 YYYY-MM-DD -->\n\n## Reflection\n\n",
		},
		{
			name: "a body using the talking points and topics",
			tmpl: "## To raise\n{{range .TalkingPoints}}{{.Line}} <!-- {{.Text}} from {{.Source}} -->\n{{end}}{{range .Topics}}- [{{.Title}}]({{.Link}}) <!-- {{.Source}} -->\n{{end}}",
			want: "+++\ntitle = \"Dev / Sam: \\\"Q1\\\"\"\ndate = 2026-11-30T09:00:00\nattendees = [\"sam\", \"dev\"]\ntags = [\"1on1\"]\nseries = \"dev-1on1\"\nreviewed = false\n+++\n" +
				"## To raise\n- [?] How is on-call? ⏳ 2026-11-20 <!-- How is on-call? from content/2026/2026-11-16-dev.md:9 -->\n- [Reorg](../topics/reorg.md) <!-- content/topics/reorg.md -->\n",
		},
		{
			name: "a Hugo archetype in TOML",
			tmpl: "+++\n# The meeting archetype\ntitle = '{{ replace .File.ContentBaseName \"-\" \" \" | title }}'\ndate = {{ .Date }}\ndraft = false # publish at once\n\nlocation = \"Room 4\"\nagenda_url = \"{{ .Site.BaseURL }}\"\n\n[params]\nmood = \"ok\"\n+++\n# {{.Title}}\n\n{{range .Carried}}{{.Line}}\n{{end}}",
			want: "+++\n# The meeting archetype\ntitle = \"Dev / Sam: \\\"Q1\\\"\"\ndate = 2026-11-30T09:00:00\nattendees = [\"sam\", \"dev\"]\ntags = [\"1on1\"]\nseries = \"dev-1on1\"\nreviewed = false\ndraft = false # publish at once\n\nlocation = \"Room 4\"\nagenda_url = \"{{ .Site.BaseURL }}\"\n\n[params]\nmood = \"ok\"\n+++\n" +
				"# Dev / Sam: \"Q1\"\n\n- [ ] @dev Draft 📅 2026-12-01\n",
		},
		{
			name: "TOML: values replaced in place, comments kept, a series dropped, reviewed kept",
			edit: func(m *Meeting) { m.SetSeries, m.Tags = false, nil },
			tmpl: "+++\r\nreviewed = true\r\n\"title\"   =   \"x\"   # set by recap\r\ntags = [\r\n  \"a\", # first\r\n  \"b\",\r\n]\r\nseries = \"old\"\r\n[[links]]\r\nurl = \"x\"\r\n+++\r\nbody\r\n",
			want: "+++\r\nreviewed = true\r\n\"title\"   =   \"Dev / Sam: \\\"Q1\\\"\"   # set by recap\r\ntags = []\r\ndate = 2026-11-30T09:00:00\r\nattendees = [\"sam\", \"dev\"]\r\n[[links]]\r\nurl = \"x\"\r\n+++\r\nbody\r\n",
		},
		{
			name: "TOML: none of recap's keys, a table first",
			tmpl: "+++\n# only a table\n\n[params]\nx = 1\n+++\n",
			want: "+++\n# only a table\ntitle = \"Dev / Sam: \\\"Q1\\\"\"\ndate = 2026-11-30T09:00:00\nattendees = [\"sam\", \"dev\"]\ntags = [\"1on1\"]\nseries = \"dev-1on1\"\nreviewed = false\n\n[params]\nx = 1\n+++\n",
		},
		{
			name: "an Obsidian template in YAML",
			tmpl: "---\n# Meeting\ntitle: \"{{ replace .Name \"-\" \" \" | title }}\"\ndate: {{ .Date }}\ntags:\n  - meeting\n# former tags\n- old\ncssclass: wide # the page\naliases: []\nreviewed: 2026-01-01\n---\n{{range .TalkingPoints}}{{.Line}}\n{{end}}",
			want: "---\n# Meeting\ntitle: \"Dev / Sam: \\\"Q1\\\"\"\ndate: 2026-11-30T09:00:00Z\ntags: [\"1on1\"]\nattendees: [\"sam\", \"dev\"]\nseries: \"dev-1on1\"\ncssclass: wide # the page\naliases: []\nreviewed: 2026-01-01\n---\n- [?] How is on-call? ⏳ 2026-11-20\n",
		},
		{
			name: "YAML: a one-line value keeps its comment; a date in another zone keeps its offset",
			edit: func(m *Meeting) {
				m.Date = time.Date(2026, 7, 1, 15, 30, 0, 0, time.FixedZone("CEST", 2*3600))
				m.Title = "Café: 'weekly' #3"
			},
			tmpl: "---\nattendees: [x]   # who\nkind: 1on1\n---\n",
			want: "---\nattendees: [\"sam\", \"dev\"]   # who\ntitle: \"Café: 'weekly' #3\"\ndate: 2026-07-01T15:30:00+02:00\ntags: [\"1on1\"]\nseries: \"dev-1on1\"\nreviewed: false\nkind: 1on1\n---\n",
		},
		{
			name: "--- not followed by keys is the body's thematic break",
			tmpl: "---\n\nJust a rule.\n",
			want: "+++\ntitle = \"Dev / Sam: \\\"Q1\\\"\"\ndate = 2026-11-30T09:00:00\nattendees = [\"sam\", \"dev\"]\ntags = [\"1on1\"]\nseries = \"dev-1on1\"\nreviewed = false\n+++\n---\n\nJust a rule.\n",
		},
		{
			name: "empty YAML front matter",
			edit: func(m *Meeting) { m.SetSeries, m.Tags = false, nil },
			tmpl: "---\n\n---\n# {{.Title}}\n",
			want: "---\n\ntitle: \"Dev / Sam: \\\"Q1\\\"\"\ndate: 2026-11-30T09:00:00Z\nattendees: [\"sam\", \"dev\"]\nreviewed: false\n---\n# Dev / Sam: \"Q1\"\n",
		},
		{
			name: "only comments between --- lines: headings of the body",
			tmpl: "---\n# Heading\n---\n",
			want: "+++\ntitle = \"Dev / Sam: \\\"Q1\\\"\"\ndate = 2026-11-30T09:00:00\nattendees = [\"sam\", \"dev\"]\ntags = [\"1on1\"]\nseries = \"dev-1on1\"\nreviewed = false\n+++\n---\n# Heading\n---\n",
		},
		{name: "unclosed TOML", tmpl: "+++\ntitle = \"x\"\n", errors: "never closed"},
		{name: "a front matter value that does not read", tmpl: "+++\ndraft = \"{{ .Draft }}\"\n+++\n", errors: "draft must be true or false"},
		{name: "an unknown field", tmpl: "+++\nx = 1\n+++\n\n{{.Nope}}\n", errors: "meeting:5:"}, // the template's line in the file
		{name: "a bad action", tmpl: "---\nx: 1\n---\n{{if}}\n", errors: "meeting:4:"},
	} {
		m := planned()
		if tc.edit != nil {
			tc.edit(m)
		}
		out, err := m.Render(tc.tmpl)
		if tc.errors != "" {
			if err == nil || !strings.Contains(err.Error(), tc.errors) {
				t.Errorf("%s: error %v, want one with %q", tc.name, err, tc.errors)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if string(out) != tc.want {
			t.Errorf("%s: got\n%s\nwant\n%s", tc.name, out, tc.want)
		}
		// It reads back as planned (Render checks it too).
		n, diags := note.Parse(m.Rel, out, note.Options{Location: time.UTC})
		if len(diags.Errors()) > 0 || n.Title != m.Title || (!m.DateOnly && !n.Date.Equal(m.Date)) || !slices.Equal(n.Attendees, m.Attendees) {
			t.Errorf("%s: reads back as %q %s %q: %v", tc.name, n.Title, n.Date, n.Attendees, diags)
		}
	}
}

// TestRenderVerifies: a template whose front matter would make the note
// read otherwise than planned is an error, not a wrong note.
func TestRenderVerifies(t *testing.T) {
	m := planned()
	for _, tmpl := range []string{
		"+++\ntitle = \"a\"\ntitle = \"b\"\n+++\n", // a key twice
		"---\ntitle: x\nlinks: [a\n---\n",          // not YAML
		"+++\n[params]\nx = 1\n+++\n[other]\n",     // fine: a table in the front matter only
	} {
		_, err := m.Render(tmpl)
		if (err == nil) != strings.HasPrefix(tmpl, "+++\n[params]") {
			t.Errorf("%q: %v", tmpl, err)
		}
	}
}
