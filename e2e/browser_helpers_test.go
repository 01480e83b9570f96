package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/recapjournal/recap/generator/build"
)

// now is the fixed build time of every test site.
var now = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)

// findBrowser returns a Chromium or Chrome binary, or "" when there is none.
func findBrowser() string {
	if p := os.Getenv("RECAP_CHROME"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	for _, p := range []string{"/usr/bin/chromium", "/usr/bin/google-chrome", "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

// needBrowser skips the test when no browser is installed.
func needBrowser(t *testing.T) string {
	t.Helper()
	bin := findBrowser()
	if bin == "" {
		t.Skip("e2e: no chromium or google-chrome binary found (install Chromium, or set RECAP_CHROME to a Chrome binary); skipping the browser tests")
	}
	return bin
}

// buildSite builds the site at root into a temporary folder and returns it.
// The build's state goes into a temporary folder too.
func buildSite(t testing.TB, root string) string {
	t.Helper()
	return buildSiteAt(t, root, now)
}

// buildSiteAt is buildSite with the clock at at.
func buildSiteAt(t testing.TB, root string, at time.Time) string {
	t.Helper()
	keepCacheInside(t)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build.Build(build.Options{Root: root, OutDir: out, Now: at}); err != nil {
		t.Fatalf("build %s: %v", root, err)
	}
	return out
}

// target is one way of serving the site: its base URL (ending in "/") and the
// hosts its pages may request from.
type target struct {
	name string
	base string
	ok   func(u string) bool
}

// serveHTTP serves dir at /journal/ of a test server.
func serveHTTP(t *testing.T, dir string) target {
	mux := http.NewServeMux()
	mux.Handle("/journal/", http.StripPrefix("/journal", http.FileServer(http.Dir(dir))))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	host := strings.TrimPrefix(srv.URL, "http://")
	return target{name: "http", base: srv.URL + "/journal/", ok: func(s string) bool {
		u, err := url.Parse(s)
		return err == nil && u.Scheme == "http" && u.Host == host
	}}
}

// serveFile is dir from file://.
func serveFile(dir string) target {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(dir) + "/"}
	return target{name: "file", base: u.String(), ok: func(s string) bool { return strings.HasPrefix(s, "file://") }}
}

// newBrowser starts headless Chromium for the test, with a fresh profile.
// Chromium also writes outside its profile (crash reporter settings in
// ~/.config, dconf's cache in ~/.cache, a folder for its lock in $TMPDIR):
// its home, XDG folders and temporary folder are the test's too.
func newBrowser(t testing.TB, bin string) context.Context {
	t.Helper()
	dir := t.TempDir()
	env := map[string]string{"HOME": "home", "XDG_CONFIG_HOME": "config", "XDG_CACHE_HOME": "cache", "XDG_DATA_HOME": "data", "TMPDIR": "tmp"}
	var vars []string
	for name, sub := range env {
		p := filepath.Join(dir, sub)
		if err := os.Mkdir(p, 0o700); err != nil {
			t.Fatal(err)
		}
		vars = append(vars, name+"="+p)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.Env(vars...),
		chromedp.ExecPath(bin),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-breakpad", true),
		chromedp.UserDataDir(filepath.Join(dir, "profile")),
		chromedp.WindowSize(1200, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	return bctx
}

// page is one tab, in a browser context of its own (its own storage), that
// records the console errors, uncaught exceptions and requests of its pages.
type page struct {
	t       testing.TB
	ctx     context.Context
	site    target
	timeout time.Duration // bounds each step; stepTimeout unless a test sets it

	mu       sync.Mutex
	errors   []string
	requests []string
}

func newPage(t testing.TB, bctx context.Context, site target) *page {
	t.Helper()
	p := &page{t: t, site: site, timeout: stepTimeout}
	ctx, cancel := chromedp.NewContext(bctx, chromedp.WithNewBrowserContext(), chromedp.WithListener(p.listen))
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	p.ctx = ctx
	t.Cleanup(p.checkClean)
	return p
}

func (p *page) listen(ev any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		p.requests = append(p.requests, ev.Request.URL)
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			msg += " " + d.Exception.Description
		}
		p.errors = append(p.errors, fmt.Sprintf("uncaught exception at %s:%d: %s", d.URL, d.LineNumber+1, msg))
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			var parts []string
			for _, a := range ev.Args {
				var str string
				if json.Unmarshal(a.Value, &str) == nil {
					parts = append(parts, str)
				} else if len(a.Value) > 0 {
					parts = append(parts, string(a.Value))
				} else {
					parts = append(parts, a.Description)
				}
			}
			p.errors = append(p.errors, "console."+string(ev.Type)+": "+strings.Join(parts, " "))
		}
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.EntryLevelError {
			p.errors = append(p.errors, fmt.Sprintf("browser log (%s): %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL))
		}
	}
}

// checkClean fails the test for any console error or uncaught exception, and
// for any request that leaves the site.
func (p *page) checkClean() {
	p.t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, e := range p.errors {
		p.t.Errorf("%s: %s", p.site.name, e)
	}
	for _, r := range p.requests {
		if !p.site.ok(r) {
			p.t.Errorf("%s: request to %s, which is not the site", p.site.name, r)
		}
	}
}

// stepTimeout bounds one step of a page: a navigation, an evaluation, a
// wait. It is generous on purpose, for busy machines: a step that works
// takes a fraction of a second, and only a broken one waits this long.
const stepTimeout = time.Minute

// do runs steps with a timeout.
func (p *page) do(steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, p.timeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		p.t.Fatalf("%s: %v", p.site.name, err)
	}
}

// open loads a page of the site (path relative to the site root) and waits
// until the theme's scripts have run.
func (p *page) open(path string) {
	p.t.Helper()
	p.do(chromedp.Navigate(p.site.base + path))
	p.waitJS(`document.readyState === "complete" && !!window.RECAP_SEARCH_UI`)
}

// eval evaluates a JavaScript expression into v.
func (p *page) eval(expr string, v any) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, p.timeout)
	defer cancel()
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		p.t.Fatalf("%s: evaluate %s: %v", p.site.name, expr, err)
	}
	if v != nil {
		if err := json.Unmarshal(raw, v); err != nil {
			p.t.Fatalf("%s: evaluate %s: decode %s: %v", p.site.name, expr, raw, err)
		}
	}
}

