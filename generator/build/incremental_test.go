package build

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/recapjournal/recap/generator/internal/corpus"
	"github.com/recapjournal/recap/themes"
)

// snapshot reads every file under dir.
func snapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		b, err := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func diffTrees(a, b map[string][]byte) []string {
	var d []string
	for k, v := range a {
		w, ok := b[k]
		switch {
		case !ok:
			d = append(d, "only in incremental: "+k)
		case !bytes.Equal(v, w):
			d = append(d, "differs: "+k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			d = append(d, "only in clean: "+k)
		}
	}
	sort.Strings(d)
	return d
}

// TestIncrementalMatchesClean drives a Builder through random sequences of
// edits (ticking items, retitling, retagging, moving notes between series,
// adding, deleting and renaming notes and folders, attachments) and after
// every step compares its output with a clean build of the same files.
func TestIncrementalMatchesClean(t *testing.T) {
	// Every step is a clean build too: the long run (RECAP_LONG=1, which
	// .ci/run sets) takes more seeds and steps.
	seeds, steps := 2, 15
	if testing.Short() {
		seeds, steps = 1, 10
	}
	if os.Getenv("RECAP_LONG") != "" {
		seeds, steps = 3, 40
	}
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	for seed := uint64(1); seed <= uint64(seeds); seed++ {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			root := t.TempDir()
			if err := corpus.Write(root, 60, int64(seed)); err != nil {
				t.Fatal(err)
			}
			countsTheme(t, root)
			b := NewBuilder(Options{Root: root, Now: now, Workers: 2})
			if _, err := b.Full(); err != nil {
				t.Fatal(err)
			}
			r := rand.New(rand.NewPCG(seed, 99))
			for step := 0; step < steps; step++ {
				// The clock moves on within the day, so that meetings of
				// yesterday turn review-overdue between edits.
				now := now.Add(time.Duration(step) * 17 * time.Minute)
				b.Opt.Now = now
				changed, what := randomEdit(t, r, root)
				res, err := b.Update(changed)
				if err != nil {
					t.Fatalf("step %d (%s): update: %v", step, what, err)
				}
				clean := t.TempDir()
				if _, err := Build(Options{Root: root, Now: now, OutDir: filepath.Join(clean, "public")}); err != nil {
					t.Fatalf("step %d (%s): clean build: %v", step, what, err)
				}
				if d := diffTrees(snapshot(t, b.Out()), snapshot(t, filepath.Join(clean, "public"))); len(d) > 0 {
					t.Fatalf("step %d (%s): incremental output differs from a clean build (%d written):\n%s",
						step, what, res.Written, strings.Join(d[:min(len(d), 20)], "\n"))
				}
			}
		})
	}
}

// countsTheme makes the site use a theme whose meeting pages show
// journal-wide counts and the series' meeting count: an edit of one note
// then changes every meeting page, which a clean build shows.
func countsTheme(t *testing.T, root string) {
	t.Helper()
	src, err := fs.ReadFile(themes.Default, "layouts/meeting.html")
	if err != nil {
		t.Fatal(err)
	}
	layout := strings.Replace(string(src), "<h1>{{$m.Title}}</h1>",
		`<h1>{{$m.Title}}</h1><p class="counts">{{.Site.Counts.Open}} open, {{.Site.Counts.Overdue}} overdue, {{.Site.Counts.Unreviewed}} to review, {{.Site.Counts.Meetings}} meetings</p>`, 1)
	if layout == string(src) {
		t.Fatal("the built-in meeting layout has no <h1>{{$m.Title}}</h1>")
	}
	dir := filepath.Join(root, "themes", "counts", "layouts")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "meeting.html"), []byte(layout), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(root, "config.toml")
	data, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg, append([]byte("theme = \"counts\"\n"), data...), 0o644); err != nil {
		t.Fatal(err)
	}
}

