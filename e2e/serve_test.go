package e2e

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/recapjournal/recap/generator/build"
	"github.com/recapjournal/recap/generator/diag"
	"github.com/recapjournal/recap/generator/serve"
)

// liveSite is a journal that the serve package serves and the test rebuilds,
// as `recap serve` does when a note changes.
type liveSite struct {
	t    *testing.T
	root string
	b    *build.Builder
	srv  *serve.Server
	site target
	host string

	mu      sync.Mutex
	streams int           // event streams open now
	most    int           // the most open at once
	gate    chan struct{} // while not nil, new event streams wait for it to close
}

const liveConfig = `title = "Live reload"
timezone = "UTC"
me = "sam"

[people.sam]
name = "Sam Rivera"

[people.dev]
name = "Dev Patel"
`

const liveNotePath = "content/2026/2026-11-17-dev.md"

// liveMeeting is the page of the note at liveNotePath.
const liveMeeting = "2026/2026-11-17-dev/"

func liveNote(body string) string {
	return "+++\ntitle = \"1:1 Dev\"\ndate = 2026-11-17T14:30:00Z\nattendees = [\"sam\", \"dev\"]\nreviewed = 2026-11-18\n+++\n\n" + body + "\n"
}

// brokenNote fails to build: its front matter has a title without a value.
const brokenNote = "+++\ntitle = \n+++\nBroken.\n"

// newLiveSite writes a journal whose note at liveNotePath is note, builds it
// and serves it with the serve package's HTTP server, as `recap serve` does.
func newLiveSite(t *testing.T, note string) *liveSite {
	t.Helper()
	keepCacheInside(t)
	l := &liveSite{t: t, root: t.TempDir()}
	for rel, data := range map[string]string{"config.toml": liveConfig, liveNotePath: note} {
		l.writeFile(rel, data)
	}
	out := filepath.Join(t.TempDir(), "public")
	l.b = build.NewBuilder(build.Options{Root: l.root, OutDir: out, Now: now})
	l.srv = serve.New(out, "127.0.0.1")
	l.report(l.b.Full())

	hs := l.srv.HTTPServer()
	inner := hs.Handler
	hs.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/__recap/events" {
			inner.ServeHTTP(w, r)
			return
		}
		l.mu.Lock()
		gate := l.gate
		l.streams++
		l.most = max(l.most, l.streams)
		l.mu.Unlock()
		defer func() {
			l.mu.Lock()
			l.streams--
			l.mu.Unlock()
		}()
		if gate != nil {
			select {
			case <-gate:
			case <-r.Context().Done():
				return
			}
		}
		inner.ServeHTTP(w, r)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("serve: %v", err)
		}
	}()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = hs.Shutdown(ctx)
	})
	l.host = ln.Addr().String()
	l.site = target{name: "serve", base: "http://" + l.host + "/", ok: func(s string) bool {
		u, err := url.Parse(s)
		return err == nil && u.Scheme == "http" && u.Host == l.host
	}}
	return l
}

func (l *liveSite) writeFile(rel, data string) {
	l.t.Helper()
	p := filepath.Join(l.root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		l.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		l.t.Fatal(err)
	}
}

// report tells the server how a build went, with the message `recap serve`
// gives; it returns the message of a failed build.
func (l *liveSite) report(_ *build.Result, err error) string {
	l.t.Helper()
	if err == nil {
		l.srv.Reloaded()
		return ""
	}
	var lines []string
	for _, d := range diag.From("", err) {
		lines = append(lines, d.Error())
	}
	msg := strings.Join(lines, "\n")
	l.srv.Failed(msg)
	return msg
}

// edit writes a note (or removes it, when data is "") and rebuilds; it
// returns the build's error message, "" when it succeeded.
func (l *liveSite) edit(rel, data string) string {
	l.t.Helper()
	if data == "" {
		if err := os.Remove(filepath.Join(l.root, filepath.FromSlash(rel))); err != nil {
			l.t.Fatal(err)
		}
	} else {
		l.writeFile(rel, data)
	}
	return l.report(l.b.Update([]string{rel}))
}

