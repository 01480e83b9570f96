package e2e

import (
	"context"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
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
			built, got := builtTexts(t, out, path), p.relTexts()
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
			built, got := builtTexts(t, out, path), p.relTexts()
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
