package build_test

import (
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/recapjournal/recap/generator/build"
)

// pubSite is a small site for the publishing tests.
func pubSite() map[string]string {
	return map[string]string{
		"config.toml": "title = \"Publish\"\ntimezone = \"UTC\"\n",
		"content/2026/2026-11-20-a.md": `+++
title = "Meeting A"
attendees = ["sam", "dev"]
tags = ["alpha"]
+++
- [ ] @dev Item of A 📅 2026-12-01

![pic](img/pic.png)
`,
		"content/2026/2026-11-21-b.md": `+++
title = "Meeting B"
attendees = ["sam", "zoe"]
tags = ["beta"]
+++
- [ ] @zoe Item of B
`,
		"content/2026/img/pic.png": "not really a png",
	}
}

// stageLeft reports staging folders a build left beside out.
func stageLeft(t *testing.T, out string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(out))
	if err != nil {
		t.Fatal(err)
	}
	var left []string
	for _, e := range entries {
		if strings.Contains(e.Name(), ".recap-new") {
			left = append(left, e.Name())
		}
	}
	return left
}

func TestFailedBuildLeavesOutput(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string // written after the first, good build
		err   string            // the error names this
	}{
		{"bad front matter", map[string]string{
			"content/2026/2026-11-22-bad.md": "+++\ntitle = \"unterminated\nattendees = [\n+++\nbody\n",
		}, "content/2026/2026-11-22-bad.md"},
		{"bad YAML", map[string]string{
			"content/2026/2026-11-22-bad.md": "---\ntitle: [unclosed\n---\nbody\n",
		}, "content/2026/2026-11-22-bad.md"},
		{"template error at execution", map[string]string{
			"config.toml":               "title = \"Publish\"\ntimezone = \"UTC\"\ntheme = \"x\"\n",
			"themes/x/layouts/404.html": "{{template \"base\" .}}{{define \"main\"}}<p>{{.NoSuchField}}</p>{{end}}\n",
		}, "NoSuchField"},
		{"template error on a meeting page", map[string]string{
			"config.toml":                   "title = \"Publish\"\ntimezone = \"UTC\"\ntheme = \"x\"\n",
			"themes/x/layouts/meeting.html": "{{template \"base\" .}}{{define \"main\"}}{{.Meeting.Title}}{{index .Meeting.Tags 5}}{{end}}\n",
		}, "out of range"},
		{"template parse error", map[string]string{
			"config.toml":               "title = \"Publish\"\ntimezone = \"UTC\"\ntheme = \"x\"\n",
			"themes/x/layouts/tag.html": "{{template \"base\" .}}{{define \"main\"}}{{if}}{{end}}\n",
		}, "tag.html"},
		{"missing theme", map[string]string{
			"config.toml": "title = \"Publish\"\ntimezone = \"UTC\"\ntheme = \"nope\"\n",
		}, "nope"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := newSite(t, pubSite())
			out := filepath.Join(root, "public")
			mustBuild(t, build.Options{Root: root})
			writeSite(t, out, map[string]string{"CNAME": "journal.example\n"})
			before := snapshot(t, out)
			rootBefore := snapshot(t, root)

			writeSite(t, root, tc.files)
			for i := 0; i < 2; i++ { // the second time over the failure's leftovers, if any
				_, err := build.Build(build.Options{Root: root, Now: fixedNow, Workers: 4})
				if err == nil {
					t.Fatal("the build succeeded")
				}
				if !strings.Contains(err.Error(), tc.err) {
					t.Errorf("error does not name %q: %v", tc.err, err)
				}
				if d := diffSnapshots(before, snapshot(t, out)); d != "" {
					t.Errorf("the failed build changed the output:\n%s", d)
				}
				if left := stageLeft(t, out); len(left) > 0 {
					t.Errorf("staging folders left behind: %v", left)
				}
			}
			// Nothing but the files the test wrote changed under the root.
			after := snapshot(t, root)
			for k := range tc.files {
				delete(after, k)
				delete(rootBefore, k)
				for d := path.Dir(k); d != "."; d = path.Dir(d) {
					if _, ok := rootBefore[d]; !ok {
						delete(after, d)
					}
				}
			}
			if d := diffSnapshots(rootBefore, after); d != "" {
				t.Errorf("the failed build changed the site folder:\n%s", d)
			}
		})
	}
}

