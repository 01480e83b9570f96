package journal_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/pelletier/go-toml/v2"

	"github.com/recapjournal/recap/generator/journal"
	"github.com/recapjournal/recap/generator/query"
)

// peopleTests are names as people write them, and as they mistype them: each
// row is an attendee string, an action's owner, an alias in config.toml and a
// mention. They seed FuzzPeople; TestPeopleStrings loads each.
var peopleTests = []struct{ attendee, owner, alias, mention string }{
	{"dev", "dev", "devp", "@dev"},
	{"Dev Patel", "Dev Patel", "D. Patel", "@dev-patel"},
	{"@@", "@@", "@", "@@"},
	{"@ @", "@", "@ @", "@"},
	{"[[@@]]", "[[]]", "[[dev]]", "@[[dev]]"},
	{"", "", "", ""},
	{" ", "\t", "\n", "@ "},
	{"-", "--", "...", "@-"},
	{"Ünïcødé Nåme", "ünïcødé", "ÜNÏCØDÉ", "@ünïcødé"},
	{"a\x00b", "\u202e", "\ufeff", "@\u200b"},
	{"me", "me", "me", "@me"},
	{"ME", "Me", "sam", "@sam"},
	{"sam", "dev", "sam", "@dev."},
	{"@dev", "@dev", "dev", "@dev-"},
	{"x/y", "a#b", "c@d", "@scope/name"},
}

// loadPeople loads a journal whose names are the row's strings: a configured
// person with the alias, a meeting with the attendee and the mention and an
// action owned by the owner, a talking point, and a topic page.
func loadPeople(t *testing.T, attendee, owner, alias, mention string) (*journal.Journal, error) {
	t.Helper()
	cfg, err := toml.Marshal(map[string]any{
		"me": "sam",
		"people": map[string]any{
			"sam": map[string]any{"name": "Sam Lee", "aliases": []string{alias}},
			"dev": map[string]any{"name": "Dev Patel", "aliases": []string{alias + "x"}},
		},
	})
	if err != nil {
		t.Skip(err) // a string TOML cannot hold
	}
	fm, err := toml.Marshal(map[string]any{"attendees": []string{attendee, "sam"}, "title": attendee})
	if err != nil {
		t.Skip(err)
	}
	people, err := toml.Marshal(map[string]any{"people": []string{attendee, owner, alias}})
	if err != nil {
		t.Skip(err)
	}
	item := strings.NewReplacer("\n", " ", "\r", " ").Replace
	body := fmt.Sprintf("Met with %s.\n\n- [ ] [owner:: %s] do it %s\n- [?] ask %s\n- [ ] %s thing\nAction: %s to follow up\n",
		item(mention), item(owner), item(mention), item(mention), item(mention), item(owner))
	return journal.Load(site(map[string]string{
		"config.toml":                string(cfg),
		"content/2026-11-16-a.md":    "+++\n" + string(fm) + "+++\n" + body,
		"content/2026-11-23-b.md":    "+++\n" + string(fm) + "+++\n" + body,
		"content/topics/t.md":        "+++\n" + string(people) + "+++\n" + body,
		"content/2026-11-24-pr.md":   "## Present\n\n- " + item(attendee) + " " + item(mention) + "\n- " + item(owner) + "\n\n" + body,
		"content/2026-11-25-yaml.md": "---\nattendees: [" + fmt.Sprintf("%q", attendee) + "]\n---\n" + body,
	}), nil, journal.Options{Now: now, KeepGoing: true})
}

// checkPeople runs what every command and page does with people: nothing may
// panic, and every person the journal names is someone.
func checkPeople(t *testing.T, j *journal.Journal, names ...string) {
	t.Helper()
	for _, p := range j.People {
		if p == nil || p.ID == "" {
			t.Fatalf("a person without an id: %+v", p)
		}
		ag := j.Agenda(p)
		if ag.Person != p {
			t.Fatalf("agenda of %s is %v's", p.ID, ag.Person)
		}
		if _, err := query.AgendaRecord(j, p.ID); err != nil {
			t.Fatalf("agenda of %q: %v", p.ID, err)
		}
	}
	for _, m := range append(j.Meetings, j.Pages...) {
		for _, p := range m.People {
			if p == nil {
				t.Fatalf("%s: a nil attendee", m.Source)
			}
		}
		for _, o := range append(m.Occurrences, m.Points...) {
			if o.Action == nil {
				t.Fatalf("%s:%d: an item without its logical item", m.Source, o.Line)
			}
		}
	}
	for _, a := range j.Points {
		for _, p := range a.For {
			if p == nil {
				t.Fatalf("talking point %q for nobody", a.Text)
			}
		}
	}
	for _, s := range j.Series {
		_ = s.Title()
	}
	for _, n := range names {
		_, _ = j.Find(n)
		_ = j.Lookup(n)
		_ = j.Person(n)
	}
	if _, err := query.Actions(j, query.ActionFilter{Status: "all"}); err != nil {
		t.Fatal(err)
	}
}

// TestPeopleStrings: odd and mistyped names load and link without a panic
// in any note (attendees "@@" used to crash every command).
func TestPeopleStrings(t *testing.T) {
	for _, tc := range peopleTests {
		t.Run(fmt.Sprintf("%q", tc.attendee), func(t *testing.T) {
			j, err := loadPeople(t, tc.attendee, tc.owner, tc.alias, tc.mention)
			if err != nil {
				t.Fatalf("load: %v", err)
			}
			// Each note is read, or is an error of its own (a NUL byte).
			if len(j.Meetings)+len(j.Diags.Errors()) != 4 || len(j.Pages) != 1 {
				t.Fatalf("%d meetings and %d pages, want 4 and 1: %v", len(j.Meetings), len(j.Pages), j.Diags)
			}
			checkPeople(t, j, tc.attendee, tc.owner, tc.alias, tc.mention)
		})
	}
}

// FuzzPeople puts random attendee, owner, alias and mention strings through
// load, link, the agenda and the command line's names.
func FuzzPeople(f *testing.F) {
	for _, tc := range peopleTests {
		f.Add(tc.attendee, tc.owner, tc.alias, tc.mention)
	}
	f.Fuzz(func(t *testing.T, attendee, owner, alias, mention string) {
		// A hang is a failure too: the fuzzer reports only crashes.
		done := make(chan struct{})
		defer close(done)
		go func() {
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				panic(fmt.Sprintf("loading took over 10 s: attendee %q owner %q alias %q mention %q", attendee, owner, alias, mention))
			}
		}()
		j, err := loadPeople(t, attendee, owner, alias, mention)
		if err != nil {
			return // a note that cannot be read is an error, not a crash
		}
		checkPeople(t, j, attendee, owner, alias, mention)
	})
}
