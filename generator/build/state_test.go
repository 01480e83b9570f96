package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for p, s := range files {
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestNoChangeBuild: a second build with nothing changed writes nothing but
// still reports the warnings and the files; an edit, an edit through a
// symlinked content folder, or an earlier --now build again.
func TestNoChangeBuild(t *testing.T) {
	stateDir := t.TempDir()
	root, notes := t.TempDir(), t.TempDir()
	writeFiles(t, root, map[string]string{"config.toml": "timezone = \"UTC\"\n"})
	writeFiles(t, notes, map[string]string{
		"2026-11-20-a.md": "+++\ntitle = \"First\"\n+++\n- [ ] @dev Item 📅 2026-02-30\n",
	})
	if err := os.Symlink(notes, filepath.Join(root, "content")); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	at := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	first, err := Build(Options{Root: root, Now: at, OutDir: out, StateDir: stateDir})
	if err != nil {
		t.Fatal(err)
	}
	again, err := Build(Options{Root: root, Now: at, OutDir: out, StateDir: stateDir})
	if err != nil {
		t.Fatal(err)
	}
	if again.Written != 0 || len(again.Warnings) != 1 || len(again.Paths) != len(first.Paths) {
		t.Errorf("second build: %d written, warnings %v, %d paths; want 0, the impossible date, %d", again.Written, again.Warnings, len(again.Paths), len(first.Paths))
	}

	// An edit through the link.
	writeFiles(t, notes, map[string]string{"2026-11-20-a.md": "+++\ntitle = \"Edited\"\ndate = 2026-11-23T10:00:00Z\n+++\nbody\n"})
	if _, err := Build(Options{Root: root, Now: at, OutDir: out, StateDir: stateDir}); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(out, "2026-11-20-a", "index.html"))
	if err != nil || !strings.Contains(string(page), "<h1>Edited</h1>") {
		t.Errorf("an edit in a symlinked content folder was not built (%v)", err)
	}

	// An earlier --now the same day: the note is not yet overdue for review.
	late, early := at.Add(6*time.Hour), at.Add(-11*time.Hour)
	if _, err := Build(Options{Root: root, Now: late, OutDir: out, StateDir: stateDir}); err != nil {
		t.Fatal(err)
	}
	res, err := Build(Options{Root: root, Now: early, OutDir: out, StateDir: stateDir})
	if err != nil {
		t.Fatal(err)
	}
	clean := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Root: root, Now: early, OutDir: clean}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"index.html", "assets/site-data.js"} {
		a, _ := os.ReadFile(filepath.Join(out, p))
		b, _ := os.ReadFile(filepath.Join(clean, p))
		if string(a) != string(b) {
			t.Errorf("%s after a build at an earlier --now differs from a clean build at that time (%d written)", p, res.Written)
		}
	}
}

// TestRemoteImagesBecomeLinks: no page loads an image from another host.
func TestRemoteImagesBecomeLinks(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"content/2026-11-20-a.md": "![pixel](https://tracker.example.com/p.png) ![](HTTP://x.example/a.png) ![local](img.png)\n",
	})
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Root: root, Now: time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC), OutDir: out}); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(out, "2026-11-20-a", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(page)
	if strings.Contains(strings.ToLower(s), `src="http`) {
		t.Error("a page loads a remote image")
	}
	for _, want := range []string{`<a href="https://tracker.example.com/p.png" class="remote-image">pixel</a>`, `<img src="../img.png" alt="local"`} {
		if !strings.Contains(s, want) {
			t.Errorf("page lacks %s", want)
		}
	}
}

// sameSizeEdit replaces old by new, of the same length, in the file at p and
// gives it back its modification time, as `touch -r`, some sync tools and
// `git checkout` do.
func sameSizeEdit(t *testing.T, p, old, new string) {
	t.Helper()
	if len(old) != len(new) {
		t.Fatalf("%q and %q differ in length", old, new)
	}
	st, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s has no %q", p, old)
	}
	if err := os.WriteFile(p, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(p, st.ModTime(), st.ModTime()); err != nil {
		t.Fatal(err)
	}
	if now, err := os.Stat(p); err != nil || now.Size() != st.Size() || !now.ModTime().Equal(st.ModTime()) {
		t.Fatalf("the edit changed the size or time of %s (%v)", p, err)
	}
}

