package render

import (
	"bytes"
	"fmt"
	"io/fs"
	"strconv"
	"strings"

	"github.com/recapjournal/recap/generator/journal"
)

// Meeting pages are 97% of a journal's pages, and html/template spends about
// a microsecond of reflection on every action of a template. For the built-in
// meeting layout, recap therefore writes the "main" block in Go; the page
// frame (base.html) still comes from the templates, rendered once per link
// root and cut at two markers. A test
// renders every meeting of several journals both ways and requires identical
// bytes. A theme that overrides layouts/base.html, layouts/meeting.html or
// layouts/partials.html gets the template path for every page.

const (
	titleMarker = "RECAPTITLEMARKER"
	mainMarker  = "RECAPMAINMARKER"
)

// frame is a meeting page around its title and its main block.
type frame struct{ pre, mid, post string }

// BuiltIn reports whether the theme leaves the layouts of these kinds of
// pages, and the base and partials they use, as they are built in: then
// their pages show only what the built-in ones do.
func (t *Theme) BuiltIn(kinds ...string) bool {
	if t.fs.top == nil {
		return true
	}
	key := strings.Join(kinds, " ")
	if v, ok := t.builtIn.Load(key); ok {
		return v.(bool)
	}
	built := true
	for _, name := range append([]string{"partials", "base"}, kinds...) {
		if _, err := fs.Stat(t.fs.top, "layouts/"+name+".html"); err == nil {
			built = false
		}
	}
	t.builtIn.Store(key, built)
	return built
}

// fastMeetings reports whether the theme leaves the meeting layout built in.
func (t *Theme) fastMeetings() bool {
	return !t.noFast && t.BuiltIn("meeting")
}

func (t *Theme) meetingFrame(s *Site, root string) (frame, error) {
	if v, ok := s.frames.Load(root); ok {
		return v.(frame), nil
	}
	var b bytes.Buffer
	p := &Page{Site: s, Kind: "meeting", Title: titleMarker, Root: root, theme: t}
	if err := t.frame.ExecuteTemplate(&b, "layouts/meeting.html", p); err != nil {
		return frame{}, err
	}
	out := b.String()
	i, j := strings.Index(out, titleMarker), strings.Index(out, mainMarker)
	if i < 0 || j < i || strings.Count(out, titleMarker) != 1 || strings.Count(out, mainMarker) != 1 {
		return frame{}, fmt.Errorf("theme: base.html must show the page title once and the main block once")
	}
	f := frame{pre: out[:i], mid: out[i+len(titleMarker) : j], post: out[j+len(mainMarker):]}
	s.frames.Store(root, f)
	return f, nil
}

// esc escapes text and quoted attribute values exactly as html/template does.
func esc(b *bytes.Buffer, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var r string
		switch s[i] {
		case 0:
			r = "\uFFFD"
		case '"':
			r = "&#34;"
		case '&':
			r = "&amp;"
		case '\'':
			r = "&#39;"
		case '+':
			r = "&#43;"
		case '<':
			r = "&lt;"
		case '>':
			r = "&gt;"
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(r)
		last = i + 1
	}
	b.WriteString(s[last:])
}

