package render

import (
	"cmp"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/recapjournal/recap/generator/internal/par"
	"github.com/recapjournal/recap/generator/internal/slug"
	"github.com/recapjournal/recap/generator/journal"
	"github.com/recapjournal/recap/generator/note"
)

// The view types below are what templates see. Every field is computed when
// the site is made, so a template reads values and calls no methods, and
// every view has a fingerprint of all its fields (see fingerprint.go): a page
// is rendered again exactly when something it can show changed.
//
// URLs in views are relative to the site root and name a file
// ("people/dev/index.html"); a template writes {{$.Root}}{{.URL}}, so links
// work from disk and under a subpath.

// Person is a person as pages show them: a chip, an avatar, a link.
type Person struct {
	ID, Name, Role, Email string
	URL                   string
	Initials              string // the avatar's letters, "DP"
	Hue                   int    // the avatar's colour, stable for an ID
	fp                    uint64
}

// Tag is a tag as pages link to it.
type Tag struct {
	Name string // as shown, without '#'
	URL  string
	fp   uint64
}

// Series is a recurring meeting as pages link to it.
type Series struct {
	ID, Title, URL string
	fp             uint64
}

// Meeting is a meeting as a row of a list shows it.
type Meeting struct {
	Title    string
	URL      string
	Source   string    // the note's path from the site root
	Date     time.Time // in the site's time zone
	DateOnly bool      // the note gives no time of day
	ISO      string    // Date as RFC 3339, for <time datetime>
	When     string    // "Tue 17 Nov 2026, 14:30" (no time when DateOnly)
	Day      string    // "Tue 17 Nov 2026"
	Short    string    // "Tue 17 Nov"
	DayNum   string    // "17"
	Mon      string    // "Nov"
	RowWhen  string    // "Tuesday 14:30", with the year when not this year's
	Ago      string    // "yesterday", "3 days ago", "in 2 days"
	People   []*Person
	Tags     []*Tag
	Series   *Series // nil when the meeting is in none
	Actions  int     // action items in the note
	Reviewed bool
	// ReviewOverdue: unreviewed and more than reviewWithin past its date.
	ReviewOverdue bool
	ReviewDue     string // "Wed 18 Nov 2026, 14:30"
	ReviewDueAgo  string // ReviewDue relative to today: "in 3 hours" reads "today"
	ReviewDueISO  string // ReviewDue as RFC 3339, for data-due; "" when reviewed
	DateISO       string // the meeting's day, YYYY-MM-DD, in the site's time zone
	// Future says the meeting is after the build's now: it is not "to
	// review" yet, and its review pill is printed hidden for recap.js.
	Future bool
	// Page says the note has no date: a README, a profile, a topic. Its date
	// fields are empty, and it is never reviewed or in a series.
	Page bool
	// Topic says the page names its people in front matter (people or
	// attendees): something to raise with them. Closed says it is settled;
	// Revisit is the day to raise it again, "Fri 15 Jan 2027", or "", and
	// Later says that day is after today: the topic is off its people's
	// agendas until then.
	Topic   bool
	Closed  bool
	Revisit string
	Later   bool
	fp      uint64
}

// Action is a logical action (one item, maybe carried across meetings) as a
// row shows it.
type Action struct {
	Text        string
	Bare        string // Text without a leading @mention of its owner: "Send the deck"
	URL         string // the line of its latest occurrence
	Status      string // open, in-progress, done, cancelled
	StatusLabel string // open, in progress, done, cancelled
	Open        bool   // open or in progress
	Overdue     bool
	Due         string // YYYY-MM-DD or ""
	DueDay      string // Due as "Fri 27 Nov", or ""
	DueIn       string // Due relative to today: "today", "in 3 days", "2 days ago", or ""
	// DueRel says When is relative to today (an open action with a due
	// date): the templates wrap it in data-rel="due" for recap.js.
	DueRel bool
	When   string // "3 days late", "due tomorrow", "done Fri 27 Nov"
	// ClosedOn says When names the day it was done or cancelled: the
	// status needs no word of its own.
	ClosedOn bool
	Priority string // highest, high, medium, low, lowest or ""
	Owner    *Person
	Tags     []*Tag
	From     *Meeting // the meeting of its latest occurrence
	Carried  int      // how many meetings list it
	fp       uint64
}

