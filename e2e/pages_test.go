package e2e

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// pageKinds is one page of every kind in the sample journal: the kind (the
// class kind-<kind> of its body) and its path.
var pageKinds = []struct{ kind, path string }{
	{"home", "index.html"},
	{"meeting", meetingWeekly},
	{"note", topicIC},
	{"notes", "notes/index.html"},
	{"people", "people/index.html"},
	{"person", personDev},
	{"actions", actionsPage},
	{"tags", "tags/index.html"},
	{"tag", tagOncall},
	{"serieslist", "series/index.html"},
	{"series", seriesWeekly},
	{"archive", "archive/index.html"},
	{"month", "archive/2026-11/index.html"},
	{"review", "review/index.html"},
	{"404", "404.html"},
}

// Pages of the sample journal for TestEachThingOnce.
const (
	meetingWeekly = "2026/2026-11-23-platform-weekly/index.html" // content/2026/2026-11-23-platform-weekly.md
	personMarco   = "people/marco/index.html"
	tagOncall     = "tags/oncall/index.html"
	seriesWeekly  = "series/platform-weekly/index.html"
)

// kindsOfSite reads the kind of every page of a built site, from the class
// of its body.
func kindsOfSite(t *testing.T, out string) map[string]string {
	t.Helper()
	re := regexp.MustCompile(`<body class="kind-([a-z0-9-]+)`)
	kinds := map[string]string{}
	err := filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if m := re.FindSubmatch(b); m != nil {
			if _, ok := kinds[string(m[1])]; !ok {
				rel, _ := filepath.Rel(out, p)
				kinds[string(m[1])] = filepath.ToSlash(rel)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return kinds
}

// checkKindsCovered fails when the built site has a kind of page that
// pageKinds leaves out, so a new kind is not left untested.
func checkKindsCovered(t *testing.T, out string) {
	t.Helper()
	listed := map[string]bool{}
	for _, k := range pageKinds {
		listed[k.kind] = true
	}
	for kind, example := range kindsOfSite(t, out) {
		if !listed[kind] {
			t.Errorf("the site has pages of kind %q (such as %s) that pageKinds does not list", kind, example)
		}
	}
}

// media emulates a CSS media type ("print", or "" for the screen again).
func media(m string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: m})
		return err
	})
}

// fieldTokens are the field syntaxes of task items that the pages must not
// show as text.
var fieldTokens = []string{"📅", "✅", "⏫", "🔽", "🔼", "🆔", "⏳", "❌", "➕", "🛫", "⏬", "🔺", "[due::", "[priority::", "[owner::", "[start::", "[created::", "[completion::", "done:2026", "due:2026"}

// pictographs finds the characters in the page's text, and in the content of
// its ::before and ::after, that need an emoji font: Extended_Pictographic
// ones (but ⚠, ©, ® and ™, which text fonts have and which the theme prints
// as text) and the emoji variation selector.
const pictographsJS = `(() => {
	const re = /[\p{Extended_Pictographic}\uFE0F]/gu, allowed = new Set(["⚠", "©", "®", "™"]);
	const found = new Set();
	const add = s => { for (const c of (s || "").match(re) || []) if (!allowed.has(c)) found.add(c); };
	add(document.body.innerText);
	for (const e of document.body.querySelectorAll("*")) {
		for (const pe of ["::before", "::after"]) {
			const c = getComputedStyle(e, pe).content;
			if (c && c !== "none" && c !== "normal") add(c);
		}
	}
	return Array.from(found);
})()`

// rowText is the text of an item row of the notes without its meta line and
// its sub-items, with spaces collapsed.
const rowTextJS = `const rowText = li => { const c = li.cloneNode(true);
	c.querySelectorAll(".item-meta, ul, ol").forEach(e => e.remove());
	return c.textContent.trim().replace(/\s+/g, " "); };`

// countIn counts the occurrences of needle in hay.
func countIn(hay, needle string) int { return strings.Count(hay, needle) }

