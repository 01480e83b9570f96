package render

import (
	"bytes"
	"cmp"
	"fmt"
	"html/template"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/recapjournal/recap/generator/internal/slug"
	"github.com/recapjournal/recap/generator/journal"
	"github.com/recapjournal/recap/generator/note"
)

// Site is what every page knows about the whole journal.
type Site struct {
	Title   string
	Journal *journal.Journal
	Me      *journal.Person // the journal's owner (config "me"), or nil
	Now     time.Time
	Today   string // YYYY-MM-DD in the site's time zone
	Loc     *time.Location
	Counts  Counts
	Bodies  func(notePath string) string
	// Recap returns the Markdown recap of a meeting (what `recap share` prints),
	// or "" when there is none.
	Recap func(m *journal.Meeting) string

	rows   rowCache // rendered action and meeting rows
	frames sync.Map // meeting page frames, by link root
	frags  sync.Map // rendered fragments, by fragKey, when Keep
	sizes  sync.Map // the size of each page rendered by a template, when Keep

	// Keep keeps the fragments of long pages (an owner's group on the
	// actions page, a row of the review queue) for the next build of a
	// journal changed in place (watch mode; see Refresh).
	Keep bool

	jobs       []Job // computed once
	groups     []*OwnerGroup
	groupsOnce sync.Once
	home       Home // its actions
	homeOnce   sync.Once

	keysMu sync.Mutex
	keys   map[any][]any // with Keep: the rows and fragments kept of each action, meeting and person
}

// kept records, with Keep, that the row or fragment k shows x.
func (s *Site) kept(x, k any) {
	if !s.Keep {
		return
	}
	s.keysMu.Lock()
	if s.keys == nil {
		s.keys = map[any][]any{}
	}
	s.keys[x] = append(s.keys[x], k)
	s.keysMu.Unlock()
}

type fragKey struct {
	name  string // of the template
	key   any    // what it shows
	root  string // the page's link root
	extra string // text that changes with the clock, such as "due in 3 hours"
}

type rowKey struct {
	action    *journal.Action
	meeting   *journal.Meeting
	root      string
	showOwner bool
}

// rowCache holds rendered rows. A typed map under a read-write lock: a list
// page looks up thousands of rows, and sync.Map hashes its keys as
// interfaces.
type rowCache struct {
	mu sync.RWMutex
	m  map[rowKey]template.HTML
}

func (c *rowCache) Load(k rowKey) (template.HTML, bool) {
	c.mu.RLock()
	h, ok := c.m[k]
	c.mu.RUnlock()
	return h, ok
}

func (c *rowCache) Store(k rowKey, h template.HTML) {
	c.mu.Lock()
	if c.m == nil {
		c.m = map[rowKey]template.HTML{}
	}
	c.m[k] = h
	c.mu.Unlock()
}

// Delete forgets k when it is a rowKey.
func (c *rowCache) Delete(k any) {
	if rk, ok := k.(rowKey); ok {
		c.mu.Lock()
		delete(c.m, rk)
		c.mu.Unlock()
	}
}

// Counts are the journal's headline numbers.
type Counts struct {
	Meetings, People, Actions, Open, Overdue, Unreviewed, ReviewOverdue int
}

// Page is the data every template receives as ".". Which of the fields below
// Root are set depends on Kind.
type Page struct {
	Site  *Site
	Kind  string // home, meeting, people, person, actions, tags, tag, serieslist, series, archive, month, review, 404
	Title string
	Path  string // the page's file in the output, "people/dev/index.html"
	Root  string // the relative path from the page to the site root, "../../"

	Meeting  *journal.Meeting
	Body     template.HTML // the meeting's rendered notes
	Person   *PersonView
	Tag      *journal.Tag
	Series   *journal.Series
	Month    *Month
	Meetings []*journal.Meeting // for list pages
	Groups   []*OwnerGroup      // actions page
	Home     *Home
	Months   []*Month // archive

	theme *Theme
	// With out set (a built-in layout renders into out), the lists of rows
	// are not printed by the template but spliced in after it, at the
	// offsets noted: rows go straight into the page, not through a joined
	// string and the template's printing.
	out     *bytes.Buffer
	splices []splice
}

// splice is a list of rows to put at an offset of a page's template output.
type splice struct {
	at       int
	actions  []*journal.Action
	meetings []*journal.Meeting
	owner    bool
}

