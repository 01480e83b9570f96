// Package query answers recap's query commands (actions, meetings, people,
// pages) over a loaded journal. Its record types are the stable JSON interface
// of `recap actions --json`, `recap meetings --json`, `recap people --json` and
// `recap pages --json`: fields may be added, never renamed or removed.
package query

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/recapjournal/recap/generator/journal"
	"github.com/recapjournal/recap/generator/note"
)

// Action is one logical action.
type Action struct {
	Text     string   `json:"text"`
	Owner    *string  `json:"owner"`
	Status   string   `json:"status"`
	Due      *string  `json:"due"`
	Overdue  bool     `json:"overdue"`
	Source   string   `json:"source"`
	Line     int      `json:"line"`
	ID       *string  `json:"id"`
	Priority *string  `json:"priority"`
	Done     *string  `json:"done"`
	Series   *string  `json:"series"`
	Meeting  string   `json:"meeting"`
	Tags     []string `json:"tags"`
	// Archived: open in a meeting before archiveBefore.
	Archived bool `json:"archived"`
	// Inferred: written as prose ("Action item: …"), not as a task-list item.
	Inferred bool `json:"inferred"`
}

// Page is one page: a note without a date.
type Page struct {
	Title   string   `json:"title"`
	Source  string   `json:"source"`
	URL     string   `json:"url"`
	People  []string `json:"people"`
	Tags    []string `json:"tags"`
	Topic   bool     `json:"topic"`
	Closed  bool     `json:"closed"`
	Revisit *string  `json:"revisit"`
	Actions int      `json:"actions"`
}

// Meeting is one meeting.
type Meeting struct {
	Title         string   `json:"title"`
	Date          string   `json:"date"`
	Source        string   `json:"source"`
	Attendees     []string `json:"attendees"`
	Tags          []string `json:"tags"`
	Series        *string  `json:"series"`
	Reviewed      bool     `json:"reviewed"`
	ReviewOverdue bool     `json:"reviewOverdue"`
	URL           string   `json:"url"`
	Actions       int      `json:"actions"`
}

// Person is one person.
type Person struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Meetings    int    `json:"meetings"`
	OpenActions int    `json:"openActions"`
}

// ActionFilter selects actions. Status is "open" (the default, with
// in-progress), "in-progress", "done", "cancelled" or "all".
type ActionFilter struct {
	Owner   string
	Status  string
	Overdue bool
}

