package e2e

import (
	"context"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// clockAt makes the page's Date read at from the next navigation on: Date.now()
// and new Date() run from at, as if the journal were opened then.
func clockAt(at time.Time) chromedp.Action[chromedp.Void] {
	script := fmt.Sprintf(`(() => {
		const D = Date, shift = %d - D.now();
		class Shifted extends D {
			constructor(...a) { if (a.length) super(...a); else super(D.now() + shift); }
			static now() { return D.now() + shift; }
		}
		Date = Shifted;
	})();`, at.UnixMilli())
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: script})
		return err
	})
}

// relText is an element with data-rel: its kind, date and text, and whether
// it (or its row) is marked overdue.
type relText struct {
	Rel, Date, Text string
	Overdue, Hidden bool
}

// builtRel reads the texts the build printed inside data-rel elements.
var builtRel = regexp.MustCompile(`data-rel="([a-z]+)" data-date="([^"]*)"[^>]*>([^<]*)<`)

func builtTexts(t *testing.T, out, path string) []relText {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(out, path))
	if err != nil {
		t.Fatal(err)
	}
	var rs []relText
	for _, m := range builtRel.FindAllStringSubmatch(string(b), -1) {
		rs = append(rs, relText{Rel: m[1], Date: m[2], Text: html.UnescapeString(m[3])})
	}
	return rs
}

// byDate orders data-rel texts by kind and date, keeping the order of those
// alike: the page may move a row (a due-soon action late by now moves to
// the overdue list), and a text is compared with the build's of its date.
func byDate(rs []relText) []relText {
	sort.SliceStable(rs, func(i, j int) bool {
		if rs[i].Rel != rs[j].Rel {
			return rs[i].Rel < rs[j].Rel
		}
		return rs[i].Date < rs[j].Date
	})
	return rs
}

func (p *page) relTexts() []relText {
	p.t.Helper()
	var rs []relText
	p.eval(`Array.from(document.querySelectorAll("[data-rel]")).map(e => {
		const row = e.closest("li.action, li.ag-item");
		return {Rel: e.getAttribute("data-rel"), Date: e.getAttribute("data-date"), Text: e.textContent,
			Overdue: e.classList.contains("overdue") || !!(row && row.classList.contains("is-overdue")), Hidden: e.hidden};
	})`, &rs)
	return rs
}

var daysLate = regexp.MustCompile(`^⚠ (\d+) days? late$`)

// TestRelativeDates opens pages built at now three days later: what the build
// called "N days late" is N+3 days late, what was due within three days is
// late now, and meetings are three days further in the past. Opened the day
// they were built, the pages say what the build said.
func TestRelativeDates(t *testing.T) {
	bin := needBrowser(t)
	out := buildSiteAt(t, "..", now)
	bctx := newBrowser(t, bin)
	pages := []string{"actions/index.html", "index.html", "people/dev/index.html"}

	t.Run("same-day", func(t *testing.T) {
		p := newPage(t, bctx, serveHTTP(t, out))
		p.do(clockAt(now))
		for _, path := range pages {
			p.open(path)
			built, got := byDate(builtTexts(t, out, path)), byDate(p.relTexts())
			if len(built) != len(got) {
				t.Fatalf("%s: %d data-rel texts in the file, %d in the page", path, len(built), len(got))
			}
			for i := range built {
				if built[i].Text != got[i].Text {
					t.Errorf("%s: %s %s reads %q on the build's day, the build said %q", path, got[i].Rel, got[i].Date, got[i].Text, built[i].Text)
				}
			}
		}
	})

	t.Run("three-days-later", func(t *testing.T) {
		p := newPage(t, bctx, serveHTTP(t, out))
		p.do(clockAt(now.AddDate(0, 0, 3)))
		var later, newlyLate, ago int
		for _, path := range pages {
			p.open(path)
			built, got := byDate(builtTexts(t, out, path)), byDate(p.relTexts())
			if len(built) != len(got) {
				t.Fatalf("%s: %d data-rel texts in the file, %d in the page", path, len(built), len(got))
			}
			for i, b := range built {
				g := got[i]
				switch {
				case b.Rel == "due" && daysLate.MatchString(b.Text):
					n, _ := strconv.Atoi(daysLate.FindStringSubmatch(b.Text)[1])
					if want := fmt.Sprintf("⚠ %d days late", n+3); g.Text != want || !g.Overdue {
						t.Errorf("%s: %q three days later reads %q (overdue %v), want %q", path, b.Text, g.Text, g.Overdue, want)
					}
					later++
				case b.Rel == "due" && (b.Text == "due today" || b.Text == "due tomorrow" || b.Text == "due in 2 days"):
					if !strings.HasPrefix(g.Text, "⚠ ") || !strings.HasSuffix(g.Text, "late") || !g.Overdue {
						t.Errorf("%s: %q three days later reads %q (overdue %v), want late and overdue", path, b.Text, g.Text, g.Overdue)
					}
					newlyLate++
				case b.Rel == "ago" && strings.HasSuffix(b.Text, " days ago"):
					n, _ := strconv.Atoi(strings.TrimSuffix(b.Text, " days ago"))
					if want := fmt.Sprintf("%d days ago", n+3); n+3 <= 60 && g.Text != want {
						t.Errorf("%s: %q three days later reads %q, want %q", path, b.Text, g.Text, want)
					}
					ago++
				}
			}
		}
		if later == 0 || newlyLate == 0 || ago == 0 {
			t.Errorf("checked %d late, %d newly late and %d \"days ago\" texts; want some of each", later, newlyLate, ago)
		}
	})
}