// renderMeetingFast writes a meeting page like layouts/meeting.html does.
func (t *Theme) renderMeetingFast(dst []byte, p *Page) ([]byte, error) {
	p.theme = t
	f, err := t.meetingFrame(p.Site, p.Root)
	if err != nil {
		return nil, err
	}
	m := p.Meeting
	b := bytes.NewBuffer(dst)
	b.Grow(len(f.pre) + len(f.mid) + len(f.post) + len(p.Body) + 4096)
	b.WriteString(f.pre)
	esc(b, p.Title)
	b.WriteString(f.mid)
	w := b.WriteString
	e := func(s string) { esc(b, s) }

	w("<article class=\"meeting\">\n<header class=\"meeting-head\">")
	if s := m.Series; s != nil {
		w("\n<p class=\"kicker\"><a href=\"")
		e(p.SeriesURL(s))
		w("\">")
		e(s.Title())
		w("</a> · meeting ")
		w(strconv.Itoa(m.SeriesIndex + 1))
		w("</p>")
	}
	w("\n<h1>")
	e(m.Title)
	w("</h1>\n<p class=\"when\"><time datetime=\"")
	e(m.Date.Format("2006-01-02T15:04:05Z07:00"))
	w("\">")
	e(p.MeetingWhen(m))
	w("</time> <span class=\"muted\">· ")
	e(p.Ago(m.Date))
	w("</span></p>")
	if len(m.People) > 0 {
		w("\n<p class=\"people-line\"><span class=\"sr\">Attendees:</span>")
		for _, per := range m.People {
			w("<a class=\"chip person\" href=\"")
			e(p.PersonURL(per))
			w("\">")
			avatar(b, per)
			e(per.Name)
			w("</a>")
		}
		w("</p>")
	}
	if len(m.Tags) > 0 {
		w("\n<p class=\"tags-line\"><span class=\"sr\">Tags:</span>")
		for _, tg := range m.Tags {
			w("<a class=\"tag\" href=\"")
			e(p.TagURL(tg))
			w("\">#")
			e(tg)
			w("</a>")
		}
		w("</p>")
	}
	w("\n<div class=\"review-state ")
	e(p.ReviewClass(m))
	w("\" role=\"status\">")
	e(p.ReviewText(m))
	w("</div>")
	if r := p.Recap(); r != "" {
		w("\n<div class=\"share-bar\"><button type=\"button\" class=\"btn\" data-copy-recap hidden>Copy recap</button><button type=\"button\" class=\"btn\" data-download-recap hidden>Download recap.md</button><span class=\"share-status\" role=\"status\" aria-live=\"polite\"></span></div>\n<textarea id=\"recap-md\" class=\"recap-source\" hidden readonly aria-label=\"Recap as Markdown\">")
		e(r)
		w("</textarea>")
	}
	w("\n</header>")
	if len(m.Occurrences) > 0 {
		w("\n<section class=\"panel\" aria-labelledby=\"h-items\">\n<h2 id=\"h-items\">Action items <span class=\"muted\">(")
		w(strconv.Itoa(len(m.Occurrences)))
		w(")</span></h2>\n<ul class=\"actions\">")
		for _, o := range m.Occurrences {
			a := o.Action
			w("\n<li class=\"action")
			if a.Overdue {
				w(" is-overdue")
			}
			w(" st-")
			e(string(a.Status))
			w("\"><span class=\"task task-")
			e(string(a.Status))
			w("\" role=\"img\" aria-label=\"")
			e(statusLabel[a.Status])
			w("\"></span><div class=\"action-main\"><a class=\"action-text\" href=\"#L")
			w(strconv.Itoa(o.Line))
			w("\">")
			e(o.Text)
			w("</a><div class=\"action-meta\">")
			writeOwner(b, p, a)
			writeWhen(b, p, a)
			writeStatus(b, a)
			if o.Status != a.Status {
				w("<span class=\"muted\">(")
				e(statusLabel[o.Status])
				w(" here")
				if l := a.Latest(); l.Meeting != m {
					w(", <a href=\"")
					e(p.OccurrenceURL(l))
					w("\">latest in ")
					e(l.Meeting.Title)
					w("</a>")
				}
				w(")</span>")
			}
			writePriority(b, a)
			w("</div></div></li>")
		}
		w("\n</ul>\n</section>")
	}
	if len(m.OpenFromEarlier) > 0 {
		w("\n<section class=\"panel earlier\" aria-labelledby=\"h-earlier\">\n<h2 id=\"h-earlier\">Open from earlier <span class=\"muted\">(")
		w(strconv.Itoa(m.OpenFromEarlierCount))
		w(")</span></h2>\n<p class=\"hint\">Open actions of this series from earlier meetings that these notes do not list.</p>\n<ul class=\"actions\">")
		for _, a := range m.OpenFromEarlier {
			row, err := actionRow(p, a, true)
			if err != nil {
				return nil, err
			}
			w(string(row))
		}
		w("</ul>")
		if m.OpenFromEarlierCount > len(m.OpenFromEarlier) {
			w("\n<p class=\"more\"><a href=\"")
			e(p.SeriesURL(m.Series))
			w("\">All open actions of the series →</a></p>")
		}
		w("\n</section>")
	}
	w("\n<div class=\"prose\">")
	w(string(p.Body))
	w("</div>")
	if m.Series != nil {
		w("\n<nav class=\"pager\" aria-label=\"Series\">")
		if n := m.Prev; n != nil {
			w("<a class=\"prev\" href=\"")
			e(p.MeetingURL(n))
			w("\" rel=\"prev\"><span class=\"muted\">← Previous</span><span>")
			e(n.Title)
			w("</span><span class=\"muted\">")
			e(n.Date.In(p.Site.Loc).Format("Mon 2 Jan 2006"))
			w("</span></a>")
		} else {
			w("<span></span>")
		}
		if n := m.Next; n != nil {
			w("<a class=\"next\" href=\"")
			e(p.MeetingURL(n))
			w("\" rel=\"next\"><span class=\"muted\">Next →</span><span>")
			e(n.Title)
			w("</span><span class=\"muted\">")
			e(n.Date.In(p.Site.Loc).Format("Mon 2 Jan 2006"))
			w("</span></a>")
		}
		w("</nav>")
	}
	w("\n<p class=\"source muted\">Source: <code>")
	e(m.Source)
	w("</code></p>\n</article>\n")
	b.WriteString(f.post)
	return b.Bytes(), nil
}

