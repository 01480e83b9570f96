package check

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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
