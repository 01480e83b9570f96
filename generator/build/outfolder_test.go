package build

// Tests of the output folder: what a build may replace or remove there, and
// the in-place publish it falls back to when the folder cannot be swapped (a
// mount point). The tests that replace the seams exchange and isMountPoint
// do not run in parallel.

import (
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

var outNow = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)

// outSite writes a small site, with an attachment, into a folder "site" of
// a fresh temporary folder, so that "../x" is inside the temporary folder
// too, and returns its root.
func outSite(t *testing.T, extra map[string]string) string {
	t.Helper()
	root := filepath.Join(t.TempDir(), "site")
	files := map[string]string{
		"config.toml":                  "timezone = \"UTC\"\n",
		"content/2026/2026-11-20-a.md": "+++\ntitle = \"Meeting A\"\nattendees = [\"sam\", \"dev\"]\n+++\n- [ ] @dev Item of A\n\n![pic](img/pic.png)\n",
		"content/2026/2026-11-21-b.md": "+++\ntitle = \"Meeting B\"\nattendees = [\"sam\", \"zoe\"]\n+++\n- [ ] @zoe Item of B\n",
		"content/2026/img/pic.png":     "not really a png",
	}
	maps.Copy(files, extra)
	writeFiles(t, root, files)
	return root
}

// tree describes every file, link and folder under dir: its mode, and the
// content of a file or the target of a link. A missing dir is empty.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir && os.IsNotExist(err) {
				return filepath.SkipDir
			}
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		info, err := d.Info()
		if err != nil {
			return err
		}
		s := info.Mode().String()
		switch {
		case d.IsDir():
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			s += " -> " + target
		default:
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			s += " " + string(b)
		}
		m[filepath.ToSlash(rel)] = s
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// treeDiffs describes how two trees differ.
func treeDiffs(a, b map[string]string) string {
	var d []string
	for k, v := range a {
		if w, ok := b[k]; !ok {
			d = append(d, "removed "+k)
		} else if v != w {
			d = append(d, fmt.Sprintf("changed %s: %q → %q", k, v, w))
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			d = append(d, "added "+k)
		}
	}
	slices.Sort(d)
	return strings.Join(d, "\n")
}

// inPlaceMode makes the output folder look like a mount point for the rest
// of the test, so that builds publish in place.
func inPlaceMode(t *testing.T) {
	prev := isMountPoint
	isMountPoint = func(string) bool { return true }
	t.Cleanup(func() { isMountPoint = prev })
}

// busyExchange makes the swap fail as it does on a mount point, for the
// rest of the test.
func busyExchange(t *testing.T) {
	prev := exchange
	exchange = func(a, b string) error { return &os.LinkError{Op: "renameat2", Old: a, New: b, Err: syscall.EBUSY} }
	t.Cleanup(func() { exchange = prev })
}

