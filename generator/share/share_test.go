package share

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/recapjournal/recap/generator/config"
	"github.com/recapjournal/recap/generator/journal"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

func load(t *testing.T) *journal.Journal {
	t.Helper()
	site := filepath.Join("testdata", "site")
	cfg, err := config.LoadDir(site)
	if err != nil {
		t.Fatal(err)
	}
	j, err := journal.Load(os.DirFS(site), cfg, journal.Options{Now: time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return j
}

func TestRecapGolden(t *testing.T) {
	j := load(t)
	for _, m := range j.Meetings {
		src, err := os.ReadFile(filepath.Join("testdata", "site", filepath.FromSlash(m.Source)))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range []struct{ format, ext string }{{"markdown", ".md"}, {"text", ".txt"}} {
			name := strings.TrimSuffix(filepath.Base(m.Source), ".md") + f.ext
			t.Run(name, func(t *testing.T) {
				got, err := Recap(j, m, src, f.format)
				if err != nil {
					t.Fatal(err)
				}
				for _, secret := range []string{"private", "Private", "Secret", "tired", "demo", "Nested", "Not shared", "not the summary"} {
					if strings.Contains(got, secret) {
						t.Errorf("the recap leaks %q:\n%s", secret, got)
					}
				}
				g := filepath.Join("testdata", name+".golden")
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
			})
		}
	}
}

func TestRecapFormats(t *testing.T) {
	j := load(t)
	m := j.Meetings[0]
	src, _ := os.ReadFile(filepath.Join("testdata", "site", filepath.FromSlash(m.Source)))
	md, err := Recap(j, m, src, "")
	if err != nil {
		t.Fatal(err)
	}
	if md2, _ := Recap(j, m, src, "md"); md2 != md {
		t.Error(`"md" and "" differ`)
	}
	if _, err := Recap(j, m, src, "html"); err == nil {
		t.Error("html was accepted")
	}
	if _, err := Recap(j, m, []byte("- [ ] one item only\n"), "text"); err == nil {
		t.Error("a note that changed since the journal was read was accepted")
	}
}
