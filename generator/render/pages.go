package render

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"html/template"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/recapjournal/recap/generator/journal"
)

// Limits that keep pages fast in a 10,000-note journal.
const (
	// ActionsPerOwner is how many open actions an owner's group on the
	// actions page shows; the person page has the rest.
	ActionsPerOwner = 25
	// ClosedPerOwner is how many done or cancelled actions an owner's group on
	// the actions page shows.
	ClosedPerOwner = 10
	// PersonClosed and PersonHighlights cap those lists on a person's page.
	PersonClosed     = 100
	PersonHighlights = 60
	// HomeListLen is the length of each list on the home page.
	HomeListLen = 12
)

// Site is what every page knows about the whole journal: {{.Site}}.
type Site struct {
	Title        string
	Me           *Person // the journal's owner (config "me"), or nil
	Today        string  // the build's date, YYYY-MM-DD, in the site's time zone
	Date         string  // the same, "Mon 30 Nov 2026"
	Counts       Counts
	ReviewWithin string // "24 hours"
	HasNotes     bool   // the journal has pages (notes without a date): the Notes page lists them
	// TZ is the site's IANA time zone ("Europe/London"), on <html data-tz>:
	// recap.js recomputes relative dates in it when a page is opened.
	TZ string

	j      *journal.Journal
	loc    *time.Location
	today  time.Time // midnight of Today, UTC, for day arithmetic
	me     *journal.Person
	bodies func(*journal.Meeting) string
	recap  func(*journal.Meeting) string
	v      views
	fp     uint64 // of the exported fields
	// fpNoCounts is fp with zero Counts: pages whose templates do not name
	// the counts do not change with them.
	fpNoCounts uint64

	rows rowCache // rendered rows and partials, by template, key and link root
}

func (s *Site) fingerprint() uint64 { return s.fp }

// Counts are the journal's headline numbers, as of the build. Unreviewed
// leaves out meetings after the build's now; recap.js recounts Overdue,
// Unreviewed and ReviewOverdue as of when a page is read (see SiteData).
type Counts struct {
	Meetings      int `json:"meetings"`
	People        int `json:"people"`
	Actions       int `json:"actions"`
	Open          int `json:"open"`
	Overdue       int `json:"overdue"`
	Unreviewed    int `json:"unreviewed"`
	ReviewOverdue int `json:"reviewOverdue"`
}

// NewSite computes the views of a journal's pages. body returns a meeting's
// rendered notes and recap the Markdown recap its page offers to copy (what
// `recap share` prints); either may be nil.
func NewSite(j *journal.Journal, body, recap func(*journal.Meeting) string) *Site {
	loc := j.Config.Location
	s := &Site{Title: j.Config.Title, Today: j.Today, ReviewWithin: duration(j.Config.ReviewWithin),
		j: j, loc: loc, bodies: body, recap: recap}
	if loc != nil {
		s.TZ = loc.String()
	}
	s.today, _ = time.Parse(time.DateOnly, j.Today)
	s.Date = s.today.Format("Mon 2 Jan 2006")
	s.HasNotes = len(j.Pages) > 0
	s.makeViews()
	if j.Config.Me != "" {
		if s.me = j.Lookup(j.Config.Me); s.me != nil {
			s.Me = s.v.people[s.me]
		}
	}
	c := &s.Counts
	c.Meetings, c.People, c.Actions = len(j.Meetings), len(j.People), len(j.Actions)
	for _, a := range j.Actions {
		if a.IsOpen() {
			c.Open++
		}
		if a.Overdue {
			c.Overdue++
		}
	}
	for _, m := range j.Meetings {
		if !m.Reviewed && !m.Date.After(j.Now) { // a meeting to come is not to review yet
			c.Unreviewed++
		}
		if m.ReviewOverdue {
			c.ReviewOverdue++
		}
	}
	s.fp = fingerprint(s)
	counts := s.Counts
	s.Counts = Counts{}
	s.fpNoCounts = fingerprint(s)
	s.Counts = counts
	return s
}