func (p *page) str(expr string) string {
	p.t.Helper()
	var s string
	p.eval(expr, &s)
	return s
}

func (p *page) num(expr string) int {
	p.t.Helper()
	var n int
	p.eval(expr, &n)
	return n
}

// waitJS waits until the expression is truthy; the page may navigate meanwhile.
func (p *page) waitJS(expr string) {
	p.t.Helper()
	deadline := time.Now().Add(p.timeout)
	var last error
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(p.ctx, 2*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("!!("+expr+")"))
		cancel()
		if err == nil && ok {
			return
		}
		last = err
		time.Sleep(25 * time.Millisecond)
	}
	p.t.Fatalf("%s: timed out waiting for %s (last error: %v)", p.site.name, expr, last)
}

// keys types keys into the focused element, as real key events.
func (p *page) keys(keys string, opts ...chromedp.KeyOption) {
	p.t.Helper()
	p.do(chromedp.KeyEvent(keys, opts...))
}

// clickAndReadClipboard clicks the element sel and returns the text the page
// put on the clipboard. It replaces navigator.clipboard.writeText and
// document.execCommand("copy") in the page first, so it works headless, from
// file:// and with no clipboard permission. For the "copy recap" button:
//
//	text := p.clickAndReadClipboard("[data-copy-recap]")
func (p *page) clickAndReadClipboard(sel string) string {
	p.t.Helper()
	p.eval(`(() => {
		window.__recapClipboard = null;
		const record = t => { window.__recapClipboard = String(t); return Promise.resolve(); };
		try {
			if (navigator.clipboard) navigator.clipboard.writeText = record;
			else Object.defineProperty(navigator, "clipboard", { value: { writeText: record }, configurable: true });
		} catch (e) {}
		const exec = document.execCommand.bind(document);
		document.execCommand = function (cmd, ...args) {
			if (String(cmd).toLowerCase() !== "copy") return exec(cmd, ...args);
			const el = document.activeElement;
			window.__recapClipboard = el && (el.tagName === "TEXTAREA" || el.tagName === "INPUT")
				? el.value.slice(el.selectionStart, el.selectionEnd) : String(window.getSelection());
			return true;
		};
		return true;
	})()`, nil)
	p.do(chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
	p.waitJS(`window.__recapClipboard !== null`)
	return p.str(`window.__recapClipboard`)
}

// writeTree writes files (slash-separated paths under root → contents),
// making their folders.
func writeTree(t testing.TB, root string, files map[string]string) {
	t.Helper()
	for rel, data := range files {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