// PersonView is a person's page.
type PersonView struct {
	*journal.Person
	Recent     []*journal.Meeting // newest first
	Open       []*journal.Action  // overdue first, then by due date
	Closed     []*journal.Action  // newest first, at most PersonClosed
	ClosedMore int
	TheyOwe    []*journal.Action // with me set: open actions they own from meetings we share
	YouOwe     []*journal.Action // with me set: open actions I own from meetings with them
	Highlights []Highlight
	IsMe       bool
}

// Highlight is a gem, question, decision or feedback callout from a meeting.
type Highlight struct {
	Meeting *journal.Meeting
	Callout note.Callout
}

// OwnerGroup is one owner's actions on the actions page.
type OwnerGroup struct {
	Owner      *journal.Person // nil for unassigned
	Open       []*journal.Action
	OpenMore   int // open actions not shown here (see the person page)
	Closed     []*journal.Action
	ClosedMore int
	Overdue    int
}

// Home is the dashboard.
type Home struct {
	Overdue       []*journal.Action
	OverdueMore   int
	ReviewOverdue []*journal.Meeting
	DueSoon       []*journal.Action // open, due within 14 days
	Recent        []*journal.Meeting
	Unassigned    int
}

// Month is an archive month.
type Month struct {
	Key      string // YYYY-MM
	Title    string // November 2026
	Meetings []*journal.Meeting
}

// URL returns the link from this page to a target given from the site root;
// a target ending in "/" gets "index.html", so links work from file:// too.
func (p *Page) URL(target string) string {
	if target == "" || strings.HasSuffix(target, "/") {
		target += "index.html"
	}
	return p.Root + target
}

// MeetingURL links to a meeting's page.
func (p *Page) MeetingURL(m *journal.Meeting) string { return p.URL(slug.EscapePath(m.URL)) }

// PersonURL links to a person's page.
func (p *Page) PersonURL(per *journal.Person) string {
	return p.URL("people/" + url.PathEscape(per.ID) + "/")
}

// TagURL links to a tag's page.
func (p *Page) TagURL(tag string) string { return p.URL("tags/" + url.PathEscape(tagSlug(tag)) + "/") }

// SeriesURL links to a series' page.
func (p *Page) SeriesURL(s *journal.Series) string {
	return p.URL("series/" + url.PathEscape(s.ID) + "/")
}

// ActionURL links to the line of an action's latest occurrence.
func (p *Page) ActionURL(a *journal.Action) string {
	o := a.Latest()
	return p.MeetingURL(o.Meeting) + "#L" + strconv.Itoa(o.Line)
}

// OccurrenceURL links to an occurrence's line.
func (p *Page) OccurrenceURL(o *journal.Occurrence) string {
	return p.MeetingURL(o.Meeting) + "#L" + strconv.Itoa(o.Line)
}

// MonthURL links to an archive month.
func (p *Page) MonthURL(m *journal.Meeting) string {
	return p.URL("archive/" + m.Date.In(p.Site.Loc).Format("2006-01") + "/")
}

// Asset links to a static file of the theme.
func (p *Page) Asset(name string) string { return p.Root + "assets/" + name }

