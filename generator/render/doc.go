// Package render turns a linked journal into the pages of its site, with a
// theme's html/template layouts. This comment is the theme manual: it says
// what a layout receives and what it may rely on.
//
// # Themes
//
// The built-in theme is themes/default, embedded in the recap binary. A site
// with theme = "mine" in config.toml lays themes/mine/ (under the site root)
// over it, file by file: a file there replaces the built-in file of the same
// name, and every other file stays the built-in one. So a theme can be one
// changed layout.
//
//	layouts/base.html      the page frame; defines "base" and calls {{template "main" .}},
//	                       and {{block "head" .}} (empty) inside <head>
//	layouts/partials.html  shared pieces: "avatar", "person-chip", "action-row",
//	                       "actions", "agenda-actions", "meeting-row",
//	                       "meetings", "notes", "item-meta", "point-meta",
//	                       "series-due", "prio"
//	layouts/KIND.html      one per page kind; each calls {{template "base" .}}
//	                       and defines "main"
//	static/                copied to assets/ in the output
//
// The page kinds are home, meeting, note, notes, people, person, actions,
// tags, tag, serieslist, series, archive, month, review and 404. Every layout is parsed
// together with base.html and partials.html, so a template defined in any of
// them can be used from the others.
//
// # What a layout receives
//
// Every layout is executed with a *Page as ".":
//
//	.Site   the journal-wide values: .Title, .Me (a *Person, or nil when
//	        config.toml sets no me), .Today ("2026-11-30"), .Date
//	        ("Mon 30 Nov 2026"), .Counts (.Meetings .People .Actions .Open
//	        .Overdue .Unreviewed .ReviewOverdue) and .ReviewWithin ("24 hours")
//	.Kind   the page kind
//	.Title  the page's title
//	.Path   its file in the output, "people/dev/index.html"
//	.Root   the relative path from the page to the site root, "../../"
//
// and, by kind:
//
//	meeting     .Meeting (*MeetingPage) and .Body, the rendered notes (HTML)
//	note        a page (a note without a date): .Meeting (*MeetingPage, with
//	            .Page true and no date, review or series) and .Body
//	notes       .Notes: every page, by source
//	person      .Person (*PersonPage): .Agenda first, then the rest
//	tag         .Tag (*TagPage) and .Meetings, newest first
//	series      .Series (*SeriesPage, with .Due: its cadence, next due day
//	            and lateness) and .Meetings, newest first
//	month       .Month (*Month) and .Meetings, newest first
//	review      .Meetings: the unreviewed meetings, oldest first
//	home        .Home (*Home), with .Late: the late series
//	actions     .Groups ([]*OwnerGroup): each owner's actions
//	people      .People ([]*PersonCard)
//	tags        .Tags ([]*TagCard)
//	serieslist  .SeriesList ([]*SeriesCard)
//	archive     .Months ([]*Month), newest first
//
// The types of these fields, documented below, hold only values: strings
// already formatted (dates in the site's time zone, "3 days late", "due
// tomorrow", "review overdue"), numbers, booleans and other such values. A
// layout reads fields; it needs no methods. Views link to each other only
// where a page shows the other thing (an action's owner, a meeting's
// people), never back to the whole journal.
//
// # Agendas, talking points and late series
//
// A person's page opens with their agenda (PersonPage.Agenda, the journal's
// Agenda as views): the talking points (*Point) and topics to raise, the
// open actions each side owes, when you last met and, in .Series
// (*SeriesDue), the series' cadence, next due day and whether it is late.
// Every open action the person owns is in .Agenda.TheyOwe and in no other
// list of the page. On a meeting or note page, .Meeting.Points are the
// talking points the note writes as such ("- [?] …"), each with the point
// as it stands now; they are never in .Meeting.Items, which are action
// items only. In .Body a "[?]" checkbox is a span of class "task
// task-point" labelled "talking point"; a carried copy ticked "[x]" or
// "[-]" shows as done or cancelled.
//
// # Action items in the notes
//
// .Body draws each item of the note where it is written, so that a meeting
// page shows each action once. A task item's list item is the row,
// <li class="item st-STATUS" id="L<line>"> ("item point" for a talking
// point), its list is <ul class="task-list">, and its text leaves out the
// field tokens (markdown.Field: dates, priority, id, owner fields) and a
// leading @mention of its owner. Where the item's first line ends, the page
// executes the "item-meta" partial (.Page, .Item: the *Item of
// .Meeting.Items on that line) or "point-meta" (.Page, .Point: the
// *PointItem of .Meeting.Points): the item as it stands now, which changes
// without the note changing, so it is filled in for each page while the
// rest of the body is rendered once per note. Like a row, each is rendered
// once per build, state and link root, and reused for the same action
// carried into other meetings: the partials may use only their arguments
// and .Page.Root. An item written as prose
// ("Action item: …") gets "item-meta" too, with .Item.Prose set: its meta
// carries the id. A theme restyles the rows by overriding those partials.
//
// The home page's .Home.Late are the series that are late and have not
// ended: a series has ended when its latest meeting is more than EndedAfter
// (5) cadences before today (a weekly 1:1 whose last meeting was six weeks
// ago is over, not late). The list is empty, and the default theme shows
// nothing, when no series is late.
//
// # Links
//
// Every URL in a view is relative to the site root and names a file:
// "people/dev/index.html", "2026/2026-11-17-dev/index.html#L34". Write links
// as {{.Root}}{{.URL}} (or {{$.Root}} inside a range), so that they work
// when the site is opened from disk and when it is served under a subpath.
// Theme files are at {{.Root}}assets/NAME.
//
// # Functions
//
// Besides html/template's built-ins, layouts may call:
//
//	plural N ONE MANY        "1 meeting", "3 meetings"
//	add A B                  A+B
//	alist PAGE LIST OWNER EMPTY
//	                         the argument of the "actions" partial: a list of
//	                         *Action, whether rows show the owner, and the text
//	                         shown when the list is empty
//	mlist PAGE LIST EMPTY    the argument of the "meetings" partial
//	view PAGE NAME VIEW      the partial NAME rendered with .Page and .View:
//	                         "person-chip", "owner-link", "mini-person" and
//	                         "tag-link" show a *Person or a *Tag
//	frame PAGE NAME          the partial NAME rendered with .Page: base.html's
//	                         "frame-top" and "frame-bottom"
//	actionRows PAGE LIST     every action of LIST rendered with the
//	                         "action-row" partial (arguments .Page, .Action)
//	meetingRows PAGE LIST    every meeting of LIST rendered with the
//	                         "meeting-row" partial (arguments .Page, .Meeting)
//
// actionRows, meetingRows and view render each row or partial once per
// build, view and link root, and reuse it on every page that shows it: an
// open action is a row on every later meeting page of its series, on its
// owner's page and on the actions page; a person's chip is on every meeting
// page they attended. frame renders once per build, page kind and link
// root. So these partials may use only their arguments and .Page.Root (and,
// for a frame, .Page.Kind and .Page.Site), not other fields of the page.
//
// # Escaping
//
// html/template escapes every value by its context. The one value that is
// HTML is .Body, the rendered notes, which never contain raw HTML from a
// note other than a few bare tags (sup, sub, kbd, br, mark, del, ins, s, u,
// small, abbr, details, summary) or a link with a scheme other than http,
// https, mailto and tel.
//
// # When pages are rendered again
//
// Watch mode (recap serve, recap build --watch) renders a page again when
// the data its layout receives changed: each page's data has a fingerprint
// of every field reachable from its *Page (Theme.Fingerprint), the .Site
// values included. A theme can therefore show anything it receives, a
// journal-wide count on every meeting page included, and never show stale
// data after an edit. The one economy: .Site.Counts is left out of the
// fingerprints of a page kind whose templates never name a field Counts nor
// take .Site whole, so ticking an item does not render every meeting page
// again when they do not show the counts. A change to a theme file rebuilds
// the whole site.
//
// # Relative dates
//
// Texts relative to the build's today are wrong when a page is read days
// later, so the default theme wraps each in an element with its absolute
// date, keeps the build's text inside as the fallback without JavaScript,
// and recap.js rewrites it on load, with today in .Site.TZ (on <html
// data-tz>), in the wording of ago and dueLabel:
//
//	<span data-rel="due" data-date="2026-11-20">3 days late</span>   an open action's When (Action.DueRel)
//	<span data-rel="ago" data-date="2026-11-20">7 days ago</span>    Meeting.Ago (DateISO), Action.DueIn
//	<span data-rel="review" data-date="RFC 3339" data-due="RFC 3339">to review</span>
//	<span data-rel="today" data-date="2026-11-30">Mon 30 Nov 2026</span>  Site.Date: becomes the day it is read
//	<span data-rel="today-iso" data-date="2026-11-30">2026-11-30</span>  Site.Today: the same
//
// A due label with class "due" also gets "⚠ " and class overdue once its day
// has passed, and its row (li.action, li.ag-item) class is-overdue. A review
// pill is hidden while its meeting (Meeting.Future) is after now: nothing is
// to review, or overdue for review, before it happens.
//
// What is shown or not as time passes is printed in both states, the one
// not true at the build hidden:
//
//	data-from="D"     shown once D has come (a day, YYYY-MM-DD, or an RFC 3339 instant)
//	data-until="D"    shown until D has come
//	data-show-any     shown while a data-from or data-until element inside it is
//
// a series' "Late · due D" (SeriesDue.LateFrom) and "next due D" (the
// "series-due" partial), the home page's late series (.Home.Upcoming are
// printed hidden), a meeting page's review state, and the review queue's
// meetings still to come. Counts are recounted from assets/site-data.js
// (SiteData): data-count="overdue" (or unreviewed, reviewOverdue, open, …)
// prints the count, a badge is hidden at zero, data-count-any="NAME" is
// hidden at zero, and data-flag="NAME" data-flag-class="C" toggles class C
// while the count is above zero.
package render
