package main

import (
	"cmp"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/recapjournal/recap/generator/config"
	"github.com/recapjournal/recap/generator/journal"
	"github.com/recapjournal/recap/generator/note"
)

// newNow is the time of the recap new goldens over the agenda fixture.
const newNow = "2026-11-30T09:00:00Z"

// newSite copies the agenda fixture to a temporary folder, without
// config.toml's me when noMe, and with the files in extra (site-relative
// paths) written into it.
func newSite(t *testing.T, noMe bool, extra map[string]string) string {
	t.Helper()
	src := filepath.Join("testdata", "agenda")
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if rel == "config.toml" && noMe {
			data = regexp.MustCompile(`(?m)^me = .*\n`).ReplaceAll(data, nil)
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	for rel, text := range extra {
		writeFile(t, dst, rel, text)
	}
	return dst
}

// newCases are the recap new goldens: each runs in a fresh copy of the
// agenda fixture, at newNow.
var newCases = []struct {
	name  string
	noMe  bool
	extra map[string]string
	args  []string
}{
	{name: "with-priya", args: []string{"--with", "priya"}},
	{name: "with-dev", args: []string{"--with", "dev"}},
	{name: "with-dev-name", args: []string{"--with", "Dev Patel"}},
	{name: "with-devp", args: []string{"--with", "devp", "--now", newNow}},
	{name: "series-platform-weekly", args: []string{"--series", "platform-weekly"}},
	{name: "with-lee", args: []string{"--with", "lee"}},
	{name: "with-pria", args: []string{"--with", "pria"}},
	{name: "with-me", args: []string{"--with", "me"}},
	{name: "no-me-with-dev", noMe: true, args: []string{"--with", "dev"}},
	{name: "no-me-with-lee", noMe: true, args: []string{"--with", "lee"}},
	{name: "attendees-me-lee", args: []string{"--attendees", "me,lee", "--tags", "1on1"}},
	{name: "template-toml", extra: map[string]string{"content/_templates/meeting.md": "+++\n" +
		"# The meeting archetype, as Hugo writes one.\n" +
		"title = '{{ replace .File.ContentBaseName \"-\" \" \" | title }}'\n" +
		"date = {{ .Date }}\n" +
		"draft = false # publish at once\n" +
		"\n" +
		"room = \"Blue\"\n" +
		"+++\n" +
		"# {{.Title}}\n" +
		"\n" +
		"{{if .TalkingPoints}}## To raise\n\n{{range .TalkingPoints}}{{.Line}}\n{{end}}\n{{end}}" +
		"{{if .Topics}}Topics: {{range $i, $t := .Topics}}{{if $i}}, {{end}}[{{$t.Title}}]({{$t.Link}}){{end}}\n\n{{end}}" +
		"## Open actions\n\n{{range .Carried}}{{.Line}}\n{{end}}"}, args: []string{"--with", "priya"}},
	{name: "template-yaml", extra: map[string]string{"content/_templates/meeting.md": "---\n" +
		"# An Obsidian template\n" +
		"title: \"{{ replace .Name \"-\" \" \" | title }}\"\n" +
		"tags:\n" +
		"  - meeting\n" +
		"cssclass: meeting # wide layout\n" +
		"reviewed: false\n" +
		"---\n" +
		"{{range .Carried}}{{.Line}}\n{{end}}{{range .TalkingPoints}}{{.Line}}\n{{end}}"}, args: []string{"--with", "dev"}},
}

// TestNewGolden: recap new over the agenda fixture. Each golden holds the
// command, its exit status, stdout and stderr, and the note it wrote.
func TestNewGolden(t *testing.T) {
	for _, tc := range newCases {
		t.Run(tc.name, func(t *testing.T) {
			site := newSite(t, tc.noMe, tc.extra)
			args := append([]string{"new"}, tc.args...)
			code, out, errOut := recap(t, map[string]string{"RECAP_NOW": newNow}, append(args, "-s", site)...)
			var b strings.Builder
			b.WriteString("$ recap " + shellJoin(args) + "\n")
			b.WriteString("exit " + strconv.Itoa(code) + "\n")
			if out != "" {
				b.WriteString("--- stdout\n" + strings.ReplaceAll(out, site, "SITE"))
			}
			if errOut != "" {
				b.WriteString("--- stderr\n" + strings.ReplaceAll(errOut, site, "SITE"))
			}
			if p := strings.TrimSpace(out); code == 0 && p != "" {
				rel, err := filepath.Rel(site, p)
				if err != nil {
					t.Fatal(err)
				}
				b.WriteString("\n=== " + filepath.ToSlash(rel) + "\n" + readFile(t, p))
			}
			compareGolden(t, filepath.Join("testdata", "golden", "new", tc.name+".golden"), b.String())
		})
	}
}

// TestNewReadsBack: the note recap new writes reads as planned, and the
// journal takes its carried talking points and actions for the same logical
// items as the ones they copy.
func TestNewReadsBack(t *testing.T) {
	for _, tc := range []struct {
		with      string
		rel       string
		title     string
		attendees []string
		tags      []string
		series    string
		point     string // a talking point carried within its series
		action    string // an action carried
		occ       int    // occurrences of each after recap new
	}{
		{"priya", "content/priya/2026-11-30-priya-1on1.md", "Priya / Sam 1:1", []string{"sam", "priya"}, []string{"1on1", "growth"}, "priya-1on1",
			"How is the on-call load?", "@priya Send the hiring plan", 3},
		{"dev", "content/2026/2026-11-30-dev.md", "Dev / Sam", []string{"sam", "dev"}, []string{"roadmap"}, "",
			"@dev What do you want from the next quarter?", "@dev Draft the Q1 roadmap", 2},
		{"lee", "content/team/2026-11-30-platform.md", "Platform weekly", []string{"sam", "dev", "priya", "lee"}, []string{"platform"}, "platform-weekly",
			"Raise the deploy freeze with @lee", "@lee Write the incident review", 2},
	} {
		site := newSite(t, false, nil)
		code, out, errOut := recap(t, nil, "new", "--with", tc.with, "-s", site, "--now", newNow)
		if code != 0 || strings.TrimSpace(out) != filepath.Join(site, filepath.FromSlash(tc.rel)) {
			t.Fatalf("recap new --with %s: exit %d, stdout %q, stderr %q", tc.with, code, out, errOut)
		}
		cfg, err := config.LoadDir(site)
		if err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(filepath.Join(site, filepath.FromSlash(tc.rel)))
		if err != nil {
			t.Fatal(err)
		}
		n, diags := note.Parse(tc.rel, data, note.Options{Location: cfg.Location})
		if len(diags) > 0 || n.Title != tc.title || !slices.Equal(n.Attendees, tc.attendees) || !slices.Equal(n.Tags, tc.tags) || n.Series != tc.series ||
			!n.Date.Equal(time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)) || n.Reviewed {
			t.Errorf("--with %s: the note reads as %q %s %q %q %q reviewed=%v; %v", tc.with, n.Title, n.Date, n.Attendees, n.Tags, n.Series, n.Reviewed, diags)
		}
		now, _ := time.Parse(time.RFC3339, newNow)
		j, err := journal.Load(os.DirFS(site), cfg, journal.Options{Now: now})
		if err != nil {
			t.Fatal(err)
		}
		var m *journal.Meeting
		for _, x := range j.Meetings {
			if x.Source == tc.rel {
				m = x
			}
		}
		if m == nil || m.Series == nil || m.Series.Name != cmp.Or(tc.series, "dev-sam") {
			t.Fatalf("--with %s: the new meeting is not in its series: %+v", tc.with, m)
		}
		count := func(list []*journal.Action, text string) (n, occ int, open bool) {
			for _, a := range list {
				if a.Text == text {
					n, occ, open = n+1, len(a.Occurrences), a.IsOpen()
					if a.Latest().Meeting != m {
						t.Errorf("--with %s: %q: its latest occurrence is in %s", tc.with, text, a.Source())
					}
				}
			}
			return n, occ, open
		}
		if n, occ, open := count(m.Series.Points, tc.point); n != 1 || occ != tc.occ || !open {
			t.Errorf("--with %s: talking point %q: %d logical items, %d occurrences, open %v; want 1, %d, open", tc.with, tc.point, n, occ, open, tc.occ)
		}
		if n, occ, open := count(m.Series.Actions, tc.action); n != 1 || occ != tc.occ || !open {
			t.Errorf("--with %s: action %q: %d logical items, %d occurrences, open %v; want 1, %d, open", tc.with, tc.action, n, occ, open, tc.occ)
		}
		// Nothing carried within the series is a second item.
		seen := map[string]bool{}
		for _, a := range slices.Concat(m.Series.Points, m.Series.Actions) {
			if a.IsOpen() && seen[a.Key] {
				t.Errorf("--with %s: %q twice", tc.with, a.Text)
			}
			seen[a.Key] = true
		}
	}
}