// hold makes new event streams wait until release.
func (l *liveSite) hold() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.gate = make(chan struct{})
}

func (l *liveSite) release() {
	l.mu.Lock()
	defer l.mu.Unlock()
	close(l.gate)
	l.gate = nil
}

// waitStreams waits until n event streams are open.
func (l *liveSite) waitStreams(n int) {
	l.t.Helper()
	deadline := time.Now().Add(stepTimeout)
	for {
		l.mu.Lock()
		open := l.streams
		l.mu.Unlock()
		if open == n {
			return
		}
		if time.Now().After(deadline) {
			l.t.Fatalf("%d event streams open, want %d", open, n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// mostStreams is the most event streams that were open at once.
func (l *liveSite) mostStreams() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.most
}

// Browser features a tab can be without, to try the live-reload script's
// fallbacks.
const (
	noSharedWorker = `delete window.SharedWorker;`
	noWebLocks     = `Object.defineProperty(Navigator.prototype, "locks", {get: function () { return undefined; }, configurable: true});`
)

// tab opens a tab in the browser's default context, so that the tabs of a
// test share their connections to the server, as the tabs of a browser
// window do. Scripts in without run in every page before its own.
func (l *liveSite) tab(bctx context.Context, without ...string) *page {
	l.t.Helper()
	p := &page{t: l.t, site: l.site, timeout: 30 * time.Second}
	ctx, cancel := chromedp.NewContext(bctx, chromedp.WithListener(p.listen))
	l.t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		l.t.Fatalf("open a tab: %v", err)
	}
	p.ctx = ctx
	l.t.Cleanup(p.checkClean)
	if src := strings.Join(without, "\n"); src != "" {
		p.do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: src})
			return err
		}))
	}
	return p
}

// allowErrors keeps the browser's errors that contain one of the strings
// from failing the test: the status of the error page, for one.
func (p *page) allowErrors(allowed ...string) {
	p.t.Cleanup(func() { // before checkClean
		p.mu.Lock()
		defer p.mu.Unlock()
		var keep []string
		for _, e := range p.errors {
			if !slices.ContainsFunc(allowed, func(a string) bool { return strings.Contains(e, a) }) {
				keep = append(keep, e)
			}
		}
		p.errors = keep
	})
}

// mark sets a mark in the page that a reload takes away.
func (p *page) mark() { p.t.Helper(); p.eval(`window.__recapMark = true`, nil) }

// waitReload waits until the page reloaded (lost its mark) and loaded.
func (p *page) waitReload() {
	p.t.Helper()
	p.waitJS(`!window.__recapMark && document.readyState === "complete" && !!window.RECAP_SEARCH_UI`)
}

// overlay is the text of the error overlay, "" when there is none.
func (p *page) overlay() string {
	p.t.Helper()
	return p.str(`(document.querySelector("body > div[role=alert]") || {textContent: ""}).textContent`)
}

