package main

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// agendaNow is the time of the agenda fixture's runs: a Monday, a week after
// Priya's weekly 1:1 was due.
const agendaNow = "2026-11-30T09:00:00Z"

// agendaSite returns the agenda fixture, or with noMe a copy of it in a
// temporary folder whose config.toml sets no me.
func agendaSite(t *testing.T, noMe bool) string {
	t.Helper()
	site := filepath.Join("testdata", "agenda")
	if !noMe {
		return site
	}
	dir := t.TempDir()
	err := filepath.WalkDir(site, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(site, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dir, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if rel == "config.toml" {
			data = regexp.MustCompile(`(?m)^me = .*\n`).ReplaceAll(data, nil)
		}
		return os.WriteFile(filepath.Join(dir, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestAgendaGolden: recap agenda over a fixture with a named and an unnamed
// 1:1 series, a team series, scheduled and closed talking points and topics
// open, closed and to revisit later, with config.toml's me set and unset.
func TestAgendaGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		noMe bool
		args []string
	}{
		{"priya.txt", false, []string{"agenda", "priya"}},
		{"priya.json", false, []string{"agenda", "priya", "--json"}},
		{"dev.txt", false, []string{"agenda", "dev"}},
		{"dev.json", false, []string{"agenda", "--json", "dev"}},
		{"lee.json", false, []string{"agenda", "lee", "--json"}},
		{"me.txt", false, []string{"agenda", "me"}},
		{"dev-no-me.txt", true, []string{"agenda", "dev"}},
		{"dev-no-me.json", true, []string{"agenda", "dev", "--json"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append(tc.args, "-s", agendaSite(t, tc.noMe), "--now", agendaNow)
			code, out, errOut := recap(t, nil, args...)
			if code != 0 || errOut != "" {
				t.Fatalf("exit %d:\n%s", code, errOut)
			}
			compareGolden(t, filepath.Join("testdata", "golden", "agenda", tc.name), out)
		})
	}
}

// TestAgendaNames: a person is named by id, alias, full name, with "@", or
// as "me", and each gives the same agenda; a near miss is an error that
// names the person meant.
func TestAgendaNames(t *testing.T) {
	site := agendaSite(t, false)
	_, want, _ := recap(t, nil, "agenda", "dev", "--json", "-s", site, "--now", agendaNow)
	for _, name := range []string{"devp", "Dev Patel", "dev patel", "@dev", "DEV"} {
		code, got, errOut := recap(t, nil, "agenda", name, "--json", "-s", site, "--now", agendaNow)
		if code != 0 || got != want {
			t.Errorf("recap agenda %q: exit %d, %s\ngot:\n%s", name, code, errOut, got)
		}
	}
	_, wantMe, _ := recap(t, nil, "agenda", "sam", "-s", site, "--now", agendaNow)
	if _, got, _ := recap(t, nil, "agenda", "me", "-s", site, "--now", agendaNow); got != wantMe {
		t.Errorf("recap agenda me differs from recap agenda sam:\n%s", got)
	}
	for _, tc := range []struct {
		site, name, want string
	}{
		{site, "pirya", `"pirya" names nobody in the journal; did you mean priya (Priya Shah)?`},
		{site, "Dev Pattel", `did you mean dev (Dev Patel)?`},
		{site, "zed", `"zed" names nobody in the journal (see ` + "`recap people`)"},
		{agendaSite(t, true), "me", `set me = "your-id" in config.toml`},
	} {
		code, out, errOut := recap(t, nil, "agenda", tc.name, "-s", tc.site, "--now", agendaNow)
		if code != 2 || out != "" || !regexp.MustCompile(regexp.QuoteMeta(tc.want)).MatchString(errOut) {
			t.Errorf("recap agenda %q: exit %d, stdout %q, stderr %q; want exit 2 and %q", tc.name, code, out, errOut, tc.want)
		}
	}
}
