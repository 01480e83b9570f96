package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"
)

// corpus10k writes the project's synthetic 10,000-note journal
// (generator/internal/corpus, seed 1) with its gencorpus command and builds
// it; it returns the site. It skips when there is no go command or corpus.
func corpus10k(tb testing.TB) string {
	tb.Helper()
	if _, err := os.Stat(filepath.Join("..", "generator", "internal", "corpus", "gencorpus")); err != nil {
		tb.Skip("no generator/internal/corpus/gencorpus command to write the corpus with")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		tb.Skip("no go command to run gencorpus with")
	}
	root := filepath.Join(tb.TempDir(), "journal")
	cmd := exec.Command(goBin, "run", "./generator/internal/corpus/gencorpus", "-notes", "10000", "-seed", "1", "-out", root)
	cmd.Dir = ".."
	if out, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("gencorpus: %v\n%s", err, out)
	}
	return buildSite(tb, root)
}

// corpusQueries are queries for the 10,000-note journal, each with the
// result it must find in its first three.
var corpusQueries = []qualityCase{
	{q: "ana1", kind: "person", want: "people/ana1/index.html", why: "a name with a digit"},
	{q: "eli", kind: "person", want: "people/eli/index.html", why: "a name, also the start of others"},
	{q: "fatma", kind: "person", want: "people/fatima/index.html", why: "a name with a letter missing"},
	{q: "viktr", kind: "person", want: "people/viktor/index.html", why: "a name with a letter missing"},
	{q: "design-review", kind: "tag", want: "tags/design-review/index.html", why: "a tag with a hyphen"},
	{q: "team 3 sync", kind: "series", want: "series/team-3/index.html", why: "a series"},
	{q: "ben quinn", kind: "series", want: "series/ben-quinn/index.html", why: "a 1:1 series by its people"},
	{q: "search team reorg", kind: "meeting", want: "topics/search-team-reorg/index.html", why: "a topic page"},
	{q: "on-call rotation", kind: "meeting", want: "topics/on-call-rotation/index.html", why: "a topic page with a hyphen"},
	{q: "promtion packet", kind: "action", title: "promotion packet", why: "a typo"},
	{q: "runbok for deploys", kind: "action", title: "runbook for deploys", why: "a typo and a stop word"},
	{q: "latency dashbord", kind: "action", title: "latency dashboard", why: "a typo"},
	{q: "oncall handover", kind: "action", title: "oncall handover notes", why: "an action's start"},
	{q: "q3 roadmap", kind: "action", title: "Q3 roadmap", why: "a short number"},
	{q: "2020-01-06", kind: "meeting", want: "2020/2020-01-06-", why: "an ISO date"},
	{q: "6 Jan 2020", kind: "meeting", want: "2020/2020-01-06-", why: "a date, day first"},
	{q: "jan 6th", kind: "meeting", want: "-01-06-", why: "a date without a year: that day of any year"},
}

// TestSearchQuality10k runs corpusQueries in the 10,000-note journal, as
// TestSearchQuality does in the sample. It runs only with RECAP_LONG=1.
func TestSearchQuality10k(t *testing.T) {
	needLong(t, "builds a 10,000-note journal and searches it")
	bin := needBrowser(t)
	out := corpus10k(t)
	bctx := newBrowser(t, bin)
	p := newPage(t, bctx, serveFile(out))
	p.timeout = 10 * time.Minute
	p.open("index.html")
	found := 0
	for _, c := range corpusQueries {
		if c.check(t, p) {
			found++
		}
	}
	t.Logf("%d of %d queries found their result in the first three", found, len(corpusQueries))
}

// keystrokeQueries are typed a character at a time by BenchmarkSearch10k:
// words, typos, names, dates, versions, a letter, nothing.
var keystrokeQueries = []string{"promotion packet", "promtion pakcet", "latency", "ana", "runbok for deploys",
	"review the roadmap", "2020-01-06", "17 nov", "q3", "viktr", "zzzz", "e"}

// BenchmarkSearch10k builds the 10,000-note journal once, loads its search
// in headless Chromium and types keystrokeQueries, each keystroke being the
// input event's handler (search and rendering) and a forced layout. It
// reports the keystrokes' median and 95th percentile, the slowest, the
// index's size and the time to load and prepare it:
//
//	go test ./e2e -run '^$' -bench Search10k
func BenchmarkSearch10k(b *testing.B) {
	bin := findBrowser()
	if bin == "" {
		b.Skip("e2e: no chromium or google-chrome binary found")
	}
	out := corpus10k(b)
	st, err := os.Stat(filepath.Join(out, "assets", "search-index.js"))
	if err != nil {
		b.Fatal(err)
	}
	bctx := newBrowser(b, bin)
	p := newPage(b, bctx, serveFile(out))
	p.timeout = 10 * time.Minute
	p.open("index.html")
	p.keys("/")
	p.waitJS(`window.RECAP_SEARCH_TIMING.prepare > 0`)
	var load struct{ Load, Prepare float64 }
	p.eval(`({Load: window.RECAP_SEARCH_TIMING.load, Prepare: window.RECAP_SEARCH_TIMING.prepare})`, &load)
	script := fmt.Sprintf(`(() => {
		const input = document.getElementById("rs-input"), out = [];
		for (const q of %s) {
			input.value = ""; input.dispatchEvent(new Event("input"));
			for (let i = 1; i <= q.length; i++) {
				input.value = q.slice(0, i);
				const t0 = performance.now();
				input.dispatchEvent(new Event("input"));
				void document.body.offsetHeight;
				out.push(performance.now() - t0);
			}
		}
		return out;
	})()`, jsArray(keystrokeQueries))
	var ms []float64
	for b.Loop() {
		var round []float64
		p.eval(script, &round)
		ms = append(ms, round...)
	}
	slices.Sort(ms)
	b.ReportMetric(ms[len(ms)/2], "ms/key-median")
	b.ReportMetric(ms[len(ms)*95/100], "ms/key-p95")
	b.ReportMetric(ms[len(ms)-1], "ms/key-max")
	b.ReportMetric(float64(st.Size()), "index-bytes")
	b.ReportMetric(load.Load, "ms/index-load")
	b.ReportMetric(load.Prepare, "ms/index-prepare")
	b.Logf("%d keystrokes of %d queries: median %.1f ms, p95 %.1f ms, max %.1f ms; search-index.js %s bytes; loaded in %.0f ms, prepared in %.0f ms",
		len(ms), len(keystrokeQueries), ms[len(ms)/2], ms[len(ms)*95/100], ms[len(ms)-1], strconv.FormatInt(st.Size(), 10), load.Load, load.Prepare)
}
