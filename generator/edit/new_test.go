package edit

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/recapjournal/recap/generator/config"
	"github.com/recapjournal/recap/generator/journal"
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
	if m.Title != "Dev weekly" || m.Rel != "2026/2026-11-24-dev-weekly.md" || strings.Join(m.Attendees, ",") != "sam,dev" || m.SetSeries || m.Series != "dev-sam" {
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

	// Without me, the one pair series of the person names the other half.
	j2 := testJournal(t, people, pairNotes)
	if m, err := PlanMeeting(j2, NewOptions{With: "dev", Date: day}); err != nil || strings.Join(m.Attendees, ",") != "sam,dev" {
		t.Errorf("without me: %v %v", m, err)
	}
	if _, err := PlanMeeting(j2, NewOptions{With: "ana", Date: day}); err == nil || !strings.Contains(err.Error(), "me =") {
		t.Errorf("without me and no pair: %v", err)
	}
	if m, err := PlanMeeting(j2, NewOptions{With: "ana", Series: "Growth", Date: day}); err != nil || m.Title != "1:1 with Ana Souza" || !m.SetSeries || strings.Join(m.Attendees, ",") != "ana" {
		t.Errorf("--with and --series without me: %+v %v", m, err)
	}
	if _, err := PlanMeeting(j, NewOptions{With: "sam", Date: day}); err == nil {
		t.Error("a 1:1 with yourself was planned")
	}
	if _, err := PlanMeeting(j, NewOptions{With: "zed", Date: day}); err == nil || !strings.Contains(err.Error(), "ana, dev, sam") {
		t.Errorf("unknown person: %v", err)
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
	m, _ = PlanMeeting(j, NewOptions{Attendees: []string{"Dev Patel", "devp", "@ana", "Maria Garcia", " "}, Date: day})
	if strings.Join(m.Attendees, ",") != "dev,ana,Maria Garcia" || m.Series != "" {
		t.Errorf("attendees %q, series %q", m.Attendees, m.Series)
	}
}
