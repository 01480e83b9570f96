package build

import (
	"html"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/recapjournal/recap/generator/config"
	"github.com/recapjournal/recap/generator/journal"
	"github.com/recapjournal/recap/generator/share"
)

var recapArea = regexp.MustCompile(`(?s)<textarea id="recap-md"[^>]*>(.*?)</textarea>`)

// pageRecap is the recap a meeting page holds for its Copy recap and
// Download recap.md buttons.
func pageRecap(t *testing.T, out string, m *journal.Meeting) string {
	t.Helper()
	page, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(m.URL), "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	got := recapArea.FindSubmatch(page)
	if got == nil {
		t.Fatalf("%s: no recap in the page", m.Source)
	}
	return html.UnescapeString(string(got[1]))
}

// shareRecaps loads the journal at root as recap share does and returns
// each meeting's recap by source.
func shareRecaps(t *testing.T, root string, now time.Time) (*journal.Journal, map[string]string) {
	t.Helper()
	cfg, err := config.LoadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	j, err := journal.Load(os.DirFS(root), cfg, journal.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, m := range j.Meetings {
		src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(m.Source)))
		if err != nil {
			t.Fatal(err)
		}
		r, err := share.Recap(j, m, src, "markdown")
		if err != nil {
			t.Fatal(err)
		}
		out[m.Source] = r
	}
	return j, out
}

// TestPageRecapIsShareOutput: the recap a meeting page copies is exactly what
// `recap share` prints for that meeting.
func TestPageRecapIsShareOutput(t *testing.T) {
	buildAndCompareRecaps(t, "../..")
}

// buildAndCompareRecaps builds the site at root and checks that each meeting
// page's recap is what recap share prints. It returns the output folder, the
// journal and those recaps, by source.
func buildAndCompareRecaps(t *testing.T, root string) (string, *journal.Journal, map[string]string) {
	t.Helper()
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Root: root, Now: now, OutDir: out}); err != nil {
		t.Fatal(err)
	}
	j, want := shareRecaps(t, root, now)
	for _, m := range j.Meetings {
		if got := pageRecap(t, out, m); got != want[m.Source] {
			t.Errorf("%s: the page's recap differs from recap share:\n%s\n---\n%s", m.Source, got, want[m.Source])
		}
	}
	return out, j, want
}

// recapSite is a small journal: a series of Sam and Dev's meetings, whose
// later meetings tick and schedule the first one's actions.
var recapSite = map[string]string{
	"config.toml": `timezone = "UTC"

[people.sam]
name = "Sam Lee"

[people.dev]
name = "Dev Patel"

[people.ana]
name = "Ana Souza"
`,
	"content/2026-11-02-dev.md": `+++
title = "Dev sync"
date = 2026-11-02T10:00:00
attendees = ["sam", "dev"]
summary = "We planned the @ana handover. #planning"
+++
Dev seemed tired today; keep an eye on it.

- [ ] @dev Draft the roadmap #planning
- [ ] @sam Book the room
- [?] How is the on-call load for @dev?
- [ ] Pair with @sam on the alert [owner:: dev]

> [!private] Between us
> - [ ] @dev Secret item

> [!decision] Ship on Friday #release
> @ana reviews it first, with @tariq.
`,
	"content/2026-11-09-dev.md": `+++
title = "Dev sync"
date = 2026-11-09T10:00:00
attendees = ["sam", "dev"]
+++
Just a first paragraph, which is no summary.

- [x] @dev Draft the roadmap ✅ 2026-11-08
- [ ] @sam Book the room 📅 2026-11-20
- [x] How is the on-call load for @dev?
`,
	"content/2026-11-16-dev.md": `+++
title = "Dev sync"
date = 2026-11-16T10:00:00
attendees = ["sam", "dev"]
+++
First paragraph, not the summary.

## Summary

@dev demoed the roadmap.

> [!private]
> Secret in the summary.

## Notes

- [ ] @dev Write the scope down #q1
`,
}

