package build_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/recapjournal/recap/generator/build"
)

// fixedNow is the build time of every test site: a Tuesday morning.
var fixedNow = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)

// writeSite writes files (slash paths relative to dir) and returns dir.
func writeSite(t testing.TB, dir string, files map[string]string) string {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// newSite writes a site into a fresh temporary folder.
func newSite(t testing.TB, files map[string]string) string {
	t.Helper()
	return writeSite(t, t.TempDir(), files)
}

// mustBuild builds and fails the test on error.
func mustBuild(t testing.TB, opt build.Options) *build.Result {
	t.Helper()
	if opt.Now.IsZero() {
		opt.Now = fixedNow
	}
	res, err := build.Build(opt)
	if err != nil {
		t.Fatalf("build %s: %v", opt.Root, err)
	}
	return res
}

// snapshot maps every file, symlink and folder under dir to its content
// ("dir" for folders, "-> target" for symlinks). A missing dir is empty.
func snapshot(t testing.TB, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) && p == dir {
				return filepath.SkipDir
			}
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if rel == "." {
			return nil
		}
		switch {
		case d.IsDir():
			m[rel] = "dir"
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			m[rel] = "-> " + target
		default:
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			m[rel] = "file:" + string(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// diffSnapshots describes how two snapshots differ, or returns "".
func diffSnapshots(before, after map[string]string) string {
	var b strings.Builder
	keys := map[string]bool{}
	for k := range before {
		keys[k] = true
	}
	for k := range after {
		keys[k] = true
	}
	sorted := make([]string, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	slices.Sort(sorted)
	for _, k := range sorted {
		x, inX := before[k]
		y, inY := after[k]
		switch {
		case !inX:
			b.WriteString("  added   " + k + "\n")
		case !inY:
			b.WriteString("  removed " + k + "\n")
		case x != y:
			b.WriteString("  changed " + k + "\n")
		}
	}
	return b.String()
}

// htmlFiles lists the .html files under dir, slash paths relative to it.
func htmlFiles(t testing.TB, dir string) []string {
	t.Helper()
	var out []string
	for _, p := range outputFiles(t, dir) {
		if strings.HasSuffix(p, ".html") {
			out = append(out, p)
		}
	}
	return out
}

// outputFiles lists the regular files under dir, slash paths, sorted.
func outputFiles(t testing.TB, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

func readFile(t testing.TB, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// draftSite has one published note and one draft.
var draftSite = map[string]string{
	"config.toml": "title = \"Drafts\"\ntimezone = \"UTC\"\n",
	"content/2026-11-20-kept.md": `+++
title = "Kept meeting"
attendees = ["sam", "dev"]
+++
- [ ] @dev Published item
`,
	"content/2026/2026-11-21-secret.md": `+++
title = "Secret reorg plans"
draft = true
attendees = ["sam", "zed"]
tags = ["reorg"]
series = "secret-series"
+++
- [ ] @zed Secret draft item
`,
}

func TestDrafts(t *testing.T) {
	root := newSite(t, draftSite)

	out := filepath.Join(t.TempDir(), "without")
	res := mustBuild(t, build.Options{Root: root, OutDir: out})
	if res.Meetings != 1 {
		t.Errorf("without drafts: %d meetings, want 1", res.Meetings)
	}
	if exists(filepath.Join(out, "2026/2026-11-21-secret/index.html")) {
		t.Error("without drafts: the draft's page was written")
	}
	for _, p := range outputFiles(t, out) {
		s := readFile(t, filepath.Join(out, p))
		for _, secret := range []string{"Secret reorg", "Secret draft item", "2026-11-21-secret", "secret-series", "tags/reorg", "people/zed", "#reorg", ">zed<"} {
			if strings.Contains(s, secret) || strings.Contains(p, secret) {
				t.Errorf("without drafts: %s mentions the draft (%q)", p, secret)
			}
		}
	}

	out2 := filepath.Join(t.TempDir(), "with")
	res2 := mustBuild(t, build.Options{Root: root, OutDir: out2, Drafts: true})
	if res2.Meetings != 2 {
		t.Errorf("with drafts: %d meetings, want 2", res2.Meetings)
	}
	for _, p := range []string{"2026/2026-11-21-secret/index.html", "tags/reorg/index.html", "people/zed/index.html", "series/secret-series/index.html"} {
		if !exists(filepath.Join(out2, filepath.FromSlash(p))) {
			t.Errorf("with drafts: %s missing", p)
		}
	}
	if s := readFile(t, filepath.Join(out2, "2026/2026-11-21-secret/index.html")); !strings.Contains(s, "Secret draft item") {
		t.Error("with drafts: the draft's page lacks its body")
	}
}

// sites returns the sites every output-wide check runs over: the repository's
// sample site and the golden test site, each built into a temporary folder.
func builtSites(t *testing.T) map[string]string {
	t.Helper()
	outs := map[string]string{}
	for name, root := range map[string]string{"sample": "../..", "golden": "testdata/site"} {
		out := filepath.Join(t.TempDir(), "public")
		mustBuild(t, build.Options{Root: root, OutDir: out})
		outs[name] = out
	}
	return outs
}

func TestEveryPageIsNoindex(t *testing.T) {
	for name, out := range builtSites(t) {
		pages := htmlFiles(t, out)
		if len(pages) < 10 {
			t.Fatalf("%s: only %d pages", name, len(pages))
		}
		for _, p := range pages {
			s := readFile(t, filepath.Join(out, p))
			head, _, ok := strings.Cut(s, "</head>")
			if !ok {
				t.Errorf("%s/%s: no </head>", name, p)
				continue
			}
			if !strings.Contains(head, `<meta name="robots" content="noindex`) {
				t.Errorf("%s/%s: no <meta name=\"robots\" content=\"noindex...\"> in <head>", name, p)
			}
		}
		if got := readFile(t, filepath.Join(out, "robots.txt")); got != "User-agent: *\nDisallow: /\n" {
			t.Errorf("%s: robots.txt = %q, want it to disallow everything", name, got)
		}
	}
}

var cssRemote = regexp.MustCompile(`(?i)(@import|url\()\s*["']?\s*(https?:)?//`)

// TestNoRequestLeavesTheMachine: the theme loads nothing from the network: no
// src= and no <link href= is an http(s) or protocol-relative URL, and no CSS
// imports or loads a remote url().
func TestNoRequestLeavesTheMachine(t *testing.T) {
	for name, out := range builtSites(t) {
		for _, p := range htmlFiles(t, out) {
			for _, tag := range parseTags(readFile(t, filepath.Join(out, p))) {
				for _, a := range tag.Attrs {
					load := a.Name == "src" || a.Name == "srcset" || a.Name == "poster" ||
						a.Name == "data" || (tag.Name == "link" && a.Name == "href")
					v := strings.ToLower(strings.TrimSpace(a.Value))
					if load && (strings.HasPrefix(v, "http:") || strings.HasPrefix(v, "https:") || strings.HasPrefix(v, "//")) {
						t.Errorf("%s/%s: <%s %s=%q> loads from the network", name, p, tag.Name, a.Name, a.Value)
					}
				}
			}
		}
		for _, p := range outputFiles(t, out) {
			if strings.HasSuffix(p, ".css") {
				if m := cssRemote.FindString(readFile(t, filepath.Join(out, p))); m != "" {
					t.Errorf("%s/%s: remote CSS resource %q", name, p, m)
				}
			}
		}
	}
}

func TestResultSummary(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	res := mustBuild(t, build.Options{Root: "testdata/site", OutDir: out})

	// testdata/site: 6 published notes (the draft is left out), people sam,
	// dev and ana from config.toml plus newbie from a mention.
	if res.Meetings != 6 {
		t.Errorf("Meetings = %d, want 6", res.Meetings)
	}
	if res.People != 4 {
		t.Errorf("People = %d, want 4", res.People)
	}
	if res.Actions != 11 {
		t.Errorf("Actions = %d, want 11", res.Actions)
	}
	files := outputFiles(t, out)
	var want []string
	for _, f := range files {
		if f != build.ManifestName {
			want = append(want, f)
		}
	}
	if !slices.Equal(res.Paths, want) {
		t.Errorf("Paths = %q\nfiles in the output = %q", res.Paths, want)
	}
	if !slices.IsSorted(res.Paths) {
		t.Error("Paths not sorted")
	}
	if res.Files != len(res.Paths) {
		t.Errorf("Files = %d, len(Paths) = %d", res.Files, len(res.Paths))
	}
	pages := 0
	for _, p := range res.Paths {
		if strings.HasSuffix(p, ".html") {
			pages++
		}
	}
	if res.Pages != pages {
		t.Errorf("Pages = %d, want %d (.html files)", res.Pages, pages)
	}
	// home, 404, people, actions, tags, series, archive, review; 6 meetings,
	// 4 people, 6 tags, 3 series, 1 month.
	if wantPages := 8 + 6 + 4 + 6 + 3 + 1; res.Pages != wantPages {
		t.Errorf("Pages = %d, want %d", res.Pages, wantPages)
	}
	if res.Written != res.Files {
		t.Errorf("first build: Written = %d, want every file (%d)", res.Written, res.Files)
	}
	if res.Out != out {
		t.Errorf("Out = %q, want %q", res.Out, out)
	}
	if len(res.Warnings) != 0 {
		t.Errorf("warnings: %v", res.Warnings)
	}
	sum := res.Summary()
	for _, part := range []string{"built 6 meetings, 4 people, 11 actions: ", "pages", "files (", " written, 0 unchanged) in "} {
		if !strings.Contains(sum, part) {
			t.Errorf("Summary() = %q, lacks %q", sum, part)
		}
	}

	res2 := mustBuild(t, build.Options{Root: "testdata/site", OutDir: out})
	if res2.Written != 0 || res2.Files != res.Files {
		t.Errorf("second build: Written = %d, Files = %d; want 0 and %d", res2.Written, res2.Files, res.Files)
	}
	if !strings.Contains(res2.Summary(), "(0 written, ") {
		t.Errorf("second build summary: %q", res2.Summary())
	}
}

// TestBuildReportsBadNotes: a note that cannot be read fails the build with
// path:line:col, and every bad note is listed.
func TestBuildReportsBadNotes(t *testing.T) {
	root := newSite(t, map[string]string{
		"content/2026-11-20-a.md":  "+++\ntitle = \n+++\nbody\n",
		"content/2026-11-21-b.md":  "+++\ndate = 2026-13-45\n+++\nbody\n",
		"content/c.md":             "no date anywhere: a page, not an error\n",
		"content/2026-11-22-ok.md": "fine\n",
	})
	_, err := build.Build(build.Options{Root: root, Now: fixedNow, OutDir: filepath.Join(t.TempDir(), "out")})
	if err == nil {
		t.Fatal("build succeeded")
	}
	for _, want := range []string{"content/2026-11-20-a.md:", "content/2026-11-21-b.md:"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	for _, good := range []string{"2026-11-22-ok", "c.md"} {
		if strings.Contains(err.Error(), good) {
			t.Errorf("error names the good note %s:\n%v", good, err)
		}
	}
}