// Page is the data every template receives as ".". Which of the fields after
// Root are set depends on Kind; see the package documentation.
type Page struct {
	Site  *Site
	Kind  string // home, meeting, note, notes, people, person, actions, tags, tag, serieslist, series, archive, month, review, 404
	Title string
	Path  string // the page's file in the output, "people/dev/index.html"
	Root  string // the relative path from the page to the site root, "../../"

	Meeting    *MeetingPage  // meeting, note
	Body       template.HTML // meeting, note: the rendered notes
	Notes      []*Meeting    // notes: every page, by source
	Person     *PersonPage   // person
	Tag        *TagPage      // tag
	Series     *SeriesPage   // series
	Month      *Month        // month
	Meetings   []*Meeting    // tag, series, month, review: newest first but in review, oldest first
	Home       *Home         // home
	Groups     []*OwnerGroup // actions
	People     []*PersonCard // people
	Tags       []*TagCard    // tags
	SeriesList []*SeriesCard // serieslist
	Months     []*Month      // archive

	theme *Theme
}

// MeetingPage is a meeting's page: the meeting and what its page adds.
type MeetingPage struct {
	*Meeting
	SeriesIndex int      // 0 for the first meeting of its series
	Prev, Next  *Meeting // in the series
	Items       []*Item  // the note's action items, in order
	// Points are the talking points the note writes as such ("- [?] …"),
	// in order; a carried copy ticked here ("- [x] …") is not one of them.
	Points []*PointItem
	// OpenFromEarlier are the series' actions that were open when the
	// meeting began and that it does not list, newest first, at most ten;
	// OpenFromEarlierCount counts them all.
	OpenFromEarlier      []*Action
	OpenFromEarlierCount int
	ReviewClass          string // ok, overdue or pending
	ReviewText           string // "✓ Notes reviewed on Wed 18 Nov 2026"
	Recap                string // the recap as Markdown, "" when there is none
}

// PersonPage is a person's page. It opens with their agenda; every open
// action they own is in Agenda.TheyOwe, and nowhere else on the page.
type PersonPage struct {
	*Person
	IsMe       bool
	First      string     // the first word of their name, "Dev"
	Meetings   []*Meeting // attended, newest first
	Agenda     *Agenda
	Closed     []*Action // their done and cancelled actions, newest first, at most PersonClosed
	ClosedMore int
	Highlights []*Highlight // newest first, at most PersonHighlights
	// Notes are the pages that name them (people, attendees or a mention),
	// by source.
	Notes []*Meeting
}

// Agenda is what to take into the next meeting with a person, as of the
// build: the top of their page.
type Agenda struct {
	// TalkingPoints are the open talking points for them whose day has
	// come, oldest first; Later those scheduled for a later day, soonest
	// first.
	TalkingPoints []*Point
	Later         []*Point
	// Topics are the open topic pages naming them whose revisit day has
	// come.
	Topics []*Meeting
	// TheyOwe are their open actions; YouOwe the open actions of config's
	// me from the meetings and pages that name them. Both are overdue
	// first, then by due date, then oldest first. WithMe says me is set and
	// is someone else: YouOwe applies (it may be empty).
	TheyOwe, YouOwe []*Action
	WithMe          bool
	LastMeeting     *Meeting // their latest meeting up to now, or nil
	// Series is their 1:1 with me, else the series of their latest meeting
	// in one, or nil.
	Series *SeriesDue
}

// Highlight is a gem, question, decision or feedback callout from a meeting.
type Highlight struct {
	Kind, Label string
	Icon        template.HTML // an inline SVG (see Callouts)
	Title, Text string
	Meeting     *Meeting
}

// TagPage is a tag's page.
type TagPage struct {
	*Tag
	Actions []*Action  // tagged items' actions
	Notes   []*Meeting // tagged pages, by source
}

// SeriesPage is a series' page.
type SeriesPage struct {
	*Series
	People []*Person
	Open   []*Action  // by due date
	Due    *SeriesDue // its cadence and when it meets next
}

