package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// copySite copies testdata/workflow/site to a temporary folder.
func copySite(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	src := filepath.Join("testdata", "workflow", "site")
	err := filepath.Walk(src, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if fi.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func writeFile(t *testing.T, site, rel, text string) {
	t.Helper()
	p := filepath.Join(site, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// workflowCases run steps in a fresh copy of the site and record a transcript:
// each command's exit status and output, then the files named in files.
var workflowCases = []struct {
	name  string
	setup func(t *testing.T, site string)
	steps [][]string
	files []string
}{
	{name: "new-with-dev", steps: [][]string{{"new", "--with", "dev"}}, files: []string{"content/2026/2026-11-24-dev-sam-1-1.md"}},
	{name: "new-options", steps: [][]string{{
		"new", "--series", "Platform sync", "--attendees", "sam, devp, Ana Souza, Maria Garcia",
		"--title", "Platform sync: Q1", "--date", "2026-11-25 15:00", "--tags", "oncall, Planning",
	}, {"new", "--attendees", "ana", "--date", "2026-11-26", "--title", "Café ☕ chat"}}, files: []string{"content/2026/2026-11-25-platform-sync-q1.md", "content/2026/2026-11-26-cafe-chat.md"}},
	{name: "new-exists", steps: [][]string{{"new", "--with", "Dev Patel"}, {"new", "--with", "dev"}, {"new", "--with", "dev", "--title", "Dev / Sam 1:1, part 2"}}},
	{name: "new-template", setup: func(t *testing.T, site string) {
		writeFile(t, site, "content/_templates/meeting.md", "# {{.Title}} ({{.Date.Format \"Mon 2 Jan\"}})\n\nWith: {{range $i, $a := .Attendees}}{{if $i}}, {{end}}{{$a}}{{end}}\n\n{{range .Carried}}{{.Line}} <!-- from {{.Source}} -->\n{{end}}\n## Notes\n")
	}, steps: [][]string{{"new", "--with", "ana", "--date", "2026-11-25T16:00:00+01:00"}}, files: []string{"content/2026/2026-11-25-ana-sam-1-1.md"}},
	{name: "new-errors", steps: [][]string{{"new", "--with", "zed"}, {"new", "--date", "tomorrow"}, {"new", "extra"}, {"new", "--with", "sam"}}},
	{name: "review", steps: [][]string{
		{"review", "--list"},
		{"review", "content/2026/2026-11-17-dev-sam-1-1.md", "content/2026/2026-11-18-ana-sam-1-1.md", "content/2026/2026-11-20-standup.md", "content/2026/2026-11-10-dev-sam-1-1.md"},
		{"review", "--list"},
	}, files: []string{"content/2026/2026-11-17-dev-sam-1-1.md", "content/2026/2026-11-18-ana-sam-1-1.md", "content/2026/2026-11-20-standup.md"}},
	{name: "review-refuses", setup: func(t *testing.T, site string) {
		writeFile(t, site, "content/2026/2026-11-21-bad.md", "+++\ntitle = \"unclosed\nreviewed = false\n+++\n")
	}, steps: [][]string{
		{"review", "content/2026/2026-11-21-bad.md", "content/2026/2026-11-20-standup.md", "content/2026/missing.md"},
		{"review"},
		{"review", "--list", "content/2026/2026-11-20-standup.md"},
	}, files: []string{"content/2026/2026-11-21-bad.md", "content/2026/2026-11-20-standup.md"}},
	{name: "done", steps: [][]string{
		{"done", "content/2026/2026-11-17-dev-sam-1-1.md:11"},
		{"done", "roadmap"},
		{"done", "roadmap"},
		{"done", "content/2026/2026-11-10-dev-sam-1-1.md:16:3", "content/2026/2026-11-10-dev-sam-1-1.md:15"},
		{"done", "content/2026/2026-11-18-ana-sam-1-1.md:8"},
		{"actions", "--status", "all"},
	}, files: []string{"content/2026/2026-11-17-dev-sam-1-1.md", "content/2026/2026-11-10-dev-sam-1-1.md", "content/2026/2026-11-18-ana-sam-1-1.md"}},
	{name: "done-errors", steps: [][]string{
		{"done", "content/2026/2026-11-17-dev-sam-1-1.md:9"},
		{"done", "nosuchid"},
		{"done", "content/2026/nope.md:3"},
		{"done"},
	}},
	{name: "check", steps: [][]string{{"check"}, {"check", "--json"}}},
	{name: "check-errors", setup: func(t *testing.T, site string) {
		writeFile(t, site, "content/2026/2026-11-21-bad.md", "+++\ntitle = \"unclosed\n+++\n")
		writeFile(t, site, "content/2026/2026-11-22-dates.md", "- [ ] @dev Impossible 📅 2026-02-30\n")
	}, steps: [][]string{{"check"}, {"check", "--json"}}},
	{name: "check-promote", setup: func(t *testing.T, site string) {
		cfg := readFile(t, filepath.Join("testdata", "workflow", "site", "config.toml"))
		writeFile(t, site, "config.toml", cfg+"\n[check]\nerrors = [\"no-due\"]\n")
	}, steps: [][]string{{"check"}}},
	{name: "check-bad-config", setup: func(t *testing.T, site string) {
		writeFile(t, site, "config.toml", "title = \"x\"\nreveiwWithin = \"24h\"\n")
	}, steps: [][]string{{"check"}, {"check", "--json"}}},
	{name: "share", steps: [][]string{
		{"share", "content/2026/2026-11-17-dev-sam-1-1.md"},
		{"share", "--format", "text", "content/2026/2026-11-17-dev-sam-1-1.md"},
		{"share", "--format", "html", "content/2026/2026-11-17-dev-sam-1-1.md"},
		{"share", "content/2026/nope.md"},
	}},
	{name: "week", steps: [][]string{
		{"new", "--with", "dev", "--now", "2026-11-24T08:55:00Z"},
		{"done", "content/2026/2026-11-24-dev-sam-1-1.md:11", "--now", "2026-11-24T09:40:00Z"},
		{"review", "content/2026/2026-11-24-dev-sam-1-1.md", "--now", "2026-11-24T16:00:00Z"},
		{"share", "content/2026/2026-11-24-dev-sam-1-1.md"},
		{"review", "--list", "--now", "2026-11-26T09:00:00Z"},
		{"new", "--with", "devp", "--now", "2026-12-01T08:55:00Z"},
	}, files: []string{"content/2026/2026-11-24-dev-sam-1-1.md", "content/2026/2026-12-01-dev-sam-1-1.md"}},
}

// shellJoin quotes the arguments that need it, for the transcripts.
func shellJoin(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = a
		if a == "" || strings.ContainsAny(a, " '\"$*?;&|<>()") {
			q[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
	}
	return strings.Join(q, " ")
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestWorkflowGolden(t *testing.T) {
	for _, tc := range workflowCases {
		t.Run(tc.name, func(t *testing.T) {
			site := copySite(t)
			if tc.setup != nil {
				tc.setup(t, site)
			}
			var tr bytes.Buffer
			for _, args := range tc.steps {
				ageSite(t, site) // no editor is saving a note between the steps
				all := append(append([]string{}, args...), "-s", site)
				code, out, errOut := recap(t, map[string]string{"RECAP_NOW": goldenNow}, all...)
				fmt.Fprintf(&tr, "$ recap %s\nexit %d\n", shellJoin(args), code)
				if out != "" {
					fmt.Fprintf(&tr, "--- stdout\n%s", out)
				}
				if errOut != "" {
					fmt.Fprintf(&tr, "--- stderr\n%s", errOut)
				}
				tr.WriteString("\n")
			}
			for _, f := range tc.files {
				fmt.Fprintf(&tr, "=== %s\n%s\n", f, readFile(t, filepath.Join(site, filepath.FromSlash(f))))
			}
			got := strings.ReplaceAll(tr.String(), site, "SITE")
			golden := filepath.Join("testdata", "workflow", tc.name+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./cmd/recap -update to write it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs (run with -update to rewrite it)\n--- got\n%s\n--- want\n%s", golden, got, want)
			}
		})
	}
}

// TestWorkflowUnchanged checks that commands that refuse, or have nothing to
// do, leave every note byte for byte as it was.
func TestWorkflowUnchanged(t *testing.T) {
	site := copySite(t)
	writeFile(t, site, "content/2026/2026-11-21-bad.md", "---\ntitle: [unclosed\n---\n- [ ] x\n")
	ageSite(t, site)
	before := snapshot(t, site)
	for _, args := range [][]string{
		{"review", "content/2026/2026-11-10-dev-sam-1-1.md"},
		{"review", "content/2026/2026-11-21-bad.md"},
		{"done", "content/2026/2026-11-10-dev-sam-1-1.md:16"},
		{"done", "content/2026/2026-11-21-bad.md:4"},
		{"done", "content/2026/2026-11-17-dev-sam-1-1.md:1"},
		{"check"},
		{"share", "content/2026/2026-11-17-dev-sam-1-1.md"},
		{"new", "--with", "nobody"},
	} {
		recap(t, map[string]string{"RECAP_NOW": goldenNow}, append(args, "-s", site)...)
	}
	after := snapshot(t, site)
	if fmt.Sprint(before) != fmt.Sprint(after) {
		t.Errorf("files changed:\nbefore %v\nafter  %v", before, after)
	}
}

func snapshot(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.Walk(root, func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			b, _ := os.ReadFile(p)
			out[p] = fmt.Sprintf("%s %q", fi.Mode(), b)
		}
		return nil
	})
	return out
}

func TestNewOpen(t *testing.T) {
	site := copySite(t)
	var gotEditor, gotPath string
	old := runEditor
	runEditor = func(editor, path string) error { gotEditor, gotPath = editor, path; return nil }
	defer func() { runEditor = old }()
	code, out, errOut := recap(t, map[string]string{"RECAP_NOW": goldenNow, "EDITOR": "vim", "VISUAL": "code -w"}, "new", "--with", "ana", "--open", "-s", site)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if gotEditor != "code -w" || gotPath != strings.TrimSpace(out) {
		t.Errorf("editor %q on %q; want $VISUAL on %q", gotEditor, gotPath, out)
	}
	code, _, errOut = recap(t, map[string]string{"RECAP_NOW": goldenNow}, "new", "--with", "dev", "--open", "-s", site)
	if code != 1 || !strings.Contains(errOut, "$EDITOR") {
		t.Errorf("--open without an editor: exit %d, %s", code, errOut)
	}
}

func TestCheckJSONContract(t *testing.T) {
	site := copySite(t)
	writeFile(t, site, "content/2026/2026-11-22-dates.md", "- [ ] @dev Impossible 📅 2026-02-30\n")
	code, out, _ := recap(t, nil, "check", "--json", "-s", site)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	var recs []map[string]any
	if err := json.Unmarshal([]byte(out), &recs); err != nil {
		t.Fatal(err)
	}
	if len(recs) == 0 {
		t.Fatal("no diagnostics")
	}
	for _, r := range recs {
		for _, k := range []string{"path", "line", "col", "severity", "code", "message"} {
			if _, ok := r[k]; !ok {
				t.Errorf("%v: no %q", r, k)
			}
		}
	}
}

// ageSite sets the modification time of every file of the site an hour back,
// so that recap review and recap done see notes that no editor is saving.
func ageSite(t *testing.T, site string) {
	t.Helper()
	old := time.Now().Add(-time.Hour)
	err := filepath.Walk(site, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		return os.Chtimes(p, old, old)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestEditRefusesUnsafeNotes checks that recap review and recap done leave a
// note alone, exit 1 and say why when it is empty, was changed a moment ago
// (an editor may be saving it) or is read-only.
func TestEditRefusesUnsafeNotes(t *testing.T) {
	const rel = "content/2026/2026-11-17-dev-sam-1-1.md"
	for _, tc := range []struct {
		name    string
		prepare func(t *testing.T, p string)
		want    string
	}{
		{"empty", func(t *testing.T, p string) {
			if err := os.Truncate(p, 0); err != nil {
				t.Fatal(err)
			}
		}, rel + " is empty (an editor may be saving it)"},
		{"future", func(t *testing.T, p string) {
			// A modification time ahead of the clock says nothing of how long
			// ago the note was saved.
			later := time.Now().Add(time.Hour)
			if err := os.Chtimes(p, later, later); err != nil {
				t.Fatal(err)
			}
		}, rel + " was changed at "},
		{"read-only", func(t *testing.T, p string) {
			if err := os.Chmod(p, 0o444); err != nil {
				t.Fatal(err)
			}
		}, rel + " is read-only; recap leaves it as it is"},
	} {
		for _, args := range [][]string{{"review", rel}, {"done", rel + ":11"}} {
			t.Run(tc.name+"/"+args[0], func(t *testing.T) {
				site := copySite(t)
				ageSite(t, site)
				p := filepath.Join(site, filepath.FromSlash(rel))
				tc.prepare(t, p)
				before := snapshot(t, site)
				code, out, errOut := recap(t, map[string]string{"RECAP_NOW": goldenNow}, append(args, "-s", site)...)
				if code != 1 || !strings.Contains(errOut, "recap "+args[0]+": "+tc.want) {
					t.Errorf("exit %d, stderr %q; want exit 1 and %q", code, errOut, tc.want)
				}
				if out != "" {
					t.Errorf("stdout %q, want nothing", out)
				}
				if after := snapshot(t, site); fmt.Sprint(before) != fmt.Sprint(after) {
					t.Errorf("files changed:\nbefore %v\nafter  %v", before, after)
				}
			})
		}
	}
}

// TestDoneTwoItemsOfOneNote checks that one recap done may tick two items of
// a note, and one recap review name a note twice: the command's own first
// write is no editor's save.
func TestDoneTwoItemsOfOneNote(t *testing.T) {
	const rel = "content/2026/2026-11-17-dev-sam-1-1.md"
	site := copySite(t)
	ageSite(t, site)
	code, out, errOut := recap(t, map[string]string{"RECAP_NOW": goldenNow}, "done", rel+":10", rel+":11", rel+":23", "-s", site)
	if code != 0 || strings.Count(out, ": done 2026-11-24: ") != 3 {
		t.Errorf("exit %d\n--- stdout\n%s--- stderr\n%s", code, out, errOut)
	}
	ageSite(t, site)
	code, out, errOut = recap(t, map[string]string{"RECAP_NOW": goldenNow}, "review", rel, rel, "-s", site)
	if code != 0 || out != rel+": reviewed 2026-11-24\n"+rel+": already reviewed\n" {
		t.Errorf("review twice: exit %d\n--- stdout\n%s--- stderr\n%s", code, out, errOut)
	}
}
