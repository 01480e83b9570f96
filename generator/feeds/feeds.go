// Package feeds writes the journal's machine-readable outputs: actions.json,
// iCalendar feeds of open actions with due dates, and an Atom feed of meetings.
//
// Every file is a function of the journal alone: timestamps come from the
// meetings (an event's DTSTAMP is the date of the meeting that last listed
// its action) and the journal's Now (--now), never the clock, and the order of everything is the
// journal's, so the same notes and the same --now give the same bytes.
//
//   - actions.json: every logical action, exactly as `recap actions --status
//     all --json` prints it.
//   - actions.ics: the open actions with a due date, as all-day events on their
//     due dates. Calendar apps that subscribe to a feed (Google Calendar, Apple
//     Calendar, Outlook) show VEVENTs and mostly ignore VTODOs, so the feed holds
//     VEVENTs only.
//   - people/ID/actions.ics: the same for the actions one person owns, for every
//     person who owns at least one.
//   - meetings.atom: the 50 most recent meetings, newest first, with links
//     relative to the site root so the site may be served under any path.
package feeds

import (
	"github.com/recapjournal/recap/generator/internal/frag"
	"slices"
	"sort"
	"sync"

	"github.com/recapjournal/recap/generator/journal"
	"github.com/recapjournal/recap/generator/query"
)

// Paths of the feeds in the output.
const (
	ActionsJSON  = "actions.json"
	ActionsICS   = "actions.ics"
	MeetingsAtom = "meetings.atom"
)

// PersonICS is the path of a person's calendar feed.
func PersonICS(id string) string { return "people/" + id + "/actions.ics" }

// Files returns the feed files by output path.
func Files(j *journal.Journal) (map[string][]byte, error) { return FilesWith(j, nil) }

// FilesWith is Files with the meetings' shareable summaries for the Atom feed
// (see AtomWith).
func FilesWith(j *journal.Journal, summary func(*journal.Meeting) string) (map[string][]byte, error) {
	return filesCached(j, summary, nil)
}

// Cache keeps each action's record in actions.json and its calendar event
// from one watch-mode rebuild to the next (see package frag). Its keys are
// the journal's actions: a journal linked anew needs a new Cache, and one
// changed in place must have its changed actions forgotten.
type Cache struct {
	json   *frag.Cache[*journal.Action]
	events map[*journal.Action]*event
	mu     sync.Mutex
	sizes  map[string]int             // of the files last written, to allocate once
	own    map[*journal.Person][]byte // each owner's calendar
	dirty  map[*journal.Person]bool   // owners whose calendar changed since
}

// NewCache returns an empty Cache.
func NewCache() *Cache {
	return &Cache{json: frag.New[*journal.Action](), events: map[*journal.Action]*event{}, sizes: map[string]int{},
		own: map[*journal.Person][]byte{}, dirty: map[*journal.Person]bool{}}
}

// sizeHint is how large the file at path was last time, or guess.
func (c *Cache) sizeHint(path string, guess int) int {
	if c == nil {
		return guess
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if n, ok := c.sizes[path]; ok {
		return n + n/64
	}
	return guess
}

func (c *Cache) setSize(path string, n int) {
	if c != nil {
		c.mu.Lock()
		c.sizes[path] = n
		c.mu.Unlock()
	}
}

// Forget drops what c keeps of a, and of its owner's calendar.
func (c *Cache) Forget(a *journal.Action) {
	c.json.Forget(a)
	delete(c.events, a)
	if a.Owner != nil {
		c.dirty[a.Owner] = true
	}
}

// filesCached is FilesWith keeping pieces in c, which may be nil. A build
// calls the pieces (Calendars, AppendActionsJSON, AtomWith) itself, to
// compute them in parallel.
func filesCached(j *journal.Journal, summary func(*journal.Meeting) string, c *Cache) (map[string][]byte, error) {
	out := Calendars(nil, j, c)
	out[ActionsJSON] = AppendActionsJSON(nil, j, c)
	atom, err := AtomWith(j, summary)
	if err != nil {
		return nil, err
	}
	out[MeetingsAtom] = atom
	return out, nil
}

// AppendActionsJSON appends actions.json to dst[:0], reusing its room, and
// keeps each action's record in c, which may be nil. It may run at the same
// time as Calendars with the same c.
func AppendActionsJSON(dst []byte, j *journal.Journal, c *Cache) []byte {
	var jc *frag.Cache[*journal.Action]
	if c != nil {
		jc = c.json
	}
	if len(j.Actions) == 0 {
		return append(dst[:0], "[]\n"...)
	}
	b := slices.Grow(dst[:0], c.sizeHint(ActionsJSON, 370*len(j.Actions)+4))
	b = append(b, '[')
	for i, a := range j.Actions {
		if i > 0 {
			b = append(b, ',')
		}
		b = jc.Append(b, a, func(dst []byte) []byte {
			r := query.ActionRecord(a)
			return query.AppendActionRecord(dst, &r)
		})
	}
	b = append(b, "\n]\n"...)
	c.setSize(ActionsJSON, len(b))
	return b
}

// hasDated reports whether p owns an open action with a due date.
func hasDated(p *journal.Person) bool {
	for _, a := range p.Actions {
		if inCalendar(a) {
			return true
		}
	}
	return false
}

// Paths lists the files Files returns, without computing them, so a build can
// plan its output and compute the feeds in parallel with its pages.
func Paths(j *journal.Journal) []string {
	out := []string{ActionsJSON, ActionsICS, MeetingsAtom}
	for _, p := range j.People {
		if hasDated(p) {
			out = append(out, PersonICS(p.ID))
		}
	}
	sort.Strings(out)
	return out
}
