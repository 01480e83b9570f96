package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The agenda fixture (shared with the recap command's tests): a named 1:1
// with Priya that is late at agendaNow, talking points (one scheduled later,
// one closed by a carried copy), and topics (open, revisit later, closed).
const agendaFixture = "../cmd/recap/testdata/agenda"

var agendaNow = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

// Pages of the agenda fixture.
const (
	personPriya   = "people/priya/index.html"
	meetingPoints = "priya/2026-11-09-priya-1on1/index.html" // writes three talking points
	meetingTicked = "priya/2026-11-16-priya-1on1/index.html" // carries one, ticks another
	topicOpen     = "topics/career-ladder/index.html"
	topicLater    = "topics/office-move/index.html"
	topicSettled  = "topics/reorg/index.html"
	seriesPriya   = "series/priya-1on1/index.html"
)

// viewports are the screens the agenda must fit the first screen of: a
// laptop and a phone.
var viewports = []struct{ w, h int64 }{{1280, 800}, {390, 844}}

// box is an element's place in the viewport.
type box struct {
	Found                    bool
	Text                     string
	Href                     string
	Top, Bottom, Left, Right float64
}

// firstScreen is where the agenda's heading and first item to raise are,
// with the viewport's size, the scroll position and the page's width.
type firstScreen struct {
	Heading, Point, Late box
	W, H, ScrollY        float64
	PageWidth            float64
}

func (p *page) firstScreen() firstScreen {
	p.t.Helper()
	var fs firstScreen
	p.eval(`(() => {
		const b = e => { if (!e) return {Found: false};
			const r = e.getBoundingClientRect();
			return {Found: true, Text: e.textContent.trim().replace(/\s+/g, " "), Href: e.getAttribute("href") || "",
				Top: r.top, Bottom: r.bottom, Left: r.left, Right: r.right}; };
		return {Heading: b(document.getElementById("h-agenda")),
			Point: b(document.querySelector(".agenda .raise .ag-text")),
			Late: b(document.querySelector(".agenda .late-mark")),
			W: window.innerWidth, H: window.innerHeight, ScrollY: window.scrollY,
			PageWidth: document.documentElement.scrollWidth};
	})()`, &fs)
	return fs
}

// inView reports whether b is wholly inside a viewport of w by h.
func (b box) inView(w, h float64) bool {
	return b.Found && b.Top >= 0 && b.Bottom <= h && b.Left >= 0 && b.Right <= w
}

// screenshot writes the viewport as a PNG into the test's artifact folder
// (kept with go test -artifacts) and logs where.
func (p *page) screenshot(t *testing.T, name string) {
	t.Helper()
	p.capture(t, name, chromedp.CaptureScreenshot())
}

// fullScreenshot is screenshot of the whole page, beyond the viewport.
func (p *page) fullScreenshot(t *testing.T, name string) {
	t.Helper()
	p.capture(t, name, chromedp.FullScreenshot(100))
}

func (p *page) capture(t *testing.T, name string, shot chromedp.Action[[]byte]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, p.timeout)
	defer cancel()
	png, err := chromedp.Run(ctx, shot)
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	f := filepath.Join(t.ArtifactDir(), name+".png")
	if err := os.WriteFile(f, png, 0o644); err != nil {
		t.Error(err)
		return
	}
	t.Logf("screenshot: %s", f)
}

