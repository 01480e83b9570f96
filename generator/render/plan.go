package render

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/recapjournal/recap/generator/journal"
)

// Limits that keep pages fast in a 10,000-note journal.
const (
	// ActionsPerOwner is how many open (and closed) actions an owner's group on
	// the actions page shows; the person page has the rest.
	ActionsPerOwner = 25
	// ClosedPerOwner is how many done or cancelled actions an owner's group on
	// the actions page shows.
	ClosedPerOwner = 10
	// PersonClosed and PersonHighlights cap those lists on a person's page.
	PersonClosed     = 100
	PersonHighlights = 60
	// HomeListLen is the length of each list on the home page.
	HomeListLen = 12
	// ListPageSize is how many meetings a paginated list page shows.
	ListPageSize = 200
)

// Job is one page to write. Jobs come from Site.Jobs; a meeting job can also
// be made directly from Meeting and Site.
type Job struct {
	Path    string // in the output
	Kind    string
	Meeting *journal.Meeting
	Site    *Site
	page    func() *Page
}

// NewSite computes the site-wide data of a journal.
func NewSite(j *journal.Journal, bodies func(string) string) *Site {
	s := &Site{Title: j.Config.Title, Journal: j, Now: j.Now, Today: j.Today, Loc: j.Config.Location, Bodies: bodies}
	if j.Config.Me != "" {
		s.Me = j.Lookup(j.Config.Me)
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
		if !m.Reviewed {
			c.Unreviewed++
		}
		if m.ReviewOverdue {
			c.ReviewOverdue++
		}
	}
	return s
}

// depthRoot returns the relative path to the root from a page file.
func depthRoot(pagePath string) string { return strings.Repeat("../", strings.Count(pagePath, "/")) }

func (s *Site) page(kind, p, title string) *Page {
	return &Page{Site: s, Kind: kind, Path: p, Root: depthRoot(p), Title: title}
}

// Jobs lists every page of the site. Each job builds its page's data only when
// run, so pages can be rendered in parallel without holding them all.
// The list is computed once per Site: a journal changed in place keeps its
// pages.
func (s *Site) Jobs() []Job {
	if s.jobs == nil {
		s.jobs = s.listJobs()
	}
	return s.jobs
}

func (s *Site) listJobs() []Job {
	j := s.Journal
	var jobs []Job
	add := func(kind, p string, f func() *Page) { jobs = append(jobs, Job{Path: p, Kind: kind, page: f}) }

	add("home", "index.html", s.homePage)
	add("404", "404.html", func() *Page { return s.page("404", "404.html", "Page not found") })
	for _, m := range j.Meetings {
		jobs = append(jobs, Job{Path: m.URL + "index.html", Kind: "meeting", Meeting: m, Site: s})
	}
	add("people", "people/index.html", func() *Page { return s.page("people", "people/index.html", "People") })
	for _, per := range j.People {
		p := "people/" + per.ID + "/index.html"
		add("person", p, func() *Page { return s.personPage(per, p) })
	}
	add("actions", "actions/index.html", s.actionsPage)
	add("tags", "tags/index.html", func() *Page { return s.page("tags", "tags/index.html", "Tags") })
	for _, t := range j.Tags {
		p := "tags/" + t.Slug + "/index.html"
		add("tag", p, func() *Page {
			pg := s.page("tag", p, "#"+t.Name)
			pg.Tag, pg.Meetings = t, reversed(t.Meetings)
			return pg
		})
	}
	add("serieslist", "series/index.html", func() *Page { return s.page("serieslist", "series/index.html", "Series") })
	for _, se := range j.Series {
		p := "series/" + se.ID + "/index.html"
		add("series", p, func() *Page {
			pg := s.page("series", p, se.Title())
			pg.Series, pg.Meetings = se, reversed(se.Meetings)
			return pg
		})
	}
	months := s.months()
	add("archive", "archive/index.html", func() *Page {
		pg := s.page("archive", "archive/index.html", "Archive")
		pg.Months = months
		return pg
	})
	for _, mo := range months {
		p := "archive/" + mo.Key + "/index.html"
		add("month", p, func() *Page {
			pg := s.page("month", p, mo.Title)
			pg.Month, pg.Meetings = mo, mo.Meetings
			return pg
		})
	}
	add("review", "review/index.html", func() *Page {
		pg := s.page("review", "review/index.html", "Review queue")
		for _, m := range j.Meetings {
			if !m.Reviewed {
				pg.Meetings = append(pg.Meetings, m)
			}
		}
		return pg
	})
	return jobs
}

