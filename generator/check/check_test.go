package check

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/recapjournal/recap/generator/build"
	"github.com/recapjournal/recap/generator/config"
	"github.com/recapjournal/recap/generator/diag"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

func run(t *testing.T, site string) *Result {
	t.Helper()
	dir := filepath.Join("testdata", site)
	cfg, err := config.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Check(os.DirFS(dir), cfg, Options{Now: time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func format(l diag.List) string {
	var b strings.Builder
	for _, d := range l {
		b.WriteString(d.Error() + " [" + d.Code + "]\n")
	}
	return b.String()
}

func TestCheckGolden(t *testing.T) {
	for _, site := range []string{"clean", "problems", "parse", "promote"} {
		t.Run(site, func(t *testing.T) {
			res := run(t, site)
			got := format(res.Diags)
			g := filepath.Join("testdata", site+".golden")
			if *update {
				if err := os.WriteFile(g, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(g)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs (run go test -update)\n--- got\n%s\n--- want\n%s", g, got, want)
			}
			for _, d := range res.Diags {
				if d.Code == "" {
					t.Errorf("no code: %v", d)
				}
			}
		})
	}
}

// TestCheckSeverities pins which codes are errors by default.
func TestCheckSeverities(t *testing.T) {
	sev := map[string]diag.Severity{}
	for _, site := range []string{"problems", "parse"} {
		for _, d := range run(t, site).Diags {
			if s, ok := sev[d.Code]; ok && s != d.Severity {
				t.Errorf("%s is both error and warning", d.Code)
			}
			sev[d.Code] = d.Severity
		}
	}
	for code, want := range map[string]diag.Severity{
		CodeParse: diag.Error, CodeBadDate: diag.Error, CodeDuplicateID: diag.Error, CodeURLCollision: diag.Error,
		CodeUnknownKey: diag.Warning, CodeUnknownPerson: diag.Warning, CodeUnowned: diag.Warning, CodeNoDue: diag.Warning,
		CodeBadPriority: diag.Warning,
	} {
		got, ok := sev[code]
		if !ok {
			t.Errorf("the test sites never produce %s", code)
			continue
		}
		if got != want {
			t.Errorf("%s is a %v, want %v", code, got, want)
		}
	}
	if r := run(t, "clean"); len(r.Diags) != 0 || r.Notes != 2 {
		t.Errorf("clean site: %d notes, %v", r.Notes, r.Diags)
	}
	r := run(t, "promote")
	for _, d := range r.Diags {
		if (d.Code == CodeUnowned || d.Code == CodeConfig) != (d.Severity == diag.Error) {
			t.Errorf("promote: %v is a %v", d, d.Severity)
		}
	}
}

// TestCheckFindsOutputCollisions: what build refuses because two files
// would be written to one path, check reports, at the attachment, with the
// build's words.
func TestCheckFindsOutputCollisions(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string]string
		at    string // the diagnostic's path
	}{
		{"attachment and page", map[string]string{
			"content/2026/2026-11-20-n.md":         "+++\nattendees = [\"sam\"]\n+++\nnote\n",
			"content/2026/2026-11-20-n/index.html": "attachment",
		}, "content/2026/2026-11-20-n/index.html"},
		{"attachment and page, case", map[string]string{
			"content/2026/2026-11-20-n.md":         "+++\nattendees = [\"sam\"]\n+++\nnote\n",
			"content/2026/2026-11-20-N/Index.HTML": "attachment",
		}, "content/2026/2026-11-20-N/Index.HTML"},
		{"attachment and theme asset", map[string]string{
			"content/2026-11-20-x.md":  "+++\nattendees = [\"sam\"]\n+++\nnote\n",
			"content/assets/recap.css": "attachment",
		}, "content/assets/recap.css"},
		{"attachment and person page", map[string]string{
			"content/2026-11-20-x.md":       "+++\nattendees = [\"sam\"]\n+++\nnote\n",
			"content/people/sam/index.html": "attachment",
		}, "content/people/sam/index.html"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			tc.files["config.toml"] = "timezone = \"UTC\"\n"
			for p, s := range tc.files {
				full := filepath.Join(root, filepath.FromSlash(p))
				if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(full, []byte(s), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, berr := build.Build(build.Options{Root: root, Now: time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC), OutDir: filepath.Join(t.TempDir(), "public")})
			if berr == nil {
				t.Fatal("the build succeeded: the test is wrong")
			}
			cfg, err := config.LoadDir(root)
			if err != nil {
				t.Fatal(err)
			}
			res, err := Check(os.DirFS(root), cfg, Options{Now: time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)})
			if err != nil {
				t.Fatal(err)
			}
			var found bool
			for _, d := range res.Diags {
				if d.Code == CodeURLCollision && d.Severity == diag.Error && d.Path == tc.at && strings.Contains(berr.Error(), d.Msg) {
					found = true
				}
			}
			if !found {
				t.Errorf("check does not report what the build refuses (%v):\n%s", berr, format(res.Diags))
			}
		})
	}
}