func notes(t *testing.T, root string) []string {
	var out []string
	_ = filepath.WalkDir(filepath.Join(root, "content"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			rel, _ := filepath.Rel(root, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(out)
	return out
}

func randomEdit(t *testing.T, r *rand.Rand, root string) ([]string, string) {
	t.Helper()
	ns := notes(t, root)
	pick := ns[r.IntN(len(ns))]
	full := filepath.Join(root, filepath.FromSlash(pick))
	data, _ := os.ReadFile(full)
	src := string(data)
	write := func(p, s string) {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(root, p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, filepath.FromSlash(p)), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	switch r.IntN(17) {
	case 14: // reopen a done item
		write(pick, strings.Replace(src, "- [x]", "- [ ]", 1))
		return []string{pick}, "reopen " + pick
	case 15: // move a due date, or cancel an item
		v := regexp.MustCompile(`📅 \d{4}-\d{2}-\d{2}`).ReplaceAllStringFunc(src, func(string) string {
			return fmt.Sprintf("📅 2026-11-%02d", 10+r.IntN(20))
		})
		if v == src {
			v = strings.Replace(src, "- [ ]", "- [-]", 1)
		}
		write(pick, v)
		return []string{pick}, "due dates " + pick
	case 16: // tick an item and the next meeting's copy of it stays open
		write(pick, strings.Replace(strings.Replace(src, "- [/]", "- [x]", 1), "- [ ]", "- [/]", 1))
		return []string{pick}, "progress " + pick
	case 10, 11: // prose: a paragraph in the middle, which moves every item below it
		v := strings.Replace(src, "## Notes\n", fmt.Sprintf("## Notes\n\nAn added paragraph %d, with **words**.\n", r.IntN(1000)), 1)
		if v == src {
			v = src + "\nA closing line.\n"
		}
		write(pick, v)
		return []string{pick}, "prose " + pick
	case 12: // prose: a word changed, no line moves
		write(pick, strings.Replace(src, " the ", " THE ", 1))
		return []string{pick}, "word " + pick
	case 13: // a meeting of yesterday, not reviewed
		np := fmt.Sprintf("content/recent/2026-11-23-recent-%d.md", r.IntN(4))
		v := strings.Replace(src, "reviewed = ", "x-was-reviewed = ", 1)
		v = regexp.MustCompile(`date = \S+`).ReplaceAllString(v, fmt.Sprintf("date = 2026-11-23T%02d:%02d:00Z", 8+r.IntN(14), r.IntN(60)))
		write(np, v)
		return []string{np}, "yesterday " + np
	case 0: // tick the first open item
		write(pick, strings.Replace(src, "- [ ]", "- [x]", 1))
		return []string{pick}, "tick " + pick
	case 1: // retitle
		write(pick, strings.Replace(src, `title = "`, `title = "Edited `, 1))
		return []string{pick}, "retitle " + pick
	case 2: // retag
		write(pick, strings.Replace(src, "tags = [", `tags = ["edited", `, 1))
		return []string{pick}, "retag " + pick
	case 3: // add an item carried from elsewhere
		write(pick, src+"\n- [ ] @ana Follow up on the migration plan 📅 2026-12-01 #roadmap\n")
		return []string{pick}, "add item " + pick
	case 4: // delete
		os.Remove(full)
		return []string{pick}, "delete " + pick
	case 5: // rename within the folder
		np := strings.TrimSuffix(pick, ".md") + "-renamed.md"
		os.Rename(full, filepath.Join(root, filepath.FromSlash(np)))
		return []string{pick, np}, "rename " + pick
	case 6: // a new note in a new folder, in an existing series
		np := fmt.Sprintf("content/extra%d/2026-11-%02d-new.md", r.IntN(3), 1+r.IntN(20))
		write(np, strings.Replace(src, `title = "`, `title = "Copy of `, 1))
		return []string{filepath.ToSlash(filepath.Dir(np))}, "new " + np
	case 7: // mark reviewed / unreviewed
		if strings.Contains(src, "reviewed = ") {
			lines := strings.Split(src, "\n")
			for i, l := range lines {
				if strings.HasPrefix(l, "reviewed = ") {
					lines = append(lines[:i], lines[i+1:]...)
					break
				}
			}
			write(pick, strings.Join(lines, "\n"))
		} else {
			write(pick, strings.Replace(src, "+++\n\n", "reviewed = 2026-11-20\n+++\n\n", 1))
		}
		return []string{pick}, "toggle review " + pick
	case 8: // an attachment
		ap := fmt.Sprintf("content/img/a%d.txt", r.IntN(3))
		write(ap, fmt.Sprint("attachment ", r.IntN(1000)))
		return []string{ap}, "attachment " + ap
	default: // move to another series
		write(pick, strings.Replace(src, `series = "`, `series = "moved-`, 1))
		return []string{pick}, "move series " + pick
	}
}