// TestLiveTabs opens eight tabs of `recap serve` (more than the six
// connections a browser opens to one host), in one browser context, and
// checks that they all load and all follow the builds over one shared
// stream: an edit reloads every tab; a broken note (its file name holds a
// carriage return and a line feed) shows its error over every tab, with no
// reload; the fix reloads them all, without the overlay. Then the same
// without SharedWorker, where the tabs elect one of them to hold the stream.
func TestLiveTabs(t *testing.T) {
	bin := needBrowser(t)
	for _, c := range []struct {
		name    string
		without []string
	}{
		{"worker", nil},
		{"locks", []string{noSharedWorker}},
	} {
		t.Run(c.name, func(t *testing.T) {
			l := newLiveSite(t, liveNote("First version of the note."))
			bctx := newBrowser(t, bin)
			var tabs []*page
			for i := range 8 {
				p := l.tab(bctx, c.without...)
				path := liveMeeting
				if i%2 == 1 {
					path = "index.html"
				}
				p.open(path) // the seventh tab never loaded with a stream per tab
				tabs = append(tabs, p)
			}
			for _, p := range tabs {
				p.mark()
			}

			// An edit reloads every tab.
			if msg := l.edit(liveNotePath, liveNote("Second version, edited while serving.")); msg != "" {
				t.Fatalf("the edit did not build: %s", msg)
			}
			for i, p := range tabs {
				p.waitReload()
				if i%2 == 0 && !strings.Contains(p.str(`document.body.textContent`), "Second version, edited while serving.") {
					t.Errorf("tab %d reloaded without the edit", i+1)
				}
				p.mark()
			}

			// A broken note: the error over every tab, and no reload.
			broken := "content/2026/2026-11-20-a\rb\nc.md"
			msg := l.edit(broken, brokenNote)
			if !strings.Contains(msg, "2026-11-20-a\rb\nc.md") {
				t.Fatalf("the build error does not name the note: %q", msg)
			}
			for i, p := range tabs {
				p.waitJS(`!!document.querySelector("body > div[role=alert]")`)
				if got := p.overlay(); !strings.HasSuffix(got, "\n\n"+msg) {
					t.Errorf("tab %d: the overlay says %q, want the message %q", i+1, got, msg)
				}
			}
			time.Sleep(300 * time.Millisecond) // let a wrong reload show itself
			for i, p := range tabs {
				if p.str(`String(!!window.__recapMark)`) != "true" {
					t.Errorf("tab %d reloaded on a failed build", i+1)
				}
			}

			// Fixed: every tab reloads, without the overlay.
			if msg := l.edit(broken, ""); msg != "" {
				t.Fatalf("the fix did not build: %s", msg)
			}
			for i, p := range tabs {
				p.waitReload()
				if got := p.overlay(); got != "" {
					t.Errorf("tab %d: an overlay after the fix: %q", i+1, got)
				}
			}
			t.Logf("%d tabs; at most %d event streams open at once", len(tabs), l.mostStreams())
			if n := l.mostStreams(); n > 3 {
				t.Errorf("%d event streams open at once for %d tabs: the tabs do not share one", n, len(tabs))
			}
		})
	}
}

// TestLiveOwn: without SharedWorker and Web Locks, each tab holds a stream
// of its own, but only while it is visible: a tab in the background holds
// none, and catches up (reloads) when it comes to the front.
func TestLiveOwn(t *testing.T) {
	bin := needBrowser(t)
	l := newLiveSite(t, liveNote("First version of the note."))
	bctx := newBrowser(t, bin)
	a := l.tab(bctx, noSharedWorker, noWebLocks)
	a.open(liveMeeting)
	b := l.tab(bctx, noSharedWorker, noWebLocks)
	b.open(liveMeeting)
	l.waitStreams(2)
	a.mark()
	b.mark()
	// Headless tabs are all visible: b plays a tab in the background.
	b.eval(`Object.defineProperty(document, "visibilityState", {value: "hidden", configurable: true});
		document.dispatchEvent(new Event("visibilitychange"))`, nil)
	l.waitStreams(1)
	if msg := l.edit(liveNotePath, liveNote("Second version.")); msg != "" {
		t.Fatalf("the edit did not build: %s", msg)
	}
	a.waitReload()
	if b.str(`String(!!window.__recapMark)`) != "true" {
		t.Errorf("the tab in the background reloaded")
	}
	b.eval(`delete document.visibilityState; document.dispatchEvent(new Event("visibilitychange"))`, nil)
	b.waitReload()
	for _, p := range []*page{a, b} {
		if !strings.Contains(p.str(`document.body.textContent`), "Second version.") {
			t.Errorf("a tab reloaded without the edit")
		}
	}
}