// Point is a talking point ("- [?] …"; one point, maybe carried across
// meetings) as a row shows it: something to raise next time, not something
// to do. It has no owner and is never due.
type Point struct {
	Text        string
	URL         string // the line of its latest occurrence
	Status      string // open, done or cancelled
	StatusLabel string // "talking point", "discussed", "dropped" ("archived" for an archived open one)
	Open        bool   // still to raise (open and not archived)
	// Scheduled is the day it comes up, "Thu 10 Dec", or ""; Later says
	// that day is after today: it is off the agenda until then.
	Scheduled string
	Later     bool
	For       []*Person // the people it is for
	From      *Meeting  // the meeting or page of its latest occurrence
	Carried   int       // how many notes list it
	fp        uint64
}

// PointItem is one talking point of a meeting page, as written there
// ("- [?] …"), with the point as it stands now.
type PointItem struct {
	Text  string
	Line  int
	Point *Point
	// Latest is the URL of the point's latest occurrence when that is in
	// another note, else ""; LatestTitle is that note's title.
	Latest      string
	LatestTitle string
}

// SeriesDue is a series with when it meets next: on a person's agenda, in
// the home page's list of late series and on the series' page.
type SeriesDue struct {
	*Series
	People []*Person
	// With are its people other than config's me; Pair says it is the
	// unnamed series of two people, whose title names them already.
	With     []*Person
	Pair     bool
	OneOnOne bool // exactly two people: a 1:1
	Meetings int
	Last     *Meeting // its latest meeting
	// CadenceDays is the median gap in days between its last six meetings,
	// 0 with fewer than three; Cadence says it, "every 7 days", or "".
	CadenceDays int
	Cadence     string
	// NextDue is the latest meeting's day plus the cadence (YYYY-MM-DD, ""
	// without a cadence); NextDueDay is that day, "Mon 23 Nov", and
	// NextDueAgo the same relative to today, "in 3 days", "7 days ago".
	NextDue    string
	NextDueDay string
	NextDueAgo string
	// LateFrom is the day after NextDue (YYYY-MM-DD, "" without a
	// cadence): the first day the series is late, for data-from.
	LateFrom string
	// Late says today is after NextDue. Ended says the latest meeting is
	// more than five cadences before today: the series has stopped, and
	// the home page does not list it as late.
	Late  bool
	Ended bool
}

// Item is one action item of a meeting page, as written in that meeting.
type Item struct {
	Text        string
	Line        int
	Status      string // here, in this meeting
	StatusLabel string
	// Prose says the item is written as prose ("Action item: …", or an
	// item of a list under "Action items") and has no checkbox: its row
	// shows its status in words, and its "item-meta" is the link target.
	Prose  bool
	Action *Action // the logical action, as it stands now
	// Latest is the URL of the action's latest occurrence when that is in
	// another meeting, else "".
	Latest      string
	LatestTitle string
}

// views holds the views of a journal's people, tags, series, meetings and
// actions, made once per site.
type views struct {
	people   map[*journal.Person]*Person
	tags     map[string]*Tag
	series   map[*journal.Series]*Series
	meetings map[*journal.Meeting]*Meeting
	actions  map[*journal.Action]*Action
	points   map[*journal.Action]*Point
}

func (s *Site) makeViews() {
	j := s.j
	v := &s.v
	v.people = make(map[*journal.Person]*Person, len(j.People))
	for _, p := range j.People {
		pv := &Person{ID: p.ID, Name: p.Name, Role: p.Role, Email: p.Email,
			URL: "people/" + url.PathEscape(p.ID) + "/index.html", Initials: initials(p.Name), Hue: hue(p.ID)}
		pv.fp = fingerprint(pv)
		v.people[p] = pv
	}
	// Every tag first, so that the views below, made in parallel, only
	// read the map.
	v.tags = make(map[string]*Tag, len(j.Tags))
	for _, t := range j.Tags {
		v.tag(t.Name)
	}
	for _, list := range [][]*journal.Meeting{j.Meetings, j.Pages} {
		for _, m := range list {
			for _, t := range m.Tags {
				v.tag(t)
			}
		}
	}
	for _, a := range j.Actions {
		for _, t := range a.Tags {
			v.tag(t)
		}
	}
	v.series = make(map[*journal.Series]*Series, len(j.Series))
	for _, se := range j.Series {
		sv := &Series{ID: se.ID, Title: se.Title(), URL: "series/" + url.PathEscape(se.ID) + "/index.html"}
		sv.fp = fingerprint(sv)
		v.series[se] = sv
	}
	year := s.today.Year()
	ms := make([]*Meeting, len(j.Meetings))
	par.Do(len(ms), func(i int) { ms[i] = s.meetingView(j.Meetings[i], year) })
	v.meetings = make(map[*journal.Meeting]*Meeting, len(j.Meetings)+len(j.Pages))
	for i, m := range j.Meetings {
		v.meetings[m] = ms[i]
	}
	for _, pg := range j.Pages {
		v.meetings[pg] = s.pageView(pg)
	}
	as := make([]*Action, len(j.Actions))
	par.Do(len(as), func(i int) { as[i] = s.actionView(j.Actions[i]) })
	v.actions = make(map[*journal.Action]*Action, len(j.Actions))
	for i, a := range j.Actions {
		v.actions[a] = as[i]
	}
	v.points = make(map[*journal.Action]*Point, len(j.Points))
	for _, a := range j.Points {
		v.points[a] = s.pointView(a)
	}
}