// Render runs a job: its page's HTML.
func (t *Theme) Render(job Job) ([]byte, error) {
	return t.RenderInto(nil, job)
}

// RenderInto is Render appending to dst, whose room it uses: a build that
// writes each page before rendering the next reuses one buffer per worker.
func (t *Theme) RenderInto(dst []byte, job Job) ([]byte, error) {
	if job.page == nil && job.Meeting != nil {
		return t.render(dst, job.Site.MeetingPage(job.Meeting))
	}
	return t.render(dst, job.page())
}

// MeetingPage is the data of a meeting's page.
func (s *Site) MeetingPage(m *journal.Meeting) *Page {
	p := s.page("meeting", m.URL+"index.html", m.Title)
	p.Meeting = m
	if s.Bodies != nil {
		p.Body = template_HTML(s.Bodies(m.Path))
	}
	return p
}

// homeActions is the home page's part that depends only on the actions,
// computed once per Site (see ownerGroups).
func (s *Site) homeActions() Home {
	j := s.Journal
	var h Home
	var overdue, soon []*journal.Action
	limit := addDays(s.Today, 14)
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
	h.Overdue, h.DueSoon = overdue, soon
	return h
}

func (s *Site) homePage() *Page {
	j := s.Journal
	p := s.page("home", "index.html", s.Title)
	s.homeOnce.Do(func() { s.home = s.homeActions() })
	h := &Home{}
	*h = s.home
	for _, m := range j.Meetings {
		if m.ReviewOverdue {
			h.ReviewOverdue = append(h.ReviewOverdue, m)
			if len(h.ReviewOverdue) == HomeListLen {
				break
			}
		}
	}
	for i := len(j.Meetings) - 1; i >= 0 && len(h.Recent) < HomeListLen; i-- {
		h.Recent = append(h.Recent, j.Meetings[i])
	}
	p.Home = h
	return p
}

func (s *Site) personPage(per *journal.Person, path string) *Page {
	p := s.page("person", path, per.Name)
	v := &PersonView{Person: per, IsMe: s.Me == per}
	v.Recent = reversed(per.Meetings)
	v.Open = sortedActions(per.Actions, true, byDue)
	v.Closed = sortedActions(per.Actions, false, newestFirst)
	if len(v.Closed) > PersonClosed {
		v.ClosedMore = len(v.Closed) - PersonClosed
		v.Closed = v.Closed[:PersonClosed]
	}
	if s.Me != nil && s.Me != per {
		shared := map[*journal.Meeting]bool{}
		for _, m := range per.Meetings {
			if slices.Contains(m.People, s.Me) {
				shared[m] = true
			}
		}
		for _, a := range v.Open {
			if anyShared(a, shared) {
				v.TheyOwe = append(v.TheyOwe, a)
			}
		}
		for _, a := range sortedActions(s.Me.Actions, true, byDue) {
			if anyShared(a, shared) {
				v.YouOwe = append(v.YouOwe, a)
			}
		}
	}
	for i := len(per.Meetings) - 1; i >= 0 && len(v.Highlights) < PersonHighlights; i-- {
		m := per.Meetings[i]
		for _, c := range m.Callouts {
			switch c.Kind {
			case "gem", "question", "decision", "feedback":
				v.Highlights = append(v.Highlights, Highlight{Meeting: m, Callout: c})
			}
		}
	}
	p.Person = v
	return p
}

func anyShared(a *journal.Action, shared map[*journal.Meeting]bool) bool {
	for _, o := range a.Occurrences {
		if shared[o.Meeting] {
			return true
		}
	}
	return false
}

func (s *Site) actionsPage() *Page {
	p := s.page("actions", "actions/index.html", "Actions")
	s.groupsOnce.Do(func() { s.groups = s.ownerGroups() })
	p.Groups = s.groups
	return p
}