func TestStaleFilesRemovedForeignFilesKept(t *testing.T) {
	root := newSite(t, pubSite())
	out := filepath.Join(root, "public")
	mustBuild(t, build.Options{Root: root})
	for _, p := range []string{"2026/2026-11-21-b/index.html", "people/zoe/index.html", "tags/beta/index.html", "2026/img/pic.png"} {
		if !exists(filepath.Join(out, filepath.FromSlash(p))) {
			t.Fatalf("first build: %s missing", p)
		}
	}
	foreign := map[string]string{
		".git/HEAD":          "ref: refs/heads/main\n",
		".git/objects/ab/cd": "object",
		"CNAME":              "journal.example\n",
		"README.md":          "# my published journal\n",
		"people/extra.txt":   "a note of mine",
		".well-known/x.txt":  "x",
	}
	writeSite(t, out, foreign)

	if err := os.Remove(filepath.Join(root, "content/2026/2026-11-21-b.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(root, "content/2026/img/pic.png")); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 2; i++ {
		res := mustBuild(t, build.Options{Root: root})
		for _, p := range []string{"2026/2026-11-21-b/index.html", "people/zoe/index.html", "tags/beta/index.html", "2026/img/pic.png"} {
			if exists(filepath.Join(out, filepath.FromSlash(p))) {
				t.Errorf("build %d: stale %s kept", i, p)
			}
		}
		for _, p := range []string{"2026/2026-11-20-a/index.html", "people/dev/index.html", "tags/alpha/index.html", "index.html", build.ManifestName} {
			if !exists(filepath.Join(out, filepath.FromSlash(p))) {
				t.Errorf("build %d: %s missing", i, p)
			}
		}
		for p, want := range foreign {
			b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(p)))
			if err != nil || string(b) != want {
				t.Errorf("build %d: foreign file %s not kept (%q, %v)", i, p, b, err)
			}
		}
		for _, p := range res.Paths {
			if _, ok := foreign[p]; ok {
				t.Errorf("build %d: Paths lists the foreign file %s", i, p)
			}
		}
		manifest := readFile(t, filepath.Join(out, build.ManifestName))
		for p := range foreign {
			if strings.Contains(manifest, p) {
				t.Errorf("build %d: the manifest claims the foreign file %s", i, p)
			}
		}
		if left := stageLeft(t, out); len(left) > 0 {
			t.Errorf("build %d: staging folders left behind: %v", i, left)
		}
	}
}

// TestStaleFoldersRemoved: the folder of a deleted note's page goes with it,
// or a static server answers its old URL with an empty listing, not a 404.
func TestStaleFoldersRemoved(t *testing.T) {
	root := newSite(t, pubSite())
	out := filepath.Join(root, "public")
	mustBuild(t, build.Options{Root: root})
	if err := os.Remove(filepath.Join(root, "content/2026/2026-11-21-b.md")); err != nil {
		t.Fatal(err)
	}
	mustBuild(t, build.Options{Root: root})
	for _, p := range []string{"2026/2026-11-21-b", "people/zoe", "tags/beta"} {
		if exists(filepath.Join(out, filepath.FromSlash(p))) {
			t.Errorf("stale folder %s kept", p)
		}
	}
}

// TestSymlinkedOutput: publishDir may be a symlink to the folder a web server
// serves; the build publishes into that folder and keeps the link.
func TestSymlinkedOutput(t *testing.T) {
	root := newSite(t, pubSite())
	www := filepath.Join(t.TempDir(), "www")
	writeSite(t, www, map[string]string{"CNAME": "journal.example\n"})
	out := filepath.Join(root, "public")
	if err := os.Symlink(www, out); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 2; i++ {
		mustBuild(t, build.Options{Root: root})
		if st, err := os.Lstat(out); err != nil || st.Mode()&os.ModeSymlink == 0 {
			t.Fatalf("build %d: public is no longer a symlink (%v)", i, err)
		}
		for _, p := range []string{"index.html", "2026/2026-11-20-a/index.html", "CNAME"} {
			if !exists(filepath.Join(www, filepath.FromSlash(p))) {
				t.Errorf("build %d: %s missing in the symlink's target", i, p)
			}
		}
		if left := stageLeft(t, out); len(left) > 0 {
			t.Errorf("build %d: staging folders left behind: %v", i, left)
		}
	}
}