// TestEachThingOnce opens the sample journal's last platform weekly, the
// person page of one of its owners, a tag and the series, over file:// and
// HTTP under a subpath, on a laptop's and a phone's screen, with the clock
// four days after the build. The note's task list is the list of its action
// items: each once on the page, with a meta line of its owner, due date and
// priority, the overdue ones marked; no field token, no emoji and no marker
// of the build shows. The other pages show each action once, with no
// leading @owner and no chip of the tag they are listed under. Printed, the
// rows and their meta stay and the navigation goes.
func TestEachThingOnce(t *testing.T) {
	bin := needBrowser(t)
	out := buildSite(t, "..")
	bctx := newBrowser(t, bin)
	opened := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC) // four days after the build

	// The action items and talking point of content/2026/2026-11-23-platform-weekly.md,
	// by line, as the page shows them.
	type want struct {
		id, class, text, owner, due string
		overdue                     bool
		prio                        string
	}
	items := []want{
		{"L26", "st-done", "Shut down the Postgres 13 cluster after a final snapshot #pg16", "marco", "", false, "high"},
		{"L27", "st-in-progress", "Move the pager schedule to the two-rotation layout #oncall", "marco", "2026-11-30", false, ""},
		{"L28", "st-done", "Update the escalation policy for the edge services", "lena", "", false, ""},
		{"L29", "st-open", "Announce the new rotations in the engineering channel", "priya", "2026-11-26", true, ""},
		{"L30", "st-open", "Confirm the shadow pairs for the first week of each rotation", "marco", "2026-11-27", true, ""},
		{"L31", "st-open", "Turn Saturday's certificate incident into a short write-up for the runbook #oncall", "lena", "", false, "low"},
		{"L35", "point", "Ask @lena whether she wants to run the review of Saturday's certificate incident", "", "", false, ""},
	}

	for _, site := range []target{serveFile(out), serveHTTP(t, out)} {
		for _, vp := range viewports {
			size := fmt.Sprintf("%dx%d", vp.w, vp.h)
			t.Run(site.name+"-"+size, func(t *testing.T) {
				p := newPage(t, bctx, site)
				p.do(clockAt(opened), chromedp.EmulateViewport(vp.w, vp.h))
				shot := func(name string) {
					t.Helper()
					p.screenshot(t, fmt.Sprintf("each-once-%s-%s-%s", name, site.name, size))
				}

				// The meeting.
				p.open(meetingWeekly)
				shot("meeting")
				type row struct {
					ID, Class, Text, Owner, Due, DueText string
					Overdue, DueShown                    bool
					Metas                                int
					Prio, PrioText                       string
					PrioShown                            bool
				}
				var pg struct {
					Rows        []row
					Main        string
					Panels      int
					Leak        bool
					Pictographs []string
				}
				p.eval(`(() => { `+rowTextJS+`
					const main = document.querySelector("main");
					const rows = Array.from(document.querySelectorAll(".prose li.item")).map(li => {
						const metas = Array.from(li.querySelectorAll(".item-meta")).filter(m => m.closest("li.item") === li);
						const m = metas[0] || document.createElement("span");
						const owner = m.querySelector("a.owner"), due = m.querySelector(".due"), prio = m.querySelector(".prio");
						const shown = e => !!e && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden";
						return {ID: li.id, Class: li.className, Text: rowText(li), Metas: metas.length,
							Owner: owner ? owner.getAttribute("href") : "",
							Due: due ? due.getAttribute("data-date") || "" : "", DueText: due ? due.textContent : "",
							Overdue: !!due && due.classList.contains("overdue"), DueShown: shown(due),
							Prio: prio ? prio.className : "", PrioText: prio ? prio.textContent.trim() : "", PrioShown: shown(prio)};
					});
					return {Rows: rows, Main: main.innerText.replace(/\s+/g, " "),
						Panels: document.querySelectorAll("section[aria-labelledby=h-items], section[aria-labelledby=h-points], section.points").length,
						Leak: document.documentElement.outerHTML.includes("recap:item"),
						Pictographs: `+pictographsJS+`};
				})()`, &pg)
				if pg.Panels != 0 {
					t.Errorf("meeting: %d separate panels of action items or talking points, want none", pg.Panels)
				}
				byID := map[string]row{}
				for _, r := range pg.Rows {
					byID[r.ID] = r
					if r.Metas != 1 {
						t.Errorf("meeting: row %s %q has %d meta lines, want 1", r.ID, r.Text, r.Metas)
					}
				}
				if len(pg.Rows) != len(items) {
					var ids []string
					for _, r := range pg.Rows {
						ids = append(ids, r.ID)
					}
					t.Errorf("meeting: item rows %q, want %d", ids, len(items))
				}
				for _, w := range items {
					r, ok := byID[w.id]
					if !ok {
						t.Errorf("meeting: no item row %s (%q)", w.id, w.text)
						continue
					}
					if !strings.Contains(" "+r.Class+" ", " "+w.class+" ") {
						t.Errorf("meeting: row %s has class %q, want %s", w.id, r.Class, w.class)
					}
					if r.Text != w.text {
						t.Errorf("meeting: row %s reads %q, want %q", w.id, r.Text, w.text)
					}
					if n := countIn(pg.Main, w.text); n != 1 {
						t.Errorf("meeting: %q is on the page %d times, want once", w.text, n)
					}
					if w.owner != "" && !strings.HasSuffix(r.Owner, "people/"+w.owner+"/index.html") {
						t.Errorf("meeting: row %s's owner links to %q, want people/%s/", w.id, r.Owner, w.owner)
					}
					if r.Due != w.due || (w.due != "" && !r.DueShown) {
						t.Errorf("meeting: row %s is due %q (shown: %v), want %q", w.id, r.Due, r.DueShown, w.due)
					}
					if r.Overdue != w.overdue || (w.overdue && !strings.HasPrefix(r.DueText, "⚠ ")) {
						t.Errorf("meeting: row %s's due %q is overdue: %v, want %v on %s", w.id, r.DueText, r.Overdue, w.overdue, opened.Format("2 Jan"))
					}
					if w.prio != "" && (!strings.Contains(r.Prio, "prio-"+w.prio) || r.PrioText != w.prio+" priority" || !r.PrioShown) {
						t.Errorf("meeting: row %s's priority is %q (text %q, shown %v), want prio-%s with the text %q", w.id, r.Prio, r.PrioText, r.PrioShown, w.prio, w.prio+" priority")
					}
					if w.prio == "" && r.Prio != "" {
						t.Errorf("meeting: row %s shows a priority %q it does not have", w.id, r.Prio)
					}
				}
				if want := "⚠ 2 days late"; byID["L29"].DueText != want {
					t.Errorf("meeting: L29's due reads %q on %s, want %q", byID["L29"].DueText, opened.Format("2 Jan"), want)
				}
				// The sr-only text of the priority is visually hidden but in the accessibility tree.
				if n := p.num(`(() => { const s = document.querySelector("#L26 .prio-high .sr"), svg = document.querySelector("#L26 .prio-high svg");
					if (!s || !svg) return 0; const r = s.getBoundingClientRect();
					return (r.width <= 1 && r.height <= 1 && getComputedStyle(s).display !== "none" && svg.getAttribute("aria-hidden") === "true") ? 1 : 0; })()`); n != 1 {
					t.Errorf("meeting: the high priority's text is not visually hidden text beside an aria-hidden icon")
				}
				for _, tok := range fieldTokens {
					if strings.Contains(pg.Main, tok) {
						t.Errorf("meeting: the field token %q is shown: …%s…", tok, around(pg.Main, tok))
					}
				}
				if len(pg.Pictographs) > 0 {
					t.Errorf("meeting: characters that need an emoji font: %q", pg.Pictographs)
				}
				if pg.Leak {
					t.Errorf("meeting: the build's recap:item marker is in the page")
				}

				// Reached by its link, an item's row is highlighted.
				p.open(meetingWeekly + "#L29")
				shot("meeting-L29")
				if bg := p.str(`(() => { const li = document.getElementById("L29"); return li && li.matches(":target") ? getComputedStyle(li).backgroundColor : "not the target"; })()`); bg == "not the target" || bg == "rgba(0, 0, 0, 0)" || bg == "transparent" {
					t.Errorf("meeting#L29: the row is not highlighted (background %s)", bg)
				}

				// Printed: the rows and their meta lines stay, the navigation goes.
				p.open(meetingWeekly)
				p.do(media("print"))
				var pr struct{ Rows, RowsShown, Metas, MetasShown, NavShown int }
				p.eval(`(() => { const shown = e => e.getClientRects().length > 0 && getComputedStyle(e).display !== "none" && getComputedStyle(e).visibility !== "hidden";
					const rows = Array.from(document.querySelectorAll(".prose li.item")), metas = Array.from(document.querySelectorAll(".prose li.item .item-meta"));
					return {Rows: rows.length, RowsShown: rows.filter(shown).length, Metas: metas.length, MetasShown: metas.filter(shown).length,
						NavShown: Array.from(document.querySelectorAll("nav.nav, header.top")).filter(shown).length}; })()`, &pr)
				if pr.Rows != len(items) || pr.RowsShown != pr.Rows || pr.Metas != pr.Rows || pr.MetasShown != pr.Metas {
					t.Errorf("meeting, printed: %d of %d rows and %d of %d meta lines shown, want %d of each", pr.RowsShown, pr.Rows, pr.MetasShown, pr.Metas, len(items))
				}
				if pr.NavShown != 0 {
					t.Errorf("meeting, printed: the navigation is shown")
				}
				shot("meeting-print")
				p.do(media(""))

				// The actions of Marco, from the actions page: each once on his page.
				p.open(actionsPage)
				p.checkActionRows(t, "actions", "")
				type act struct{ Text, Href string }
				var marco []act
				p.eval(`Array.from(document.querySelectorAll("li.action")).filter(li =>
						!li.classList.contains("st-done") && !li.classList.contains("st-cancelled") &&
						li.querySelector('.owner[href$="people/marco/index.html"]'))
					.map(li => { const a = li.querySelector(".action-text");
						return {Text: a.textContent.trim().replace(/\s+/g, " "), Href: a.getAttribute("href").replace(/^(\.\.\/)+/, "")}; })`, &marco)
				if len(marco) == 0 {
					t.Fatalf("actions: no open actions of Marco's")
				}
				p.open(personMarco)
				shot("person")
				p.checkActionRows(t, "person", "")
				if n := p.num(`Array.from(document.querySelectorAll('main .mini-person[href$="people/marco/index.html"]')).filter(a => a.offsetParent).length`); n != 0 {
					t.Errorf("person: Marco's name is shown on %d of the rows of his own page", n)
				}
				main := p.mainText()
				hrefs := p.actionHrefs()
				for _, a := range marco {
					if n := countIn(main, a.Text); n != 1 {
						t.Errorf("person: Marco's open action %q is on his page %d times, want once", a.Text, n)
					}
					if n := hrefs[a.Href]; n != 1 {
						t.Errorf("person: %d rows link to Marco's open action %s, want 1", n, a.Href)
					}
				}

				// The tag: no chip of the tag on its rows, each row once.
				p.open(tagOncall)
				shot("tag")
				p.checkActionRows(t, "tag", "#oncall")
				p.checkOnce(t, "tag")
				if n := p.num(`Array.from(document.querySelectorAll('main a.tag[href$="tags/oncall/index.html"]')).filter(a => a.offsetParent).length`); n != 0 {
					t.Errorf("tag: the page's own tag is shown on %d of its rows", n)
				}

				// The series: each action once.
				p.open(seriesWeekly)
				shot("series")
				p.checkActionRows(t, "series", "")
				p.checkOnce(t, "series")

				p.open("index.html")
				p.checkActionRows(t, "home", "")
				p.checkOnce(t, "home")
			})
		}
	}
}

