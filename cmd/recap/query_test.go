package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenNow is the fixed time of the golden runs: 10:00 in Berlin, the site's time zone.
const goldenNow = "2026-11-24T09:00:00Z"

// recap runs the command line with a clean environment and returns its exit
// status and output.
func recap(t *testing.T, environ map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, &env{stdout: &out, stderr: &errOut, getenv: func(k string) string { return environ[k] }})
	return code, out.String(), errOut.String()
}

var goldenCases = []struct {
	name string
	args []string
}{
	{"actions-all.json", []string{"actions", "--json", "--status", "all"}},
	{"actions.json", []string{"actions", "--json"}},
	{"actions-owner-dev.json", []string{"actions", "--json", "--owner", "Dev Patel"}},
	{"actions-owner-ana-done.json", []string{"actions", "--json", "--owner", "ana", "--status", "done"}},
	{"actions-cancelled.json", []string{"actions", "--json", "--status", "cancelled"}},
	{"actions-in-progress.json", []string{"actions", "--json", "--status", "in-progress"}},
	{"actions-overdue.json", []string{"actions", "--json", "--overdue"}},
	{"meetings.json", []string{"meetings", "--json"}},
	{"meetings-unreviewed.json", []string{"meetings", "--json", "--unreviewed"}},
	{"meetings-person-ana.json", []string{"meetings", "--json", "--person", "ana"}},
	{"meetings-tag-career.json", []string{"meetings", "--json", "--tag", "Career"}},
	{"meetings-drafts.json", []string{"meetings", "--json", "--drafts"}},
	{"people.json", []string{"people", "--json"}},
	{"actions.txt", []string{"actions"}},
	{"actions-all.txt", []string{"actions", "--status", "all"}},
	{"actions-owner-dev.txt", []string{"actions", "--owner", "dev"}},
	{"actions-overdue.txt", []string{"actions", "--overdue"}},
	{"actions-none.txt", []string{"actions", "--owner", "quinn"}},
	{"meetings.txt", []string{"meetings"}},
	{"meetings-unreviewed.txt", []string{"meetings", "--unreviewed"}},
	{"meetings-none.txt", []string{"meetings", "--tag", "nothing"}},
	{"people.txt", []string{"people"}},
}

func TestGolden(t *testing.T) {
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			// Flags go before and after nothing in particular: -s and --now last.
			args := append(append([]string{}, tc.args...), "-s", filepath.Join("testdata", "site"), "--now", goldenNow)
			code, out, errOut := recap(t, nil, args...)
			if code != 0 || errOut != "" {
				t.Fatalf("recap %s: exit %d\n%s", strings.Join(args, " "), code, errOut)
			}
			compareGolden(t, filepath.Join("testdata", "golden", tc.name), out)
		})
	}
}