// TestAgendaFirstScreen opens the person pages of someone with things to
// raise, in the agenda fixture and in the sample journal, on a laptop's and
// a phone's screen, and checks that the agenda opens the page: its heading
// and its first talking point are on the first screen without scrolling,
// with the late mark of a late 1:1, and nothing overflows sideways. It also
// checks that each open action is on the page once.
func TestAgendaFirstScreen(t *testing.T) {
	bin := needBrowser(t)
	fixture := buildSiteAt(t, agendaFixture, agendaNow)
	sample := buildSite(t, "..")
	bctx := newBrowser(t, bin)
	cases := []struct {
		name, out, path string
		at              time.Time // the browser's clock: the build's
		point, href     string    // the first talking point and where it links
		late            string    // the late mark, "" when the series is not late
	}{
		{"fixture-priya", fixture, personPriya, agendaNow, "How is the on-call load?", "priya/2026-11-16-priya-1on1/index.html#L11", "Late · due Mon 23 Nov"},
		{"sample-jo", sample, personJo, now, "Does calibration feedback come back to managers in writing, or only in the room?", "2026/2026-11-19-jo-1on1/index.html#L46", ""},
	}
	for _, c := range cases {
		for _, vp := range viewports {
			t.Run(fmt.Sprintf("%s-%dx%d", c.name, vp.w, vp.h), func(t *testing.T) {
				p := newPage(t, bctx, serveHTTP(t, c.out))
				p.do(clockAt(c.at), chromedp.EmulateViewport(vp.w, vp.h))
				p.open(c.path)
				fs := p.firstScreen()
				p.screenshot(t, fmt.Sprintf("%s-%dx%d", c.name, vp.w, vp.h))
				if fs.W != float64(vp.w) || fs.H != float64(vp.h) {
					t.Fatalf("viewport %gx%g, want %dx%d", fs.W, fs.H, vp.w, vp.h)
				}
				if fs.ScrollY != 0 {
					t.Errorf("the page opens scrolled by %g", fs.ScrollY)
				}
				if !fs.Heading.inView(fs.W, fs.H) || !strings.HasPrefix(fs.Heading.Text, "Agenda") {
					t.Errorf("the agenda's heading is not on the first screen: %+v", fs.Heading)
				}
				if !fs.Point.inView(fs.W, fs.H) {
					t.Errorf("the first talking point is not on the first screen: %+v", fs.Point)
				}
				if fs.Point.Text != c.point || !strings.HasSuffix(fs.Point.Href, c.href) {
					t.Errorf("first talking point %q linking to %q, want %q linking to …%s", fs.Point.Text, fs.Point.Href, c.point, c.href)
				}
				if c.late != "" && (!fs.Late.inView(fs.W, fs.H) || !strings.Contains(fs.Late.Text, c.late)) {
					t.Errorf("late mark %+v, want %q on the first screen", fs.Late, c.late)
				}
				if c.late == "" && fs.Late.Found {
					t.Errorf("a late mark on a series that is not late: %q", fs.Late.Text)
				}
				if fs.PageWidth > fs.W {
					t.Errorf("the page is %gpx wide in a %gpx viewport", fs.PageWidth, fs.W)
				}
				// Each open action once: no action row links to the same line twice.
				var dups []string
				p.eval(`(() => { const seen = {}, dups = [];
					for (const a of document.querySelectorAll("main .ag-text, main .action-text")) {
						const h = a.getAttribute("href"); if (seen[h]) dups.push(h); seen[h] = true; }
					return dups; })()`, &dups)
				if len(dups) > 0 {
					t.Errorf("actions listed more than once on the page: %q", dups)
				}
			})
		}
	}
}