// around is the text around the first needle in hay.
func around(hay, needle string) string {
	i := strings.Index(hay, needle)
	if i < 0 {
		return ""
	}
	a, b := max(0, i-40), min(len(hay), i+len(needle)+40)
	return strings.ToValidUTF8(hay[a:b], "")
}

// mainText is main's visible text with spaces collapsed.
func (p *page) mainText() string {
	p.t.Helper()
	return p.str(`document.querySelector("main").innerText.replace(/\s+/g, " ")`)
}

// actionHrefs counts the action rows of the page (li.action, li.ag-item)
// by where their text links, from the site's root.
func (p *page) actionHrefs() map[string]int {
	p.t.Helper()
	var hrefs []string
	p.eval(`Array.from(document.querySelectorAll("main li.action .action-text, main li.ag-item .ag-text"))
		.map(a => a.getAttribute("href").replace(/^(\.\.\/)+/, "")).filter(h => h.includes("#L"))`, &hrefs)
	n := map[string]int{}
	for _, h := range hrefs {
		n[h]++
	}
	return n
}

// checkActionRows checks the action rows (li.action) of a page: no text
// begins with an @owner, and no row has a tag chip of its own (tag, when not
// "", names the page's tag, which must not be on a chip either).
func (p *page) checkActionRows(t *testing.T, name, tag string) {
	t.Helper()
	var r struct {
		Rows      int
		AtOwner   []string
		Chips     []string
		TagChips  int
		Pictos    []string
		OwnerOnce []string
	}
	p.eval(fmt.Sprintf(`(() => { const rows = Array.from(document.querySelectorAll("main li.action"));
		return {Rows: rows.length,
			AtOwner: rows.map(li => li.querySelector(".action-text").textContent.trim()).filter(s => s.startsWith("@")),
			Chips: rows.flatMap(li => Array.from(li.querySelectorAll("a.tag")).map(a => a.textContent.trim())),
			TagChips: %q === "" ? 0 : rows.filter(li => Array.from(li.querySelectorAll("a.tag, .tag")).some(a => a.textContent.trim() === %q)).length,
			OwnerOnce: rows.filter(li => li.querySelectorAll(".owner").length > 1).map(li => li.querySelector(".action-text").textContent.trim())}; })()`, tag, tag), &r)
	if len(r.AtOwner) > 0 {
		t.Errorf("%s: action rows that begin with @owner: %q", name, r.AtOwner)
	}
	if len(r.Chips) > 0 {
		t.Errorf("%s: action rows with tag chips of their own: %q", name, r.Chips)
	}
	if r.TagChips > 0 {
		t.Errorf("%s: %d action rows show a chip of the page's tag %s", name, r.TagChips, tag)
	}
	if len(r.OwnerOnce) > 0 {
		t.Errorf("%s: action rows with more than one owner chip: %q", name, r.OwnerOnce)
	}
}