// TestSameSizeEditsAreBuilt: whether anything changed is decided by
// content, not by size and modification time: a same-size edit with the
// time put back is built, by a build with a state folder, by one without,
// and in watch mode.
func TestSameSizeEditsAreBuilt(t *testing.T) {
	at := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	site := map[string]string{
		"config.toml":             "timezone = \"UTC\"\n",
		"content/2026-11-20-a.md": "+++\ntitle = \"First\"\n+++\nSome text.\n\n![pic](pic.png)\n",
		"content/pic.png":         "picture one",
	}
	read := func(p string) string {
		t.Helper()
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}

	t.Run("build", func(t *testing.T) {
		for _, stateDir := range []string{t.TempDir(), ""} {
			root := t.TempDir()
			writeFiles(t, root, site)
			out := filepath.Join(t.TempDir(), "public")
			opt := Options{Root: root, Now: at, OutDir: out, StateDir: stateDir}
			for i := 0; i < 2; i++ { // the second one with nothing changed
				if _, err := Build(opt); err != nil {
					t.Fatal(err)
				}
			}
			sameSizeEdit(t, filepath.Join(root, "content/2026-11-20-a.md"), "Some text.", "Same text.")
			sameSizeEdit(t, filepath.Join(root, "content/pic.png"), "picture one", "picture two")
			res, err := Build(opt)
			if err != nil {
				t.Fatal(err)
			}
			if page := read(filepath.Join(out, "2026-11-20-a", "index.html")); !strings.Contains(page, "Same text.") {
				t.Errorf("state folder %q: the edited note was not built (%d written)", stateDir, res.Written)
			}
			if pic := read(filepath.Join(out, "pic.png")); pic != "picture two" {
				t.Errorf("state folder %q: the edited attachment was not copied: %q", stateDir, pic)
			}
		}
	})

	t.Run("watch", func(t *testing.T) {
		root := t.TempDir()
		writeFiles(t, root, site)
		out := filepath.Join(t.TempDir(), "public")
		b := NewBuilder(Options{Root: root, Now: at, OutDir: out, Workers: 2})
		if _, err := b.Full(); err != nil {
			t.Fatal(err)
		}
		sameSizeEdit(t, filepath.Join(root, "content/pic.png"), "picture one", "picture two")
		if _, err := b.Update([]string{"content/pic.png"}); err != nil {
			t.Fatal(err)
		}
		if pic := read(filepath.Join(out, "pic.png")); pic != "picture two" {
			t.Errorf("the edited attachment was not copied: %q", pic)
		}

		// A change heard while the journal is broken is built once it is
		// fixed, though the fix names only the note.
		note := filepath.Join(root, "content/2026-11-20-a.md")
		good := read(note)
		writeFiles(t, root, map[string]string{"content/2026-11-20-a.md": "+++\ntitle = \n+++\n"})
		sameSizeEdit(t, filepath.Join(root, "content/pic.png"), "picture two", "picture 3!!")
		if _, err := b.Update([]string{"content/2026-11-20-a.md", "content/pic.png"}); err == nil {
			t.Fatal("a broken note built")
		}
		writeFiles(t, root, map[string]string{"content/2026-11-20-a.md": good})
		if _, err := b.Update([]string{"content/2026-11-20-a.md"}); err != nil {
			t.Fatal(err)
		}
		if pic := read(filepath.Join(out, "pic.png")); pic != "picture 3!!" {
			t.Errorf("an attachment edited while the journal was broken was not copied: %q", pic)
		}
		clean := filepath.Join(t.TempDir(), "public")
		if _, err := Build(Options{Root: root, Now: at, OutDir: clean}); err != nil {
			t.Fatal(err)
		}
		if d := diffTrees(snapshot(t, out), snapshot(t, clean)); len(d) > 0 {
			t.Errorf("watch output differs from a clean build: %v", d)
		}
	})
}
