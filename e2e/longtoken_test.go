package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/performance"
	"github.com/chromedp/chromedp"
)

// longToken is n characters without a space: letters, digits, "+" and "/"
// in a fixed pseudo-random order, as in a pasted key. Pairs such as "AV"
// and "To" are kerned, so the browser cannot break the text's shaping
// anywhere it likes, as it can in "aaaa…".
func longToken(n int) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	var b strings.Builder
	x := uint32(1)
	for range n {
		x = x*1664525 + 1013904223
		b.WriteByte(alphabet[x>>26])
	}
	return b.String()
}

// layoutMS is the time Chromium spent on layout in the tab's document so
// far, in milliseconds, from its performance metrics (enabled before the
// navigation).
func layoutMS(ctx context.Context, tg *chromedp.Target) (float64, error) {
	r, err := cdp.Call(ctx, tg, performance.GetMetrics, cdp.Empty{})
	if err != nil {
		return 0, err
	}
	for _, m := range r.Metrics {
		if m.Name == "LayoutDuration" {
			return 1000 * m.Value, nil
		}
	}
	return 0, fmt.Errorf("no LayoutDuration metric")
}

// TestLongToken opens every page that shows a 100,000-character token (in an
// action item and in a meeting's prose) at a laptop's and a phone's width,
// and checks that each page loads and lays out within a deadline that is
// generous on purpose (the times are logged, not checked), and that the
// token wraps in its box: nothing overflows the page sideways. The token's
// boxes wrap long words with overflow-wrap: break-word, not anywhere, which
// makes the min-content width of the text cost a line break per character;
// the log has what that width costs in each page ("min-content").
func TestLongToken(t *testing.T) {
	bin := needBrowser(t)
	root := t.TempDir()
	tok := longToken(100000)
	writeTree(t, root, map[string]string{
		"config.toml": liveConfig,
		"content/2026/2026-11-17-dev.md": liveNote("The key Dev pasted: " + tok + " (rotated since).\n\n" +
			"## Action items\n\n- [ ] @dev Rotate the key " + tok + " 📅 2026-11-30"),
	})
	out := buildSite(t, root)
	pages := []struct {
		path, sel string // a page, and the boxes there that hold the token
	}{
		{"2026/2026-11-17-dev/index.html", ".prose p, .prose li"},
		{actionsPage, ".action-text"},
		{"people/dev/index.html", ".ag-text"},
		{"series/dev-sam/index.html", ".action-text"},
		{"index.html", ".action-text"},
	}
	const deadline = 10 * time.Second
	bctx := newBrowser(t, bin)
	for _, vp := range []struct{ w, h int64 }{{1280, 800}, {390, 844}} {
		p := newPage(t, bctx, serveHTTP(t, out))
		p.do(chromedp.EmulateViewport(vp.w, vp.h), chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, performance.Enable, performance.EnableParams{})
			return err
		}))
		for _, pg := range pages {
			// The page loads and lays out within the deadline; a hang fails.
			ctx, cancel := context.WithTimeout(p.ctx, deadline)
			start := time.Now()
			var layout float64
			err := chromedp.Do(ctx,
				chromedp.Navigate(p.site.base+pg.path),
				chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
					if _, err := chromedp.Evaluate[float64](`document.body.offsetHeight`)(ctx, tg); err != nil {
						return err
					}
					var err error
					layout, err = layoutMS(ctx, tg)
					return err
				}))
			took := time.Since(start)
			cancel()
			if err != nil {
				t.Fatalf("%dpx, %s: not loaded and laid out within %v: %v", vp.w, pg.path, deadline, err)
			}

			var got struct {
				Found, Wide   int
				Width, Scroll float64
				Wraps         []string
			}
			p.eval(fmt.Sprintf(`(() => {
				const boxes = Array.from(document.querySelectorAll(%q)).filter(e => e.textContent.includes(%q));
				return {Found: boxes.length, Width: innerWidth, Scroll: document.documentElement.scrollWidth,
					Wide: boxes.filter(e => e.getBoundingClientRect().right > innerWidth).length,
					Wraps: Array.from(new Set(boxes.map(e => getComputedStyle(e).overflowWrap)))};
			})()`, pg.sel, tok[:64]), &got)
			if got.Found == 0 {
				t.Errorf("%dpx, %s: no %s holds the token", vp.w, pg.path, pg.sel)
			}
			if got.Scroll > got.Width || got.Wide > 0 {
				t.Errorf("%dpx, %s: the token overflows: the page is %gpx wide in %gpx, %d of %d boxes stick out", vp.w, pg.path, got.Scroll, got.Width, got.Wide, got.Found)
			}
			for _, w := range got.Wraps {
				if w != "break-word" {
					t.Errorf("%dpx, %s: %s has overflow-wrap: %s, want break-word", vp.w, pg.path, pg.sel, w)
				}
			}

			// What the text's min-content width costs: a copy of the box in
			// a shrink-to-fit box beside it. Logged only.
			var minContent float64
			p.eval(fmt.Sprintf(`(() => {
				const e = Array.from(document.querySelectorAll(%q)).find(e => e.textContent.includes(%q));
				const box = document.createElement("div");
				box.style.cssText = "position:absolute;left:0;top:0;width:min-content;visibility:hidden";
				box.appendChild(e.cloneNode(true));
				e.parentNode.appendChild(box);
				const t0 = performance.now(); box.offsetWidth; const ms = performance.now() - t0;
				box.remove();
				return ms;
			})()`, pg.sel, tok[:64]), &minContent)
			t.Logf("%dpx, %s: loaded and laid out in %d ms (layout %.0f ms); min-content of %s: %.0f ms",
				vp.w, pg.path, took.Milliseconds(), layout, pg.sel, minContent)
		}
	}
}