func TestRefusesDangerousOutput(t *testing.T) {
	type tc struct {
		name   string
		config string // config.toml
		out    func(root, home string) string
	}
	cases := []tc{
		{"the site root", "", func(root, _ string) string { return root }},
		{"the site root, spelled differently", "", func(root, _ string) string { return filepath.Join(root, "content", "..") + string(filepath.Separator) }},
		{"a parent of the site root", "", func(root, _ string) string { return filepath.Dir(root) }},
		{"the content folder", "", func(root, _ string) string { return filepath.Join(root, "content") }},
		{"inside the content folder", "", func(root, _ string) string { return filepath.Join(root, "content", "public") }},
		{"deep inside the content folder", "", func(root, _ string) string { return filepath.Join(root, "content", "2026", "x", "public") }},
		{"contains the content folder", "contentDir = \"notes/content\"\n", func(root, _ string) string { return filepath.Join(root, "notes") }},
		{"home", "", func(_, home string) string { return home }},
		{"home, spelled differently", "", func(_, home string) string { return filepath.Join(home, "x", "..") }},
		{"a symlink to the site root", "", func(root, _ string) string {
			link := filepath.Join(filepath.Dir(root), "link-to-"+filepath.Base(root))
			if err := os.Symlink(root, link); err != nil {
				panic(err)
			}
			return link
		}},
		{"a new folder in the content folder, through a link", "", func(root, _ string) string {
			link := filepath.Join(filepath.Dir(root), "via-"+filepath.Base(root))
			if err := os.Symlink(root, link); err != nil {
				panic(err)
			}
			return filepath.Join(link, "content", "new", "public")
		}},
		{"publishDir = \".\"", "publishDir = \".\"\n", nil},
		{"publishDir = \"content\"", "publishDir = \"content\"\n", nil},
		{"publishDir = \"content/public\"", "publishDir = \"content/public\"\n", nil},
		{"publishDir = \"..\"", "publishDir = \"..\"\n", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			home := t.TempDir()
			writeSite(t, home, map[string]string{".profile": "x"})
			t.Setenv("HOME", home)
			files := pubSite()
			files["config.toml"] = "title = \"Refuse\"\ntimezone = \"UTC\"\n" + c.config
			if strings.Contains(c.config, "notes/content") {
				for k, v := range files {
					if strings.HasPrefix(k, "content/") {
						delete(files, k)
						files["notes/"+k] = v
					}
				}
			}
			root := newSite(t, files)
			opt := build.Options{Root: root, Now: fixedNow}
			if c.out != nil {
				opt.OutDir = c.out(root, home)
			}
			parent := filepath.Dir(root)
			beforeRoot, beforeHome := snapshot(t, root), snapshot(t, home)
			beforeParent, _ := os.ReadDir(parent)
			_, err := build.Build(opt)
			if err == nil {
				t.Fatalf("built into %q", opt.OutDir)
			}
			if !strings.Contains(err.Error(), "publishDir") {
				t.Errorf("error does not explain itself: %v", err)
			}
			if d := diffSnapshots(beforeRoot, snapshot(t, root)); d != "" {
				t.Errorf("the refused build wrote into the site:\n%s", d)
			}
			if d := diffSnapshots(beforeHome, snapshot(t, home)); d != "" {
				t.Errorf("the refused build wrote into home:\n%s", d)
			}
			if afterParent, _ := os.ReadDir(parent); len(afterParent) != len(beforeParent) {
				t.Errorf("the refused build created something beside the site: %v", afterParent)
			}
		})
	}

	// "/" last, and with a note that fails to parse: if the check ever broke,
	// the build would fail on the note before it could touch the file system.
	t.Run("the file system root", func(t *testing.T) {
		files := pubSite()
		files["content/2026/2026-11-22-bad.md"] = "+++\ntitle = \n+++\n"
		root := newSite(t, files)
		before := snapshot(t, root)
		_, err := build.Build(build.Options{Root: root, Now: fixedNow, OutDir: string(filepath.Separator)})
		if err == nil || !strings.Contains(err.Error(), "refusing") {
			t.Fatalf("not refused: %v", err)
		}
		if d := diffSnapshots(before, snapshot(t, root)); d != "" {
			t.Errorf("the refused build wrote into the site:\n%s", d)
		}
		for _, p := range []string{"/.recap-new", "/..recap-new", "/./.recap-new"} {
			if _, err := os.Lstat(p); err == nil {
				t.Errorf("%s exists", p)
			}
		}
	})
}