// checkOnce checks that no action is listed twice on the page: by its link,
// and by its text in main.
func (p *page) checkOnce(t *testing.T, name string) {
	t.Helper()
	for h, n := range p.actionHrefs() {
		if n != 1 {
			t.Errorf("%s: %d action rows link to %s, want 1", name, n, h)
		}
	}
	var texts []string
	p.eval(`Array.from(new Set(Array.from(document.querySelectorAll("main li.action .action-text")).map(a => a.textContent.trim().replace(/\s+/g, " "))))`, &texts)
	main := p.mainText()
	for _, s := range texts {
		if n := countIn(main, s); n != 1 {
			t.Errorf("%s: %q is on the page %d times, want once", name, s, n)
		}
	}
}

// TestPageKindsScreenshots opens a page of every kind over HTTP under a
// subpath and from file://, on a laptop's and a phone's screen, writes a
// screenshot of each (and of the whole page over HTTP), and checks what
// must hold on any page: no console errors (the page's own check), nothing
// wider than the screen, no [hidden] element shown, no character that needs
// an emoji font, and every link of main to the site leading to a page that
// exists (from disk: the file, and the row its #L fragment names; over
// HTTP: a 200).
func TestPageKindsScreenshots(t *testing.T) {
	bin := needBrowser(t)
	out := buildSite(t, "..")
	checkKindsCovered(t, out)
	bctx := newBrowser(t, bin)
	httpSite := serveHTTP(t, out)
	for _, site := range []target{httpSite, serveFile(out)} {
		for _, vp := range viewports {
			size := fmt.Sprintf("%dx%d", vp.w, vp.h)
			t.Run(site.name+"-"+size, func(t *testing.T) {
				t.Parallel()
				p := newPage(t, bctx, site)
				p.do(clockAt(now), chromedp.EmulateViewport(vp.w, vp.h))
				for _, k := range pageKinds {
					p.open(k.path)
					name := fmt.Sprintf("kind-%s-%s-%s", k.kind, site.name, size)
					p.screenshot(t, name)
					if site.name == "http" {
						p.fullScreenshot(t, name+"-full")
					}
					var r struct {
						Kind        bool
						W, PageW    float64
						Wide        []string
						Hidden      []string
						Pictographs []string
						Links       []string
					}
					p.eval(`(() => {
						const w = document.documentElement.clientWidth;
						const wide = Array.from(document.querySelectorAll("main *")).filter(e => e.getBoundingClientRect().right > w + 1 && !e.closest("pre, .table-wrap, [hidden]") && getComputedStyle(e).position !== "fixed")
							.slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\s+/).join(".") : "") + " " + JSON.stringify((e.textContent || "").trim().slice(0, 40)));
						return {Kind: document.body.classList.contains(`+fmt.Sprintf("%q", "kind-"+k.kind)+`),
							W: window.innerWidth, PageW: document.documentElement.scrollWidth, Wide: wide,
							Hidden: Array.from(document.querySelectorAll("[hidden]")).filter(e => e.getAttribute("hidden") !== "until-found" && getComputedStyle(e).display !== "none")
								.map(e => e.outerHTML.slice(0, 120)),
							Pictographs: `+pictographsJS+`,
							Links: Array.from(new Set(Array.from(document.querySelectorAll("main a[href]")).filter(a => !/^[a-z][a-z0-9+.-]*:/i.test(a.getAttribute("href"))).map(a => a.href)))};
					})()`, &r)
					where := k.kind + " (" + k.path + ")"
					if !r.Kind {
						t.Errorf("%s: the body is not of class kind-%s", where, k.kind)
					}
					if r.PageW > r.W {
						t.Errorf("%s: the page is %gpx wide in a %gpx viewport; wider: %q", where, r.PageW, r.W, r.Wide)
					}
					if len(r.Hidden) > 0 {
						t.Errorf("%s: [hidden] elements that are shown: %q", where, r.Hidden)
					}
					if len(r.Pictographs) > 0 {
						t.Errorf("%s: characters that need an emoji font: %q", where, r.Pictographs)
					}
					if len(r.Links) == 0 && k.kind != "404" {
						t.Errorf("%s: no links in main", where)
					}
					if site.name == "file" {
						checkFileLinks(t, where, r.Links)
					} else {
						var bad []string
						p.eval(`Promise.all(`+jsStrings(r.Links)+`.map(u => u.split("#")[0]).filter((u, i, a) => a.indexOf(u) === i)
							.map(u => fetch(u).then(r => r.status === 200 ? "" : r.status + " " + u, e => "error " + u)))
							.then(rs => rs.filter(Boolean))`, &bad)
						if len(bad) > 0 {
							t.Errorf("%s: links that do not lead to a page: %q", where, bad)
						}
						for _, l := range r.Links {
							if !strings.HasPrefix(l, site.base) {
								t.Errorf("%s: a link leaves the journal's folder /journal/: %s", where, l)
							}
						}
					}
				}
			})
		}
	}
}