// PersonCard is a person on the people page.
type PersonCard struct {
	*Person
	Meetings    int // attended
	OpenActions int
}

// TagCard is a tag on the tags page.
type TagCard struct {
	*Tag
	Meetings int
}

// SeriesCard is a series on the series page.
type SeriesCard struct {
	*Series
	People   []*Person
	Meetings int
	Last     *Meeting
}

// OwnerGroup is one owner's actions on the actions page.
type OwnerGroup struct {
	ID         string  // an anchor, "owner-dev" or "unassigned"
	Owner      *Person // nil for unassigned
	Open       []*Action
	OpenMore   int // open actions not shown here (see the person page)
	Total      int // open actions in all
	Overdue    int
	Closed     []*Action
	ClosedMore int
}

// Home is the dashboard.
type Home struct {
	Overdue       []*Action // soonest due first, at most HomeListLen
	OverdueMore   int
	ReviewOverdue []*Meeting // oldest first, at most HomeListLen
	DueSoon       []*Action  // open, due within 14 days
	Recent        []*Meeting // newest first
	Unassigned    int        // open actions without an owner
	// Late are the series that are late (today is after their next due
	// day) and have not ended (see SeriesDue.Ended), the latest due first.
	Late []*SeriesDue
	// Upcoming are the series not late at the build whose next due day is
	// within 14 days, soonest first: late once that day has passed, which
	// recap.js shows (their rows carry data-from, SeriesDue.LateFrom).
	Upcoming []*SeriesDue
}

// Month is an archive month.
type Month struct {
	Key      string // YYYY-MM
	Title    string // November 2026
	URL      string
	Meetings []*Meeting // newest first
}

// A Job is one page of the site, to render with Theme.Render. Its
// fingerprint says whether it would render as before.
type Job struct {
	Path    string // in the output
	Kind    string
	Meeting *journal.Meeting // of a meeting page
	site    *Site
	data    func(*Page) // fills the page's kind's fields
}

// Jobs lists every page of the site. A job computes its page's data only
// when run, so pages can be rendered in parallel without holding them all.
func (s *Site) Jobs() []Job {
	j := s.j
	var jobs []Job
	add := func(kind, p string, data func(*Page)) {
		jobs = append(jobs, Job{Path: p, Kind: kind, site: s, data: data})
	}
	add("home", "index.html", s.home)
	add("404", "404.html", nil)
	for _, m := range j.Meetings {
		jobs = append(jobs, Job{Path: m.URL + "index.html", Kind: "meeting", Meeting: m, site: s})
	}
	for _, m := range j.Pages {
		jobs = append(jobs, Job{Path: m.URL + "index.html", Kind: "note", Meeting: m, site: s})
	}
	if len(j.Pages) > 0 {
		add("notes", "notes/index.html", func(p *Page) { p.Notes = s.meetingList(j.Pages) })
	}
	add("people", "people/index.html", func(p *Page) {
		for _, per := range j.People {
			p.People = append(p.People, &PersonCard{Person: s.v.people[per], Meetings: len(per.Meetings), OpenActions: per.OpenCount})
		}
	})
	for _, per := range j.People {
		add("person", "people/"+per.ID+"/index.html", func(p *Page) { s.personPage(p, per) })
	}
	add("actions", "actions/index.html", func(p *Page) { p.Groups = s.ownerGroups() })
	add("tags", "tags/index.html", func(p *Page) {
		for _, t := range j.Tags {
			p.Tags = append(p.Tags, &TagCard{Tag: s.v.tag(t.Name), Meetings: len(t.Meetings)})
		}
	})
	for _, t := range j.Tags {
		add("tag", "tags/"+t.Slug+"/index.html", func(p *Page) {
			p.Tag = &TagPage{Tag: s.v.tag(t.Name), Actions: s.actionList(t.Actions), Notes: s.meetingList(t.Pages)}
			p.Meetings = s.newestMeetings(t.Meetings)
		})
	}
	add("serieslist", "series/index.html", func(p *Page) {
		for _, se := range j.Series {
			c := &SeriesCard{Series: s.v.series[se], Meetings: len(se.Meetings), Last: s.meeting(se.Meetings[len(se.Meetings)-1])}
			for _, per := range se.People {
				c.People = append(c.People, s.v.people[per])
			}
			p.SeriesList = append(p.SeriesList, c)
		}
	})
	for _, se := range j.Series {
		add("series", "series/"+se.ID+"/index.html", func(p *Page) {
			sp := &SeriesPage{Series: s.v.series[se], Open: s.actionList(sortedActions(se.Actions, true, byDue)), Due: s.seriesDue(se)}
			for _, per := range se.People {
				sp.People = append(sp.People, s.v.people[per])
			}
			p.Series, p.Meetings = sp, s.newestMeetings(se.Meetings)
		})
	}
	months := s.months()
	add("archive", "archive/index.html", func(p *Page) { p.Months = months })
	for _, mo := range months {
		add("month", "archive/"+mo.Key+"/index.html", func(p *Page) { p.Month, p.Meetings = mo, mo.Meetings })
	}
	add("review", "review/index.html", func(p *Page) {
		for _, m := range j.Meetings {
			if !m.Reviewed {
				p.Meetings = append(p.Meetings, s.meeting(m))
			}
		}
	})
	return jobs
}