func strp(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// ActionRecord is an action as JSON.
func ActionRecord(a *journal.Action) Action {
	r := Action{
		Text: a.Text, Status: string(a.Status), Due: strp(a.Due), Overdue: a.Overdue,
		Source: a.Source(), Line: a.Line(), ID: strp(a.ID), Priority: strp(a.Priority),
		Done: strp(a.DoneDate), Meeting: a.Latest().Meeting.Title, Tags: a.Tags,
		Archived: a.Archived, Inferred: a.Inferred,
	}
	if a.Owner != nil {
		r.Owner = &a.Owner.ID
	}
	if a.Series != nil {
		r.Series = &a.Series.Name
	}
	if r.Tags == nil {
		r.Tags = []string{}
	}
	return r
}

// Actions returns the actions that pass f, in journal order (by the meeting of
// their latest occurrence, then line).
func Actions(j *journal.Journal, f ActionFilter) ([]Action, error) {
	var owner *journal.Person
	if f.Owner != "" {
		var err error
		if owner, err = j.Find(f.Owner); err != nil {
			return nil, fmt.Errorf("--owner %w", err)
		}
	}
	status := strings.ToLower(f.Status)
	if status == "" {
		status = "open"
	}
	switch status {
	case "open", "in-progress", "done", "cancelled", "all":
	default:
		return nil, fmt.Errorf("--status %q: want open, in-progress, done, cancelled or all", f.Status)
	}
	out := []Action{}
	for _, a := range j.Actions {
		if owner != nil && a.Owner != owner {
			continue
		}
		switch status {
		case "open":
			if !a.IsOpen() {
				continue
			}
		case "all":
		default:
			if string(a.Status) != status || a.Archived {
				continue
			}
		}
		if f.Overdue && !a.Overdue {
			continue
		}
		out = append(out, ActionRecord(a))
	}
	return out, nil
}

// MeetingFilter selects meetings.
type MeetingFilter struct {
	Unreviewed bool
	Person     string
	Tag        string
}

// MeetingRecord is a meeting as JSON.
func MeetingRecord(j *journal.Journal, m *journal.Meeting) Meeting {
	r := Meeting{
		Title: m.Title, Date: m.Date.In(j.Config.Location).Format(time.RFC3339), Source: m.Source,
		Attendees: []string{}, Tags: m.Tags, Reviewed: m.Reviewed, ReviewOverdue: m.ReviewOverdue,
		URL: m.URL, Actions: len(m.Occurrences),
	}
	for _, p := range m.People {
		r.Attendees = append(r.Attendees, p.ID)
	}
	if r.Tags == nil {
		r.Tags = []string{}
	}
	if m.Series != nil {
		r.Series = &m.Series.Name
	}
	return r
}

// Meetings returns the meetings that pass f, oldest first.
func Meetings(j *journal.Journal, f MeetingFilter) ([]Meeting, error) {
	var person *journal.Person
	if f.Person != "" {
		var err error
		if person, err = j.Find(f.Person); err != nil {
			return nil, fmt.Errorf("--person %w", err)
		}
	}
	tag := note.NormTag(f.Tag)
	out := []Meeting{}
	for _, m := range j.Meetings {
		if f.Unreviewed && m.Reviewed {
			continue
		}
		if person != nil && !slices.Contains(m.People, person) {
			continue
		}
		if tag != "" && !slices.Contains(m.Tags, tag) {
			continue
		}
		out = append(out, MeetingRecord(j, m))
	}
	return out, nil
}

// Pages returns the pages (notes without a date), by source.
func Pages(j *journal.Journal) []Page {
	out := make([]Page, 0, len(j.Pages))
	for _, pg := range j.Pages {
		r := Page{Title: pg.Title, Source: pg.Source, URL: pg.URL, People: []string{}, Tags: pg.Tags,
			Topic: pg.IsTopic(), Closed: pg.Closed, Revisit: strp(pg.Revisit), Actions: len(pg.Occurrences)}
		for _, p := range pg.People {
			r.People = append(r.People, p.ID)
		}
		for _, mn := range pg.Mentions {
			if p := j.Lookup(mn.Handle); p != nil && !mn.Private && !slices.Contains(r.People, p.ID) {
				r.People = append(r.People, p.ID)
			}
		}
		if r.Tags == nil {
			r.Tags = []string{}
		}
		out = append(out, r)
	}
	return out
}

// People returns everyone, by id.
func People(j *journal.Journal) []Person {
	out := make([]Person, 0, len(j.People))
	for _, p := range j.People {
		out = append(out, Person{ID: p.ID, Name: p.Name, Meetings: len(p.Meetings), OpenActions: p.OpenCount})
	}
	return out
}

// Agenda is a person's agenda: what to take into the next meeting with them.
type Agenda struct {
	Person        string   `json:"person"`
	Name          string   `json:"name"`
	TalkingPoints []Point  `json:"talkingPoints"`
	Topics        []Topic  `json:"topics"`
	TheyOwe       []Action `json:"theyOwe"`
	// YouOwe is null when config.toml sets no me (or the person is me).
	YouOwe      []Action     `json:"youOwe"`
	LastMeeting *LastMeeting `json:"lastMeeting"`
	Series      *string      `json:"series"`
	CadenceDays *int         `json:"cadenceDays"`
	NextDue     *string      `json:"nextDue"`
	Late        bool         `json:"late"`
}

// Point is an open talking point on an agenda.
type Point struct {
	Text      string  `json:"text"`
	Source    string  `json:"source"`
	Line      int     `json:"line"`
	Scheduled *string `json:"scheduled"`
	Series    *string `json:"series"`
}

// Topic is an open topic on an agenda: a page to raise.
type Topic struct {
	Title   string  `json:"title"`
	Source  string  `json:"source"`
	URL     string  `json:"url"`
	Revisit *string `json:"revisit"`
}

// LastMeeting is the latest meeting with the person up to now.
type LastMeeting struct {
	Title  string `json:"title"`
	Date   string `json:"date"`
	Source string `json:"source"`
}

// AgendaRecord is the agenda of the person named who (an id, alias, full
// name or "me").
func AgendaRecord(j *journal.Journal, who string) (*Agenda, error) {
	p, err := j.Find(who)
	if err != nil {
		return nil, err
	}
	ag := j.Agenda(p)
	r := &Agenda{Person: p.ID, Name: p.Name, TalkingPoints: []Point{}, Topics: []Topic{}, TheyOwe: []Action{}}
	for _, a := range ag.TalkingPoints {
		pt := Point{Text: a.Text, Source: a.Source(), Line: a.Line(), Scheduled: strp(a.Scheduled)}
		if a.Series != nil {
			pt.Series = &a.Series.Name
		}
		r.TalkingPoints = append(r.TalkingPoints, pt)
	}
	for _, pg := range ag.Topics {
		r.Topics = append(r.Topics, Topic{Title: pg.Title, Source: pg.Source, URL: pg.URL, Revisit: strp(pg.Revisit)})
	}
	for _, a := range ag.TheyOwe {
		r.TheyOwe = append(r.TheyOwe, ActionRecord(a))
	}
	if ag.YouOwe != nil || (j.Me() != nil && j.Me() != p) {
		r.YouOwe = []Action{}
		for _, a := range ag.YouOwe {
			r.YouOwe = append(r.YouOwe, ActionRecord(a))
		}
	}
	if m := ag.LastMeeting; m != nil {
		r.LastMeeting = &LastMeeting{Title: m.Title, Date: m.Date.In(j.Config.Location).Format(time.RFC3339), Source: m.Source}
	}
	if s := ag.Series; s != nil {
		r.Series = &s.Name
		if s.CadenceDays > 0 {
			r.CadenceDays = &s.CadenceDays
			r.NextDue = strp(s.NextDue)
			r.Late = s.Late
		}
	}
	return r, nil
}

// Encode writes v as the query commands print it: indented by two spaces, with
// <, > and & left as they are, and a final newline.
func Encode(w io.Writer, v any) error {
	return newEncoder(w, "").Encode(v)
}

// EncodeAll writes the records recs yields as one JSON array, exactly as Encode
// writes a slice of them ([] when there are none), but one record at a time:
// the records and their JSON never all exist at once, only the output does.
// actions.json, tens of thousands of actions in a large journal, is written so.
func EncodeAll[T any](w io.Writer, recs iter.Seq[T]) error {
	return EncodeAllCached[T, struct{}](w, recs, nil, nil)
}

// A RecordCache keeps records' JSON by content (a comparable key made of
// all of a record's values) from one EncodeAllCached call to the next, so
// that writing the array again encodes only the records that changed. A call
// keeps what it wrote and drops the rest. The zero RecordCache is ready to
// use; it is not safe for concurrent calls.
type RecordCache[K comparable] struct {
	prev, next map[K][]byte
}

// EncodeAllCached is EncodeAll with each record's JSON kept in c by key(r):
// two records with the same key must encode the same. With a nil c it
// keeps nothing.
func EncodeAllCached[T any, K comparable](w io.Writer, recs iter.Seq[T], key func(T) K, c *RecordCache[K]) error {
	// Each record is encoded at depth 1 of the array: its lines after the
	// first indented by one more level. The encoder ends each with a newline,
	// which the separator or the closing bracket replaces.
	var rec bytes.Buffer
	enc := newEncoder(&rec, "  ")
	if c != nil {
		c.prev, c.next = c.next, make(map[K][]byte, len(c.next))
	}
	n := 0
	for r := range recs {
		var data []byte
		var k K
		if c != nil {
			k = key(r)
			if d, ok := c.next[k]; ok {
				data = d
			} else if d, ok := c.prev[k]; ok {
				data, c.next[k] = d, d
			}
		}
		if data == nil {
			rec.Reset()
			if err := enc.Encode(r); err != nil {
				return err
			}
			data = rec.Bytes()[:rec.Len()-1]
			if c != nil {
				data = bytes.Clone(data)
				c.next[k] = data
			}
		}
		sep := ",\n  "
		if n == 0 {
			sep = "[\n  "
		}
		n++
		if _, err := io.WriteString(w, sep); err != nil {
			return err
		}
		if _, err := w.Write(data); err != nil {
			return err
		}
	}
	if c != nil {
		c.prev = nil
	}
	end := "\n]\n"
	if n == 0 {
		end = "[]\n"
	}
	_, err := io.WriteString(w, end)
	return err
}

// newEncoder returns the encoder of the query commands' JSON, starting each
// line after a value's first with prefix.
func newEncoder(w io.Writer, prefix string) *json.Encoder {
	enc := json.NewEncoder(w)
	enc.SetIndent(prefix, "  ")
	enc.SetEscapeHTML(false)
	return enc
}
