package render

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/recapjournal/recap/generator/config"
	"github.com/recapjournal/recap/generator/journal"
	"github.com/recapjournal/recap/generator/note"
)

// agendaSite loads a small journal at 2026-11-30: a weekly 1:1 with Ana that
// is late, a weekly 1:1 with Bo that ended long ago, talking points (one
// scheduled later, one discussed in a carried copy) and a topic.
func agendaSite(t *testing.T) (*Theme, *Site) {
	t.Helper()
	one := func(date, who, body string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("+++\ntitle = \"1:1 " + who + "\"\ndate = " + date + "\nattendees = [\"me\", \"" + who + "\"]\n+++\n" + body)}
	}
	fsys := fstest.MapFS{
		"config.toml":              {Data: []byte("title = \"T\"\ntimezone = \"UTC\"\nme = \"me\"\n[people.me]\nname = \"Sam Rivera\"\n[people.ana]\nname = \"Ana Lima\"\n[people.bo]\nname = \"Bo Chen\"\n")},
		"content/a1.md":            one("2026-11-02", "ana", "- [?] How is on-call?\n- [?] The offsite ⏳ 2026-12-20\n"),
		"content/a2.md":            one("2026-11-09", "ana", "- [?] How is on-call?\n- [?] Ask about the budget\n- [ ] @ana Send the plan 📅 2026-11-20\n"),
		"content/a3.md":            one("2026-11-16", "ana", "- [x] Ask about the budget\n- [ ] @me Review the doc 📅 2026-12-04\n- [ ] @ana Send the plan 📅 2026-11-20\n"),
		"content/b1.md":            one("2026-08-03", "bo", ""),
		"content/b2.md":            one("2026-08-10", "bo", ""),
		"content/b3.md":            one("2026-08-17", "bo", ""),
		"content/topics/ladder.md": {Data: []byte("+++\ntitle = \"Ladder\"\npeople = [\"ana\"]\n+++\nText.\n")},
	}
	cfg, err := config.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	bodies := NewBodyRenderer(Markdown(), journal.NewResolver(cfg), cfg.ContentDir)
	j, err := journal.Load(fsys, cfg, journal.Options{Now: time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC),
		Note: note.Options{Markdown: bodies.Markdown(), OnAST: bodies.OnAST}})
	if err != nil {
		t.Fatal(err)
	}
	th, err := LoadTheme(nil)
	if err != nil {
		t.Fatal(err)
	}
	return th, NewSite(j, func(m *journal.Meeting) string { return bodies.Body(m.Note) }, nil)
}

// jobAt is the site's job of the page at path.
func jobAt(t *testing.T, s *Site, path string) Job {
	t.Helper()
	for _, job := range s.Jobs() {
		if job.Path == path {
			return job
		}
	}
	t.Fatalf("no page %s", path)
	return Job{}
}

func texts[T any](l []T, text func(T) string) []string {
	var out []string
	for _, x := range l {
		out = append(out, text(x))
	}
	return out
}

func TestAgendaPage(t *testing.T) {
	th, s := agendaSite(t)
	job := jobAt(t, s, "people/ana/index.html")
	p := job.page()
	ag := p.Person.Agenda
	if got := texts(ag.TalkingPoints, func(p *Point) string { return p.Text }); strings.Join(got, "|") != "How is on-call?" {
		t.Errorf("talking points %q, want the open one whose day has come", got)
	}
	if got := texts(ag.Later, func(p *Point) string { return p.Text + " " + p.Scheduled }); strings.Join(got, "|") != "The offsite Sun 20 Dec" {
		t.Errorf("later %q", got)
	}
	if len(ag.Topics) != 1 || ag.Topics[0].Title != "Ladder" {
		t.Errorf("topics %v", ag.Topics)
	}
	if got := texts(ag.TheyOwe, func(a *Action) string { return a.Bare + " " + a.DueDay }); strings.Join(got, "|") != "Send the plan Fri 20 Nov" {
		t.Errorf("they owe %q (the text without the owner's @mention)", got)
	}
	if got := texts(ag.YouOwe, func(a *Action) string { return a.Bare + " (" + a.DueIn + ")" }); strings.Join(got, "|") != "Review the doc (in 4 days)" || !ag.WithMe {
		t.Errorf("you owe %q, with me %v", got, ag.WithMe)
	}
	se := ag.Series
	if se == nil || se.Cadence != "every 7 days" || se.NextDue != "2026-11-23" || se.NextDueDay != "Mon 23 Nov" || !se.Late || se.Ended || se.NextDueAgo != "7 days ago" {
		t.Errorf("series %+v", se)
	}
	if ag.LastMeeting == nil || ag.LastMeeting.Day != "Mon 16 Nov 2026" {
		t.Errorf("last meeting %+v", ag.LastMeeting)
	}
	html, err := th.Render(job)
	if err != nil {
		t.Fatal(err)
	}
	out := string(html)
	for _, want := range []string{`id="h-agenda"`, "Late · due Mon 23 Nov", `aria-label="talking point"`, "How is on-call?", "Ana owes", "You owe Ana",
		`href="../../a3/index.html#L8"`} {
		if !strings.Contains(out, want) {
			t.Errorf("the person page lacks %q", want)
		}
	}
	// Each open action once: the agenda has them, and no other list repeats them.
	if n := strings.Count(out, `a3/index.html#L8"`); n != 1 {
		t.Errorf("Ana's open action is on her page %d times", n)
	}
	// The agenda comes before the meetings.
	if strings.Index(out, `id="h-agenda"`) > strings.Index(out, `id="h-meet"`) {
		t.Error("the agenda is not at the top of the page")
	}
}

