// Package feeds writes the journal's machine-readable outputs: actions.json,
// iCalendar feeds of open actions with due dates, and an Atom feed of meetings.
//
// Every file is a function of the journal alone: timestamps come from the
// meetings (an event's DTSTAMP is the date of the meeting that last listed
// its action) and the journal's Now (--now), never the clock, and the order
// of everything is the journal's, so the same notes and the same --now give
// the same bytes.
//
//   - actions.json: every logical action, exactly as `recap actions --status
//     all --json` prints it.
//   - actions.ics: the open actions with a due date, as all-day events on their
//     due dates. Calendar apps that subscribe to a feed (Google Calendar, Apple
//     Calendar, Outlook) show VEVENTs and mostly ignore VTODOs, so the feed holds
//     VEVENTs only. It is the journal owner's: private actions are in it, with
//     CLASS:PRIVATE.
//   - people/ID/actions.ics: the same for the actions one person owns, less the
//     private ones, for every person who owns at least one. People subscribe
//     to each other's, so nothing private is in them.
//   - meetings.atom: the 50 most recent meetings, newest first, with links
//     relative to the site root so the site may be served under any path.
//
// # Private actions
//
// An action is private when any of its occurrences was written in a private
// place: inside a [!private] callout (note.Item.Private) or in a section whose
// heading config.toml's privateSections lists. Once private it stays private,
// as in the search index, even when a later meeting copies it out. actions.json
// is what `recap actions` prints, private actions too, as the journal's pages
// show them.
//
// # Dates
//
// Every date in a calendar is one RFC 5545 can write: a year from 0001 to
// 9999. An event lasts its due day: DTEND is the day after, except for an
// action due 9999-12-31 (a common "someday"), whose event has DURATION:P1D
// instead, as the day after has no date. An action due in the year 0000,
// which note dates allow but iCalendar does not, is left out of the
// calendars rather than moved to another day; it stays in actions.json. A
// DTSTAMP that would fall outside those years in UTC (a meeting early on
// 0001-01-01 east of Greenwich, late on 9999-12-31 west of it) is moved to
// the nearest time within them, and an Atom date-time that would have a
// fifth digit in its year is written in the note's own time zone or in UTC.
package feeds

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/recapjournal/recap/generator/journal"
	"github.com/recapjournal/recap/generator/query"
)

// Paths of the feeds in the output.
const (
	ActionsJSONPath = "actions.json"
	ActionsICS      = "actions.ics"
	MeetingsAtom    = "meetings.atom"
)

// PersonICS is the path of a person's calendar feed.
func PersonICS(id string) string { return "people/" + id + "/actions.ics" }

// Files returns the feed files by output path.
func Files(j *journal.Journal) (map[string][]byte, error) { return FilesWith(j, nil) }

// FilesWith is Files with the meetings' shareable summaries for the Atom feed
// (see AtomWith).
func FilesWith(j *journal.Journal, summary func(*journal.Meeting) string) (map[string][]byte, error) {
	out := Calendars(j)
	data, err := ActionsJSON(j)
	if err != nil {
		return nil, err
	}
	out[ActionsJSONPath] = data
	atom, err := AtomWith(j, summary)
	if err != nil {
		return nil, err
	}
	out[MeetingsAtom] = atom
	return out, nil
}

// ActionsJSON returns actions.json: every logical action, in journal order,
// exactly as `recap actions --status all --json` prints it.
func ActionsJSON(j *journal.Journal) ([]byte, error) { return actionsJSON(j, nil, 0) }

// A Writer writes actions.json again and again, as watch mode does. It keeps
// each action's record as JSON by all of the record's values, so that a
// rebuild encodes only the records that changed, and drops the records a
// write no longer has. It is not safe for concurrent use.
type Writer struct {
	records query.RecordCache[recordKey]
	size    int // of the last actions.json
}

// ActionsJSON is ActionsJSON, encoding only the records w does not keep.
func (w *Writer) ActionsJSON(j *journal.Journal) ([]byte, error) {
	data, err := actionsJSON(j, &w.records, w.size)
	w.size = len(data)
	return data, err
}

func actionsJSON(j *journal.Journal, c *query.RecordCache[recordKey], size int) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(size + size/16)
	err := query.EncodeAllCached(&buf, func(yield func(query.Action) bool) {
		for _, a := range j.Actions {
			if !yield(query.ActionRecord(a)) {
				return
			}
		}
	}, keyOf, c)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", ActionsJSONPath, err)
	}
	return buf.Bytes(), nil
}

// recordKey is every value of a query.Action: records with the same key
// encode the same.
type recordKey struct {
	text, owner, status, due, source, id, priority, done, series, meeting, tags string
	line                                                                        int
	overdue                                                                     bool
	null                                                                        uint8 // which of the optional values are null
}

func keyOf(r query.Action) recordKey {
	k := recordKey{text: r.Text, status: r.Status, source: r.Source, meeting: r.Meeting, line: r.Line, overdue: r.Overdue}
	for i, p := range []struct {
		v   *string
		dst *string
	}{{r.Owner, &k.owner}, {r.Due, &k.due}, {r.ID, &k.id}, {r.Priority, &k.priority}, {r.Done, &k.done}, {r.Series, &k.series}} {
		if p.v == nil {
			k.null |= 1 << i
		} else {
			*p.dst = *p.v
		}
	}
	if r.Tags == nil {
		k.null |= 1 << 6
	}
	k.tags = strconv.Itoa(len(r.Tags)) + "\x00" + strings.Join(r.Tags, "\x00")
	return k
}

// hasDated reports whether p owns an open action with a due date that is
// not private: whether p has a calendar.
func hasDated(pv *privacy, p *journal.Person) bool {
	for _, a := range p.Actions {
		if inCalendar(a) && !pv.private(a) {
			return true
		}
	}
	return false
}

// Paths lists the files Files returns, sorted, without computing them, so a
// build can plan its output and compute the feeds in parallel with its pages.
func Paths(j *journal.Journal) []string {
	out := []string{ActionsJSONPath, ActionsICS, MeetingsAtom}
	pv := newPrivacy(j)
	for _, p := range j.People {
		if hasDated(pv, p) {
			out = append(out, PersonICS(p.ID))
		}
	}
	sort.Strings(out)
	return out
}