// TestForeignFilesAreNeverReplaced: a build refuses to replace or remove
// anything in the output folder that recap did not write, names it, and
// leaves everything as it was, whichever way it publishes.
func TestForeignFilesAreNeverReplaced(t *testing.T) {
	type tc struct {
		name  string
		site  map[string]string // beside outSite's files
		setup func(t *testing.T, out string)
		names string // the error names this path of the output
	}
	cases := []tc{
		{"an attachment over a foreign file",
			map[string]string{"content/authorized_keys": "ssh-ed25519 AAAA attacker\n"},
			func(t *testing.T, out string) {
				writeFiles(t, out, map[string]string{"authorized_keys": "ssh-ed25519 AAAA mine\n", "id_ed25519": "secret\n"})
			}, "authorized_keys"},
		{"a page over a foreign file", nil,
			func(t *testing.T, out string) {
				writeFiles(t, out, map[string]string{"2026/2026-11-20-a/index.html": "my own page\n"})
			}, "2026/2026-11-20-a/index.html"},
		{"a foreign file where a folder is needed", nil,
			func(t *testing.T, out string) { writeFiles(t, out, map[string]string{"people": "a list of mine\n"}) }, "people"},
		{"a foreign folder where a file goes", nil,
			func(t *testing.T, out string) { writeFiles(t, out, map[string]string{"robots.txt/keep": "x"}) }, "robots.txt"},
		{"a foreign link where a folder is needed", nil,
			func(t *testing.T, out string) {
				elsewhere := filepath.Join(filepath.Dir(out), "elsewhere")
				writeFiles(t, elsewhere, map[string]string{"keep": "x"})
				if err := os.Symlink(elsewhere, filepath.Join(out, "2026")); err != nil {
					t.Fatal(err)
				}
			}, "2026"},
		{"a foreign link over a page", nil,
			func(t *testing.T, out string) {
				if err := os.Symlink("/etc/hostname", filepath.Join(out, "index.html")); err != nil {
					t.Fatal(err)
				}
			}, "index.html"},
		{"a manifest recap cannot read", nil,
			func(t *testing.T, out string) {
				writeFiles(t, out, map[string]string{ManifestName: "my notes, not JSON\n"})
			}, ManifestName},
	}
	for _, mode := range []string{"swap", "in place"} {
		for _, c := range cases {
			t.Run(mode+"/"+c.name, func(t *testing.T) {
				if mode == "in place" {
					inPlaceMode(t)
				}
				root := outSite(t, c.site)
				out := filepath.Join(filepath.Dir(root), "www")
				if err := os.Mkdir(out, 0o700); err != nil {
					t.Fatal(err)
				}
				c.setup(t, out)
				before := tree(t, filepath.Dir(root))
				_, err := Build(Options{Root: root, Now: outNow, OutDir: out})
				if err == nil {
					t.Fatal("the build succeeded")
				}
				if !strings.Contains(err.Error(), filepath.Join(out, filepath.FromSlash(c.names))) || !strings.Contains(err.Error(), "recap did not write") {
					t.Errorf("the error does not name %s and say why: %v", c.names, err)
				}
				if d := treeDiffs(before, tree(t, filepath.Dir(root))); d != "" {
					t.Errorf("the refused build changed files:\n%s", d)
				}
			})
		}
	}

	// The case: publishDir = "../.ssh" and an attachment named
	// authorized_keys.
	t.Run("publishDir ../.ssh", func(t *testing.T) {
		root := outSite(t, map[string]string{
			"config.toml":             "timezone = \"UTC\"\npublishDir = \"../.ssh\"\n",
			"content/authorized_keys": "ssh-ed25519 AAAA attacker\n",
		})
		ssh := filepath.Join(filepath.Dir(root), ".ssh")
		if err := os.Mkdir(ssh, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(ssh, "authorized_keys"), []byte("ssh-ed25519 AAAA mine\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		before := tree(t, filepath.Dir(root))
		_, err := Build(Options{Root: root, Now: outNow})
		if err == nil || !strings.Contains(err.Error(), filepath.Join(ssh, "authorized_keys")) {
			t.Errorf("not refused, or the error does not name authorized_keys: %v", err)
		}
		if d := treeDiffs(before, tree(t, filepath.Dir(root))); d != "" {
			t.Errorf("the build changed files:\n%s", d)
		}
	})

	// A file that recap wrote, and that is gone from the journal, is removed;
	// one that was there before recap came is kept.
	t.Run("stale and foreign", func(t *testing.T) {
		root := outSite(t, nil)
		out := filepath.Join(filepath.Dir(root), "www")
		writeFiles(t, out, map[string]string{"CNAME": "journal.example\n"})
		if _, err := Build(Options{Root: root, Now: outNow, OutDir: out}); err != nil {
			t.Fatal(err)
		}
		if err := os.Remove(filepath.Join(root, "content/2026/img/pic.png")); err != nil {
			t.Fatal(err)
		}
		if _, err := Build(Options{Root: root, Now: outNow, OutDir: out}); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(out, "2026/img/pic.png")); err == nil {
			t.Error("the stale attachment was kept")
		}
		if b, err := os.ReadFile(filepath.Join(out, "CNAME")); err != nil || string(b) != "journal.example\n" {
			t.Errorf("CNAME: %q, %v", b, err)
		}
	})
}

// TestWatchNeverReplacesForeignFiles: watch mode, which writes in place,
// refuses the same way and writes nothing of the rebuild.
func TestWatchNeverReplacesForeignFiles(t *testing.T) {
	for _, tc := range []struct {
		name    string
		foreign string // in the output
		add     string // to the site
		body    string
	}{
		{"a new attachment", "notes.txt", "content/notes.txt", "an attachment\n"},
		{"a new page", "2026/2026-11-22-c/index.html", "content/2026/2026-11-22-c.md", "+++\ntitle = \"C\"\nattendees = [\"sam\"]\n+++\n- [ ] @sam New item\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := outSite(t, nil)
			out := filepath.Join(filepath.Dir(root), "www")
			b := NewBuilder(Options{Root: root, Now: outNow, OutDir: out, Workers: 2})
			if _, err := b.Full(); err != nil {
				t.Fatal(err)
			}
			writeFiles(t, out, map[string]string{tc.foreign: "mine\n"})
			writeFiles(t, root, map[string]string{tc.add: tc.body})
			before := tree(t, out)
			_, err := b.Update([]string{tc.add})
			if err == nil || !strings.Contains(err.Error(), filepath.Join(out, filepath.FromSlash(tc.foreign))) {
				t.Errorf("not refused, or the error does not name %s: %v", tc.foreign, err)
			}
			if d := treeDiffs(before, tree(t, out)); d != "" {
				t.Errorf("the refused rebuild changed the output:\n%s", d)
			}
		})
	}
}