func TestCollisions(t *testing.T) {
	nfc, nfd := "caf\u00e9", "cafe\u0301"
	for _, tc := range []struct {
		name  string
		files []string // under content/
		names []string // the error names these
	}{
		{"case", []string{"2026-11-20-A.md", "2026-11-20-a.md"}, []string{"content/2026-11-20-A.md", "content/2026-11-20-a.md"}},
		{"NFC and NFD", []string{"2026-11-20-" + nfc + ".md", "2026-11-20-" + nfd + ".md"}, []string{"content/2026-11-20-" + nfc + ".md", "content/2026-11-20-" + nfd + ".md"}},
		{"space and dash", []string{"2026/2026-11-20-a b.md", "2026/2026-11-20-a-b.md"}, []string{"content/2026/2026-11-20-a b.md", "content/2026/2026-11-20-a-b.md"}},
		{"punctuation", []string{"2026-11-20 sync!.md", "2026-11-20-sync.md"}, []string{"content/2026-11-20 sync!.md", "content/2026-11-20-sync.md"}},
		{"folder case", []string{"Team/2026-11-20-x.md", "team/2026-11-20-x.md"}, []string{"content/Team/2026-11-20-x.md", "content/team/2026-11-20-x.md"}},
		{"index note and note", []string{"2026/2026-11-20-x.md", "2026/2026-11-20-x/index.md"}, []string{"content/2026/2026-11-20-x.md", "content/2026/2026-11-20-x/index.md"}},
		{"attachment and page", []string{"2026/2026-11-20-x.md", "2026/2026-11-20-x/index.html"}, []string{"content/2026/2026-11-20-x/index.html", "2026/2026-11-20-x/index.html"}},
		{"attachment and page, case", []string{"2026/2026-11-20-x.md", "2026/2026-11-20-X/Index.HTML"}, []string{"content/2026/2026-11-20-X/Index.HTML", "2026/2026-11-20-x/index.html"}},
		{"attachment and robots.txt", []string{"2026-11-20-x.md", "robots.txt"}, []string{"content/robots.txt"}},
		{"attachment and home page", []string{"2026-11-20-x.md", "index.html"}, []string{"content/index.html"}},
		{"attachment and theme asset", []string{"2026-11-20-x.md", "assets/recap.css"}, []string{"content/assets/recap.css"}},
		{"attachment and person page", []string{"2026-11-20-x.md", "people/sam/index.html"}, []string{"content/people/sam/index.html"}},
		{"attachment and 404", []string{"2026-11-20-x.md", "404.html"}, []string{"content/404.html"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{"config.toml": "timezone = \"UTC\"\n"}
			for i, f := range tc.files {
				body := "+++\ndate = 2026-11-20\nattendees = [\"sam\"]\n+++\nnote " + string(rune('0'+i)) + "\n"
				if !strings.HasSuffix(f, ".md") {
					body = "attachment"
				}
				files["content/"+f] = body
			}
			root := newSite(t, files)
			if entries, _ := os.ReadDir(filepath.Join(root, "content")); tc.name == "NFC and NFD" && len(entries) < 2 {
				t.Skip("the file system normalises names")
			}
			_, err := build.Build(build.Options{Root: root, Now: fixedNow})
			if err == nil {
				t.Fatal("the build succeeded")
			}
			for _, n := range tc.names {
				if !strings.Contains(err.Error(), n) {
					t.Errorf("error does not name %q: %v", n, err)
				}
			}
			if exists(filepath.Join(root, "public")) {
				t.Error("the failed build created public/")
			}
			if left := stageLeft(t, filepath.Join(root, "public")); len(left) > 0 {
				t.Errorf("staging folders left behind: %v", left)
			}
		})
	}
}