// jsStrings is a JavaScript array of the strings.
func jsStrings(ss []string) string {
	var b strings.Builder
	b.WriteString("[")
	for i, s := range ss {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, "%q", s)
	}
	b.WriteString("]")
	return b.String()
}

// checkFileLinks checks links resolved by the browser from a page on disk:
// each is a file:// URL of a file that exists, and a fragment of it names an
// element of that file.
func checkFileLinks(t *testing.T, where string, links []string) {
	t.Helper()
	var bad []string
	files := map[string][]byte{}
	for _, l := range links {
		u, err := url.Parse(l)
		if err != nil || u.Scheme != "file" {
			bad = append(bad, l+" (not a file:// URL)")
			continue
		}
		fi, err := os.Stat(u.Path)
		if err != nil || fi.IsDir() {
			bad = append(bad, l+" (no such file)")
			continue
		}
		if u.Fragment == "" {
			continue
		}
		b, ok := files[u.Path]
		if !ok {
			b, _ = os.ReadFile(u.Path)
			files[u.Path] = b
		}
		if !strings.Contains(string(b), ` id="`+u.Fragment+`"`) {
			bad = append(bad, l+" (no element of that id)")
		}
	}
	sort.Strings(bad)
	if len(bad) > 0 {
		t.Errorf("%s: links that do not lead to a page: %q", where, bad)
	}
}