// Ago describes the day of t relative to today, in the site's time zone:
// "today", "yesterday", "3 days ago", "in 2 days", "5 months ago". It changes
// only when the date does, so pages stay the same within a day.
func (p *Page) Ago(t time.Time) string {
	d0 := t.In(p.Site.Loc).Format(time.DateOnly)
	a, _ := time.Parse(time.DateOnly, d0)
	b, _ := time.Parse(time.DateOnly, p.Site.Today)
	days := int(b.Sub(a).Hours() / 24)
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

// DueLabel describes a due date relative to today: "due today", "3 days late".
func (p *Page) DueLabel(due string) string {
	if due == "" {
		return ""
	}
	d, ok := note.ParseDate(due)
	t, ok2 := note.ParseDate(p.Site.Today)
	if !ok || !ok2 {
		return due
	}
	days := int(d.Sub(t).Hours() / 24)
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
	return "due " + shortDate(due)
}

// When describes an action's date: for open actions, its due date relative to
// today ("3 days late"); for closed ones, when it was done or cancelled.
func (p *Page) When(a *journal.Action) string {
	switch {
	case a.IsOpen():
		return p.DueLabel(a.Due)
	case a.DoneDate != "":
		return "done " + shortDate(a.DoneDate)
	case a.Cancelled != "":
		return "cancelled " + shortDate(a.Cancelled)
	case a.Due != "":
		return "was due " + shortDate(a.Due)
	}
	return ""
}

// MeetingWhen is a meeting's date (and time, unless it has none), in the
// site's time zone.
func (p *Page) MeetingWhen(m *journal.Meeting) string {
	t := m.Date.In(p.Site.Loc)
	if m.DateOnly {
		return t.Format("Mon 2 Jan 2006")
	}
	return t.Format("Mon 2 Jan 2006, 15:04")
}

// RowWhen is the weekday and time of a meeting in a list, with the year when
// it is not this year's.
func (p *Page) RowWhen(m *journal.Meeting) string {
	t := m.Date.In(p.Site.Loc)
	s := t.Format("Monday")
	if !m.DateOnly {
		s += " " + t.Format("15:04")
	}
	if t.Year() != p.Site.Now.In(p.Site.Loc).Year() {
		s += " " + strconv.Itoa(t.Year())
	}
	return s
}

// ReviewClass is the CSS class of a meeting's review state: ok, overdue or pending.
func (p *Page) ReviewClass(m *journal.Meeting) string {
	switch {
	case m.Reviewed:
		return "ok"
	case m.ReviewOverdue:
		return "overdue"
	}
	return "pending"
}

// ReviewText describes a meeting's review state.
func (p *Page) ReviewText(m *journal.Meeting) string {
	switch {
	case m.Reviewed && m.ReviewedAt.IsZero():
		return "✓ Notes reviewed"
	case m.Reviewed:
		return "✓ Notes reviewed on " + m.ReviewedAt.In(p.Site.Loc).Format("Mon 2 Jan 2006")
	case m.ReviewOverdue:
		return "⚠ Not reviewed — overdue since " + m.ReviewDue.In(p.Site.Loc).Format("Mon 2 Jan 2006, 15:04") + " (" + p.Ago(m.ReviewDue) + ")"
	}
	return "◔ Not reviewed yet — review by " + m.ReviewDue.In(p.Site.Loc).Format("Mon 2 Jan 2006, 15:04")
}

// Recap is the meeting's recap as Markdown, for the "Copy recap" button.
func (p *Page) Recap() string {
	if p.Site.Recap == nil || p.Meeting == nil {
		return ""
	}
	return p.Site.Recap(p.Meeting)
}

// Local returns t in the site's time zone.
func (p *Page) Local(t time.Time) time.Time { return t.In(p.Site.Loc) }

func tagSlug(t string) string { return journal.TagSlug(t) }

// shortDate formats YYYY-MM-DD as "Fri 27 Nov".
func shortDate(s string) string {
	t, ok := note.ParseDate(s)
	if !ok {
		return s
	}
	return t.Format("Mon 2 Jan")
}

var funcs = template.FuncMap{
	"date":      func(t time.Time) string { return t.Format("Mon 2 Jan 2006") },
	"datetime":  func(t time.Time) string { return t.Format("Mon 2 Jan 2006, 15:04") },
	"clock":     func(t time.Time) string { return t.Format("15:04") },
	"iso":       func(t time.Time) string { return t.Format(time.RFC3339) },
	"isodate":   func(t time.Time) string { return t.Format(time.DateOnly) },
	"shortdate": shortDate,
	"plural": func(n int, one, many string) string {
		if n == 1 {
			return fmt.Sprintf("%d %s", n, one)
		}
		return fmt.Sprintf("%d %s", n, many)
	},
	"status": func(s note.Status) string { return statusLabel[s] },
	"callout": func(kind string) CalloutInfo {
		if c, ok := Callouts[kind]; ok {
			return c
		}
		return CalloutInfo{"📌", kind}
	},
	"initials": initials,
	"hue":      hue,
	"add":      func(a, b int) int { return a + b },
	"duration": func(d time.Duration) string {
		switch {
		case d == time.Hour:
			return "1 hour"
		case d%time.Hour == 0:
			return fmt.Sprintf("%d hours", d/time.Hour)
		case d%time.Minute == 0 && d < time.Hour:
			return fmt.Sprintf("%d minutes", d/time.Minute)
		}
		return d.String()
	},
}

// render executes a page's template.
func (t *Theme) render(dst []byte, p *Page) ([]byte, error) {
	p.theme = t
	if p.Kind == "meeting" && t.fastMeetings() {
		return t.renderMeetingFast(dst, p)
	}
	tmpl := t.pages[p.Kind]
	if tmpl == nil {
		return nil, fmt.Errorf("theme has no layout for %q pages", p.Kind)
	}
	b := bytes.NewBuffer(dst)
	if p.Site.Keep {
		// Watch mode renders the long list pages again and again: start at
		// the size they had last time rather than growing to it.
		if n, ok := p.Site.sizes.Load(p.Path); ok {
			b.Grow(n.(int) + 512)
		}
	}
	if !t.noFast && t.BuiltIn(p.Kind) {
		if err := t.renderSpliced(b, tmpl, p); err != nil {
			return nil, fmt.Errorf("render %s: %w", p.Path, err)
		}
	} else if err := tmpl.ExecuteTemplate(b, "layouts/"+p.Kind+".html", p); err != nil {
		return nil, fmt.Errorf("render %s: %w", p.Path, err)
	}
	if p.Site.Keep {
		p.Site.sizes.Store(p.Path, b.Len())
	}
	return b.Bytes(), nil
}

// renderSpliced renders a built-in layout into a scratch buffer, noting
// where its lists of rows go, then writes it to b with the rows in place.
func (t *Theme) renderSpliced(b *bytes.Buffer, tmpl *template.Template, p *Page) error {
	scratch := rowBufs.Get().(*bytes.Buffer)
	defer rowBufs.Put(scratch)
	scratch.Reset()
	p.out, p.splices = scratch, p.splices[:0]
	defer func() { p.out = nil }()
	if err := tmpl.ExecuteTemplate(scratch, "layouts/"+p.Kind+".html", p); err != nil {
		return err
	}
	src, last := scratch.Bytes(), 0
	for _, sp := range p.splices {
		b.Write(src[last:sp.at])
		last = sp.at
		for _, a := range sp.actions {
			h, err := actionRow(p, a, sp.owner)
			if err != nil {
				return err
			}
			b.WriteString(string(h))
		}
		for _, m := range sp.meetings {
			h, err := meetingRow(p, m)
			if err != nil {
				return err
			}
			b.WriteString(string(h))
		}
	}
	b.Write(src[last:])
	return nil
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

func sortedActions(list []*journal.Action, open bool, f func(a, b *journal.Action) int) []*journal.Action {
	var out []*journal.Action
	for _, a := range list {
		if a.IsOpen() == open {
			out = append(out, a)
		}
	}
	slices.SortStableFunc(out, f)
	return out
}

func reversed(ms []*journal.Meeting) []*journal.Meeting {
	out := slices.Clone(ms)
	slices.Reverse(out)
	return out
}

// template_HTML marks a rendered note body as safe HTML. The body comes from
// goldmark without raw HTML and with URLs filtered, never from user text directly.
func template_HTML(b string) template.HTML { return template.HTML(b) }

func timeParseDate(s string) (time.Time, error) { return time.Parse(time.DateOnly, s) }

// Arguments of the theme's partials.
type (
	// ActionRow is the argument of the "action-row" partial.
	ActionRow struct {
		Page      *Page
		Action    *journal.Action
		ShowOwner bool
	}
	// ActionList is the argument of the "actions" partial.
	ActionList struct {
		Page      *Page
		List      []*journal.Action
		ShowOwner bool
		Empty     string
	}
	// MeetingRow is the argument of the "meeting-row" partial.
	MeetingRow struct {
		Page    *Page
		Meeting *journal.Meeting
	}
	// MeetingList is the argument of the "meetings" partial.
	MeetingList struct {
		Page  *Page
		List  []*journal.Meeting
		Empty string
	}
	// GroupArg is the argument of the "owner-group" template.
	GroupArg struct {
		Page  *Page
		Group *OwnerGroup
	}
	// PersonChip is the argument of the "person-chip" partial.
	PersonChip struct {
		Page   *Page
		Person *journal.Person
	}
)

func init() {
	funcs["actionRow"] = actionRow
	funcs["meetingRow"] = meetingRow
	funcs["actionRows"] = actionRows
	funcs["meetingRows"] = meetingRows
	funcs["alist"] = func(p *Page, l []*journal.Action, owner bool, empty string) ActionList {
		return ActionList{p, l, owner, empty}
	}
	funcs["mlist"] = func(p *Page, l []*journal.Meeting, empty string) MeetingList { return MeetingList{p, l, empty} }
	funcs["pchip"] = func(p *Page, per *journal.Person) PersonChip { return PersonChip{p, per} }
	funcs["openOf"] = func(l []*journal.Action) []*journal.Action { return sortedActions(l, true, byDue) }
}

// fragment renders the page's template name with data. With Site.Keep it
// renders it once per key, link root and extra, and keeps it.
func (p *Page) fragment(name string, key any, extra string, data any) (template.HTML, error) {
	k := fragKey{name, key, p.Root, extra}
	// A fragment is rendered into its own buffer: its lists are printed.
	if out := p.out; out != nil {
		p.out = nil
		defer func() { p.out = out }()
	}
	if p.Site.Keep {
		if v, ok := p.Site.frags.Load(k); ok {
			return v.(template.HTML), nil
		}
	}
	var b bytes.Buffer
	if name == "review-row" && !p.theme.noFast && p.theme.BuiltIn("review") {
		reviewRowFast(&b, p, data.(MeetingRow).Meeting)
	} else if name == "owner-group" && !p.theme.noFast && p.theme.BuiltIn("actions") {
		if err := ownerGroupFast(&b, p, data.(GroupArg).Group); err != nil {
			return "", err
		}
	} else if err := p.theme.pages[p.Kind].ExecuteTemplate(&b, name, data); err != nil {
		return "", err
	}
	h := template.HTML(b.String())
	if p.Site.Keep {
		p.Site.frags.Store(k, h)
		p.Site.kept(key, k)
	}
	return h, nil
}

// OwnerGroup renders an owner's group of actions with the page's
// "owner-group" template (the actions page).
func (p *Page) OwnerGroup(g *OwnerGroup) (template.HTML, error) {
	return p.fragment("owner-group", g.Owner, "", GroupArg{p, g})
}

// ReviewRow renders a meeting with the page's "review-row" template (the
// review queue), in Go when the theme keeps the built-in one.
func (p *Page) ReviewRow(m *journal.Meeting) (template.HTML, error) {
	return p.fragment("review-row", m, p.Ago(m.ReviewDue), MeetingRow{p, m})
}

// actionRow renders the "action-row" partial, once per action, link root and
// owner column in a build: the same open action appears on every later meeting
// page of its series, on its owner's page and on the actions page.
func actionRow(p *Page, a *journal.Action, owner bool) (template.HTML, error) {
	k := rowKey{action: a, root: p.Root, showOwner: owner}
	if h, ok := p.Site.rows.Load(k); ok {
		return h, nil
	}
	b := rowBufs.Get().(*bytes.Buffer)
	defer rowBufs.Put(b)
	b.Reset()
	if p.theme.fastMeetings() {
		actionRowFast(b, p, a, owner)
	} else if err := p.theme.pages[p.Kind].ExecuteTemplate(b, "action-row", ActionRow{p, a, owner}); err != nil {
		return "", err
	}
	h := template.HTML(b.String())
	p.Site.rows.Store(k, h)
	p.Site.kept(a, k)
	return h, nil
}

// actionRows is actionRow for each action of a list, joined: one template
// call for a list rather than one per row.
func actionRows(p *Page, l []*journal.Action, owner bool) (template.HTML, error) {
	if p.out != nil {
		p.splices = append(p.splices, splice{at: p.out.Len(), actions: l, owner: owner})
		return "", nil
	}
	rows := make([]template.HTML, len(l))
	n := 0
	for i, a := range l {
		h, err := actionRow(p, a, owner)
		if err != nil {
			return "", err
		}
		rows[i], n = h, n+len(h)
	}
	return joinHTML(rows, n), nil
}

// meetingRows is meetingRow for each meeting of a list, joined.
func meetingRows(p *Page, l []*journal.Meeting) (template.HTML, error) {
	if p.out != nil {
		p.splices = append(p.splices, splice{at: p.out.Len(), meetings: l})
		return "", nil
	}
	rows := make([]template.HTML, len(l))
	n := 0
	for i, m := range l {
		h, err := meetingRow(p, m)
		if err != nil {
			return "", err
		}
		rows[i], n = h, n+len(h)
	}
	return joinHTML(rows, n), nil
}

// joinHTML joins rows of n bytes in all.
func joinHTML(rows []template.HTML, n int) template.HTML {
	var b strings.Builder
	b.Grow(n)
	for _, r := range rows {
		b.WriteString(string(r))
	}
	return template.HTML(b.String())
}

// rowBufs are the buffers rows are rendered into before they are copied out
// at their size.
var rowBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

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

// meetingRow renders the "meeting-row" partial once per meeting and link root
// in a build: tag, person, month and series pages list the same meetings.
func meetingRow(p *Page, m *journal.Meeting) (template.HTML, error) {
	k := rowKey{meeting: m, root: p.Root}
	if h, ok := p.Site.rows.Load(k); ok {
		return h, nil
	}
	b := rowBufs.Get().(*bytes.Buffer)
	defer rowBufs.Put(b)
	b.Reset()
	if p.theme.fastMeetings() {
		meetingRowFast(b, p, m)
	} else if err := p.theme.pages[p.Kind].ExecuteTemplate(b, "meeting-row", MeetingRow{p, m}); err != nil {
		return "", err
	}
	h := template.HTML(b.String())
	p.Site.rows.Store(k, h)
	p.Site.kept(m, k)
	return h, nil
}