// TestHostileNamesStayInTheirFolder: a tag or person id such as "." or ".."
// must not become tags/../index.html, which is the home page.
func TestHostileNamesStayInTheirFolder(t *testing.T) {
	for _, tc := range []struct {
		name, config, note, skip string
	}{
		{"tag ..", "", "+++\ntags = [\"..\"]\n+++\nx\n", ""},
		{"tag .", "", "+++\ntags = [\".\"]\n+++\nx\n", ""},
		{"tag index.html", "", "+++\ntags = [\"index.html\"]\n+++\nx\n", ""},
		{"tag with slashes and dots", "", "+++\ntags = [\"../../x\", \"a/..\", \"../\", \"/\"]\n+++\n- [ ] item #../x #a/../..\n", ""},
		{"tags that share a page", "", "+++\ntags = [\"a/b\", \"a-b\"]\n+++\n- [ ] item #x/y and #x-y\n", ""},
		{"inline tag ..", "", "+++\n+++\n- [ ] item #..\n\ntext #.. #.\n", ""},
		{"person ..", "[people.\"..\"]\nname = \"Dot Dot\"\n", "+++\nattendees = [\"..\"]\n+++\nhi @..\n", ""},
		{"person .", "[people.\".\"]\nname = \"Dot\"\n", "+++\nattendees = [\".\"]\n+++\nhi\n", ""},
		{"attendees . and ..", "", "+++\nattendees = [\".\", \"..\", \"../x\"]\n+++\nhi @.. @.\n", ""},
		{"series ..", "", "+++\nseries = \"..\"\n+++\nhi\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.skip != "" {
				t.Skip(tc.skip)
			}
			root := newSite(t, map[string]string{
				"config.toml":             "timezone = \"UTC\"\n" + tc.config,
				"content/2026-11-20-x.md": tc.note,
			})
			for i := 0; i < 3; i++ { // the pages race: try a few times
				out := filepath.Join(t.TempDir(), "public")
				res := mustBuild(t, build.Options{Root: root, OutDir: out, Workers: 8})
				for _, p := range res.Paths {
					if path.Clean(p) != p || strings.HasPrefix(p, "../") {
						t.Errorf("output path %q is not clean", p)
					}
				}
				for p, kind := range map[string]string{"index.html": "home", "tags/index.html": "tags", "people/index.html": "people", "series/index.html": "serieslist"} {
					if s := readFile(t, filepath.Join(out, p)); !strings.Contains(s, `<body class="kind-`+kind+`"`) {
						t.Errorf("%s is not the %s page", p, kind)
					}
				}
				checkCrawl(t, out)
			}
		})
	}
}

// TestOddFileNames: notes and attachments with spaces, '#', '?', '%' and
// non-ASCII names get pages and links that work.
func TestOddFileNames(t *testing.T) {
	root := newSite(t, map[string]string{
		"config.toml":                                      "timezone = \"UTC\"\n",
		"content/2026/2026-11-20 bob #1 ?%.md":             "+++\nattendees = [\"sam\", \"bob\"]\n+++\n- [ ] @bob Odd item 📅 2026-11-30\n\n![pic](img/a%20b%23%3F%25.png)\n",
		"content/2026/café ☕.md":                           "+++\ndate = 2026-11-21\nattendees = [\"sam\", \"bob\"]\ntags = [\"Café Talk\", \"ü/ß\"]\n+++\n# Coffee\n\n- [ ] @bob Carry the odd one 📅 2026-12-02\n",
		"content/2026/img/a b#?%.png":                      "png",
		"content/2026/Ünïcode Folder/2026-11-22 日本語 メモ.md": "# 日本語\n\n![x](../img/a%20b%23%3F%25.png)\n",
		"content/2026/2026-11-23-links.md": `+++
attendees = ["sam", "bob"]
+++
[bob](2026-11-20%20bob%20%231%20%3F%25.md), [cafe](<café ☕.md>),
[cafe escaped](caf%C3%A9%20%E2%98%95.md), [jp](<Ünïcode Folder/2026-11-22 日本語 メモ.md>),
[line](2026-11-20%20bob%20%231%20%3F%25.md#L4), [pic](<img/a b%23%3F%25.png>), [root](/2026/café%20☕.md)
`,
	})
	out := filepath.Join(t.TempDir(), "public")
	res := mustBuild(t, build.Options{Root: root, OutDir: out})
	if res.Meetings != 4 {
		t.Errorf("%d meetings, want 4", res.Meetings)
	}
	for _, p := range []string{"2026/img/a b#?%.png"} {
		if !exists(filepath.Join(out, filepath.FromSlash(p))) {
			t.Errorf("%s missing", p)
		}
	}
	checkCrawl(t, out)
	// Every link of the links note points at a meeting page or the picture,
	// not merely at some file.
	links := readFile(t, filepath.Join(out, "2026/2026-11-23-links/index.html"))
	_, prose, _ := strings.Cut(links, `class="prose"`)
	prose, _, _ = strings.Cut(prose, "</p>") // the note is one paragraph
	n := 0
	for _, tg := range parseTags(prose) {
		href, ok := tg.get("href")
		if tg.Name != "a" || !ok || strings.Contains(href, "people/") || strings.HasPrefix(href, "#") {
			continue
		}
		n++
		u, err := resolveLink("2026/2026-11-23-links/index.html", href)
		if err != nil {
			t.Errorf("%q: %v", href, err)
			continue
		}
		if u != "2026/img/a b#?%.png" {
			if s, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(u))); err != nil || !strings.Contains(string(s), `<body class="kind-meeting"`) {
				t.Errorf("%q resolves to %s, not a meeting page", href, u)
			}
		}
	}
	if n != 7 {
		t.Errorf("%d links in the note, want 7", n)
	}
}