func writeRecapSite(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for p, s := range files {
		f := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestPageRecapSmallSite: on a small journal, each meeting page's recap (the
// text Copy recap copies and Download recap.md saves) is what recap share
// prints, and it shows what the format says a shared recap shows.
func TestPageRecapSmallSite(t *testing.T) {
	root := t.TempDir()
	writeRecapSite(t, root, recapSite)
	out, j, want := buildAndCompareRecaps(t, root)
	first := `# Dev sync

- **Date:** Monday 2 November 2026, 10:00
- **Attendees:** Sam Lee, Dev Patel

We planned the Ana Souza handover.

## Decisions

- **Ship on Friday**: Ana Souza reviews it first, with tariq.

## Action items

**Dev Patel**

- [x] Draft the roadmap (done 2026-11-08)
- [ ] Pair with Sam Lee on the alert

**Sam Lee**

- [ ] Book the room (due 2026-11-20)
`
	if got := want["content/2026-11-02-dev.md"]; got != first {
		t.Errorf("the first meeting's recap:\n%s\n--- want\n%s", got, first)
	}
	if got := want["content/2026-11-09-dev.md"]; strings.Contains(got, "first paragraph") || strings.Contains(got, "load") {
		t.Errorf("the second meeting's recap shares its first paragraph or a talking point:\n%s", got)
	}
	third := want["content/2026-11-16-dev.md"]
	if !strings.Contains(third, "\nDev Patel demoed the roadmap.\n") || strings.Contains(third, "Secret") ||
		strings.Contains(third, "not the summary") || !strings.Contains(third, "- [ ] Write the scope down\n") {
		t.Errorf("the third meeting's recap:\n%s", third)
	}

	// Download recap.md saves the same textarea: the page has the button,
	// and recap.js makes the file from the textarea's value.
	page, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(j.Meetings[0].URL), "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{`data-download-recap`, `data-copy-recap`, `<textarea id="recap-md"`, `assets/recap.js"`} {
		if !strings.Contains(string(page), s) {
			t.Errorf("the meeting page has no %s", s)
		}
	}
	js, err := os.ReadFile(filepath.Join(out, "assets", "recap.js"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{`getElementById("recap-md")`, `[data-download-recap]`, `new Blob([src.value]`, `a.download = "recap.md"`, `writeText(src.value)`} {
		if !strings.Contains(string(js), s) {
			t.Errorf("recap.js does not hold %s: the download is not the page's recap", s)
		}
	}
}

// TestPageRecapWatch: in watch mode a meeting's recap follows the edits of
// other notes it depends on: an action ticked or scheduled in a later
// meeting, and the name of a person it mentions.
func TestPageRecapWatch(t *testing.T) {
	root := t.TempDir()
	writeRecapSite(t, root, recapSite)
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	b := NewBuilder(Options{Root: root, Now: now, Workers: 2, OutDir: filepath.Join(t.TempDir(), "public")})
	if _, err := b.Full(); err != nil {
		t.Fatal(err)
	}
	edits := []struct {
		what, path, text string
	}{
		{"the room cancelled in a later meeting", "content/2026-11-16-dev.md", recapSite["content/2026-11-16-dev.md"] + "- [-] @sam Book the room ❌ 2026-11-16\n"},
		{"the roadmap opened again and given a due date", "content/2026-11-09-dev.md", strings.Replace(recapSite["content/2026-11-09-dev.md"], "[x] @dev Draft the roadmap ✅ 2026-11-08", "[/] @dev Draft the roadmap 📅 2026-12-01", 1)},
		{"tariq named in another note", "content/2026-11-20-team.md", "# Team\n\nPresent: Tariq Aziz @tariq, Sam Lee @sam\n"},
		{"a due date set in a later meeting", "content/2026-11-09-dev.md", recapSite["content/2026-11-09-dev.md"] + "- [ ] Pair with @sam on the alert [owner:: dev] [due:: 2026-12-24]\n"},
	}
	wantIn := []string{
		"- [-] ~~Book the room~~ (cancelled 2026-11-16)",
		"- [ ] Draft the roadmap (in progress, due 2026-12-01)",
		"with Tariq Aziz.",
		"- [ ] Pair with Sam Lee on the alert (due 2026-12-24)",
	}
	for i, e := range edits {
		writeRecapSite(t, root, map[string]string{e.path: e.text})
		if _, err := b.Update([]string{e.path}); err != nil {
			t.Fatalf("%s: %v", e.what, err)
		}
		j, want := shareRecaps(t, root, now)
		for _, m := range j.Meetings {
			if got := pageRecap(t, b.Out(), m); got != want[m.Source] {
				t.Errorf("%s: %s: the page's recap is not recap share's:\n%s\n---\n%s", e.what, m.Source, got, want[m.Source])
			}
		}
		if got := want["content/2026-11-02-dev.md"]; !strings.Contains(got, wantIn[i]) {
			t.Errorf("%s: the first meeting's recap has no %q:\n%s", e.what, wantIn[i], got)
		}
	}
	// And the whole output is a clean build's.
	clean := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Root: root, Now: now, OutDir: clean}); err != nil {
		t.Fatal(err)
	}
	a, c := readTree(t, b.Out()), readTree(t, clean)
	for p, s := range c {
		if a[p] != s {
			t.Errorf("%s differs from a clean build", p)
		}
	}
	if len(a) != len(c) {
		t.Errorf("%d files, a clean build has %d", len(a), len(c))
	}
}

func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		out[p[len(dir):]] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
