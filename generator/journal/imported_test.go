package journal_test

import (
	"slices"
	"testing"

	"github.com/recapjournal/recap/generator/journal"
)

// ownerTests are the ambiguous owners of actions written as prose: each note
// is content/2024-03-05-m.md, and the owner is that of its only action.
var ownerTests = []struct {
	name, note, owner string
}{
	{"first name of one attendee", "## Present\n\n- Rosa Chen\n- Ben Okafor\n\nAction: Rosa to book the venue\n", "rosa-chen"},
	{"first name of two attendees", "## Present\n\n- Rosa Chen\n- Rosa Delgado\n\nAction: Rosa to book the venue\n", ""},
	{"full name", "## Present\n\n- Rosa Chen\n- Rosa Delgado\n\nAction: Rosa Delgado will book the venue\n", "rosa-delgado"},
	{"nobody of that name", "## Present\n\n- Ben Okafor\n\nAction: Rosa to book the venue\n", ""},
	{"handle as the name", "## Present\n\n- Rosa Chen @rchen\n\nAction: rchen: book the venue\n", "rchen"},
	{"AI with an owner", "AI(ben): book the venue\n", "ben"},
	{"mention wins over the name", "## Present\n\n- Rosa Chen\n\nAction: Rosa to ask @ben to book the venue\n", "ben"},
	{"config alias", "Action: alopez: book the venue\n", "ana"},
	{"config name", "Action: Ana Lopez will book the venue\n", "ana"},
}

func TestProseOwners(t *testing.T) {
	for _, tc := range ownerTests {
		t.Run(tc.name, func(t *testing.T) {
			j := load(t, map[string]string{
				"config.toml":             "[people.ana]\nname = \"Ana Lopez\"\naliases = [\"alopez\"]\n",
				"content/2024-03-05-m.md": tc.note,
			}, journal.Options{})
			if len(j.Actions) != 1 {
				t.Fatalf("%d actions, want 1", len(j.Actions))
			}
			got := ""
			if o := j.Actions[0].Owner; o != nil {
				got = o.ID
			}
			if got != tc.owner {
				t.Errorf("owner %q, want %q", got, tc.owner)
			}
			if j.PersonByID("rosa") != nil {
				t.Errorf("a leading name made a person")
			}
		})
	}
}

// TestNamesTiedToHandles: a name written once with a handle is that person
// everywhere; a name tied to two handles goes to the one it is written with
// most often, and a handle written out still names its own person.
func TestNamesTiedToHandles(t *testing.T) {
	j := load(t, map[string]string{
		"content/2024-01-01-a.md": "## Present\n\n- Sam Lee @samlee\n- Michael Dawson @mhdawson (voting member)\n",
		"content/2024-01-08-b.md": "## Present\n\n- Sam Lee @samlee\n",
		"content/2024-01-15-c.md": "## Present\n\n- Sam Lee @slee\n",
		"content/2024-01-22-d.md": "Present: Sam Lee, Michael Dawson, None\n",
	}, journal.Options{})
	ids := func(source string) []string {
		var out []string
		for _, p := range meeting(t, j, source).People {
			out = append(out, p.ID)
		}
		return out
	}
	if got, want := ids("content/2024-01-22-d.md"), []string{"samlee", "mhdawson"}; !slices.Equal(got, want) {
		t.Errorf("names alone: %v, want %v", got, want)
	}
	if got, want := ids("content/2024-01-15-c.md"), []string{"slee"}; !slices.Equal(got, want) {
		t.Errorf("a handle written out: %v, want %v", got, want)
	}
	if p := j.PersonByID("mhdawson"); p == nil || p.Name != "Michael Dawson" || len(p.Meetings) != 2 {
		t.Errorf("mhdawson = %+v, want Michael Dawson with two meetings", p)
	}
	if j.PersonByID("none") != nil || j.PersonByID("sam-lee") != nil {
		t.Errorf("people made of None or of a tied name: %v", j.People)
	}
}

// TestArchive: before archiveBefore, meetings count as reviewed and their
// open items are archived, unless a later meeting carries them.
func TestArchive(t *testing.T) {
	j := load(t, map[string]string{
		"config.toml":             "archiveBefore = 2024-01-01\n",
		"content/2023-12-01-a.md": "+++\nseries = \"w\"\n+++\n- [ ] @ana old 📅 2023-12-05\n- [ ] @ana carried\n- [x] @ana done\n",
		"content/2024-01-08-b.md": "+++\nseries = \"w\"\n+++\n- [ ] @ana carried\n",
		"content/readme.md":       "# About\n",
	}, journal.Options{})
	a := meeting(t, j, "content/2023-12-01-a.md")
	if !a.Archived || !a.Reviewed || a.ReviewOverdue {
		t.Errorf("archived meeting: archived %v reviewed %v overdue %v", a.Archived, a.Reviewed, a.ReviewOverdue)
	}
	if b := meeting(t, j, "content/2024-01-08-b.md"); b.Archived || b.Reviewed || len(b.OpenFromEarlier) != 0 {
		t.Errorf("later meeting: archived %v reviewed %v open from earlier %d", b.Archived, b.Reviewed, len(b.OpenFromEarlier))
	}
	byText := map[string]*journal.Action{}
	for _, x := range j.Actions {
		byText[x.Text] = x
	}
	if x := byText["@ana old"]; !x.Archived || x.IsOpen() || x.Overdue {
		t.Errorf("old: archived %v open %v overdue %v", x.Archived, x.IsOpen(), x.Overdue)
	}
	if x := byText["@ana carried"]; x.Archived || !x.IsOpen() {
		t.Errorf("carried: archived %v open %v", x.Archived, x.IsOpen())
	}
	if x := byText["@ana done"]; x.Archived {
		t.Errorf("a done action is not archived")
	}
	if ana := j.PersonByID("ana"); ana.OpenCount != 1 {
		t.Errorf("ana has %d open actions, want 1", ana.OpenCount)
	}
	if len(j.Pages) != 1 || j.Pages[0].Archived {
		t.Errorf("pages %v", j.Pages)
	}
}

// FuzzLoad loads a journal of two notes in one series, a page and a config,
// seeded with the tables above: whatever the notes say, Load does not panic
// and every action has an occurrence in a note it knows.
func FuzzLoad(f *testing.F) {
	for _, tc := range ownerTests {
		f.Add(tc.note, "- [ ] @ana carried\n", "attendees = [\"ana\", \"ben\"]")
	}
	f.Add("## Present\n\n- Sam Lee @samlee\n", "Present: Sam Lee, None\n", `attendees = ["@@"]`)
	f.Add("Action items: none\n", "AI: the model is slow\n", `attendees = ["", "@", "[[]]"]`)
	f.Fuzz(func(t *testing.T, a, b, fm string) {
		j, err := journal.Load(site(map[string]string{
			"config.toml":             "archiveBefore = 2024-01-03\n[people.ana]\nname = \"Ana Lopez\"\n",
			"content/2024-01-01-a.md": "+++\n" + fm + "\n+++\n" + a,
			"content/2024-01-08-b.md": b,
			"content/page.md":         a,
		}), nil, journal.Options{Now: now, KeepGoing: true})
		if err != nil {
			return
		}
		notes := map[*journal.Meeting]bool{}
		for _, m := range slices.Concat(j.Meetings, j.Pages) {
			notes[m] = true
		}
		for _, x := range j.Actions {
			if len(x.Occurrences) == 0 || !notes[x.Latest().Meeting] {
				t.Fatalf("action %q has no occurrence in a note of the journal", x.Text)
			}
		}
	})
}
