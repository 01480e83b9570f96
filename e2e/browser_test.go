package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/recapjournal/recap/generator/build"
	"github.com/recapjournal/recap/generator/config"
	"github.com/recapjournal/recap/generator/journal"
	"github.com/recapjournal/recap/generator/share"
)

// Pages of the sample journal the tests visit.
const (
	meetingHiring = "2026/2026-11-18-hiring-debrief-senior-backend/index.html"
	meetingDev    = "2026/2026-11-17-dev-1on1/index.html"
	personDev     = "people/dev/index.html"
	actionsPage   = "actions/index.html"
	// Jo has talking points to raise at the tests' time; the notes are the
	// sample's topics: one open, one closed.
	personJo    = "people/jo/index.html"
	meetingJo   = "2026/2026-11-19-jo-1on1/index.html"
	topicIC     = "topics/incident-commander-rotation/index.html"
	topicClosed = "topics/cutover-weekend-cover/index.html"
)

// TestBrowser builds the sample journal and checks search, the action
// filters, the dark theme and clean page loads in headless Chromium, over
// HTTP under /journal/ and from file://.
func TestBrowser(t *testing.T) {
	bin := needBrowser(t)
	out := buildSite(t, "..")
	for _, path := range []string{meetingHiring, meetingDev, personDev, actionsPage, "assets/search.js", "assets/filters.js", "assets/search.css", "assets/search-index.js", "assets/actions-data.js"} {
		if !exists(out, path) {
			t.Fatalf("the sample site has no %s", path)
		}
	}
	j := loadSample(t)
	bctx := newBrowser(t, bin)
	for _, site := range []target{serveHTTP(t, out), serveFile(out)} {
		t.Run(site.name, func(t *testing.T) {
			t.Run("pages", func(t *testing.T) {
				p := newPage(t, bctx, site)
				for _, path := range []string{"index.html", meetingDev, personDev, actionsPage, "tags/promotion/index.html", "series/dev-sam/index.html", "404.html"} {
					p.open(path)
					if got := p.str(`document.documentElement.dataset.root`); got != strings.Repeat("../", strings.Count(path, "/")) {
						t.Errorf("%s: data-root = %q", path, got)
					}
					if hidden := p.str(`String(document.querySelector("[data-search-open]").hidden)`); hidden != "false" {
						t.Errorf("%s: the search button is still hidden", path)
					}
				}
			})
			t.Run("search", func(t *testing.T) { testSearch(t, newPage(t, bctx, site)) })
			t.Run("filters", func(t *testing.T) { testFilters(t, newPage(t, bctx, site), j) })
			t.Run("theme", func(t *testing.T) { testTheme(t, newPage(t, bctx, site)) })
			t.Run("copy-recap", func(t *testing.T) {
				p := newPage(t, bctx, site)
				p.open(meetingDev)
				m := meetingBySource(t, j, "content/2026/2026-11-17-dev-1on1.md")
				src, err := os.ReadFile(filepath.Join("..", m.Source))
				if err != nil {
					t.Fatal(err)
				}
				want, err := share.Recap(j, m, src, "markdown")
				if err != nil {
					t.Fatal(err)
				}
				if got := p.clickAndReadClipboard("[data-copy-recap]"); got != want {
					t.Errorf("Copy recap copied:\n%s\nwant what recap share prints:\n%s", got, want)
				}
				if p.str(`document.querySelector(".share-status").textContent`) != "Recap copied" {
					t.Error("no confirmation after copying")
				}
				if p.str(`String(document.querySelector("[data-download-recap]").hidden)`) != "false" {
					t.Error("the Download recap.md button is hidden")
				}
			})
			t.Run("clipboard-helper", func(t *testing.T) {
				p := newPage(t, bctx, site)
				p.open(meetingDev)
				p.eval(`(() => { const b = document.createElement("button"); b.id = "copy-probe"; b.textContent = "copy";
					b.onclick = () => navigator.clipboard.writeText("recap of " + document.title); document.querySelector("main").prepend(b); return true; })()`, nil)
				if got := p.clickAndReadClipboard("#copy-probe"); !strings.HasPrefix(got, "recap of 1:1 Dev") {
					t.Errorf("clipboard = %q", got)
				}
			})
		})
	}
}

