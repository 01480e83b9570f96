//go:build unix

package build

// Tests of the modes and owners of what a build writes and keeps. They
// change the process's umask, which every goroutine shares: none of them
// runs in parallel.

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// attrs describes a file's mode, owner, group and modification time.
func attrs(t *testing.T, p string) string {
	t.Helper()
	st, err := os.Lstat(p)
	if err != nil {
		t.Fatal(err)
	}
	s := st.Sys().(*syscall.Stat_t)
	return fmt.Sprintf("%v %d:%d %s", st.Mode(), s.Uid, s.Gid, st.ModTime().UTC().Format(time.RFC3339Nano))
}

// modeOf is a file's mode.
func modeOf(t *testing.T, p string) fs.FileMode {
	t.Helper()
	st, err := os.Lstat(p)
	if err != nil {
		t.Fatal(err)
	}
	return st.Mode()
}

// TestOutputKeepsModesAndOwners: a build that changes the output keeps the
// output folder's mode (setgid included) and owner, and its foreign folders
// as they are, in either way of publishing.
func TestOutputKeepsModesAndOwners(t *testing.T) {
	for _, mode := range []string{"swap", "in place"} {
		t.Run(mode, func(t *testing.T) {
			if mode == "in place" {
				inPlaceMode(t)
			}
			root := outSite(t, nil)
			out := filepath.Join(filepath.Dir(root), "www")
			writeFiles(t, out, map[string]string{".git/HEAD": "ref: refs/heads/main\n", "ro/keep.txt": "x\n", "people/extra.txt": "mine\n"})
			old := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
			for p, m := range map[string]fs.FileMode{".": 0o750 | fs.ModeSetgid, ".git": 0o700 | fs.ModeSetgid, "ro": 0o555, "people": 0o750} {
				if err := os.Chmod(filepath.Join(out, p), m); err != nil {
					t.Fatal(err)
				}
			}
			if os.Geteuid() == 0 {
				for p, id := range map[string]int{".": 1234, ".git": 4321, "people": 2345} {
					if err := os.Lchown(filepath.Join(out, p), id, id+1); err != nil {
						t.Fatal(err)
					}
				}
			}
			for _, p := range []string{".git", "ro"} {
				if err := os.Chtimes(filepath.Join(out, p), old, old); err != nil {
					t.Fatal(err)
				}
			}
			want := map[string]string{}
			for _, p := range []string{".", ".git", "ro"} {
				want[p] = attrs(t, filepath.Join(out, p))
			}
			wantPeople := strings.Fields(attrs(t, filepath.Join(out, "people")))[:2]
			for i := 0; i < 2; i++ {
				writeFiles(t, root, map[string]string{"content/2026/2026-11-21-b.md": fmt.Sprintf("+++\ntitle = \"Meeting B, edit %d\"\nattendees = [\"sam\", \"zoe\"]\n+++\n- [ ] @zoe Item of B\n", i)})
				res, err := Build(Options{Root: root, Now: outNow, OutDir: out})
				if err != nil {
					t.Fatal(err)
				}
				if res.Written == 0 {
					t.Fatalf("build %d changed nothing", i)
				}
				for p, w := range want {
					if p == "." {
						// Its modification time is the build's.
						w = strings.Join(strings.Fields(w)[:2], " ")
					}
					if got := attrs(t, filepath.Join(out, p)); !strings.HasPrefix(got, w) {
						t.Errorf("build %d: %s is %s, was %s", i, p, got, w)
					}
				}
				if got := strings.Fields(attrs(t, filepath.Join(out, "people")))[:2]; got[0] != wantPeople[0] || got[1] != wantPeople[1] {
					t.Errorf("build %d: people/ is %v, was %v", i, got, wantPeople)
				}
			}
		})
	}
}

// TestWritesHonourTheUmask: a full build, a watch-mode rebuild and an
// in-place build create files and folders with the modes the umask leaves.
func TestWritesHonourTheUmask(t *testing.T) {
	prev := syscall.Umask(0o027)
	defer syscall.Umask(prev)

	check := func(what, out string, paths ...string) {
		t.Helper()
		for _, p := range paths {
			want := fs.FileMode(0o640)
			if strings.HasSuffix(p, "/") {
				want = 0o750 | fs.ModeDir
			}
			if got := modeOf(t, filepath.Join(out, filepath.FromSlash(p))); got != want {
				t.Errorf("%s: %s is %v, want %v", what, p, got, want)
			}
		}
	}
	root := outSite(t, nil)
	out := filepath.Join(filepath.Dir(root), "www")
	b := NewBuilder(Options{Root: root, Now: outNow, OutDir: out, Workers: 2})
	if _, err := b.Full(); err != nil {
		t.Fatal(err)
	}
	check("full build", out, "./", "2026/", "2026/2026-11-20-a/", "2026/2026-11-20-a/index.html", "2026/img/pic.png", "index.html", ManifestName)

	writeFiles(t, root, map[string]string{
		"content/2026/2026-11-20-a.md": "+++\ntitle = \"Meeting A, edited\"\nattendees = [\"sam\", \"dev\"]\n+++\n- [ ] @dev Item of A\n\n![pic](img/pic.png)\n",
		"content/2026/2026-11-22-c.md": "+++\ntitle = \"C\"\nattendees = [\"sam\"]\n+++\nnew\n",
		"content/2026/img/new.png":     "another picture",
	})
	if _, err := b.Update([]string{"content/2026/2026-11-20-a.md", "content/2026/2026-11-22-c.md", "content/2026/img/new.png"}); err != nil {
		t.Fatal(err)
	}
	check("watch mode", out, "2026/2026-11-20-a/index.html", "2026/2026-11-22-c/", "2026/2026-11-22-c/index.html", "2026/img/new.png", "index.html", ManifestName)

	inPlaceMode(t)
	writeFiles(t, root, map[string]string{
		"content/2026/2026-11-20-a.md": "+++\ntitle = \"Meeting A, edited again\"\nattendees = [\"sam\", \"dev\"]\n+++\n- [ ] @dev Item of A\n",
		"content/2026/2026-11-23-d.md": "+++\ntitle = \"D\"\nattendees = [\"sam\"]\n+++\nnew\n",
	})
	if _, err := Build(Options{Root: root, Now: outNow, OutDir: out}); err != nil {
		t.Fatal(err)
	}
	check("in place", out, "2026/2026-11-20-a/index.html", "2026/2026-11-23-d/", "2026/2026-11-23-d/index.html", "index.html", ManifestName)
}