// TestPublishOutputIsAFile: a publishDir that is a file is not replaced by a
// folder.
func TestPublishOutputIsAFile(t *testing.T) {
	root := outSite(t, nil)
	out := filepath.Join(filepath.Dir(root), "www")
	writeFiles(t, filepath.Dir(out), map[string]string{"www": "a file of mine\n"})
	before := tree(t, filepath.Dir(root))
	if _, err := Build(Options{Root: root, Now: outNow, OutDir: out}); err == nil || !strings.Contains(err.Error(), out) {
		t.Errorf("not refused, or the error does not name %s: %v", out, err)
	}
	if d := treeDiffs(before, tree(t, filepath.Dir(root))); d != "" {
		t.Errorf("the build changed files:\n%s", d)
	}
}

// checkInPlace builds root into out, which holds a foreign file and the
// output of an earlier build, after an edit and a removal, and checks that
// the build published in place: the same folder, foreign files kept, stale
// files gone, unchanged files untouched, changed ones replaced, and the
// output that of a clean build.
func checkInPlace(t *testing.T, root, out string) {
	t.Helper()
	if _, err := Build(Options{Root: root, Now: outNow, OutDir: out}); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, out, map[string]string{"CNAME": "journal.example\n", ".well-known/x": "x\n"})
	folder, _ := os.Lstat(out)
	unchanged, _ := os.Lstat(filepath.Join(out, "2026/img/pic.png"))
	changed, _ := os.Lstat(filepath.Join(out, "2026/2026-11-20-a/index.html"))
	writeFiles(t, root, map[string]string{"content/2026/2026-11-20-a.md": "+++\ntitle = \"Meeting A, edited\"\nattendees = [\"sam\", \"dev\"]\n+++\n- [ ] @dev Item of A\n\n![pic](img/pic.png)\n"})
	if err := os.Remove(filepath.Join(root, "content/2026/2026-11-21-b.md")); err != nil {
		t.Fatal(err)
	}

	res, err := Build(Options{Root: root, Now: outNow, OutDir: out})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.Summary(), "published in place: the output folder is a mount point") {
		t.Errorf("the summary does not say how the build published: %s", res.Summary())
	}
	if res.Written == 0 || res.Written >= res.Files {
		t.Errorf("Written = %d of %d files", res.Written, res.Files)
	}
	if now, _ := os.Lstat(out); !os.SameFile(folder, now) {
		t.Error("the output folder was replaced")
	}
	if now, _ := os.Lstat(filepath.Join(out, "2026/img/pic.png")); !os.SameFile(unchanged, now) {
		t.Error("an unchanged file was written again")
	}
	if now, _ := os.Lstat(filepath.Join(out, "2026/2026-11-20-a/index.html")); os.SameFile(changed, now) {
		t.Error("a changed page was written into, not replaced")
	}
	got := tree(t, out)
	for _, p := range []string{"CNAME", ".well-known", ".well-known/x"} {
		if _, ok := got[p]; !ok {
			t.Errorf("foreign %s is gone", p)
		}
		delete(got, p)
	}
	clean := filepath.Join(t.TempDir(), "clean")
	if _, err := Build(Options{Root: root, Now: outNow, OutDir: clean}); err != nil {
		t.Fatal(err)
	}
	if d := treeDiffs(tree(t, clean), got); d != "" {
		t.Errorf("the output differs from a clean build:\n%s", d)
	}
	for p := range got {
		if strings.Contains(p, ".recap-") && p != ManifestName {
			t.Errorf("left behind: %s", p)
		}
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	for _, e := range entries {
		if strings.Contains(e.Name(), ".recap-new") {
			t.Errorf("left beside the output: %s", e.Name())
		}
	}
}

// TestPublishInPlaceWhenTheSwapFails: a swap that fails as it does on a
// mount point (EBUSY) falls back to publishing in place.
func TestPublishInPlaceWhenTheSwapFails(t *testing.T) {
	busyExchange(t)
	root := outSite(t, nil)
	checkInPlace(t, root, filepath.Join(filepath.Dir(root), "www"))
}

// TestPublishInPlaceIntoAMountPoint: an output folder that is a mount point
// is published in place without a swap.
func TestPublishInPlaceIntoAMountPoint(t *testing.T) {
	inPlaceMode(t)
	prev := exchange
	exchange = func(a, b string) error {
		t.Errorf("a swap was tried: %s, %s", a, b)
		return prev(a, b)
	}
	t.Cleanup(func() { exchange = prev })
	root := outSite(t, nil)
	out := filepath.Join(filepath.Dir(root), "www")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	checkInPlace(t, root, out)
}