// loadSample loads the sample journal as the build does.
func loadSample(t *testing.T) *journal.Journal {
	cfg, err := config.LoadDir("..")
	if err != nil {
		t.Fatal(err)
	}
	s, err := build.Prepare(build.Options{Root: "..", Now: now}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s.Journal
}

type result struct {
	Kind  string `json:"kind"`
	Href  string `json:"href"`
	Title string `json:"title"`
}

// results are the search dialog's options.
func (p *page) results() []result {
	var rs []result
	p.eval(`Array.from(document.querySelectorAll("#rs-list [role=option]")).map(o => ({kind: o.dataset.kind, href: o.href, title: o.querySelector(".rs-title").textContent}))`, &rs)
	return rs
}

// query replaces the search box's text with q, typed as keys.
func (p *page) query(q string) []result {
	p.t.Helper()
	p.eval(`(() => { const i = document.getElementById("rs-input"); i.value = ""; i.dispatchEvent(new Event("input")); return true; })()`, nil)
	p.keys(q)
	p.waitJS(fmt.Sprintf(`document.getElementById("rs-input").value === %q && window.RECAP_SEARCH_TIMING.prepare > 0 && !/Loading/.test(document.querySelector(".rs-status").textContent)`, q))
	return p.results()
}

func hasResult(rs []result, kind, hrefSuffix string) bool {
	for _, r := range rs {
		if r.Kind == kind && strings.HasSuffix(r.Href, hrefSuffix) {
			return true
		}
	}
	return false
}

func testSearch(t *testing.T, p *page) {
	p.open("index.html")
	if n := p.num(`document.querySelectorAll("script[src$='search-index.js']").length`); n != 0 {
		t.Errorf("the search index is loaded before search opens")
	}

	// "/" opens the dialog, focused, accessible.
	p.keys("/")
	p.waitJS(`document.activeElement && document.activeElement.id === "rs-input"`)
	var a11y struct {
		Role, Modal, Label, Listbox, Controls string
		Visible                               bool
	}
	p.eval(`(() => { const d = document.querySelector("[role=dialog]"), i = document.getElementById("rs-input");
		return {Role: d.getAttribute("role"), Modal: d.getAttribute("aria-modal"), Label: i.labels[0] ? i.labels[0].textContent : "",
			Listbox: document.getElementById(i.getAttribute("aria-controls")).getAttribute("role"), Controls: i.getAttribute("aria-controls"),
			Visible: d.getBoundingClientRect().height > 0}; })()`, &a11y)
	if a11y.Role != "dialog" || a11y.Modal != "true" || a11y.Label == "" || a11y.Listbox != "listbox" || !a11y.Visible {
		t.Errorf("search dialog: %+v", a11y)
	}

	// A title word finds the meeting; the body word is found in the note text.
	if rs := p.query("hiring debrief"); len(rs) == 0 || rs[0].Kind != "meeting" || !strings.HasSuffix(rs[0].Href, meetingHiring) {
		t.Errorf(`search "hiring debrief": first result is not the hiring debrief: %+v`, rs)
	}
	if rs := p.query("screenshot"); !hasResult(rs, "meeting", meetingDev) {
		t.Errorf(`search "screenshot" (in the note text only) does not find %s: %+v`, meetingDev, rs)
	}
	// An action item, by its text, linking to its line.
	rs := p.query("growing others")
	if len(rs) == 0 || rs[0].Kind != "action" || !strings.Contains(rs[0].Href, meetingDev+"#L") {
		t.Errorf(`search "growing others": first result is not the action: %+v`, rs)
	}
	// People and tags.
	if rs := p.query("dev"); len(rs) == 0 || rs[0].Kind != "person" || !strings.HasSuffix(rs[0].Href, personDev) {
		t.Errorf(`search "dev": first result is not Dev's page: %+v`, rs)
	}
	if rs := p.query("promotion"); !hasResult(rs, "tag", "tags/promotion/index.html") {
		t.Errorf(`search "promotion" does not find the tag: %+v`, rs)
	}
	// Words only in [!private] callouts find nothing.
	for _, w := range []string{"hinted", "checklist", "judged"} {
		if rs := p.query(w); len(rs) != 0 {
			t.Errorf("search %q (only in a [!private] callout) finds %+v", w, rs)
		}
	}

	// Arrows move the active option; Enter opens it.
	rs = p.query("platform")
	if len(rs) < 2 {
		t.Fatalf(`search "platform": %d results`, len(rs))
	}
	if got := p.str(`document.getElementById("rs-input").getAttribute("aria-activedescendant")`); got != "rs-o-0" {
		t.Errorf("active option = %q, want rs-o-0", got)
	}
	p.keys(kb.ArrowDown)
	if got := p.str(`document.getElementById("rs-input").getAttribute("aria-activedescendant") + " " + document.getElementById("rs-o-1").getAttribute("aria-selected")`); got != "rs-o-1 true" {
		t.Errorf("after ArrowDown: active option and its aria-selected = %q", got)
	}
	p.keys(kb.ArrowUp)
	p.keys(kb.ArrowUp) // wraps to the last
	if got := p.str(`document.getElementById("rs-input").getAttribute("aria-activedescendant")`); got != fmt.Sprintf("rs-o-%d", len(rs)-1) {
		t.Errorf("after ArrowUp twice: active option %q, want the last", got)
	}
	p.query("hiring debrief")
	p.keys(kb.Enter)
	p.waitJS(fmt.Sprintf(`location.href.endsWith(%q) || location.href.endsWith(%q)`, meetingHiring, strings.TrimSuffix(meetingHiring, "index.html")))
	p.waitJS(`!!window.RECAP_SEARCH_UI`)

	// Ctrl-K opens it on any page; Escape closes it and gives focus back.
	p.keys("k", chromedp.KeyModifiers(chromedp.ModifierCtrl))
	p.waitJS(`document.activeElement && document.activeElement.id === "rs-input"`)
	p.keys(kb.Escape)
	p.waitJS(`document.querySelector("[data-search-dialog]").hidden && document.activeElement.id !== "rs-input"`)

	// The header button opens it too.
	p.do(chromedp.Click(chromedp.CSS("[data-search-open]"), chromedp.NodeVisible))
	p.waitJS(`document.activeElement && document.activeElement.id === "rs-input"`)
	if rs := p.query("growing"); !hasResult(rs, "action", "") {
		t.Errorf(`search "growing" from a meeting page: no action: %+v`, rs)
	}
	// Result links work from pages at any depth.
	for _, r := range p.results() {
		if !strings.HasPrefix(r.Href, p.site.base) {
			t.Errorf("result %q links to %s, outside the site %s", r.Title, r.Href, p.site.base)
		}
	}
}

type row struct {
	Owner  string   `json:"owner"`
	Status string   `json:"status"`
	Tags   []string `json:"tags"`
	Href   string   `json:"href"`
	Due    string   `json:"due"`
}

func (p *page) filteredRows() []row {
	var rows []row
	p.eval(`Array.from(document.querySelectorAll("#action-results li.action")).map(li => ({
		owner: (li.querySelector(".owner[href]") || {}).href || "",
		status: (li.className.match(/st-([a-z-]+)/) || [])[1] || "",
		tags: li.querySelector(".action-text").textContent.match(/#[\p{L}\p{N}_\/-]+/gu) || [],
		href: li.querySelector(".action-text").href,
		due: (li.querySelector(".due") || {}).textContent || ""}))`, &rows)
	return rows
}

// setFilter picks a value in a filter's select, as a user does.
func (p *page) setFilter(name, value string) {
	p.t.Helper()
	p.eval(fmt.Sprintf(`(() => { const s = document.querySelector("[data-filter=%s]"); s.value = %q; s.dispatchEvent(new Event("change", {bubbles: true})); return s.value; })()`, name, value), nil)
}

func testFilters(t *testing.T, p *page, j *journal.Journal) {
	p.do(clockAt(now)) // the journal read the day it was built: the build's overdue actions
	p.open(actionsPage)
	p.waitJS(`document.querySelector("[data-filter=owner]")`)
	groups := p.num(`document.querySelectorAll(".owner-group li.action").length`)
	if groups == 0 {
		t.Fatal("the actions page has no rows")
	}
	if p.visible("#action-results") {
		t.Error("#action-results is shown with no filter set")
	}

	count := func(f func(a *journal.Action) bool) int {
		n := 0
		for _, a := range j.Actions {
			if f(a) {
				n++
			}
		}
		return n
	}

	// Owner: fewer rows, all Dev's; the hash says so; a reload keeps it.
	p.setFilter("owner", "dev")
	p.waitJS(`!document.getElementById("action-results").hidden`)
	rows := p.filteredRows()
	want := count(func(a *journal.Action) bool { return a.Owner != nil && a.Owner.ID == "dev" })
	if len(rows) != want || len(rows) >= len(j.Actions) || want == 0 {
		t.Errorf("owner=dev: %d rows, want %d (of %d actions)", len(rows), want, len(j.Actions))
	}
	for _, r := range rows {
		if !strings.HasSuffix(r.Owner, personDev) {
			t.Errorf("owner=dev: row owned by %q", r.Owner)
		}
	}
	if got := p.str(`location.hash`); got != "#owner=dev" {
		t.Errorf("hash = %q, want #owner=dev", got)
	}
	if p.visible(".owner-group") || p.visible(".owner-index") {
		t.Error("the owner groups are still shown with a filter set")
	}
	p.do(chromedp.Reload())
	p.waitJS(`window.RECAP_SEARCH_UI && document.querySelector("[data-filter=owner]")`)
	if got := p.str(`document.querySelector("[data-filter=owner]").value + " " + location.hash`); got != "dev #owner=dev" {
		t.Errorf("after reload: owner select and hash = %q", got)
	}
	if n := len(p.filteredRows()); n != want {
		t.Errorf("after reload: %d rows, want %d", n, want)
	}

	// Owner and status.
	p.setFilter("status", "open")
	if got := p.str(`location.hash`); got != "#owner=dev&status=open" {
		t.Errorf("hash = %q", got)
	}
	rows = p.filteredRows()
	if want := count(func(a *journal.Action) bool { return a.Owner != nil && a.Owner.ID == "dev" && a.IsOpen() }); len(rows) != want {
		t.Errorf("owner=dev&status=open: %d rows, want %d", len(rows), want)
	}
	for _, r := range rows {
		if r.Status != "open" && r.Status != "in-progress" {
			t.Errorf("status=open: a row is %s", r.Status)
		}
	}

	// A bookmarked hash: tag, any status.
	p.open(actionsPage + "#tag=promotion&status=all")
	p.waitJS(`!document.getElementById("action-results").hidden`)
	rows = p.filteredRows()
	if want := count(func(a *journal.Action) bool { return slices.Contains(a.Tags, "promotion") }); len(rows) != want || want == 0 {
		t.Errorf("tag=promotion: %d rows, want %d", len(rows), want)
	}
	for _, r := range rows {
		if !slices.Contains(r.Tags, "#promotion") {
			t.Errorf("tag=promotion: row with tags %q", r.Tags)
		}
	}

	// Overdue, and the due windows.
	p.open(actionsPage + "#due=overdue")
	p.waitJS(`!document.getElementById("action-results").hidden`)
	rows = p.filteredRows()
	if want := count(func(a *journal.Action) bool { return a.Overdue }); len(rows) != want || want == 0 {
		t.Errorf("due=overdue: %d rows, want %d", len(rows), want)
	}
	for _, r := range rows {
		if !strings.Contains(r.Due, "late") {
			t.Errorf("due=overdue: row due %q", r.Due)
		}
	}
	p.setFilter("due", "7d")
	rows = p.filteredRows()
	in7 := now.AddDate(0, 0, 7).Format("2006-01-02")
	if want := count(func(a *journal.Action) bool { return a.IsOpen() && a.Due != "" && a.Due >= j.Today && a.Due <= in7 }); len(rows) != want || want == 0 {
		t.Errorf("due=7d: %d rows, want %d", len(rows), want)
	}
	p.setFilter("due", "none")
	if want := count(func(a *journal.Action) bool { return a.Due == "" }); len(p.filteredRows()) != want {
		t.Errorf("due=none: %d rows, want %d", len(p.filteredRows()), want)
	}

	// Series.
	p.open(actionsPage + "#series=dev-sam")
	p.waitJS(`!document.getElementById("action-results").hidden`)
	if want := count(func(a *journal.Action) bool { return a.Series != nil && a.Series.ID == "dev-sam" }); len(p.filteredRows()) != want || want == 0 {
		t.Errorf("series=dev-sam: %d rows, want %d", len(p.filteredRows()), want)
	}

	// A row links to its line in its meeting.
	href := p.str(`document.querySelector("#action-results .action-text").href`)
	p.do(chromedp.Navigate(href))
	p.waitJS(`document.readyState === "complete"`)
	if n := p.num(`document.querySelectorAll(":target").length`); n != 1 {
		t.Errorf("%s: no element is the link's target", href)
	}

	// An owner group's anchor is not a filter; Clear shows the groups again.
	p.open(actionsPage + "#owner-dev")
	if !p.visible(".owner-group") || p.visible("#action-results") {
		t.Error("#owner-dev (an anchor) hides the owner groups")
	}
	p.setFilter("owner", "dev")
	p.do(chromedp.Click(chromedp.CSS(".af-clear"), chromedp.NodeVisible))
	if !p.visible(".owner-group") || p.visible("#action-results") || p.str(`location.hash`) != "" {
		t.Errorf("after Clear: groups shown %v, results shown %v, hash %q", p.visible(".owner-group"), p.visible("#action-results"), p.str(`location.hash`))
	}
}

// visible reports whether the first element sel matches is rendered.
func (p *page) visible(sel string) bool {
	var v bool
	p.eval(fmt.Sprintf(`(() => { const e = document.querySelector(%q); return !!e && e.getClientRects().length > 0; })()`, sel), &v)
	return v
}

func testTheme(t *testing.T, p *page) {
	p.open("index.html")
	p.waitJS(`!document.querySelector("[data-theme-toggle]").hidden`)
	light := p.str(`getComputedStyle(document.body).backgroundColor`)
	p.do(chromedp.Click(chromedp.CSS("[data-theme-toggle]"), chromedp.NodeVisible))
	if got := p.str(`document.documentElement.dataset.theme || ""`); got != "dark" {
		t.Fatalf("after the toggle: data-theme = %q, want dark", got)
	}
	dark := p.str(`getComputedStyle(document.body).backgroundColor`)
	if dark == light {
		t.Errorf("the background stays %s in the dark theme", dark)
	}
	hasStorage := p.str(`(() => { try { return String(localStorage.getItem("recap-theme")) } catch (e) { return "none" } })()`)
	if hasStorage == "none" {
		t.Logf("%s: no localStorage; not checking that the theme persists", p.site.name)
		return
	}
	p.do(chromedp.Reload())
	p.waitJS(`window.RECAP_SEARCH_UI`)
	if got := p.str(`document.documentElement.dataset.theme || ""`); got != "dark" {
		t.Errorf("after reload: data-theme = %q, want dark", got)
	}
	p.open(meetingDev)
	if got := p.str(`document.documentElement.dataset.theme || ""`); got != "dark" {
		t.Errorf("on another page: data-theme = %q, want dark", got)
	}
	// The search dialog follows the theme.
	p.keys("/")
	p.waitJS(`document.activeElement && document.activeElement.id === "rs-input"`)
	if bg := p.str(`getComputedStyle(document.querySelector(".rs-dialog")).backgroundColor`); bg == "rgb(255, 255, 255)" {
		t.Errorf("the search dialog is white in the dark theme")
	}
	p.keys(kb.Escape)
	p.do(chromedp.Click(chromedp.CSS("[data-theme-toggle]"), chromedp.NodeVisible))
	if got := p.str(`document.documentElement.dataset.theme`); got != "light" {
		t.Errorf("after toggling back: data-theme = %q", got)
	}
}

// exists reports whether a file of the built site exists.
func exists(dir, rel string) bool {
	_, err := os.Stat(filepath.Join(dir, filepath.FromSlash(rel)))
	return err == nil
}

// recorder is a testing.TB that keeps the errors a page check reports.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}
func (r *recorder) Helper() {}

// TestPageChecks checks that the page checks catch what they should: a
// console error, an uncaught exception, a missing file and a request to
// another host.
func TestPageChecks(t *testing.T) {
	bin := needBrowser(t)
	out := buildSite(t, "..")
	bctx := newBrowser(t, bin)
	for _, site := range []target{serveHTTP(t, out), serveFile(out)} {
		rec := &recorder{TB: t}
		p := newPage(rec, bctx, site)
		p.open("index.html")
		p.checkClean()
		if len(rec.errs) != 0 {
			t.Fatalf("%s: a clean page reports %q", site.name, rec.errs)
		}
		p.eval(`(() => {
			console.error("probe error");
			setTimeout(() => { throw new Error("probe exception"); });
			const i = new Image(); i.src = "http://127.0.0.2:9/probe.png"; // port 9 is one Chromium never connects to
			const s = document.createElement("script"); s.src = "assets/no-such-file.js"; document.head.appendChild(s);
			return true;
		})()`, nil)
		deadline := time.Now().Add(stepTimeout)
		var got string
		for time.Now().Before(deadline) {
			rec.errs = nil
			p.checkClean()
			got = strings.Join(rec.errs, "\n")
			if strings.Contains(got, "probe error") && strings.Contains(got, "probe exception") &&
				strings.Contains(got, "127.0.0.2:9") && strings.Contains(got, "no-such-file.js") {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		for _, want := range []string{"console.error: probe error", "probe exception", "request to http://127.0.0.2:9/probe.png", "no-such-file.js"} {
			if !strings.Contains(got, want) {
				t.Errorf("%s: the page checks miss %q; they report:\n%s", site.name, want, got)
			}
		}
		p.mu.Lock()
		p.errors, p.requests = nil, nil // the checks at cleanup pass
		p.mu.Unlock()
	}
}

func meetingBySource(t *testing.T, j *journal.Journal, source string) *journal.Meeting {
	t.Helper()
	for _, m := range j.Meetings {
		if m.Source == source {
			return m
		}
	}
	t.Fatalf("no meeting %s", source)
	return nil
}