var titles = map[string]string{"404": "Page not found", "notes": "Notes", "people": "People", "actions": "Actions", "tags": "Tags",
	"serieslist": "Series", "archive": "Archive", "review": "Review queue"}

// page is the job's page data.
func (job Job) page() *Page {
	s := job.site
	p := &Page{Site: s, Kind: job.Kind, Path: job.Path, Root: strings.Repeat("../", strings.Count(job.Path, "/")), Title: titles[job.Kind]}
	if job.Meeting != nil {
		s.meetingPage(p, job.Meeting)
	} else if job.data != nil {
		job.data(p)
	}
	switch {
	case p.Kind == "home":
		p.Title = s.Title
	case p.Person != nil:
		p.Title = p.Person.Name
	case p.Tag != nil:
		p.Title = "#" + p.Tag.Name
	case p.Series != nil:
		p.Title = p.Series.Title
	case p.Month != nil:
		p.Title = p.Month.Title
	}
	return p
}

// Fingerprint is a hash of everything the job's page shows with theme t: two
// jobs of the same path with the same fingerprint render the same bytes. It
// leaves out the journal-wide counts when no template of the page's kind
// names them. It is stable within a process.
func (t *Theme) Fingerprint(job Job) uint64 {
	p := job.page()
	site := job.site.fpNoCounts
	if t.counts[job.Kind] {
		site = job.site.fp
	}
	p.Site = nil // counted as site
	return fingerprint(struct {
		Site uint64
		Page *Page
	}{site, p})
}