func TestSecondBuildWritesNothing(t *testing.T) {
	root := newSite(t, pubSite())
	out := filepath.Join(root, "public")
	first := mustBuild(t, build.Options{Root: root})
	before := snapshot(t, out)
	second := mustBuild(t, build.Options{Root: root})
	if second.Written != 0 {
		t.Errorf("second build: Written = %d, want 0", second.Written)
	}
	if second.Files != first.Files {
		t.Errorf("second build: Files = %d, first %d", second.Files, first.Files)
	}
	if d := diffSnapshots(before, snapshot(t, out)); d != "" {
		t.Errorf("second build changed the output:\n%s", d)
	}

	// An edit rewrites some files, and the result is what a clean build gives.
	writeSite(t, root, map[string]string{"content/2026/2026-11-20-a.md": strings.Replace(pubSite()["content/2026/2026-11-20-a.md"], "Item of A", "Item of A, edited", 1)})
	third := mustBuild(t, build.Options{Root: root})
	if third.Written == 0 || third.Written >= third.Files {
		t.Errorf("after an edit: Written = %d of %d", third.Written, third.Files)
	}
	clean := filepath.Join(t.TempDir(), "clean")
	mustBuild(t, build.Options{Root: root, OutDir: clean})
	if d := diffSnapshots(snapshot(t, clean), snapshot(t, out)); d != "" {
		t.Errorf("incremental output differs from a clean build:\n%s", d)
	}
}

// TestBuildRepairsTamperedOutput: a build gives the same output whatever state
// the previous output is in.
func TestBuildRepairsTamperedOutput(t *testing.T) {
	root := newSite(t, pubSite())
	out := filepath.Join(root, "public")
	mustBuild(t, build.Options{Root: root})
	want := snapshot(t, out)
	writeSite(t, out, map[string]string{"index.html": "tampered", "assets/recap.css": ""})
	mustBuild(t, build.Options{Root: root})
	if d := diffSnapshots(want, snapshot(t, out)); d != "" {
		t.Errorf("the build kept tampered files:\n%s", d)
	}
}

func TestThemeOverride(t *testing.T) {
	files := pubSite()
	root := newSite(t, files)
	def := filepath.Join(t.TempDir(), "default")
	mustBuild(t, build.Options{Root: root, OutDir: def})

	writeSite(t, root, map[string]string{
		"config.toml":               files["config.toml"] + "theme = \"x\"\n",
		"themes/x/layouts/404.html": "{{template \"base\" .}}{{define \"main\"}}<h1>Custom 404 marker</h1>{{end}}\n",
	})
	custom := filepath.Join(t.TempDir(), "custom")
	mustBuild(t, build.Options{Root: root, OutDir: custom})

	a, b := snapshot(t, def), snapshot(t, custom)
	delete(a, build.ManifestName)
	delete(b, build.ManifestName)
	d := diffSnapshots(a, b)
	if d != "  changed 404.html\n" {
		t.Errorf("the override changed more (or less) than 404.html:\n%s", d)
	}
	if s := readFile(t, filepath.Join(custom, "404.html")); !strings.Contains(s, "Custom 404 marker") || !strings.Contains(s, `<meta name="robots" content="noindex`) {
		t.Errorf("404.html is not the override laid over base.html:\n%s", s)
	}
}

// TestAbsolutePublishDir: an absolute publishDir in config.toml is that
// folder, not a folder of that name under the site root.
func TestAbsolutePublishDir(t *testing.T) {
	www := filepath.Join(t.TempDir(), "www")
	files := pubSite()
	files["config.toml"] = "title = \"Publish\"\ntimezone = \"UTC\"\npublishDir = " + strconv.Quote(www) + "\n"
	root := newSite(t, files)
	res := mustBuild(t, build.Options{Root: root})
	if res.Out != www || !exists(filepath.Join(www, "index.html")) {
		t.Errorf("built into %s, want %s", res.Out, www)
	}
	for p := range snapshot(t, root) {
		if !strings.HasPrefix(p, "content") && p != "config.toml" {
			t.Errorf("the build wrote %s into the site", p)
		}
	}
}
