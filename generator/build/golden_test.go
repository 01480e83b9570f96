package build_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/recapjournal/recap/generator/build"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// goldenPages is one page of every kind of testdata/site (two meeting pages:
// one of a team meeting with a code block and callouts, one of a 1:1 that is
// overdue for review and shows actions carried from earlier), plus robots.txt.
var goldenPages = []string{
	"index.html",
	"2026/2026-11-16-team/index.html",
	"2026/2026-11-20-dev/index.html",
	"2026/notes/2026-11-18-ana/index.html",
	"people/index.html",
	"people/dev/index.html",
	"actions/index.html",
	"tags/index.html",
	"tags/pg16/index.html",
	"series/index.html",
	"series/dev-sam/index.html",
	"archive/index.html",
	"archive/2026-11/index.html",
	"review/index.html",
	"404.html",
	"robots.txt",
}

// TestGolden compares one page of every kind against testdata/golden. Run
// `go test ./generator/build -run TestGolden -update` to accept a change.
func TestGolden(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	mustBuild(t, build.Options{Root: "testdata/site", OutDir: out})
	for _, p := range goldenPages {
		got, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(p)))
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		golden := filepath.Join("testdata", "golden", filepath.FromSlash(p))
		if *update {
			if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Errorf("%s: %v (run with -update to create it)", p, err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s (run with -update to accept):\n%s", p, golden, firstDiff(string(want), string(got)))
		}
	}
}

// firstDiff shows the first differing line of two texts, with context.
func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g || i >= len(wl) || i >= len(gl) {
			return "line " + strconv.Itoa(i+1) + ":\n  want: " + w + "\n  got:  " + g
		}
	}
	return "(no line differs)"
}

// TestDeterministic builds the golden site and the sample site twice, into two
// folders and with different worker counts, and compares every file byte for
// byte, the manifest included.
func TestDeterministic(t *testing.T) {
	for _, root := range []string{"testdata/site", "../.."} {
		a := filepath.Join(t.TempDir(), "a")
		b := filepath.Join(t.TempDir(), "b")
		mustBuild(t, build.Options{Root: root, OutDir: a, Workers: 1})
		mustBuild(t, build.Options{Root: root, OutDir: b, Workers: 8})
		sa, sb := snapshot(t, a), snapshot(t, b)
		if len(sa) < 20 {
			t.Fatalf("%s: only %d entries in the output", root, len(sa))
		}
		if d := diffSnapshots(sa, sb); d != "" {
			t.Errorf("%s: two builds differ:\n%s", root, d)
		}
	}
}