func (s *Site) meetingPage(p *Page, m *journal.Meeting) {
	mp := &MeetingPage{Meeting: s.meeting(m), SeriesIndex: m.SeriesIndex,
		OpenFromEarlier: s.actionList(m.OpenFromEarlier), OpenFromEarlierCount: m.OpenFromEarlierCount}
	if m.Prev != nil {
		mp.Prev = s.meeting(m.Prev)
	}
	if m.Next != nil {
		mp.Next = s.meeting(m.Next)
	}
	for _, o := range m.Occurrences {
		it := &Item{Text: o.Text, Line: o.Line, Status: string(o.Status), StatusLabel: statusLabel[o.Status], Prose: o.Inferred, Action: s.action(o.Action)}
		if l := o.Action.Latest(); l.Meeting != m {
			it.Latest, it.LatestTitle = it.Action.URL, l.Meeting.Title
		}
		mp.Items = append(mp.Items, it)
	}
	for _, o := range m.Points {
		if !o.Point {
			continue // a carried copy ticked here: shown as ticked in the notes
		}
		it := &PointItem{Text: o.Text, Line: o.Line, Point: s.v.points[o.Action]}
		if l := o.Action.Latest(); l.Meeting != m {
			it.Latest, it.LatestTitle = it.Point.URL, l.Meeting.Title
		}
		mp.Points = append(mp.Points, it)
	}
	switch {
	case m.IsPage():
		// A page is never reviewed and has no recap to share.
		p.Meeting, p.Title = mp, m.Title
		if s.bodies != nil {
			p.Body = template.HTML(s.bodies(m))
		}
		return
	case m.Reviewed:
		mp.ReviewClass, mp.ReviewText = "ok", "✓ Notes reviewed"
		if !m.ReviewedAt.IsZero() {
			mp.ReviewText += " on " + m.ReviewedAt.In(s.loc).Format("Mon 2 Jan 2006")
		}
	case m.ReviewOverdue:
		mp.ReviewClass = "overdue"
		mp.ReviewText = "⚠ Not reviewed — overdue since " + mp.ReviewDue + " (" + mp.ReviewDueAgo + ")"
	default:
		mp.ReviewClass = "pending"
		mp.ReviewText = "◔ Not reviewed yet — review by " + mp.ReviewDue
	}
	if s.recap != nil {
		mp.Recap = s.recap(m)
	}
	p.Meeting, p.Title = mp, m.Title
	if s.bodies != nil {
		p.Body = template.HTML(s.bodies(m))
	}
}

func (s *Site) home(p *Page) {
	j := s.j
	h := &Home{}
	var overdue, soon []*journal.Action
	limit := s.today.AddDate(0, 0, 14).Format(time.DateOnly)
	for _, a := range j.Actions {
		if a.Overdue {
			overdue = append(overdue, a)
		} else if a.IsOpen() && a.Due != "" && a.Due <= limit {
			soon = append(soon, a)
		}
		if a.IsOpen() && a.Owner == nil {
			h.Unassigned++
		}
	}
	slices.SortStableFunc(overdue, byDue)
	slices.SortStableFunc(soon, byDue)
	if len(overdue) > HomeListLen {
		h.OverdueMore = len(overdue) - HomeListLen
		overdue = overdue[:HomeListLen]
	}
	if len(soon) > HomeListLen {
		soon = soon[:HomeListLen]
	}
	h.Overdue, h.DueSoon = s.actionList(overdue), s.actionList(soon)
	for _, m := range j.Meetings {
		if m.ReviewOverdue {
			h.ReviewOverdue = append(h.ReviewOverdue, s.meeting(m))
			if len(h.ReviewOverdue) == HomeListLen {
				break
			}
		}
	}
	for i := len(j.Meetings) - 1; i >= 0 && len(h.Recent) < HomeListLen; i-- {
		h.Recent = append(h.Recent, s.meeting(j.Meetings[i]))
	}
	for _, se := range j.Series {
		switch {
		case se.Late && !seriesEnded(se, s.today, s.loc):
			h.Late = append(h.Late, s.seriesDue(se))
		case !se.Late && se.NextDue != "" && se.NextDue <= limit:
			h.Upcoming = append(h.Upcoming, s.seriesDue(se))
		}
	}
	slices.SortStableFunc(h.Upcoming, func(a, b *SeriesDue) int {
		return cmp.Or(strings.Compare(a.NextDue, b.NextDue), strings.Compare(a.Title, b.Title))
	})
	if len(h.Upcoming) > HomeListLen {
		h.Upcoming = h.Upcoming[:HomeListLen]
	}
	slices.SortStableFunc(h.Late, func(a, b *SeriesDue) int {
		return cmp.Or(strings.Compare(a.NextDue, b.NextDue), strings.Compare(a.Title, b.Title))
	})
	if len(h.Late) > HomeListLen {
		h.Late = h.Late[:HomeListLen]
	}
	p.Home = h
}