// TestRelativeCounts opens pages built at now ten days later: the counts
// (nav badges, the home page's numbers, the actions page's "N overdue") are
// as of that day, the meeting whose notes were not yet due for review is
// overdue for review, and the 1:1 due on the build's day is late. Opened the
// day they were built, the pages show the build's counts and states.
func TestRelativeCounts(t *testing.T) {
	bin := needBrowser(t)
	out := buildSiteAt(t, "..", now)
	bctx := newBrowser(t, bin)
	const weekly = "2026/2026-11-23-platform-weekly/index.html"
	type state struct {
		NavOverdue, NavReview, StatOverdue, StatReview, HeadOverdue, HeadReview string
		BuildOverdue, BuildReview, BuildReviewOverdue                           int
	}
	read := func(p *page) state {
		var s state
		p.open("index.html")
		p.eval(`(() => {
			const t = s => { const e = document.querySelector(s); return e && !e.hidden ? e.textContent : ""; };
			const c = window.RECAP.counts;
			return {NavOverdue: t('.nav [data-count="overdue"]'), NavReview: t('.nav [data-count="unreviewed"]'),
				StatOverdue: t('.stats [data-count="overdue"]'), StatReview: t('.stats [data-count="unreviewed"]'),
				HeadOverdue: t('#h-overdue [data-count]'), HeadReview: t('#h-review [data-count]'),
				BuildOverdue: c.overdue, BuildReview: c.unreviewed, BuildReviewOverdue: c.reviewOverdue};
		})()`, &s)
		return s
	}
	banner := func(p *page) (overdue, pending bool) {
		p.open(weekly)
		return p.num(`document.querySelector(".review-state.overdue").hidden ? 0 : 1`) == 1,
			p.num(`document.querySelector(".review-state.pending").hidden ? 0 : 1`) == 1
	}
	late := func(p *page) (mark, next bool) {
		p.open("series/dev-sam/index.html")
		return p.num(`document.querySelector(".cadence .late-mark").hidden ? 0 : 1`) == 1,
			p.num(`document.querySelector(".cadence [data-until]").hidden ? 0 : 1`) == 1
	}

	t.Run("same-day", func(t *testing.T) {
		p := newPage(t, bctx, serveHTTP(t, out))
		p.do(clockAt(now))
		s := read(p)
		o, r := strconv.Itoa(s.BuildOverdue), strconv.Itoa(s.BuildReview)
		if s.NavOverdue != o || s.StatOverdue != o || s.HeadOverdue != o || s.NavReview != r || s.StatReview != r ||
			s.HeadReview != strconv.Itoa(s.BuildReviewOverdue) {
			t.Errorf("on the build's day the page shows %+v, want the build's counts", s)
		}
		if overdue, pending := banner(p); overdue || !pending {
			t.Errorf("%s on the build's day: overdue banner %v, pending banner %v; want pending only", weekly, overdue, pending)
		}
		if mark, next := late(p); mark || !next {
			t.Errorf("the 1:1 due on the build's day: late %v, next due %v; want next due only", mark, next)
		}
	})

	t.Run("ten-days-later", func(t *testing.T) {
		p := newPage(t, bctx, serveHTTP(t, out))
		p.do(clockAt(now.AddDate(0, 0, 10)))
		s := read(p)
		// The actions page's filter counts from its own data: the two must agree.
		p.open("actions/index.html#due=overdue")
		p.waitJS(`document.querySelector(".af-count")`)
		matches := p.str(`document.querySelector(".af-count").textContent`)
		want := fmt.Sprintf("%s actions match.", s.NavOverdue)
		if s.NavOverdue == strconv.Itoa(s.BuildOverdue) || matches != want || s.StatOverdue != s.NavOverdue || s.HeadOverdue != s.NavOverdue {
			t.Errorf("ten days later: %+v, and the overdue filter says %q; want more overdue than the build, the same number everywhere", s, matches)
		}
		lede := p.str(`document.querySelector(".lede strong.bad").textContent`)
		if lede != s.NavOverdue+" overdue" {
			t.Errorf("the actions page says %q, want %q", lede, s.NavOverdue+" overdue")
		}
		if s.HeadReview != strconv.Itoa(s.BuildReviewOverdue+1) {
			t.Errorf("overdue for review ten days later: %q, want %d (the weekly of the day before the build too)", s.HeadReview, s.BuildReviewOverdue+1)
		}
		if overdue, pending := banner(p); !overdue || pending {
			t.Errorf("%s ten days later: overdue banner %v, pending banner %v; want overdue only", weekly, overdue, pending)
		}
		if mark, next := late(p); !mark || next {
			t.Errorf("the 1:1 ten days later: late %v, next due %v; want late only", mark, next)
		}
		p.open("index.html")
		if n, want := p.num(`document.querySelectorAll("[data-overdue-list] li.action").length`), p.num(`Math.min(+document.querySelector("#h-overdue [data-count]").textContent, 1e9)`); n == 0 || p.num(`document.querySelectorAll("[data-soon-list] li.action.is-overdue").length`) != 0 || n > want {
			t.Errorf("ten days later the home page lists %d overdue actions (of %d), and due-soon still holds late ones: %d", n, want, p.num(`document.querySelectorAll("[data-soon-list] li.action.is-overdue").length`))
		}
		if d := p.str(`document.querySelector('[data-rel="today"]').textContent`); d != "Fri 4 Dec 2026" {
			t.Errorf("the home page's date ten days after 24 Nov 2026 reads %q", d)
		}
		if n := p.num(`Array.from(document.querySelectorAll(".late-series li")).filter(li => !li.hidden && li.textContent.includes("Dev")).length`); n != 1 {
			t.Errorf("the home page lists the late 1:1 with Dev %d times ten days later, want once", n)
		}
	})
}
