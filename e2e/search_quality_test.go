package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp/kb"
)

// searchResult is one result of window.recapSearch.query: what the search
// dialog shows for it.
type searchResult struct {
	Kind    string   `json:"kind"`
	Href    string   `json:"href"`
	Title   string   `json:"title"`
	Sub     string   `json:"sub"`
	Excerpt string   `json:"excerpt"`
	Marked  []string `json:"marked"`
	Score   float64  `json:"score"`
}

// searchAnswer is what window.recapSearch.query resolves to.
type searchAnswer struct {
	Total      int            `json:"total"`
	Suggestion string         `json:"suggestion"`
	Results    []searchResult `json:"results"`
}

// ask runs a query with the page's own search (the theme's search.js, as the
// dialog ranks it) and returns what it finds.
func (p *page) ask(q string) searchAnswer {
	p.t.Helper()
	var a searchAnswer
	p.eval(fmt.Sprintf(`window.recapSearch.query(%q)`, q), &a)
	return a
}

// qualityCase is a query and the result it must find among the first top
// (3 unless set): a result of kind whose link has want and whose title has
// title.
type qualityCase struct {
	q, kind, want, title string
	top                  int
	why                  string
}

// rank returns the place (from 1) of the case's result in a, 0 when it is not
// among the first top.
func (c qualityCase) rank(a searchAnswer) int {
	top := c.top
	if top == 0 {
		top = 3
	}
	for i, r := range a.Results {
		if i >= top {
			break
		}
		if r.Kind == c.kind && strings.Contains(r.Href, c.want) && strings.Contains(r.Title, c.title) {
			return i + 1
		}
	}
	return 0
}

// check runs the case's query in p and reports whether it finds its result,
// logging where.
func (c qualityCase) check(t *testing.T, p *page) bool {
	t.Helper()
	a := p.ask(c.q)
	if n := c.rank(a); n > 0 {
		t.Logf("ok   %-28q #%d %s %s%s (%s)", c.q, n, c.kind, c.want, c.title, c.why)
		return true
	}
	var got []string
	for i, r := range a.Results {
		if i >= 5 {
			break
		}
		got = append(got, fmt.Sprintf("%s %q %s (%.2f)", r.Kind, r.Title, r.Href, r.Score))
	}
	t.Errorf("%q (%s): want %s %s%s in the top %d; %d results, first:\n\t%s", c.q, c.why, c.kind, c.want, c.title, max(c.top, 3), a.Total, strings.Join(got, "\n\t"))
	return false
}

// futureAgenda is a 1:1 with Dev a week after the tests' build time, made
// ahead with only its agenda: the talking points carried from 17 November.
const futureAgenda = `+++
title = "1:1 Dev"
date = 2026-12-01T14:30:00
attendees = ["sam", "dev"]
tags = ["1on1", "promotion"]
+++

## Open from earlier

- [?] Read-replica work for the data team in Q1: still keen, now calibration is over? ⏳ 2026-12-08
- [?] Would Dev pair with Lena on her first incident write-up?

## Notes

`

const meetingFuture = "2026/2026-12-01-dev-1on1/index.html"