// tag returns the view of a tag, as items and notes write it.
func (v *views) tag(name string) *Tag {
	if t, ok := v.tags[name]; ok {
		return t
	}
	t := &Tag{Name: name, URL: "tags/" + url.PathEscape(journal.TagSlug(name)) + "/index.html"}
	t.fp = fingerprint(t)
	v.tags[name] = t
	return t
}

func (s *Site) meetingView(m *journal.Meeting, year int) *Meeting {
	t := m.Date.In(s.loc)
	mv := &Meeting{Title: m.Title, URL: slug.EscapePath(m.URL) + "index.html", Source: m.Source,
		Date: t, DateOnly: m.DateOnly, ISO: m.Date.Format(time.RFC3339),
		Day: t.Format("Mon 2 Jan 2006"), Short: s.short(t), DayNum: t.Format("2"), Mon: t.Format("Jan"), Ago: s.ago(t),
		Actions: len(m.Occurrences), Reviewed: m.Reviewed, ReviewOverdue: m.ReviewOverdue,
		DateISO: t.Format(time.DateOnly), Future: m.Date.After(s.j.Now)}
	if mv.Future {
		mv.ReviewOverdue = false // nothing is overdue for review before it happens
	}
	mv.When = mv.Day
	mv.RowWhen = t.Format("Monday")
	if !m.DateOnly {
		mv.When += t.Format(", 15:04")
		mv.RowWhen += " " + t.Format("15:04")
	}
	if t.Year() != year {
		mv.RowWhen += " " + strconv.Itoa(t.Year())
	}
	if m.DateOnly {
		mv.ISO = t.Format(time.DateOnly) // no time of day was written: none is shown
	}
	if !m.Reviewed {
		due := m.ReviewDue.In(s.loc)
		mv.ReviewDue, mv.ReviewDueAgo = due.Format("Mon 2 Jan 2006, 15:04"), s.ago(due)
		mv.ReviewDueISO = due.Format(time.RFC3339)
		if m.DateOnly {
			mv.ReviewDue = due.Format("Mon 2 Jan 2006")
		}
	}
	for _, p := range m.People {
		mv.People = append(mv.People, s.v.people[p])
	}
	for _, t := range m.Tags {
		mv.Tags = append(mv.Tags, s.v.tag(t))
	}
	if m.Series != nil {
		mv.Series = s.v.series[m.Series]
	}
	mv.fp = fingerprint(mv)
	return mv
}

// pageView is the view of a page: a note without a date.
func (s *Site) pageView(m *journal.Meeting) *Meeting {
	mv := &Meeting{Title: m.Title, URL: slug.EscapePath(m.URL) + "index.html", Source: m.Source,
		Actions: len(m.Occurrences), Page: true, Topic: m.IsTopic(), Closed: m.Closed}
	if t, err := time.Parse(time.DateOnly, m.Revisit); err == nil {
		mv.Revisit = t.Format("Mon 2 Jan 2006")
		mv.Later = mv.Topic && !m.Closed && m.Revisit > s.j.Today
	}
	for _, p := range m.People {
		mv.People = append(mv.People, s.v.people[p])
	}
	for _, t := range m.Tags {
		mv.Tags = append(mv.Tags, s.v.tag(t))
	}
	mv.fp = fingerprint(mv)
	return mv
}

