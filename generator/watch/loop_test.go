package watch_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/recapjournal/recap/generator/watch"
)

// modes are the two ways to watch: inotify and polling.
var modes = []struct {
	name string
	poll time.Duration
}{
	{"inotify", 0},
	{"poll", 50 * time.Millisecond},
}

// symlink makes a symbolic link at rel (slash path relative to the site root)
// to target, or skips the test where there are none.
func (s *site) symlink(target, rel string) {
	s.t.Helper()
	if err := os.Symlink(target, s.path(rel)); err != nil {
		s.t.Skipf("no symbolic links here: %v", err)
	}
}

// TestLinkLoops watches, with inotify and by polling, a content folder that
// links back to itself twice (`ln -s . content/l1`, `ln -s . content/l2`),
// whose year folder links to its parent, and which links to a folder out of
// the site that links back into it and to itself. Both watchers get through
// the loops, report edits there and out of the site once, by one name, and
// stop when told. A link into the output folder is not followed, or every
// build would report its own writes.
func TestLinkLoops(t *testing.T) {
	t.Parallel()
	for _, mode := range modes {
		t.Run(mode.name, func(t *testing.T) {
			t.Parallel()
			s := newSite(t, threeNotes())
			outside := filepath.Join(t.TempDir(), "notes")
			far := filepath.Join(outside, "2027", "2027-01-05-dev.md")
			if err := os.MkdirAll(filepath.Dir(far), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(far, []byte(noteText("New year", "2027-01-05", "Out of the site.")), 0o644); err != nil {
				t.Fatal(err)
			}
			s.symlink(".", "content/l1")
			s.symlink(".", "content/l2")
			s.symlink("..", "content/2026/up")
			s.symlink(outside, "content/out")
			s.symlink("../public", "content/pub")
			for _, l := range []struct{ target, name string }{{s.path("content"), "back"}, {".", "self"}} {
				if err := os.Symlink(l.target, filepath.Join(outside, l.name)); err != nil {
					t.Fatal(err)
				}
			}
			s.start(watch.Options{Poll: mode.poll})

			from := s.finished()
			s.write(noteA, noteText("1:1 Dev", "2026-11-17", "Edited among the loops."))
			s.waitPage(noteA, "Edited among the loops.")
			farRel := "content/out/2027/2027-01-05-dev.md"
			if err := os.WriteFile(far, []byte(noteText("New year", "2027-01-05", "Edited out of the site.")), 0o644); err != nil {
				t.Fatal(err)
			}
			s.waitPage(farRel, "Edited out of the site.")
			s.sync()
			s.onlyPaths(from, "after edits in a tree of loops", noteA, farRel)
		})
	}
}

// TestLinkBeforeItsTarget checks that a folder reachable both by its own
// path and through a link that sorts before it goes by its own path, the one
// the build reads, with inotify and polling alike.
func TestLinkBeforeItsTarget(t *testing.T) {
	t.Parallel()
	for _, mode := range modes {
		t.Run(mode.name, func(t *testing.T) {
			t.Parallel()
			note := "content/notes/2026-11-17-dev.md"
			s := newSite(t, map[string]string{note: noteText("1:1 Dev", "2026-11-17", "Original.")})
			s.symlink("notes", "content/current")
			s.start(watch.Options{Poll: mode.poll})
			from := s.finished()
			s.write(note, noteText("1:1 Dev", "2026-11-17", "Edited by its own path."))
			s.waitPage(note, "Edited by its own path.")
			s.sync()
			s.onlyPaths(from, "after an edit in a folder a link leads to", note)
		})
	}
}

// TestDeepNote edits a note 70 folders below the content folder, with
// inotify and polling: the watchers go as deep as the tree does.
func TestDeepNote(t *testing.T) {
	t.Parallel()
	for _, mode := range modes {
		t.Run(mode.name, func(t *testing.T) {
			t.Parallel()
			dirs := make([]string, 70)
			for i := range dirs {
				dirs[i] = fmt.Sprintf("%02d", i+1)
			}
			note := "content/" + strings.Join(dirs, "/") + "/2026-11-17-deep.md"
			s := newSite(t, map[string]string{note: noteText("Deep", "2026-11-17", "Original.")})
			s.start(watch.Options{Poll: mode.poll})
			s.waitPage(note, "Original.")
			from := s.finished()
			s.write(note, noteText("Deep", "2026-11-17", "Edited, 70 folders down."))
			s.waitPage(note, "Edited, 70 folders down.")
			// The page is written before the call that wrote it is recorded.
			s.waitFor("the edit to be reported as "+note, func() bool { return s.sawPath(note, from) })
		})
	}
}

// TestStopDuringWalk cancels a watch while it reads the tree at the start,
// holding it inside Skip, and checks that it reads no further folder once
// released, and returns: Ctrl-C stops `recap serve` however big the tree.
func TestStopDuringWalk(t *testing.T) {
	t.Parallel()
	for _, mode := range modes {
		t.Run(mode.name, func(t *testing.T) {
			t.Parallel()
			s := newSite(t, threeNotes())
			s.write("content/a/2026-11-20-a.md", noteText("A", "2026-11-20", "A."))
			s.write("content/z/deep/2026-11-21-z.md", noteText("Z", "2026-11-21", "Z."))
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			blocked, release := make(chan struct{}), make(chan struct{})
			var once sync.Once
			var stopped atomic.Bool
			var late sync.Map // what Skip was asked about after the cancellation
			skip := func(rel string) bool {
				if stopped.Load() {
					late.Store(rel, true)
				}
				if rel == "content/a" {
					once.Do(func() {
						close(blocked)
						<-release
					})
				}
				return outputSkip(rel)
			}
			done := make(chan error, 1)
			go func() {
				done <- watch.Run(ctx, watch.Options{Root: s.root, Skip: skip, Poll: mode.poll, OnChange: func([]string) {}})
			}()
			select {
			case <-blocked:
			case err := <-done:
				t.Fatalf("watch.Run returned before reading content/a: %v", err)
			case <-time.After(waitLimit):
				t.Fatal("the watcher never asked Skip about content/a")
			}
			cancel()
			stopped.Store(true)
			close(release)
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("watch.Run: %v", err)
				}
			case <-time.After(waitLimit):
				t.Fatal("watch.Run did not return after its context was cancelled")
			}
			late.Range(func(k, _ any) bool {
				if rel := k.(string); strings.HasPrefix(rel, "content/z") {
					t.Errorf("after the cancellation the watcher went on to %s", rel)
				}
				return true
			})
		})
	}
}
