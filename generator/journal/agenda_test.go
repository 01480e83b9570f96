package journal_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/recapjournal/recap/generator/journal"
)

// one13 is a 1:1 note of dev and sam on day d of November 2026 with body.
func one13(d int, body string) string {
	return fmt.Sprintf("+++\ndate = 2026-11-%02d\nattendees = [\"sam\", \"dev\"]\n+++\n%s", d, body)
}

const meConfig = "me = \"sam\"\n" + peopleConfig

func texts(list []*journal.Action) []string {
	out := []string{}
	for _, a := range list {
		out = append(out, a.Text)
	}
	return out
}

// TestTalkingPoints: a "- [?]" item is a talking point, one logical item
// across the series by its text, closed by a carried copy ticked [x] or [-],
// hidden until its scheduled day, and never an action.
func TestTalkingPoints(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  []string // the open talking points for dev on the agenda
	}{
		{"open", map[string]string{"content/a.md": one13(2, "- [?] How is on-call?\n")}, []string{"How is on-call?"}},
		{"ticked in the next meeting", map[string]string{
			"content/a.md": one13(2, "- [?] How is on-call?\n"),
			"content/b.md": one13(9, "- [x] How is on-call?\n"),
		}, []string{}},
		{"dropped with an owner mention in the copy", map[string]string{
			"content/a.md": one13(2, "- [?] Ask @dev how on-call is\n"),
			"content/b.md": one13(9, "- [-] Ask @dev how on-call is\n"),
		}, []string{}},
		{"carried, still open", map[string]string{
			"content/a.md": one13(2, "- [?] How is on-call?\n"),
			"content/b.md": one13(9, "- [?] How is on-call?\n"),
		}, []string{"How is on-call?"}},
		{"scheduled later", map[string]string{"content/a.md": one13(2, "- [?] Revisit the offer ⏳ 2026-12-20\n- [?] Ask again t:2026-11-03\n")}, []string{"Ask again"}},
		{"scheduled in a later copy", map[string]string{
			"content/a.md": one13(2, "- [?] Conference budget\n"),
			"content/b.md": one13(9, "- [?] Conference budget [scheduled:: 2027-01-05]\n"),
		}, []string{}},
		{"other series: its own", map[string]string{
			"content/a.md": one13(2, "- [?] How is on-call?\n"),
			"content/b.md": "+++\ndate = 2026-11-09\nattendees = [\"sam\", \"dev\", \"ana\"]\n+++\n- [x] How is on-call?\n",
		}, []string{"How is on-call?"}},
		{"carried from a team meeting into the 1:1: once", map[string]string{
			"content/a.md": "+++\ndate = 2026-11-02\nattendees = [\"sam\", \"dev\", \"ana\"]\nseries = \"team\"\n+++\n- [?] Retro on the outage?\n",
			"content/b.md": one13(9, "- [?] Retro on the outage?\n"),
		}, []string{"Retro on the outage?"}},
		{"carried from a team meeting into the 1:1 and discussed there", map[string]string{
			"content/a.md": "+++\ndate = 2026-11-02\nattendees = [\"sam\", \"dev\", \"ana\"]\nseries = \"team\"\n+++\n- [?] Retro on the outage?\n",
			"content/b.md": one13(9, "- [?] Retro on the outage?\n"),
			"content/c.md": one13(16, "- [x] Retro on the outage?\n"),
		}, []string{}},
		{"for the person mentioned, not the attendees", map[string]string{
			"content/a.md": "+++\ndate = 2026-11-02\nattendees = [\"sam\", \"ana\"]\n+++\n- [?] Tell @dev about the offsite\n- [?] Something for Ana\n",
		}, []string{"Tell @dev about the offsite"}},
		{"on a page: for its people", map[string]string{
			"content/topics/x.md": "+++\npeople = [\"dev\"]\n+++\n- [?] Staff level wording\n",
		}, []string{"Staff level wording"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{"config.toml": meConfig}
			for k, v := range tc.files {
				files[k] = v
			}
			j := load(t, files, journal.Options{})
			dev := j.PersonByID("dev")
			if dev == nil {
				t.Fatal("no dev")
			}
			if got := texts(j.Agenda(dev).TalkingPoints); !slices.Equal(got, tc.want) {
				t.Errorf("talking points %q, want %q", got, tc.want)
			}
			for _, a := range j.Actions {
				if a.Point {
					t.Errorf("talking point %q among the actions", a.Text)
				}
			}
			for _, m := range append(slices.Clone(j.Meetings), j.Pages...) {
				for _, o := range m.Occurrences {
					if o.Point {
						t.Errorf("%s:%d: a talking point among the action occurrences", m.Source, o.Line)
					}
				}
			}
		})
	}
}

