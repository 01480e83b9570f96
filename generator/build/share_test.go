package build

import (
	"html"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/recapjournal/recap/generator/config"
	"github.com/recapjournal/recap/generator/journal"
	"github.com/recapjournal/recap/generator/share"
)

// TestPageRecapIsShareOutput: the recap a meeting page copies is exactly what
// `recap share` prints for that meeting.
func TestPageRecapIsShareOutput(t *testing.T) {
	root := "../.."
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Root: root, Now: now, OutDir: out}); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.LoadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	j, err := journal.Load(os.DirFS(root), cfg, journal.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`(?s)<textarea id="recap-md"[^>]*>(.*?)</textarea>`)
	for _, m := range j.Meetings {
		page, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(m.URL), "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		got := re.FindSubmatch(page)
		if got == nil {
			t.Fatalf("%s: no recap in the page", m.Source)
		}
		src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(m.Source)))
		if err != nil {
			t.Fatal(err)
		}
		want, err := share.Recap(j, m, src, "markdown")
		if err != nil {
			t.Fatal(err)
		}
		if html.UnescapeString(string(got[1])) != want {
			t.Errorf("%s: the page's recap differs from recap share:\n%s\n---\n%s", m.Source, got[1], want)
		}
	}
}