func TestHomeLateSeries(t *testing.T) {
	th, s := agendaSite(t)
	job := jobAt(t, s, "index.html")
	late := job.page().Home.Late
	if len(late) != 1 || late[0].Title != "Sam Rivera & Ana Lima" {
		t.Fatalf("late series %+v, want Ana's 1:1 only (Bo's ended)", late)
	}
	if !late[0].OneOnOne || !late[0].Late || late[0].Ended {
		t.Errorf("late series %+v", late[0])
	}
	html, err := th.Render(job)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(html), "1:1s that are late") {
		t.Error("the home page does not list the late 1:1")
	}
	// Bo's series: late, but more than five cadences after its last meeting.
	bo := jobAt(t, s, "series/bo-me/index.html").page().Series.Due
	if !bo.Late || !bo.Ended {
		t.Errorf("Bo's series: %+v, want late and ended", bo)
	}
}

func TestMeetingPoints(t *testing.T) {
	th, s := agendaSite(t)
	job := jobAt(t, s, "a2/index.html")
	mp := job.page().Meeting
	if got := texts(mp.Points, func(it *PointItem) string { return it.Text + " " + it.Point.StatusLabel + " " + it.LatestTitle }); strings.Join(got, "|") !=
		"How is on-call? talking point |Ask about the budget discussed 1:1 ana" {
		t.Errorf("points %q", got)
	}
	if got := texts(mp.Items, func(it *Item) string { return it.Text }); strings.Join(got, "|") != "@ana Send the plan" {
		t.Errorf("action items %q, want no talking point among them", got)
	}
	html, err := th.Render(job)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(html), `<li class="item point" id="L`); n != 2 {
		t.Errorf("%d talking point markers in the notes, want 2", n)
	}
	// Each item is one row, in the notes, with its state where its line ends.
	if strings.Contains(string(html), itemMarker) || strings.Contains(string(html), `id="h-items"`) {
		t.Error("the page keeps an item marker or a second list of the items")
	}
	if n := strings.Count(string(html), `<span class="item-meta">`); n != 3 {
		t.Errorf("%d item states in the notes, want 3 (two points, one action)", n)
	}
	if !strings.Contains(string(html), `<li class="item st-open" id="L`) || strings.Contains(string(html), ">@ana Send the plan") {
		t.Errorf("the action is not a row without its owner's mention:\n%s", html)
	}
	// The carried copy ticked [x] shows as done.
	body := string(jobAtHTML(t, th, s, "a3/index.html"))
	if !strings.Contains(body, `<li class="item st-done" id="L6"><span class="task task-done"`) {
		t.Error("the ticked copy of a talking point is not shown as done")
	}
}

func jobAtHTML(t *testing.T, th *Theme, s *Site, path string) []byte {
	t.Helper()
	b, err := th.Render(jobAt(t, s, path))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestBodyTalkingPoint(t *testing.T) {
	_, body := renderNote(t, "2026-11-20-p.md", "- [?] Raise it\n- [x] Raised\n- [ ] Do it\n", -1)
	for _, want := range []string{
		`<li class="item point" id="L1"><span class="task task-point" role="img" aria-label="talking point"></span>`,
		`<li class="item st-done" id="L2"><span class="task task-done" role="img" aria-label="done"></span>`,
		`<li class="item st-open" id="L3"><span class="task task-open" role="img" aria-label="open"></span>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %s:\n%s", want, body)
		}
	}
}