func (s *Site) personPage(p *Page, per *journal.Person) {
	v := &PersonPage{Person: s.v.people[per], IsMe: s.me == per, Meetings: s.newestMeetings(per.Meetings), Notes: s.meetingList(per.Pages)}
	v.First, _, _ = strings.Cut(per.Name, " ")
	v.Agenda = s.agenda(per)
	closed := sortedActions(per.Actions, false, newestFirst)
	if len(closed) > PersonClosed {
		v.ClosedMore = len(closed) - PersonClosed
		closed = closed[:PersonClosed]
	}
	v.Closed = s.actionList(closed)
	for i := len(per.Meetings) - 1; i >= 0 && len(v.Highlights) < PersonHighlights; i-- {
		m := per.Meetings[i]
		for _, c := range m.Callouts {
			switch c.Kind {
			case "gem", "question", "decision", "feedback":
				info := Callouts[c.Kind]
				v.Highlights = append(v.Highlights, &Highlight{Kind: c.Kind, Icon: info.Icon, Label: info.Label,
					Title: c.Title, Text: c.Text, Meeting: s.meeting(m)})
			}
		}
	}
	p.Person = v
}

// agenda is the view of a person's agenda (journal.Agenda).
func (s *Site) agenda(per *journal.Person) *Agenda {
	ag := s.j.Agenda(per)
	v := &Agenda{Topics: s.meetingList(ag.Topics), TheyOwe: s.actionList(ag.TheyOwe), WithMe: s.me != nil && s.me != per}
	if v.WithMe {
		v.YouOwe = s.actionList(ag.YouOwe)
	}
	for _, a := range ag.TalkingPoints {
		v.TalkingPoints = append(v.TalkingPoints, s.v.points[a])
	}
	var later []*journal.Action
	for _, a := range per.Points {
		if a.IsOpen() && a.Scheduled > s.j.Today {
			later = append(later, a)
		}
	}
	slices.SortStableFunc(later, func(a, b *journal.Action) int { return strings.Compare(a.Scheduled, b.Scheduled) })
	for _, a := range later {
		v.Later = append(v.Later, s.v.points[a])
	}
	if ag.LastMeeting != nil {
		v.LastMeeting = s.meeting(ag.LastMeeting)
	}
	if ag.Series != nil {
		v.Series = s.seriesDue(ag.Series)
	}
	return v
}

// ownerGroups are the actions page's groups: owners with overdue work first,
// then by open count, unassigned last.
func (s *Site) ownerGroups() []*OwnerGroup {
	type group struct {
		g            *OwnerGroup
		open, closed []*journal.Action
	}
	byOwner := map[*journal.Person]*group{}
	var order []*group
	for _, a := range s.j.Actions {
		if a.Archived {
			continue
		}
		g := byOwner[a.Owner]
		if g == nil {
			g = &group{g: &OwnerGroup{ID: "unassigned"}}
			if a.Owner != nil {
				g.g.ID, g.g.Owner = "owner-"+url.PathEscape(a.Owner.ID), s.v.people[a.Owner]
			}
			byOwner[a.Owner] = g
			order = append(order, g)
		}
		if a.IsOpen() {
			g.open = append(g.open, a)
			if a.Overdue {
				g.g.Overdue++
			}
		} else {
			g.closed = append(g.closed, a)
		}
	}
	out := make([]*OwnerGroup, len(order))
	for i, g := range order {
		slices.SortStableFunc(g.open, byDue)
		slices.SortStableFunc(g.closed, newestFirst)
		g.g.Total = len(g.open)
		if len(g.open) > ActionsPerOwner {
			g.g.OpenMore = len(g.open) - ActionsPerOwner
			g.open = g.open[:ActionsPerOwner]
		}
		if len(g.closed) > ClosedPerOwner {
			g.g.ClosedMore = len(g.closed) - ClosedPerOwner
			g.closed = g.closed[:ClosedPerOwner]
		}
		g.g.Open, g.g.Closed = s.actionList(g.open), s.actionList(g.closed)
		out[i] = g.g
	}
	slices.SortStableFunc(out, func(a, b *OwnerGroup) int {
		switch {
		case a.Owner == nil && b.Owner != nil:
			return 1
		case a.Owner != nil && b.Owner == nil:
			return -1
		case a.Overdue != b.Overdue:
			return b.Overdue - a.Overdue
		case a.Total != b.Total:
			return b.Total - a.Total
		}
		return strings.Compare(a.Owner.ID, b.Owner.ID)
	})
	return out
}