// TestLiveErrorPage: the first build fails, so every page is the error
// page, which lists the problems; a second failure lists the new ones; the
// fix turns each open tab into the page it asked for.
func TestLiveErrorPage(t *testing.T) {
	bin := needBrowser(t)
	for _, c := range []struct {
		name    string
		without []string
	}{
		{"worker", nil},
		{"locks", []string{noSharedWorker}},
	} {
		t.Run(c.name, func(t *testing.T) {
			l := newLiveSite(t, brokenNote)
			bctx := newBrowser(t, bin)
			paths := []string{liveMeeting, "index.html", "no-such-page.html"}
			var tabs []*page
			problems := `Array.from(document.querySelectorAll("#recap-problems li")).map(li => li.textContent).join("\n")`
			for _, path := range paths {
				p := l.tab(bctx, c.without...)
				p.allowErrors("the server responded with a status of 503", "the server responded with a status of 404 (Not Found) "+p.site.base+"no-such-page.html")
				p.do(chromedp.Navigate(p.site.base + path))
				p.waitJS(`document.readyState === "complete" && !!document.getElementById("recap-problems")`)
				if got := p.str(problems); !strings.Contains(got, "2026-11-17-dev.md:2:") {
					t.Errorf("%s: the error page lists %q", path, got)
				}
				p.mark()
				tabs = append(tabs, p)
			}
			// Another failure: the new problems, in place.
			msg := l.edit(liveNotePath, "+++\ntitle = \"1:1 Dev\"\ndate = \"someday\"\n+++\nStill broken.\n")
			if msg == "" {
				t.Fatal("the second version built")
			}
			for _, p := range tabs {
				p.waitJS(fmt.Sprintf(`%s === %q`, problems, msg))
				if p.str(`String(!!window.__recapMark)`) != "true" {
					t.Errorf("the error page reloaded on a failed build")
				}
			}
			// Fixed: each tab shows the page at its URL.
			if msg := l.edit(liveNotePath, liveNote("Fixed at last.")); msg != "" {
				t.Fatalf("the fix did not build: %s", msg)
			}
			for i, p := range tabs {
				p.waitJS(`!window.__recapMark && document.readyState === "complete" && !document.getElementById("recap-problems")`)
				body := p.str(`document.body.textContent`)
				switch paths[i] {
				case liveMeeting:
					if !strings.Contains(body, "Fixed at last.") {
						t.Errorf("%s: not the meeting after the fix", paths[i])
					}
				case "no-such-page.html":
					if !strings.Contains(body, "Page not found") {
						t.Errorf("%s: not the site's 404 page after the fix", paths[i])
					}
				}
			}
		})
	}
}

// TestLiveRace: a build that ends after a page was served
// but before its script subscribed (the stream held back here) still
// reloads the page: the page knows the version it shows.
func TestLiveRace(t *testing.T) {
	bin := needBrowser(t)
	for _, c := range []struct {
		name    string
		without []string
	}{
		{"worker", nil},
		{"locks", []string{noSharedWorker}},
		{"own", []string{noSharedWorker, noWebLocks}},
	} {
		t.Run(c.name, func(t *testing.T) {
			l := newLiveSite(t, liveNote("First version of the note."))
			bctx := newBrowser(t, bin)
			p := l.tab(bctx, c.without...)
			l.hold()
			p.open(liveMeeting)
			p.mark()
			if msg := l.edit(liveNotePath, liveNote("Second version.")); msg != "" {
				t.Fatalf("the edit did not build: %s", msg)
			}
			l.release()
			p.waitReload()
			if !strings.Contains(p.str(`document.body.textContent`), "Second version.") {
				t.Errorf("the page reloaded without the edit")
			}
			// Then the page is current: the next state does not reload it.
			p.mark()
			msg := l.edit("content/2026/2026-11-21-x.md", brokenNote)
			p.waitJS(`!!document.querySelector("body > div[role=alert]")`)
			if got := p.overlay(); !strings.HasSuffix(got, msg) || p.str(`String(!!window.__recapMark)`) != "true" {
				t.Errorf("after a failed build: overlay %q, mark %s", got, p.str(`String(!!window.__recapMark)`))
			}
		})
	}
}

// TestLiveFile: a page opened from the output folder has no
// live-reload script: the script is added by the server only.
func TestLiveFile(t *testing.T) {
	bin := needBrowser(t)
	l := newLiveSite(t, liveNote("A note."))
	out := buildSite(t, l.root)
	bctx := newBrowser(t, bin)
	p := newPage(t, bctx, serveFile(out))
	p.open(liveMeeting + "index.html")
	if n := p.num(`document.querySelectorAll("script[data-recap-live]").length`); n != 0 {
		t.Errorf("a page from file:// has %d live-reload scripts", n)
	}
}