// TestAgenda: what each side owes, topics, the last meeting and the cadence
// of the 1:1.
func TestAgenda(t *testing.T) {
	files := map[string]string{
		"config.toml":          meConfig,
		"content/a.md":         one13(2, "- [ ] @dev Draft the plan\n- [ ] @sam Book rooms 📅 2026-11-20\n"),
		"content/b.md":         one13(9, "- [ ] @dev Send the deck 📅 2026-11-10\n- [ ] @dev Fix CI 📅 2026-12-09\n"),
		"content/c.md":         one13(20, "- [x] @dev Draft the plan\n"),
		"content/d.md":         "+++\ndate = 2026-11-25\nattendees = [\"sam\", \"ana\"]\n+++\n- [ ] @sam Not for dev\n- [ ] @sam Thank @dev for the demo\n",
		"content/e.md":         one13(30, "Planned next one.\n"),
		"content/t/open.md":    "+++\ntitle = \"Open\"\npeople = [\"dev\"]\n+++\n",
		"content/t/later.md":   "+++\ntitle = \"Later\"\npeople = [\"Dev Patel\"]\nrevisit = 2026-12-01\n+++\n",
		"content/t/closed.md":  "+++\ntitle = \"Closed\"\npeople = [\"dev\"]\nclosed = true\n+++\n",
		"content/t/mention.md": "+++\ntitle = \"Mention only\"\n+++\nAsk @dev.\n",
	}
	j := load(t, files, journal.Options{})
	ag := j.Agenda(j.PersonByID("dev"))
	if got, want := texts(ag.TheyOwe), []string{"@dev Send the deck", "@dev Fix CI"}; !slices.Equal(got, want) {
		t.Errorf("they owe %q, want %q (overdue first, then by due date)", got, want)
	}
	// The meeting of the 25th names dev (a mention), so all of sam's open
	// actions from it count.
	if got, want := texts(ag.YouOwe), []string{"@sam Book rooms", "@sam Not for dev", "@sam Thank @dev for the demo"}; !slices.Equal(got, want) {
		t.Errorf("you owe %q, want %q", got, want)
	}
	var topics []string
	for _, pg := range ag.Topics {
		topics = append(topics, pg.Title)
	}
	if !slices.Equal(topics, []string{"Open"}) {
		t.Errorf("topics %q, want [Open]", topics)
	}
	if ag.LastMeeting == nil || ag.LastMeeting.Source != "content/c.md" {
		t.Errorf("last meeting %v, want content/c.md (the one on the 30th is after now)", ag.LastMeeting)
	}
	s := ag.Series
	if s == nil || s.ID != "dev-sam" {
		t.Fatalf("series %v, want dev-sam", s)
	}
	// Gaps 7, 11, 10: median 10; the latest meeting is on the 30th.
	if s.CadenceDays != 10 || s.NextDue != "2026-12-10" || s.Late {
		t.Errorf("cadence %d, next due %q, late %v; want 10, 2026-12-10, false", s.CadenceDays, s.NextDue, s.Late)
	}
	if ag := j.Agenda(j.PersonByID("sam")); ag.YouOwe != nil {
		t.Errorf("me's own agenda has you-owe %q", texts(ag.YouOwe))
	}
}

// TestCadence: the median gap of the last six meetings, none with fewer
// than three, late the day after the next is due (now is 30 November).
func TestCadence(t *testing.T) {
	for _, tc := range []struct {
		days    []int
		cadence int
		next    string
		late    bool
	}{
		{[]int{1, 8}, 0, "", false},
		{[]int{1, 8, 15}, 7, "2026-11-22", true},
		{[]int{1, 8, 22}, 11, "2026-12-03", false},                 // gaps 7 and 14: 10.5 rounds up
		{[]int{1, 2, 3, 4, 5, 12, 19, 26}, 7, "2026-12-03", false}, // only the last six count
		{[]int{1, 15, 29}, 14, "2026-12-13", false},
	} {
		files := map[string]string{"config.toml": meConfig}
		for _, d := range tc.days {
			files[fmt.Sprintf("content/%02d.md", d)] = one13(d, "")
		}
		j := load(t, files, journal.Options{Now: now.AddDate(0, 0, 10)})
		s := j.Series[0]
		if s.CadenceDays != tc.cadence || s.NextDue != tc.next || s.Late != tc.late {
			t.Errorf("meetings on %v: cadence %d, next %q, late %v; want %d, %q, %v", tc.days, s.CadenceDays, s.NextDue, s.Late, tc.cadence, tc.next, tc.late)
		}
	}
}

// TestFind: the command line's names.
func TestFind(t *testing.T) {
	j := load(t, map[string]string{"config.toml": meConfig, "content/a.md": one13(2, "")}, journal.Options{})
	for in, want := range map[string]string{"dev": "dev", "DEVP": "dev", "D. Patel": "dev", "@sam": "sam", "me": "sam", "Sam Lee": "sam"} {
		p, err := j.Find(in)
		if err != nil || p.ID != want {
			t.Errorf("Find(%q) = %v, %v; want %s", in, p, err, want)
		}
	}
	for in, want := range map[string]string{
		"dve":      "did you mean dev (Dev Patel)?",
		"Dev Patl": "did you mean dev (Dev Patel)?",
		"xyz":      "names nobody",
		"":         "no person named",
	} {
		if _, err := j.Find(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Find(%q): %v, want an error with %q", in, err, want)
		}
	}
}