func (s *Site) months() []*Month {
	var out []*Month
	byKey := map[string]*Month{}
	for i := len(s.j.Meetings) - 1; i >= 0; i-- {
		m := s.j.Meetings[i]
		t := m.Date.In(s.loc)
		k := t.Format("2006-01")
		mo := byKey[k]
		if mo == nil {
			mo = &Month{Key: k, Title: t.Format("January 2006"), URL: "archive/" + k + "/index.html"}
			byKey[k] = mo
			out = append(out, mo)
		}
		mo.Meetings = append(mo.Meetings, s.meeting(m))
	}
	return out
}

// SiteData is assets/site-data.js: the journal-wide numbers the theme's script
// shows on every page (the nav badges, the home page's numbers). Keeping them
// out of the HTML means an edit that changes a count rewrites this file, not
// every page.
//
// The counts are the build's; later holds what changes them as time passes,
// so that recap.js can count as of the day the page is read: the due days of
// the open actions not overdue at the build (an overdue one stays overdue),
// and the meeting and review-due instants of the meetings not reviewed and
// not overdue for review at the build.
func SiteData(s *Site) []byte {
	type later struct {
		Due map[string]int `json:"due"` // due day → open actions due then
		// Review is [meeting, review due, counted] for each meeting:
		// instants in Unix milliseconds, and 1 when Counts.Unreviewed
		// counts it (0 for a meeting after the build's now).
		Review [][3]int64 `json:"review"`
	}
	l := later{Due: map[string]int{}, Review: [][3]int64{}}
	for _, a := range s.j.Actions {
		if a.IsOpen() && !a.Overdue && !a.Archived && a.Due != "" {
			l.Due[a.Due]++
		}
	}
	for _, m := range s.j.Meetings {
		if !m.Reviewed && !m.ReviewOverdue {
			counted := int64(1)
			if m.Date.After(s.j.Now) {
				counted = 0
			}
			l.Review = append(l.Review, [3]int64{m.Date.UnixMilli(), m.ReviewDue.UnixMilli(), counted})
		}
	}
	counts, _ := json.Marshal(s.Counts)
	lb, _ := json.Marshal(l)
	return fmt.Appendf(nil, "window.RECAP = window.RECAP || {};\nwindow.RECAP.counts = %s;\nwindow.RECAP.later = %s;\n", counts, lb)
}

func duration(d time.Duration) string {
	switch {
	case d == time.Hour:
		return "1 hour"
	case d%time.Hour == 0:
		return fmt.Sprintf("%d hours", d/time.Hour)
	case d%time.Minute == 0 && d < time.Hour:
		return fmt.Sprintf("%d minutes", d/time.Minute)
	}
	return d.String()
}

// rowKey names a rendered row or partial: the same open action is a row on
// every later meeting page of its series, on its owner's page and on the
// actions page.
type rowKey struct {
	name string // of the template
	key  any    // what it shows: a view, or the page kind of a frame
	root string
}

// rowCache holds the rows rendered in a build.
type rowCache struct {
	mu sync.RWMutex
	m  map[rowKey]template.HTML
}

func (c *rowCache) get(k rowKey) (template.HTML, bool) {
	c.mu.RLock()
	h, ok := c.m[k]
	c.mu.RUnlock()
	return h, ok
}

func (c *rowCache) put(k rowKey, h template.HTML) {
	c.mu.Lock()
	if c.m == nil {
		c.m = map[rowKey]template.HTML{}
	}
	c.m[k] = h
	c.mu.Unlock()
}

var bufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}