// ownerGroups are the actions page's groups. They depend only on the
// journal's actions, their owners, due dates and statuses: a Site computes
// them once, and again after a Refresh that says the actions changed.
func (s *Site) ownerGroups() []*OwnerGroup {
	j := s.Journal
	groups := map[*journal.Person]*OwnerGroup{}
	var order []*OwnerGroup
	for _, a := range j.Actions {
		g := groups[a.Owner]
		if g == nil {
			g = &OwnerGroup{Owner: a.Owner}
			groups[a.Owner] = g
			order = append(order, g)
		}
		if a.IsOpen() {
			g.Open = append(g.Open, a)
			if a.Overdue {
				g.Overdue++
			}
		} else {
			g.Closed = append(g.Closed, a)
		}
	}
	for _, g := range order {
		slices.SortStableFunc(g.Open, byDue)
		slices.SortStableFunc(g.Closed, newestFirst)
		if len(g.Open) > ActionsPerOwner {
			g.OpenMore = len(g.Open) - ActionsPerOwner
			g.Open = g.Open[:ActionsPerOwner]
		}
		if len(g.Closed) > ClosedPerOwner {
			g.ClosedMore = len(g.Closed) - ClosedPerOwner
			g.Closed = g.Closed[:ClosedPerOwner]
		}
	}
	// Owners with overdue work first, then by open count, unassigned last.
	slices.SortStableFunc(order, func(a, b *OwnerGroup) int {
		switch {
		case a.Owner == nil && b.Owner != nil:
			return 1
		case a.Owner != nil && b.Owner == nil:
			return -1
		case a.Overdue != b.Overdue:
			return b.Overdue - a.Overdue
		case len(a.Open)+a.OpenMore != len(b.Open)+b.OpenMore:
			return len(b.Open) + b.OpenMore - len(a.Open) - a.OpenMore
		}
		return strings.Compare(a.Owner.ID, b.Owner.ID)
	})
	return order
}

func (s *Site) months() []*Month {
	var out []*Month
	byKey := map[string]*Month{}
	for i := len(s.Journal.Meetings) - 1; i >= 0; i-- {
		m := s.Journal.Meetings[i]
		t := m.Date.In(s.Loc)
		k := t.Format("2006-01")
		mo := byKey[k]
		if mo == nil {
			mo = &Month{Key: k, Title: t.Format("January 2006")}
			byKey[k] = mo
			out = append(out, mo)
		}
		mo.Meetings = append(mo.Meetings, m)
	}
	return out
}

func addDays(day string, n int) string {
	t, err := timeParseDate(day)
	if err != nil {
		return day
	}
	return t.AddDate(0, 0, n).Format("2006-01-02")
}

// GroupID is an anchor id for an owner group.
func (g *OwnerGroup) GroupID() string {
	if g.Owner == nil {
		return "unassigned"
	}
	return "owner-" + url.PathEscape(g.Owner.ID)
}

// Total is the group's count of open actions.
func (g *OwnerGroup) Total() int { return len(g.Open) + g.OpenMore }

// SiteData is assets/site-data.js: the journal-wide numbers the theme's script
// shows on every page (the nav badges). Keeping them out of the HTML means an
// edit that changes a count rewrites this file, not every page.
func SiteData(s *Site) []byte {
	c := s.Counts
	return []byte(fmt.Sprintf("window.RECAP = window.RECAP || {};\nwindow.RECAP.counts = {\"meetings\": %d, \"people\": %d, \"actions\": %d, \"open\": %d, \"overdue\": %d, \"unreviewed\": %d, \"reviewOverdue\": %d};\n",
		c.Meetings, c.People, c.Actions, c.Open, c.Overdue, c.Unreviewed, c.ReviewOverdue))
}

// Refresh brings the site-wide data up to date after the journal changed in
// place (watch mode, journal.ReplaceNote and SetNow): the clock and the
// counts. It forgets the cached rows and fragments of the given actions and
// meetings and of the owners of those actions, and the page frames, which
// show the counts.
//
// With resolved, some of the actions changed their status, dates or priority
// (journal.ReplaceNote reported it): the actions page's groups and the home
// page's lists are computed again.
func (s *Site) Refresh(actions map[*journal.Action]bool, meetings map[*journal.Meeting]bool, resolved bool) {
	fresh := NewSite(s.Journal, s.Bodies)
	s.Now, s.Today, s.Counts = fresh.Now, fresh.Today, fresh.Counts
	if resolved {
		s.groupsOnce, s.groups = sync.Once{}, nil
		s.homeOnce, s.home = sync.Once{}, Home{}
	}
	dead := map[any]bool{}
	for a := range actions {
		dead[a], dead[a.Owner] = true, true
	}
	for m := range meetings {
		dead[m] = true
	}
	s.keysMu.Lock()
	defer s.keysMu.Unlock()
	for x := range dead {
		for _, k := range s.keys[x] {
			s.rows.Delete(k)
			s.frags.Delete(k)
		}
		delete(s.keys, x)
	}
	s.frames.Clear()
}
