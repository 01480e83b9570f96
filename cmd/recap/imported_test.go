package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// importedNow is the fixed time of the imported-minutes goldens: a few weeks
// after the fixture's last meeting.
const importedNow = "2024-05-20T12:00:00Z"

// importedCases run over testdata/imported: minutes written before recap, with
// no front matter, dates in file and folder names, attendance lists, actions
// written as prose, pages and an archive (see testdata/imported/EXPECT.md).
var importedCases = []struct {
	name string
	args []string
}{
	{"meetings.json", []string{"meetings", "--json"}},
	{"people.json", []string{"people", "--json"}},
	{"actions-all.json", []string{"actions", "--json", "--status", "all"}},
	{"actions.txt", []string{"actions"}},
	{"pages.json", []string{"pages", "--json"}},
	{"pages.txt", []string{"pages"}},
	{"check.txt", []string{"check"}},
}

func TestImportedGolden(t *testing.T) {
	for _, tc := range importedCases {
		t.Run(tc.name, func(t *testing.T) {
			args := append(append([]string{}, tc.args...), "-s", filepath.Join("testdata", "imported"))
			code, out, errOut := recap(t, map[string]string{"RECAP_NOW": importedNow}, args...)
			if tc.args[0] == "check" {
				out += errOut // check reports on stderr; its exit status is in the golden too
				out += "exit " + strconv.Itoa(code) + "\n"
			} else if code != 0 || errOut != "" {
				t.Fatalf("recap %s: exit %d\n%s", strings.Join(args, " "), code, errOut)
			}
			compareGolden(t, filepath.Join("testdata", "golden", "imported", tc.name), out)
		})
	}
}

// importedPages are the built pages of testdata/imported compared with
// goldens: a README page, a profile, a topic, a meeting with HTML and prose
// actions, a meeting whose title is its file name, the Notes page and the
// page of a person who has a profile.
var importedPages = []string{
	"readme/index.html",
	"notes/people/ana/index.html", // content/people/ana.md: people/ is recap's
	"topics/lts-schedule/index.html",
	"tsc/2024/2024-03-05-tsc/index.html",
	"team/2024-03-27-incident-review/index.html",
	"notes/index.html",
	"people/ana/index.html",
	"archive/2023-11/index.html",
}

func TestImportedPagesGolden(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	code, _, errOut := recap(t, nil, "build", "-s", filepath.Join("testdata", "imported"), "-o", out, "--now", importedNow)
	if code != 0 {
		t.Fatalf("recap build: exit %d\n%s", code, errOut)
	}
	for _, p := range importedPages {
		got, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(p)))
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		compareGolden(t, filepath.Join("testdata", "golden", "imported", "html", filepath.FromSlash(p)), string(got))
	}
}

// compareGolden compares got with the golden file, or rewrites it with -update.
func compareGolden(t *testing.T, golden, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/recap -run Imported -update to write it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (run with -update to rewrite it, and review the diff)\n--- got\n%s\n--- want\n%s", golden, got, want)
	}
}

// TestOneBadNote: a note that cannot be read never stops the commands that
// read the journal: each names it as path:line:col on stderr, works with
// every other note and exits 1; recap new writes its note and warns.
func TestOneBadNote(t *testing.T) {
	site := t.TempDir()
	files := map[string]string{
		"content/2026-11-02-good.md": "+++\nattendees = [\"ana\", \"sam\"]\n+++\n- [ ] @ana send the notes\n",
		"content/2026-11-03-bad.md":  "+++\ntitle = \n+++\n- [ ] @ben lost\n",
	}
	for name, data := range files {
		p := filepath.Join(site, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ageSite(t, site) // no editor is saving the notes
	env := map[string]string{"RECAP_NOW": "2026-11-04T09:00:00Z"}
	const where = "content/2026-11-03-bad.md:2:9: "
	for _, tc := range []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"actions"}, 1, "send the notes"},
		{[]string{"meetings"}, 1, "2026-11-02-good"},
		{[]string{"people"}, 1, "ana"},
		{[]string{"pages"}, 1, "No pages"},
		{[]string{"review", "--list"}, 1, "2026-11-02-good"},
		{[]string{"check"}, 1, ""},
		{[]string{"share", "content/2026-11-02-good.md"}, 1, "send the notes"},
		// Ticking by FILE:LINE reads that note alone: nothing to report.
		{[]string{"done", "content/2026-11-02-good.md:4"}, 0, "done 2026-11-04"},
		{[]string{"new", "--with", "ana"}, 0, ".md"},
	} {
		code, out, errOut := recap(t, env, append(tc.args, "-s", site)...)
		reported := errOut
		if tc.args[0] == "check" {
			reported = out // its report is its output
		}
		if code != tc.code || (tc.args[0] != "done" && !strings.Contains(reported, where)) || !strings.Contains(out, tc.out) {
			t.Errorf("recap %s: exit %d, want %d; stdout %q (want %q in it); stderr:\n%s", strings.Join(tc.args, " "), code, tc.code, out, tc.out, errOut)
		}
	}
}