// sampleWithFuture copies the sample journal (config.toml and content/)
// into a temporary folder and adds futureAgenda.
func sampleWithFuture(t *testing.T) string {
	t.Helper()
	root := filepath.Join(t.TempDir(), "journal")
	if err := os.CopyFS(filepath.Join(root, "content"), os.DirFS(filepath.Join("..", "content"))); err != nil {
		t.Fatal(err)
	}
	cfg, err := os.ReadFile(filepath.Join("..", "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	writeFiles(t, root, map[string]string{"config.toml": string(cfg), "content/2026/2026-12-01-dev-1on1.md": futureAgenda})
	return root
}

// writeFiles writes files (by slash-separated path) under root.
func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// sampleQueries are 30 queries a reader of the sample journal might type,
// with the result each must find in its first three: names, typos, dates as
// written and in the usual forms, versions, topics and action items.
var sampleQueries = []qualityCase{
	{q: "priya", kind: "person", want: "people/priya/index.html", why: "a name"},
	{q: "pryia", kind: "person", want: "people/priya/index.html", why: "a name with two letters swapped"},
	{q: "devp", kind: "person", want: "people/dev/index.html", why: "an alias"},
	{q: "promtion", kind: "tag", want: "tags/promotion/index.html", why: "a typo: one letter missing"},
	{q: "draft runbok", kind: "action", want: "2026/2026-10-20-dev-1on1/index.html#L32", why: "a typo in an action's word"},
	{q: "postgress upgrade", kind: "action", want: "2026/2026-10-20-dev-1on1/index.html#L32", why: "a typo and a word"},
	{q: "PG16", kind: "tag", want: "tags/pg16/index.html", why: "a version, as a tag"},
	{q: "pg16 cutover", kind: "meeting", want: "topics/cutover-weekend-cover/index.html", why: "a version and a word, a page's title"},
	{q: "postgres 13 cluster", kind: "action", want: "2026/2026-11-23-platform-weekly/index.html#L26", why: "a release by number"},
	{q: "postgres 16", kind: "meeting", want: "2026/2026-11-16-platform-weekly/index.html", why: "a release by number, in a snippet"},
	{q: "v2", kind: "meeting", want: "2026/2026-11-11-priya-1on1/index.html", why: "a short version"},
	{q: "2026-11-17", kind: "meeting", want: meetingDev, why: "an ISO date: the meeting of the day"},
	{q: "17 Nov", kind: "meeting", want: meetingDev, why: "day and month"},
	{q: "Nov 18", kind: "meeting", want: meetingHiring, why: "month and day"},
	{q: "18th November 2026", kind: "meeting", want: meetingHiring, why: "a long date"},
	{q: "14 November", kind: "meeting", want: "2026/2026-10-26-platform-weekly/index.html", why: "a date written in a note (the cutover decision)"},
	{q: "17 October", kind: "meeting", want: "2026/2026-10-21-incident-review-webhooks/index.html", why: "a date in a title and a summary"},
	{q: "screenshot", kind: "meeting", want: meetingDev, why: "a word of the text only"},
	{q: "growing others", kind: "action", want: meetingDev + "#L34", why: "an action's text"},
	{q: "marco pager", kind: "action", want: "2026/2026-10-26-platform-weekly/index.html#L45", why: "owner and action text"},
	{q: "webhook incident", kind: "meeting", want: "2026/2026-10-21-incident-review-webhooks/index.html", why: "title words, one in the plural"},
	{q: "webhookctl", kind: "action", want: "2026/2026-10-21-incident-review-webhooks/index.html#L74", why: "a command's name"},
	{q: "incident commander", kind: "meeting", want: topicIC, why: "a page (a note without a date)"},
	{q: "offsite", kind: "meeting", want: "topics/team-offsite/index.html", why: "a page's title"},
	{q: "hiring debrief", kind: "meeting", want: meetingHiring, why: "a title"},
	{q: "tariq", kind: "meeting", want: meetingHiring, why: "a mentioned name"},
	{q: "read replica", kind: "meeting", want: meetingDev, why: "a talking point: the meeting that raised it, not the agenda to come"},
	{q: "sre req", kind: "meeting", want: "2026/2026-11-19-jo-1on1/index.html", why: "a talking point ticked later: no action"},
	{q: "signing bonus", kind: "meeting", want: "2026/2026-11-19-jo-1on1/index.html", why: "two words of the text"},
	{q: "status page maintenance", kind: "action", want: "2026/2026-11-02-platform-weekly/index.html#L49", why: "an action's words in another order"},
}

// TestSearchQuality runs sampleQueries in the sample journal, as built and
// searched in headless Chromium by the theme's search.js, with a 1:1 to come
// that has only its agenda (futureAgenda): each must find its result in its
// first three. It checks also what the ranking promises around them: the
// agenda to come below the meetings that took place, talking points not as
// actions, versions and numbers not as the start of other numbers.
func TestSearchQuality(t *testing.T) {
	if len(sampleQueries) != 30 {
		t.Fatalf("%d sample queries, want 30", len(sampleQueries))
	}
	bin := needBrowser(t)
	out := buildSite(t, sampleWithFuture(t))
	bctx := newBrowser(t, bin)
	p := newPage(t, bctx, serveFile(out))
	p.open("index.html")
	found := 0
	for _, c := range sampleQueries {
		if c.check(t, p) {
			found++
		}
	}
	t.Logf("%d of %d queries found their result in the first three", found, len(sampleQueries))

	// The agenda to come does not outrank the meetings that took place.
	for _, q := range []string{"read replica", "calibration", "dev promotion", "1:1 dev", "incident write-up"} {
		a := p.ask(q)
		past := -1
		for i, r := range a.Results {
			if strings.HasSuffix(r.Href, meetingFuture) {
				if past < 0 {
					t.Errorf("%q: the meeting to come (%s) is before any that took place", q, r.Sub)
				}
				break
			}
			if r.Kind == "meeting" && past < 0 {
				past = i
			}
		}
	}
	// Talking points are not actions.
	for _, q := range []string{"read replica", "sre req", "incident write-up calibration", "second sre req"} {
		for _, r := range p.ask(q).Results {
			if r.Kind == "action" && (strings.Contains(strings.ToLower(r.Title), "read-replica") || strings.Contains(r.Title, "SRE req") || strings.Contains(r.Title, "write-up?")) {
				t.Errorf("%q: the talking point %q is an action", q, r.Title)
			}
		}
	}
	// A number or version is not the start of another: 13 is not 2026-11-13
	// (a date) nor 130.
	for _, r := range p.ask("13").Results {
		if r.Kind == "action" && !strings.Contains(r.Title, "13") {
			t.Errorf(`"13" finds %q, which has no 13`, r.Title)
		}
	}
	// Matched words are marked, typos too; a meeting shows its snippet.
	a := p.ask("promtion packet")
	if len(a.Results) == 0 || !containsFold(a.Results[0].Marked, "promotion") || !containsFold(a.Results[0].Marked, "packet") {
		t.Errorf(`"promtion packet": the first result does not mark "promotion" and "packet": %+v`, a.Results[:min(1, len(a.Results))])
	}
	a = p.ask("screenshot")
	if len(a.Results) == 0 || !strings.HasPrefix(a.Results[0].Excerpt, "Mentions screenshot · First 1:1 since the cutover.") || !containsFold(a.Results[0].Marked, "screenshot") {
		t.Errorf(`"screenshot": the result's excerpt is %+v`, a.Results[:min(1, len(a.Results))])
	}
}

func containsFold(ss []string, s string) bool {
	for _, x := range ss {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// forgiving is a small journal for what search forgives: versions, numbers
// and dates, typos, talking points.
var forgiving = map[string]string{
	"config.toml": `title = "Forgiving"
timezone = "UTC"
[people.ana]
name = "Ana Lima"
[people.bo]
name = "Bo Chen"
`,
	"content/2026/2026-03-02-node.md":   note("Runtime sync", "2026-03-02", "ana", "Upgrade Node to v20 this quarter."),
	"content/2026/2026-03-03-api.md":    note("API sync", "2026-03-03", "ana", "The v2 API is deprecated."),
	"content/2026/2026-03-04-r30.md":    note("Release sync", "2026-03-04", "bo", "Release 3.0 shipped on time."),
	"content/2026/2026-03-05-r13.md":    note("Release plan", "2026-03-05", "bo", "Release 13.0 is planned, and 3.01 is a hotfix."),
	"content/2026/2026-11-17-budget.md": note("Budget review", "2026-11-17", `ana", "bo`, "## Agenda\n\n- [?] Raise the hiring freeze"),
	"content/2026/2026-11-20-launch.md": note("Launch sync", "2026-11-20", "bo",
		"We moved the launch to 17 November, then back.\n\n- [ ] @bo Write the launch runbook 📅 2026-11-27"),
}

// note is a meeting note of the day with the attendees (quoted inside
// quotes) and body.
func note(title, day, attendees, body string) string {
	return fmt.Sprintf("+++\ntitle = %q\ndate = %sT10:00:00\nattendees = [\"%s\"]\n+++\n\n%s\n", title, day, attendees, body)
}

// TestSearchForgives checks, in a small journal, versions and numbers
// matched as written, dates in every form, typos, a suggestion when nothing
// matches (and Enter taking it), talking points kept out of the actions, a
// search opened from ?q= and kept in the URL, and an action's result landing
// on its item.
func TestSearchForgives(t *testing.T) {
	bin := needBrowser(t)
	root := filepath.Join(t.TempDir(), "journal")
	writeFiles(t, root, forgiving)
	out := buildSiteAt(t, root, time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC))
	bctx := newBrowser(t, bin)
	for _, site := range []target{serveHTTP(t, out), serveFile(out)} {
		t.Run(site.name, func(t *testing.T) {
			p := newPage(t, bctx, site)
			p.open("index.html")
			meetings := func(q string) []string {
				var out []string
				for _, r := range p.ask(q).Results {
					if r.Kind == "meeting" {
						out = append(out, strings.TrimSuffix(strings.TrimPrefix(r.Href, site.base+"2026/2026-"), "/index.html"))
					}
				}
				return out
			}
			for _, c := range []struct {
				q    string
				want string
			}{
				{"v20", "03-02-node"},
				{"v2", "03-03-api"},
				{"3.0", "03-04-r30"},
				{"13.0", "03-05-r13"},
				{"3.01", "03-05-r13"},
				{"2026-11-17", "11-17-budget 11-20-launch"},
				{"17 Nov", "11-17-budget 11-20-launch"},
				{"November 17th", "11-17-budget 11-20-launch"},
				{"2026-11-20", "11-20-launch"},
				{"hiring freeze", "11-17-budget"},
				{"hirng freze", "11-17-budget"},
				{"relase", "03-05-r13 03-04-r30"},
			} {
				if got := strings.Join(meetings(c.q), " "); got != c.want {
					t.Errorf("%q finds meetings %q, want %q", c.q, got, c.want)
				}
			}
			// The talking point is no action; the action due on the 27th is
			// found by its day.
			for _, r := range p.ask("hiring freeze").Results {
				if r.Kind == "action" {
					t.Errorf(`"hiring freeze" finds the talking point as an action: %+v`, r)
				}
			}
			if a := p.ask("27 November"); len(a.Results) == 0 || a.Results[0].Kind != "action" || !strings.Contains(a.Results[0].Title, "launch runbook") {
				t.Errorf(`"27 November" does not find the action due that day first: %+v`, a.Results)
			}
			// Nothing found: a suggestion.
			if a := p.ask("bxdgxt"); a.Total != 0 || a.Suggestion != "budget" {
				t.Errorf(`"bxdgxt": %d results, suggestion %q, want "budget"`, a.Total, a.Suggestion)
			}
			if a := p.ask("launch zebra"); a.Total != 0 || a.Suggestion != "launch" {
				t.Errorf(`"launch zebra": %d results, suggestion %q, want "launch"`, a.Total, a.Suggestion)
			}

			// In the dialog: the suggestion, and Enter taking it.
			p.keys("/")
			p.waitJS(`document.activeElement && document.activeElement.id === "rs-input"`)
			p.query("bxdgxt")
			if got := p.str(`document.querySelector(".rs-status .rs-suggest") ? document.querySelector(".rs-status .rs-suggest").textContent : ""`); got != "budget" {
				t.Errorf("the dialog suggests %q for bxdgxt, want budget", got)
			}
			p.keys(kb.Enter)
			p.waitJS(`document.getElementById("rs-input").value === "budget" && document.querySelectorAll("#rs-list [role=option]").length > 0`)
			// The URL follows the search once typing pauses, and leaves it
			// when search closes.
			p.waitJS(`location.search === "?q=budget"`)
			p.keys(kb.Escape)
			p.waitJS(`document.querySelector("[data-search-dialog]").hidden`)
			if got := p.str(`location.search`); got != "" {
				t.Errorf("with the search closed, location.search = %q", got)
			}

			// ?q= opens the search on any page.
			p.open("people/bo/index.html?q=launch%20runbok")
			p.waitJS(`!document.querySelector("[data-search-dialog]").hidden && document.querySelectorAll("#rs-list [role=option]").length > 0`)
			if got := p.str(`document.getElementById("rs-input").value`); got != "launch runbok" {
				t.Errorf("?q=launch%%20runbok opens the search with %q", got)
			}
			rs := p.results()
			if len(rs) == 0 || rs[0].Kind != "action" || !strings.Contains(rs[0].Href, "#L") {
				t.Fatalf(`"launch runbok" from ?q=: first result is not the action: %+v`, rs)
			}
			if got := p.str(`Array.from(document.querySelectorAll("#rs-o-0 .rs-title mark")).map(m => m.textContent).join(" ")`); got != "launch runbook" {
				t.Errorf(`"launch runbok" marks %q in the action, want "launch runbook"`, got)
			}
			// The action's result lands on its item.
			line := rs[0].Href[strings.LastIndex(rs[0].Href, "#L")+1:]
			p.keys(kb.Enter)
			p.waitJS(fmt.Sprintf(`location.hash === "#%s" && document.readyState === "complete"`, line))
			if got := p.str(`(document.querySelector(":target") || {}).id + " " + ((document.querySelector(":target") || document.body).closest("li") || {textContent: "no item"}).textContent`); !strings.HasPrefix(got, line+" ") || !strings.Contains(got, "Write the launch runbook") {
				t.Errorf("the action's link lands on %q, want its item's checkbox %s", got, line)
			}
		})
	}
}
