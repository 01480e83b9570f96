package watch

import (
	"os"
	"path/filepath"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

// treeNotifier returns a notifier for a fresh site holding the folders dirs
// (slash paths), and the site's root with links resolved.
func treeNotifier(t *testing.T, dirs ...string) (*notifier, string) {
	t.Helper()
	root, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if err := os.MkdirAll(filepath.Join(root, filepath.FromSlash(d)), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	n, err := newNotifier(Options{
		Root:    root,
		Skip:    func(string) bool { return false },
		OnError: func(err error) { t.Errorf("OnError: %v", err) },
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.w.Close() })
	return n, root
}

// watched lists the folders the notifier watches, by their paths relative to
// the root.
func watched(n *notifier) []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	var rels []string
	for _, rel := range n.dirs {
		rels = append(rels, rel)
	}
	sort.Strings(rels)
	return rels
}

// sameWatches checks that fsnotify watches the folders the notifier thinks
// it watches.
func sameWatches(t *testing.T, n *notifier) {
	t.Helper()
	n.mu.Lock()
	var disks []string
	for disk := range n.dirs {
		disks = append(disks, disk)
	}
	n.mu.Unlock()
	sort.Strings(disks)
	list := n.w.WatchList()
	sort.Strings(list)
	if !slices.Equal(list, disks) {
		t.Errorf("fsnotify watches %q, the notifier thinks %q", list, disks)
	}
}

// TestAddTreeFolderGone makes folders vanish while the watcher walks the
// tree: one between its parent's listing and its watch, one just after its
// watch. Neither is an error, the walk goes on to the folders after them,
// and a folder created later at a vanished one's path is watched.
func TestAddTreeFolderGone(t *testing.T) {
	n, root := treeNotifier(t, "content/a", "content/gone/sub", "content/late/sub", "content/z/deep")
	gone, late := filepath.Join(root, "content", "gone"), filepath.Join(root, "content", "late")
	vanish := true
	n.add = func(dir string) error {
		if dir == gone && vanish {
			if err := os.RemoveAll(dir); err != nil {
				t.Fatal(err)
			}
		}
		err := n.w.Add(dir)
		if dir == late && vanish {
			if err := os.RemoveAll(dir); err != nil {
				t.Fatal(err)
			}
		}
		return err
	}
	if err := n.addTree(root, "."); err != nil {
		t.Fatalf("a folder gone during the walk is an error: %v", err)
	}
	// The folder gone after its watch is still listed, until the event loop
	// reads its removal.
	got := watched(n)
	for _, rel := range []string{".", "content", "content/a", "content/z", "content/z/deep"} {
		if !slices.Contains(got, rel) {
			t.Errorf("%s is not watched (watched: %q)", rel, got)
		}
	}
	if slices.Contains(got, "content/gone") {
		t.Errorf("content/gone, gone before its watch, is listed as watched")
	}

	// The vanished folder is back: the watcher's Create event adds it.
	vanish = false
	if err := os.MkdirAll(filepath.Join(gone, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := n.addTree(gone, "content/gone"); err != nil {
		t.Fatal(err)
	}
	got = watched(n)
	for _, rel := range []string{"content/gone", "content/gone/sub"} {
		if !slices.Contains(got, rel) {
			t.Errorf("after the folder came back: %s is not watched (watched: %q)", rel, got)
		}
	}
}

// TestRescan changes the tree behind the notifier's back, as happens while
// inotify drops events, and checks that a rescan watches the tree as it is:
// new folders watched, gone ones not, and a renamed folder's events named by
// its new path.
//
// Nothing reads the watcher's events until the end, so fsnotify, stuck
// sending the first one, changes none of its watches meanwhile.
func TestRescan(t *testing.T) {
	n, root := treeNotifier(t, "content/old/sub", "content/removed", "content/kept")
	if err := n.addTree(root, "."); err != nil {
		t.Fatal(err)
	}
	p := func(rel string) string { return filepath.Join(root, filepath.FromSlash(rel)) }
	if err := os.Rename(p("content/old"), p("content/renamed")); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(p("content/removed")); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(p("content/new/sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := n.rescan(); err != nil {
		t.Fatal(err)
	}
	want := []string{".", "content", "content/kept", "content/new", "content/new/sub", "content/renamed", "content/renamed/sub"}
	if got := watched(n); !slices.Equal(got, want) {
		t.Errorf("after a rescan: watched %q, want %q", got, want)
	}
	sameWatches(t, n)

	// A file written in the renamed folder is reported by its new path.
	if err := os.WriteFile(p("content/renamed/sub/n.md"), []byte("note"), 0o644); err != nil {
		t.Fatal(err)
	}
	deadline := time.After(time.Minute)
	for {
		select {
		case ev := <-n.w.Events:
			if filepath.Base(ev.Name) != "n.md" {
				continue
			}
			if got, ok := n.rel(ev.Name); !ok || got != "content/renamed/sub/n.md" || !ev.Has(fsnotify.Create) {
				t.Errorf("the new file was reported as %v, which is %q (known %v), want a Create of content/renamed/sub/n.md", ev, got, ok)
			}
			return
		case err := <-n.w.Errors:
			t.Fatal(err)
		case <-deadline:
			t.Fatal("no event for a file written in the renamed folder")
		}
	}
}