// TestAgendaPages checks the other pages of the feature in the agenda
// fixture: the home page lists the late 1:1 (and the sample journal's home
// page, with no series late, shows no such list), a meeting page marks its
// talking points as such and keeps them out of its action items, topic
// pages say whom they are for and their state, and the series page its
// cadence and lateness.
func TestAgendaPages(t *testing.T) {
	bin := needBrowser(t)
	fixture := buildSiteAt(t, agendaFixture, agendaNow)
	sample := buildSite(t, "..")
	bctx := newBrowser(t, bin)

	// The pages recompute what is late from the browser's clock: it reads
	// the build's time. The home page carries the series that fall late
	// later as hidden rows (data-from), which the check leaves out.
	p := newPage(t, bctx, serveHTTP(t, fixture))
	p.do(clockAt(agendaNow), chromedp.EmulateViewport(1280, 800))
	p.open("index.html")
	p.screenshot(t, "fixture-home-1280x800")
	var late struct {
		Heading string
		Items   []string
		Hrefs   []string
		Top     float64
	}
	p.eval(`(() => { const s = document.querySelector("section.late-series"); if (!s) return {};
		return {Heading: s.querySelector("h2").textContent.trim(),
			Items: Array.from(s.querySelectorAll("li:not([hidden])")).map(li => li.textContent.trim().replace(/\s+/g, " ")),
			Hrefs: Array.from(s.querySelectorAll("li:not([hidden]) a")).map(a => a.getAttribute("href")),
			Top: s.getBoundingClientRect().top}; })()`, &late)
	if !strings.Contains(late.Heading, "1:1s that are late") || len(late.Items) != 1 ||
		!strings.Contains(late.Items[0], "Priya / Sam 1:1") || !strings.Contains(late.Items[0], "Late · due Mon 23 Nov") ||
		len(late.Hrefs) != 1 || late.Hrefs[0] != seriesPriya {
		t.Errorf("home: the late 1:1s are %+v, want Priya / Sam 1:1 (the series by its usual title), late since Mon 23 Nov, linking to %s", late, seriesPriya)
	}
	if late.Top > 800 {
		t.Errorf("home: the late 1:1s are below the first screen (top %g)", late.Top)
	}

	// A meeting that writes talking points: a marker of their own on their
	// rows of the notes, and none of them among the action items, which are
	// the notes' own task rows (there is no separate panel of either).
	p.open(meetingPoints)
	p.screenshot(t, "fixture-meeting-points-1280x800")
	var m struct {
		Markers, Labelled, Points, Panels int
		Items                             []string
	}
	p.eval(`(() => {
		const text = li => { const c = li.cloneNode(true);
			c.querySelectorAll(".item-meta, ul").forEach(e => e.remove());
			return c.textContent.trim().replace(/\s+/g, " "); };
		return {
			Markers: document.querySelectorAll(".prose .task-point").length,
			Labelled: document.querySelectorAll('.prose .task-point[role=img][aria-label="talking point"]').length,
			Points: document.querySelectorAll(".prose li.item.point").length,
			Panels: document.querySelectorAll("section[aria-labelledby=h-items], section[aria-labelledby=h-points], section.points").length,
			Items: Array.from(document.querySelectorAll(".prose li.item:not(.point)")).map(text)}; })()`, &m)
	if m.Markers != 3 || m.Labelled != 3 || m.Points != 3 {
		t.Errorf("%s: %d talking point markers in the notes (%d labelled), %d talking point rows; want 3 each", meetingPoints, m.Markers, m.Labelled, m.Points)
	}
	if m.Panels != 0 {
		t.Errorf("%s: %d separate panels of action items or talking points, want none (the notes' rows are the list)", meetingPoints, m.Panels)
	}
	if len(m.Items) != 1 || m.Items[0] != "Review Priya's promo packet" {
		t.Errorf("%s: the action rows of the notes are %q, want the one action, \"Review Priya's promo packet\"", meetingPoints, m.Items)
	}
	for _, it := range m.Items {
		if strings.Contains(it, "on-call load") || strings.Contains(it, "design review") || strings.Contains(it, "conference budget") {
			t.Errorf("%s: a talking point among the action items: %q", meetingPoints, it)
		}
	}
	if n := p.num(`document.querySelectorAll('.prose [aria-label="open"]').length`); n != 1 {
		t.Errorf("%s: %d boxes labelled open in the notes, want 1 (the one action)", meetingPoints, n)
	}
	// A carried copy ticked [x] shows as done, the one carried [?] as a talking point.
	p.open(meetingTicked)
	if got := p.str(`Array.from(document.querySelectorAll(".prose .task")).map(e => e.getAttribute("aria-label")).join(",")`); got != "open,talking point,done,open" {
		t.Errorf("%s: the notes' boxes are %s, want open,talking point,done,open", meetingTicked, got)
	}

	for _, c := range []struct{ path, state, people string }{
		{topicOpen, "Open: on the agenda", "Priya Shah Dev Patel"},
		{topicLater, "Revisit from Fri 15 Jan 2027", "Lee Wong"},
		{topicSettled, "Closed", "Dev Patel"},
	} {
		p.open(c.path)
		state := p.str(`(document.querySelector(".topic-state") || {}).textContent || ""`)
		people := p.str(`Array.from(document.querySelectorAll(".topic-for .chip")).map(c => c.textContent.slice(2)).join(" ")`)
		if !strings.Contains(state, c.state) || people != c.people {
			t.Errorf("%s: state %q for %q, want %q for %q", c.path, state, people, c.state, c.people)
		}
	}

	p.open(seriesPriya)
	if got := p.str(`document.querySelector(".cadence").textContent.replace(/\s+/g, " ")`); !strings.Contains(got, "every 7 days") || !strings.Contains(got, "Late · due Mon 23 Nov") {
		t.Errorf("%s: cadence line %q, want every 7 days and Late · due Mon 23 Nov", seriesPriya, got)
	}

	// No series is late in the sample at the tests' time: nothing is shown.
	q := newPage(t, bctx, serveHTTP(t, sample))
	q.do(clockAt(now))
	q.open("index.html")
	if n := q.num(`document.querySelectorAll("section.late-series:not([hidden]), section.late-series li:not([hidden])").length`); n != 0 {
		t.Errorf("sample home: a list of late series with none late")
	}
}

// TestAgendaAccessibility runs axe-core on the agenda fixture's pages of
// each kind the feature changed, in the light and the dark theme.
func TestAgendaAccessibility(t *testing.T) {
	bin := needBrowser(t)
	axe := axeSource(t)
	out := buildSiteAt(t, agendaFixture, agendaNow)
	bctx := newBrowser(t, bin)
	p := newPage(t, bctx, serveHTTP(t, out))
	for _, theme := range []string{"light", "dark"} {
		for _, path := range []string{"index.html", personPriya, "people/lee/index.html", "people/sam/index.html", meetingPoints, meetingTicked, topicOpen, topicLater, topicSettled, seriesPriya, "notes/index.html"} {
			p.open(path)
			p.eval(fmt.Sprintf(`document.documentElement.dataset.theme = %q, true`, theme), nil)
			runAxe(t, p, axe, theme+" "+path)
		}
	}
}