// TestGoldenContract checks the JSON goldens against the stable interface of
// FORMAT.md, so a golden rewritten with -update cannot drift from it unseen.
func TestGoldenContract(t *testing.T) {
	date := regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	checkSource := func(name string, v any) {
		s, ok := v.(string)
		if !ok || !strings.HasPrefix(s, "content/") || strings.Contains(s, `\`) || !strings.HasSuffix(s, ".md") {
			t.Errorf("%s: source %v is not a slash path from the site root", name, v)
			return
		}
		if _, err := os.Stat(filepath.Join("testdata", "site", filepath.FromSlash(s))); err != nil {
			t.Errorf("%s: source %s: %v", name, s, err)
		}
	}
	for _, tc := range goldenCases {
		if !strings.HasSuffix(tc.name, ".json") {
			continue
		}
		data, err := os.ReadFile(filepath.Join("testdata", "golden", tc.name))
		if err != nil {
			t.Fatal(err)
		}
		var rows []map[string]any
		if err := json.Unmarshal(data, &rows); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if len(rows) == 0 {
			t.Errorf("%s: an empty golden tests nothing", tc.name)
		}
		for i, r := range rows {
			name := tc.name + "[" + strconv.Itoa(i) + "]"
			has := func(keys ...string) {
				for _, k := range keys {
					if _, ok := r[k]; !ok {
						t.Errorf("%s: no %q", name, k)
					}
				}
			}
			switch tc.args[0] {
			case "actions":
				has("text", "owner", "status", "due", "overdue", "source", "line")
				if _, ok := r["text"].(string); !ok {
					t.Errorf("%s: text %v", name, r["text"])
				}
				if o, ok := r["owner"].(string); r["owner"] != nil && (!ok || o == "" || o != strings.ToLower(o)) {
					t.Errorf("%s: owner %v is neither an id nor null", name, r["owner"])
				}
				switch r["status"] {
				case "open", "in-progress", "done", "cancelled":
				default:
					t.Errorf("%s: status %v", name, r["status"])
				}
				if d, ok := r["due"].(string); r["due"] != nil && (!ok || !date.MatchString(d)) {
					t.Errorf("%s: due %v is neither YYYY-MM-DD nor null", name, r["due"])
				}
				if _, ok := r["overdue"].(bool); !ok {
					t.Errorf("%s: overdue %v", name, r["overdue"])
				}
				if l, ok := r["line"].(float64); !ok || l < 1 || l != float64(int(l)) {
					t.Errorf("%s: line %v", name, r["line"])
				}
				checkSource(name, r["source"])
			case "meetings":
				has("title", "date", "source", "attendees", "tags", "series", "reviewed", "reviewOverdue")
				if d, ok := r["date"].(string); !ok {
					t.Errorf("%s: date %v", name, r["date"])
				} else if _, err := time.Parse(time.RFC3339, d); err != nil {
					t.Errorf("%s: date %q is not RFC 3339", name, d)
				}
				for _, k := range []string{"attendees", "tags"} {
					if _, ok := r[k].([]any); !ok {
						t.Errorf("%s: %s %v is not an array", name, k, r[k])
					}
				}
				if _, ok := r["series"].(string); r["series"] != nil && !ok {
					t.Errorf("%s: series %v is neither a string nor null", name, r["series"])
				}
				for _, k := range []string{"reviewed", "reviewOverdue"} {
					if _, ok := r[k].(bool); !ok {
						t.Errorf("%s: %s %v", name, k, r[k])
					}
				}
				checkSource(name, r["source"])
			case "people":
				has("id", "name", "meetings", "openActions")
				for _, k := range []string{"meetings", "openActions"} {
					if n, ok := r[k].(float64); !ok || n < 0 {
						t.Errorf("%s: %s %v", name, k, r[k])
					}
				}
			}
		}
	}
}

// TestNowFromEnvironment: without --now, RECAP_NOW fixes the time.
func TestNowFromEnvironment(t *testing.T) {
	want, err := os.ReadFile(filepath.Join("testdata", "golden", "actions-all.json"))
	if err != nil {
		t.Skip(err)
	}
	code, out, errOut := recap(t, map[string]string{"RECAP_NOW": goldenNow}, "actions", "--json", "--status", "all", "-s", filepath.Join("testdata", "site"))
	if code != 0 || out != string(want) {
		t.Errorf("RECAP_NOW=%s: exit %d, output differs from actions-all.json\n%s%s", goldenNow, code, errOut, out)
	}
	// --now wins over RECAP_NOW.
	code, out, _ = recap(t, map[string]string{"RECAP_NOW": "2000-01-01T00:00:00Z"}, "actions", "--json", "--status", "all", "-s", filepath.Join("testdata", "site"), "--now", goldenNow)
	if code != 0 || out != string(want) {
		t.Errorf("--now does not win over RECAP_NOW")
	}
}

// TestNowDateOnlyInSiteTimeZone: --now YYYY-MM-DD is that day in the site's time
// zone, whatever the machine's is.
func TestNowDateOnlyInSiteTimeZone(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "config.toml", "timezone = \"America/Los_Angeles\"\n")
	write(t, dir, "content/2026-11-02.md", "- [ ] Due yesterday 📅 2026-11-23\n")
	local := time.Local
	defer func() { time.Local = local }()
	time.Local, _ = time.LoadLocation("Pacific/Auckland")
	code, out, errOut := recap(t, nil, "actions", "--json", "-s", dir, "--now", "2026-11-24")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, `"overdue": true`) {
		t.Errorf("the action due 2026-11-23 is not overdue on 2026-11-24:\n%s", out)
	}
}

func write(t *testing.T, dir, name, data string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestBadNotes(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "config.toml", "timezone = \"UTC\"\n")
	write(t, dir, "content/2026-11-02-good.md", "- [ ] @dev Fine\n")
	bad := map[string]string{ // note -> the position and words of its error
		"content/2026-11-03-date.md":     "+++\ntitle = \"x\"\ndate = \"2026-13-01\"\n+++\n",
		"content/2026-11-04-open.md":     "+++\ntitle = \"never closed\"\n",
		"content/2026-11-05-toml.md":     "+++\ntitle = \"x\"\nattendees = [\"a\",\n+++\n",
		"content/2026-11-06-attendee.md": "---\ntitle: x\nattendees: dev\n---\n",
		"content/2026-11-07-yaml.md":     "---\ntitle: [unclosed\n---\n",
	}
	for name, data := range bad {
		write(t, dir, name, data)
	}
	// A note without a date is a page, never a problem.
	write(t, dir, "content/sub/no-date.md", "# No date anywhere\n")
	// Every query command reports every bad note, in one run, and works
	// with the others.
	for _, cmd := range []string{"actions", "meetings", "people"} {
		code, out, errOut := recap(t, nil, cmd, "-s", dir, "--now", goldenNow)
		if code != 1 {
			t.Errorf("%s: exit %d, want 1", cmd, code)
		}
		if !strings.Contains(out, "2026-11-02-good.md") && !strings.Contains(out, "dev") {
			t.Errorf("%s: printed %q, without the good note", cmd, out)
		}
		lines := strings.Split(strings.TrimSpace(errOut), "\n")
		pos := regexp.MustCompile(`^(content/[^:]+\.md):(\d+):(\d+): \S`)
		seen := map[string]bool{}
		for _, l := range lines[:len(lines)-1] {
			m := pos.FindStringSubmatch(l)
			if m == nil {
				t.Errorf("%s: stderr line %q is not path:line:col: message", cmd, l)
				continue
			}
			if _, ok := bad[m[1]]; !ok {
				t.Errorf("%s: reports %s, which is fine", cmd, m[1])
			}
			seen[m[1]] = true
		}
		for name := range bad {
			if !seen[name] {
				t.Errorf("%s: %s is not reported:\n%s", cmd, name, errOut)
			}
		}
		if last := lines[len(lines)-1]; last != "recap "+cmd+": 5 problems; the other notes were used" {
			t.Errorf("%s: last line %q, want a count of 5 problems", cmd, last)
		}
	}
	// The positions are where the problems are.
	_, _, errOut := recap(t, nil, "actions", "-s", dir, "--now", goldenNow)
	for _, want := range []string{
		"content/2026-11-03-date.md:3:1: ",
		"content/2026-11-04-open.md:1:1: ",
		"content/2026-11-06-attendee.md:3:1: ",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	// Sorted by path.
	if i, j := strings.Index(errOut, "2026-11-03-date"), strings.Index(errOut, "2026-11-07-yaml"); i < 0 || j < i {
		t.Errorf("diagnostics are not sorted by path:\n%s", errOut)
	}
}

func TestBadConfig(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "config.toml", "title = \"x\"\n\nreveiwWithin = \"1h\"\n[people.dev]\nnmae = \"Dev\"\n")
	write(t, dir, "content/2026-11-02.md", "# ok\n")
	code, _, errOut := recap(t, nil, "people", "-s", dir, "--now", goldenNow)
	if code != 1 || !strings.Contains(errOut, "config.toml:3:1: unknown key reveiwWithin") || !strings.Contains(errOut, "config.toml:5:1: unknown key people.dev.nmae") {
		t.Errorf("exit %d:\n%s", code, errOut)
	}
}

func TestUsageErrors(t *testing.T) {
	site := filepath.Join("testdata", "site")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"frobnicate"}, `recap: unknown command "frobnicate"`},
		{[]string{"actions", "--frobnicate"}, "flag provided but not defined: -frobnicate"},
		{[]string{"actions", "--status", "maybe", "-s", site, "--now", goldenNow}, `--status "maybe"`},
		{[]string{"actions", "--owner", "nobody", "-s", site, "--now", goldenNow}, `--owner "nobody" names nobody in the journal`},
		{[]string{"meetings", "--person", "nobody", "-s", site, "--now", goldenNow}, `--person "nobody" names nobody in the journal`},
		{[]string{"actions", "--owner", "dve", "-s", site, "--now", goldenNow}, `did you mean dev (Dev Patel)?`},
		{[]string{"agenda", "-s", site, "--now", goldenNow}, `want one PERSON`},
		{[]string{"agenda", "Ana Suza", "-s", site, "--now", goldenNow}, `did you mean ana`},
		{[]string{"actions", "extra", "-s", site}, `unexpected argument "extra"`},
		{[]string{"actions", "-s", site, "--now", "yesterday"}, `--now "yesterday"`},
		{[]string{"help", "frobnicate"}, `unknown command "frobnicate"`},
	} {
		code, out, errOut := recap(t, nil, tc.args...)
		if code != 2 {
			t.Errorf("recap %s: exit %d, want 2", strings.Join(tc.args, " "), code)
		}
		if !strings.Contains(errOut, tc.want) {
			t.Errorf("recap %s: stderr %q lacks %q", strings.Join(tc.args, " "), errOut, tc.want)
		}
		if out != "" {
			t.Errorf("recap %s: stdout %q", strings.Join(tc.args, " "), out)
		}
	}
	// No command at all: usage on stderr, exit 2.
	if code, _, errOut := recap(t, nil); code != 2 || !strings.Contains(errOut, "Usage:") {
		t.Errorf("recap: exit %d, stderr %q", code, errOut)
	}
}

func TestHelp(t *testing.T) {
	for cmd, flags := range map[string][]string{
		"actions":  {"-s DIR", "--now TIME", "--drafts", "--owner ID", "--status STATUS", "--overdue", "--json"},
		"meetings": {"-s DIR", "--now TIME", "--drafts", "--unreviewed", "--person ID", "--tag TAG", "--json"},
		"people":   {"-s DIR", "--now TIME", "--drafts", "--json"},
	} {
		for _, args := range [][]string{{"help", cmd}, {cmd, "--help"}, {cmd, "-h"}} {
			code, out, errOut := recap(t, nil, args...)
			if code != 0 || errOut != "" {
				t.Errorf("recap %s: exit %d, stderr %q", strings.Join(args, " "), code, errOut)
			}
			if !strings.HasPrefix(out, "Usage: recap "+cmd+" [flags]") {
				t.Errorf("recap %s: %q does not start with the usage line", strings.Join(args, " "), out)
			}
			for _, f := range flags {
				if !strings.Contains(out, "\n  "+f+" ") {
					t.Errorf("recap %s does not explain %s:\n%s", strings.Join(args, " "), f, out)
				}
			}
		}
	}
	code, out, _ := recap(t, nil, "help", "actions")
	for _, s := range []string{`(default "open")`, "text", "owner", "status", "due", "overdue", "source", "line"} {
		if code != 0 || !strings.Contains(out, s) {
			t.Errorf("recap help actions does not mention %s", s)
		}
	}
	// recap help and recap --help list every command.
	for _, args := range [][]string{{"help"}, {"--help"}} {
		code, out, _ := recap(t, nil, args...)
		for _, c := range []string{"actions", "meetings", "people", "help", "version"} {
			if code != 0 || !strings.Contains(out, "\n  "+c+" ") {
				t.Errorf("recap %s does not list %s:\n%s", args[0], c, out)
			}
		}
	}
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}, {"-v"}} {
		code, out, errOut := recap(t, nil, args...)
		if code != 0 || errOut != "" || out != "recap "+version+"\n" {
			t.Errorf("recap %s: exit %d, %q %q", args[0], code, out, errOut)
		}
	}
	if version == "" {
		t.Error("version is empty")
	}
}
