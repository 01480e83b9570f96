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