func (s *Site) actionView(a *journal.Action) *Action {
	l := a.Latest()
	av := &Action{Text: a.Text, Status: string(a.Status), StatusLabel: statusLabel[a.Status], Open: a.IsOpen(),
		Overdue: a.Overdue, Due: a.Due, DueDay: s.shortDate(a.Due), When: s.when(a), Priority: a.Priority, Carried: len(a.Occurrences),
		From: s.v.meetings[l.Meeting]}
	av.URL = av.From.URL + "#L" + strconv.Itoa(l.Line)
	av.ClosedOn = !a.Archived && !a.IsOpen() && (a.DoneDate != "" || a.Cancelled != "")
	if _, ok := note.ParseDate(a.Due); ok && !a.Archived && a.IsOpen() {
		av.DueRel = true
	}
	if due, ok := note.ParseDate(a.Due); ok {
		av.DueIn = s.ago(time.Date(due.Year(), due.Month(), due.Day(), 12, 0, 0, 0, s.loc))
	}
	av.Bare = s.j.Bare(a)
	if a.Owner != nil {
		av.Owner = s.v.people[a.Owner]
	}
	for _, t := range a.Tags {
		av.Tags = append(av.Tags, s.v.tag(t))
	}
	av.fp = fingerprint(av)
	return av
}

// pointLabel names a talking point's status.
var pointLabel = map[note.Status]string{note.Open: "talking point", note.InProgress: "talking point", note.Done: "discussed", note.Cancelled: "dropped"}

func (s *Site) pointView(a *journal.Action) *Point {
	l := a.Latest()
	pv := &Point{Text: a.Text, Status: string(a.Status), StatusLabel: pointLabel[a.Status], Open: a.IsOpen(),
		Scheduled: s.shortDate(a.Scheduled), Later: a.IsOpen() && a.Scheduled > s.j.Today, Carried: len(a.Occurrences),
		From: s.v.meetings[l.Meeting]}
	if a.Archived {
		pv.StatusLabel = "archived"
	}
	pv.URL = pv.From.URL + "#L" + strconv.Itoa(l.Line)
	for _, p := range a.For {
		pv.For = append(pv.For, s.v.people[p])
	}
	pv.fp = fingerprint(pv)
	return pv
}

// seriesDue is the view of a series with when it meets next.
func (s *Site) seriesDue(se *journal.Series) *SeriesDue {
	last := se.Meetings[len(se.Meetings)-1]
	d := &SeriesDue{Series: s.v.series[se], OneOnOne: len(se.People) == 2, Meetings: len(se.Meetings), Last: s.meeting(last),
		CadenceDays: se.CadenceDays, NextDue: se.NextDue, Late: se.Late}
	d.Pair = se.Pair
	for _, p := range se.People {
		d.People = append(d.People, s.v.people[p])
		if p != s.me {
			d.With = append(d.With, s.v.people[p])
		}
	}
	if se.CadenceDays > 0 {
		d.Cadence = "every " + strconv.Itoa(se.CadenceDays) + " days"
		if se.CadenceDays == 1 {
			d.Cadence = "every day"
		}
		d.Ended = seriesEnded(se, s.today, s.loc)
	}
	if due, ok := note.ParseDate(se.NextDue); ok {
		d.NextDueDay, d.NextDueAgo = s.short(due), s.ago(time.Date(due.Year(), due.Month(), due.Day(), 12, 0, 0, 0, s.loc))
		d.LateFrom = due.AddDate(0, 0, 1).Format(time.DateOnly)
	}
	return d
}

// EndedAfter is how many cadences after its latest meeting a series counts
// as ended: the home page no longer lists it as late.
const EndedAfter = 5

// seriesEnded reports whether the series' latest meeting is more than
// EndedAfter cadences before today (midnight, UTC, as Site.today).
func seriesEnded(se *journal.Series, today time.Time, loc *time.Location) bool {
	if se.CadenceDays <= 0 {
		return false
	}
	y, m, d := se.Meetings[len(se.Meetings)-1].Date.In(loc).Date()
	last := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return int(today.Sub(last).Hours()/24) > EndedAfter*se.CadenceDays
}

// action and meeting return the views of journal objects.
func (s *Site) action(a *journal.Action) *Action    { return s.v.actions[a] }
func (s *Site) meeting(m *journal.Meeting) *Meeting { return s.v.meetings[m] }

func (s *Site) actionList(l []*journal.Action) []*Action {
	out := make([]*Action, len(l))
	for i, a := range l {
		out[i] = s.v.actions[a]
	}
	return out
}

func (s *Site) meetingList(l []*journal.Meeting) []*Meeting {
	out := make([]*Meeting, len(l))
	for i, m := range l {
		out[i] = s.v.meetings[m]
	}
	return out
}