// TestFailedInPlaceBuildLeavesOutput: a build that fails in place leaves the
// output as it was, with no file half written or left behind.
func TestFailedInPlaceBuildLeavesOutput(t *testing.T) {
	for _, how := range []string{"mount point", "busy"} {
		t.Run(how, func(t *testing.T) {
			if how == "busy" {
				busyExchange(t)
			} else {
				inPlaceMode(t)
			}
			root := outSite(t, nil)
			out := filepath.Join(filepath.Dir(root), "www")
			if _, err := Build(Options{Root: root, Now: outNow, OutDir: out}); err != nil {
				t.Fatal(err)
			}
			writeFiles(t, root, map[string]string{
				"content/2026/2026-11-22-c.md": "+++\ntitle = \"C\"\nattendees = [\"sam\"]\n+++\nnew\n",
				"content/2027/x/pic.png":       "a new attachment in a new folder",
				"config.toml":                  "timezone = \"UTC\"\ntheme = \"x\"\n",
				"themes/x/layouts/404.html":    "{{template \"base\" .}}{{define \"main\"}}{{.NoSuchField}}{{end}}\n",
			})
			after := tree(t, filepath.Dir(root))
			if _, err := Build(Options{Root: root, Now: outNow, OutDir: out}); err == nil {
				t.Fatal("the build succeeded")
			}
			if d := treeDiffs(after, tree(t, filepath.Dir(root))); d != "" {
				t.Errorf("the failed build changed files:\n%s", d)
			}
		})
	}
}

// TestInPlaceStaysInTheOutput: a manifest that lists a path outside the
// output folder does not make an in-place build remove it.
func TestInPlaceStaysInTheOutput(t *testing.T) {
	inPlaceMode(t)
	root := outSite(t, nil)
	out := filepath.Join(filepath.Dir(root), "www")
	if _, err := Build(Options{Root: root, Now: outNow, OutDir: out}); err != nil {
		t.Fatal(err)
	}
	victim := filepath.Join(filepath.Dir(root), "victim")
	writeFiles(t, filepath.Dir(root), map[string]string{"victim": "keep me\n"})
	man := filepath.Join(out, ManifestName)
	b, err := os.ReadFile(man)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(b), `"files": {`, `"files": {"../victim": "x", "/tmp": "y",`, 1)
	if err := os.WriteFile(man, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(Options{Root: root, Now: outNow, OutDir: out}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(victim); err != nil {
		t.Errorf("the build removed a file outside the output: %v", err)
	}
}

// TestPublishInPlaceWhenAForeignFileCannotBeLinked: a file recap did not
// write that cannot be hard-linked into the stage (a file system without
// hard links, another user's file where the system protects hard links)
// would be lost, or changed, by a swap: the build publishes in place, which
// leaves it alone, and says why.
func TestPublishInPlaceWhenAForeignFileCannotBeLinked(t *testing.T) {
	prev := linkForeign
	linkForeign = func(old, new string) error {
		if filepath.Base(old) == "CNAME" {
			return &os.LinkError{Op: "link", Old: old, New: new, Err: syscall.EPERM}
		}
		return prev(old, new)
	}
	t.Cleanup(func() { linkForeign = prev })
	root := outSite(t, nil)
	out := filepath.Join(filepath.Dir(root), "www")
	if _, err := Build(Options{Root: root, Now: outNow, OutDir: out}); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, out, map[string]string{"CNAME": "journal.example\n"})
	cname, _ := os.Lstat(filepath.Join(out, "CNAME"))
	folder, _ := os.Lstat(out)
	writeFiles(t, root, map[string]string{"content/2026/2026-11-22-c.md": "+++\ntitle = \"C\"\nattendees = [\"sam\"]\n+++\nnew\n"})
	res, err := Build(Options{Root: root, Now: outNow, OutDir: out})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.Summary(), "published in place: "+filepath.Join(out, "CNAME")) {
		t.Errorf("the summary does not say how the build published, and why: %s", res.Summary())
	}
	if now, _ := os.Lstat(filepath.Join(out, "CNAME")); !os.SameFile(cname, now) {
		t.Error("CNAME is not the same file")
	}
	if now, _ := os.Lstat(out); !os.SameFile(folder, now) {
		t.Error("the output folder was replaced")
	}
	got := tree(t, out)
	delete(got, "CNAME")
	clean := filepath.Join(t.TempDir(), "clean")
	if _, err := Build(Options{Root: root, Now: outNow, OutDir: clean}); err != nil {
		t.Fatal(err)
	}
	if d := treeDiffs(tree(t, clean), got); d != "" {
		t.Errorf("the output differs from a clean build:\n%s", d)
	}
}
