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
//     VEVENTs only.
//   - people/ID/actions.ics: the same for the actions one person owns, for every
//     person who owns at least one.
//   - meetings.atom: the 50 most recent meetings, newest first, with links
//     relative to the site root so the site may be served under any path.
package feeds

import (
	"bytes"
	"fmt"
	"sort"

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
func ActionsJSON(j *journal.Journal) ([]byte, error) {
	var buf bytes.Buffer
	err := query.EncodeAll(&buf, func(yield func(query.Action) bool) {
		for _, a := range j.Actions {
			if !yield(query.ActionRecord(a)) {
				return
			}
		}
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", ActionsJSONPath, err)
	}
	return buf.Bytes(), nil
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

// Paths lists the files Files returns, sorted, without computing them, so a
// build can plan its output and compute the feeds in parallel with its pages.
func Paths(j *journal.Journal) []string {
	out := []string{ActionsJSONPath, ActionsICS, MeetingsAtom}
	for _, p := range j.People {
		if hasDated(p) {
			out = append(out, PersonICS(p.ID))
		}
	}
	sort.Strings(out)
	return out
}