// newestMeetings is l newest first.
func (s *Site) newestMeetings(l []*journal.Meeting) []*Meeting {
	out := s.meetingList(l)
	slices.Reverse(out)
	return out
}

// ago describes the day of t relative to today, in the site's time zone:
// "today", "yesterday", "3 days ago", "in 2 days", "5 months ago". It changes
// only when the date does, so pages stay the same within a day.
func (s *Site) ago(t time.Time) string {
	a, _ := time.Parse(time.DateOnly, t.In(s.loc).Format(time.DateOnly))
	days := int(s.today.Sub(a).Hours() / 24)
	switch {
	case days == 0:
		return "today"
	case days == 1:
		return "yesterday"
	case days == -1:
		return "tomorrow"
	case days > 60:
		return fmt.Sprintf("%d months ago", days/30)
	case days > 0:
		return fmt.Sprintf("%d days ago", days)
	case days < -60:
		return fmt.Sprintf("in %d months", -days/30)
	}
	return fmt.Sprintf("in %d days", -days)
}

// dueLabel describes a due date relative to today: "due today", "3 days late".
func (s *Site) dueLabel(due string) string {
	if due == "" {
		return ""
	}
	d, ok := note.ParseDate(due)
	if !ok {
		return due
	}
	days := int(d.Sub(s.today).Hours() / 24)
	switch {
	case days == 0:
		return "due today"
	case days == 1:
		return "due tomorrow"
	case days == -1:
		return "1 day late"
	case days < 0:
		return fmt.Sprintf("%d days late", -days)
	case days < 14:
		return fmt.Sprintf("due in %d days", days)
	}
	return "due " + s.shortDate(due)
}

// when describes an action's date: for open actions, its due date relative to
// today ("3 days late"); for closed ones, when it was done or cancelled.
func (s *Site) when(a *journal.Action) string {
	switch {
	case a.Archived:
		return "archived"
	case a.IsOpen():
		return s.dueLabel(a.Due)
	case a.DoneDate != "":
		return "done " + s.shortDate(a.DoneDate)
	case a.Cancelled != "":
		return "cancelled " + s.shortDate(a.Cancelled)
	case a.Due != "":
		return "was due " + s.shortDate(a.Due)
	}
	return ""
}

// shortDate formats YYYY-MM-DD as "Fri 27 Nov", with the year when it is
// not this year's ("Wed 25 Sep 2024").
func (s *Site) shortDate(d string) string {
	t, ok := note.ParseDate(d)
	if !ok {
		return d
	}
	return s.short(t)
}

// short formats a day as "Fri 27 Nov", with the year when it is not this
// year's: a meeting two years ago is "Wed 25 Sep 2024".
func (s *Site) short(t time.Time) string {
	if t.Year() != s.today.Year() {
		return t.Format("Mon 2 Jan 2006")
	}
	return t.Format("Mon 2 Jan")
}

// initials are the avatar letters of a name: "Dev Patel" → "DP".
func initials(name string) string {
	f := strings.Fields(name)
	switch len(f) {
	case 0:
		return "?"
	case 1:
		r := []rune(f[0])
		return strings.ToUpper(string(r[:1]))
	}
	a, b := []rune(f[0]), []rune(f[len(f)-1])
	return strings.ToUpper(string(a[:1]) + string(b[:1]))
}

// hue is an avatar's colour, stable for a person id.
func hue(id string) int {
	h := 0
	for _, c := range id {
		h = (h*31 + int(c)) % 360
	}
	return h
}

// byDue orders open actions: overdue and soonest due first, then those without a
// due date, newest meeting first.
func byDue(a, b *journal.Action) int {
	switch {
	case a.Due != "" && b.Due == "":
		return -1
	case a.Due == "" && b.Due != "":
		return 1
	}
	return cmp.Or(strings.Compare(a.Due, b.Due), cmp.Compare(b.Index, a.Index))
}

func newestFirst(a, b *journal.Action) int { return cmp.Compare(b.Index, a.Index) }

// sortedActions are the open (or closed) actions of list, sorted by f.
func sortedActions(list []*journal.Action, open bool, f func(a, b *journal.Action) int) []*journal.Action {
	var out []*journal.Action
	for _, a := range list {
		if (open && a.IsOpen()) || (!open && a.Status.IsClosed()) {
			out = append(out, a) // an archived action is in neither list
		}
	}
	slices.SortStableFunc(out, f)
	return out
}