// TestPhoneFirstScreen opens, on a phone (390×844), the actions page of the
// sample journal and the home page of a journal with nothing overdue,
// nothing to review and nothing due: the first screen shows actions on the
// one, and the recent meetings on the other, not filters and empty panels.
func TestPhoneFirstScreen(t *testing.T) {
	bin := needBrowser(t)
	calm := t.TempDir()
	files := map[string]string{
		"config.toml": "title = \"Calm\"\ntimezone = \"UTC\"\nme = \"sam\"\n[people.sam]\nname = \"Sam\"\n[people.ana]\nname = \"Ana\"\n",
	}
	for i, d := range []string{"2026-11-02", "2026-11-09", "2026-11-16"} {
		files[fmt.Sprintf("content/%s-ana.md", d)] = fmt.Sprintf("+++\ntitle = \"1:1 Ana %d\"\ndate = %sT10:00:00Z\nattendees = [\"sam\", \"ana\"]\nreviewed = %s\n+++\n\nAll good.\n", i+1, d, d)
	}
	writeTree(t, calm, files)
	bctx := newBrowser(t, bin)
	top := func(p *page, sel string) float64 {
		var y float64
		p.eval(fmt.Sprintf(`(() => { const e = document.querySelector(%q); return e ? e.getBoundingClientRect().top : 1e9; })()`, sel), &y)
		return y
	}
	p := newPage(t, bctx, serveHTTP(t, buildSite(t, "..")))
	p.do(chromedp.EmulateViewport(390, 844))
	p.do(clockAt(now))
	p.open(actionsPage)
	p.waitJS(`document.querySelector("[data-filter=owner]")`)
	if y := top(p, ".owner-group li.action"); y+60 > 844 {
		t.Errorf("actions page on a phone: the first action starts at %.0fpx, below the first screen", y)
	}
	p.screenshot(t, "phone-actions-390x844")

	q := newPage(t, bctx, serveHTTP(t, buildSiteAt(t, calm, time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC))))
	q.do(chromedp.EmulateViewport(390, 844))
	q.do(clockAt(now))
	q.open("index.html")
	if y := top(q, "#h-recent"); y+80 > 844 {
		t.Errorf("home page on a phone with empty panels: recent meetings start at %.0fpx, below the first screen", y)
	}
	if n := q.num(`document.querySelectorAll(".grid > .card .empty").length`); n < 3 {
		t.Errorf("the calm journal's home page has %d empty panels, want 3 (the test needs them)", n)
	}
	q.screenshot(t, "phone-home-calm-390x844")
}