// avatar writes the "avatar" partial.
func avatar(b *bytes.Buffer, per *journal.Person) {
	b.WriteString("<span class=\"avatar\" style=\"--h: ")
	b.WriteString(strconv.Itoa(hue(per.ID)))
	b.WriteString("\" aria-hidden=\"true\">")
	esc(b, initials(per.Name))
	b.WriteString("</span>")
}

// actionRowFast writes the "action-row" partial.
func actionRowFast(b *bytes.Buffer, p *Page, a *journal.Action, showOwner bool) {
	w := b.WriteString
	e := func(s string) { esc(b, s) }
	w("\n<li class=\"action")
	if a.Overdue {
		w(" is-overdue")
	}
	w(" st-")
	e(string(a.Status))
	w("\"><span class=\"task task-")
	e(string(a.Status))
	w("\" role=\"img\" aria-label=\"")
	e(statusLabel[a.Status])
	w("\"></span><div class=\"action-main\"><a class=\"action-text\" href=\"")
	url := p.ActionURL(a)
	e(url)
	w("\">")
	e(a.Text)
	w("</a><div class=\"action-meta\">")
	if showOwner {
		writeOwner(b, p, a)
	}
	writeWhen(b, p, a)
	if a.Status != "open" {
		writeStatus(b, a)
	}
	writePriority(b, a)
	for _, t := range a.Tags {
		w("<a class=\"tag\" href=\"")
		e(p.TagURL(t))
		w("\">#")
		e(t)
		w("</a>")
	}
	m := a.Latest().Meeting
	w("<a class=\"from\" href=\"")
	e(url)
	w("\">")
	e(m.Title)
	w(" · ")
	e(shortDate(m.Date.In(p.Site.Loc).Format("2006-01-02")))
	w("</a>")
	if n := len(a.Occurrences); n > 1 {
		w("<span class=\"carried\" title=\"carried across ")
		w(strconv.Itoa(n))
		w(" meetings\">↻ ")
		w(strconv.Itoa(n))
		w("</span>")
	}
	w("</div></div></li>")
}

// meetingRowFast writes the "meeting-row" partial.
func meetingRowFast(b *bytes.Buffer, p *Page, m *journal.Meeting) {
	w := b.WriteString
	e := func(s string) { esc(b, s) }
	t := m.Date.In(p.Site.Loc)
	w("\n<li class=\"meeting-row\"><time class=\"when\" datetime=\"")
	e(m.Date.Format("2006-01-02T15:04:05Z07:00"))
	w("\"><span class=\"d\">")
	e(t.Format("2"))
	w("</span><span class=\"m\">")
	e(t.Format("Jan"))
	w("</span></time><div class=\"meeting-main\"><a class=\"meeting-title\" href=\"")
	e(p.MeetingURL(m))
	w("\">")
	e(m.Title)
	w("</a><div class=\"meeting-meta\"><span>")
	e(p.RowWhen(m))
	w("</span>")
	for _, per := range m.People {
		w("<a class=\"mini-person\" href=\"")
		e(p.PersonURL(per))
		w("\">")
		e(per.Name)
		w("</a>")
	}
	for _, tg := range m.Tags {
		w("<a class=\"tag\" href=\"")
		e(p.TagURL(tg))
		w("\">#")
		e(tg)
		w("</a>")
	}
	if n := len(m.Occurrences); n > 0 {
		w("<span class=\"count\">")
		if n == 1 {
			w("1 action")
		} else {
			w(strconv.Itoa(n) + " actions")
		}
		w("</span>")
	}
	if !m.Reviewed {
		if m.ReviewOverdue {
			w("<span class=\"review-pill overdue\">review overdue</span>")
		} else {
			w("<span class=\"review-pill\">to review</span>")
		}
	}
	w("</div></div></li>")
}

// writeOwner writes an action's owner link, or "Unassigned".
// ownerGroupFast writes the built-in "owner-group" template of
// actions.html, with its rows from actionRow.
func ownerGroupFast(b *bytes.Buffer, p *Page, g *OwnerGroup) error {
	w := b.WriteString
	e := func(s string) { esc(b, s) }
	name := "Unassigned"
	if g.Owner != nil {
		name = g.Owner.Name
	}
	w("\n<section class=\"card owner-group\" id=\"")
	e(g.GroupID())
	w("\" aria-label=\"")
	e(name)
	w("\">\n  <h2>")
	if g.Owner != nil {
		w("<a href=\"")
		e(p.PersonURL(g.Owner))
		w("\">")
		avatar(b, g.Owner)
		e(g.Owner.Name)
		w("</a>")
	} else {
		w("Unassigned")
	}
	w(" <span class=\"muted\">(")
	w(strconv.Itoa(g.Total()))
	w(" open")
	if g.Overdue != 0 {
		w(", " + strconv.Itoa(g.Overdue) + " overdue")
	}
	w(")</span></h2>\n  ")
	list := func(l []*journal.Action, empty string) error {
		if len(l) == 0 {
			w("<p class=\"empty\">")
			e(empty)
			w("</p>")
			return nil
		}
		w("<ul class=\"actions\">")
		for _, a := range l {
			h, err := actionRow(p, a, false)
			if err != nil {
				return err
			}
			w(string(h))
		}
		w("</ul>")
		return nil
	}
	if err := list(g.Open, "Nothing open."); err != nil {
		return err
	}
	w("\n  ")
	more := func(n int, what string) {
		w("<p class=\"more\">")
		if g.Owner != nil {
			w("<a href=\"")
			e(p.PersonURL(g.Owner))
			w("\">" + strconv.Itoa(n) + " " + what + " on ")
			e(g.Owner.Name)
			w("'s page →</a>")
		}
	}
	if g.OpenMore != 0 {
		more(g.OpenMore, "more open")
		if g.Owner == nil {
			w(strconv.Itoa(g.OpenMore) + " more unassigned")
		}
		w("</p>")
	}
	w("\n  ")
	if len(g.Closed) > 0 {
		w("<details class=\"closed\"><summary>Done and cancelled (")
		w(strconv.Itoa(len(g.Closed) + g.ClosedMore))
		w(")</summary>")
		if err := list(g.Closed, ""); err != nil {
			return err
		}
		if g.ClosedMore != 0 {
			more(g.ClosedMore, "older")
			if g.Owner == nil {
				w("and " + strconv.Itoa(g.ClosedMore) + " older")
			}
			w("</p>")
		}
		w("</details>")
	}
	w("\n</section>\n")
	return nil
}

// reviewRowFast writes the built-in "review-row" template of review.html.
func reviewRowFast(b *bytes.Buffer, p *Page, m *journal.Meeting) {
	w := b.WriteString
	e := func(s string) { esc(b, s) }
	w("\n  <li class=\"")
	if m.ReviewOverdue {
		w("overdue")
	}
	w("\">\n    <a href=\"")
	e(p.MeetingURL(m))
	w("\">")
	e(m.Title)
	w("</a>\n    <span class=\"muted\">")
	e(p.Local(m.Date).Format("Mon 2 Jan 2006, 15:04"))
	w("</span>\n    ")
	if m.ReviewOverdue {
		w("<span class=\"review-pill overdue\">overdue ")
	} else {
		w("<span class=\"review-pill\">due ")
	}
	e(p.Ago(m.ReviewDue))
	w("</span>\n    <code class=\"muted\">")
	e(m.Source)
	w("</code>\n  </li>")
}

func writeOwner(b *bytes.Buffer, p *Page, a *journal.Action) {
	if a.Owner == nil {
		b.WriteString("<span class=\"owner none\">Unassigned</span>")
		return
	}
	b.WriteString("<a class=\"owner\" href=\"")
	esc(b, p.PersonURL(a.Owner))
	b.WriteString("\">")
	avatar(b, a.Owner)
	esc(b, a.Owner.Name)
	b.WriteString("</a>")
}

// writeWhen writes an action's due or done date, if it has one.
func writeWhen(b *bytes.Buffer, p *Page, a *journal.Action) {
	when := p.When(a)
	if when == "" {
		return
	}
	b.WriteString("<span class=\"due")
	if a.Overdue {
		b.WriteString(" overdue")
	}
	b.WriteString("\">")
	if a.Overdue {
		b.WriteString("⚠ ")
	}
	esc(b, when)
	b.WriteString("</span>")
}

// writeStatus writes the "status" partial.
func writeStatus(b *bytes.Buffer, a *journal.Action) {
	b.WriteString("<span class=\"status status-")
	esc(b, string(a.Status))
	b.WriteString("\">")
	esc(b, statusLabel[a.Status])
	b.WriteString("</span>")
}

// writePriority writes an action's priority, if it has one.
func writePriority(b *bytes.Buffer, a *journal.Action) {
	if a.Priority == "" {
		return
	}
	b.WriteString("<span class=\"prio prio-")
	esc(b, a.Priority)
	b.WriteString("\">")
	esc(b, a.Priority)
	b.WriteString("</span>")
}
