package watch

import (
	"context"
	"errors"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
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
	for _, d := range n.dirs {
		rels = append(rels, d.rel)
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
	if err := n.addTree(context.Background(), root, "."); err != nil {
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
	if err := n.addTree(context.Background(), gone, "content/gone"); err != nil {
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
	if err := n.addTree(context.Background(), root, "."); err != nil {
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
	if err := n.rescan(context.Background()); err != nil {
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

// TestWalkersAgree builds a tree of link loops (a content folder linking to
// itself twice, a folder linking to its parent, a folder out of the site that
// links back and to itself, a link into the output folder, a link sorting
// before its target) and checks that inotify and polling see the same files
// and folders, by the same names, each folder once.
func TestWalkersAgree(t *testing.T) {
	n, root := treeNotifier(t, "content/2026", "content/notes", "public/2026")
	n.opt.Skip = func(rel string) bool { return rel == "public" || strings.HasPrefix(rel, "public/") }
	outside, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	p := func(rel string) string { return filepath.Join(root, filepath.FromSlash(rel)) }
	for _, f := range []string{p("content/2026/a.md"), p("content/notes/b.md"), p("public/2026/index.html"), filepath.Join(outside, "2027", "c.md")} {
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, l := range []struct{ target, at string }{
		{".", p("content/l1")},
		{".", p("content/l2")},
		{"..", p("content/2026/up")},
		{"notes", p("content/current")},
		{"../public", p("content/pub")},
		{outside, p("content/out")},
		{p("content"), filepath.Join(outside, "back")},
		{".", filepath.Join(outside, "2027", "self")},
	} {
		if err := os.Symlink(l.target, l.at); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
	ctx := context.Background()
	if err := n.addTree(ctx, root, "."); err != nil {
		t.Fatal(err)
	}
	wantDirs := []string{".", "content", "content/2026", "content/notes", "content/out", "content/out/2027"}
	if got := watched(n); !slices.Equal(got, wantDirs) {
		t.Errorf("inotify watches %q, want %q", got, wantDirs)
	}
	sameWatches(t, n)

	// What inotify reports: the entries of the folders it watches.
	var notified []string
	n.mu.Lock()
	for disk, d := range n.dirs {
		entries, err := os.ReadDir(disk)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			rel := path.Join(d.rel, e.Name())
			if !ignored(rel) && !n.opt.Skip(rel) {
				notified = append(notified, rel)
			}
		}
	}
	n.mu.Unlock()
	sort.Strings(notified)

	stamps, err := scan(ctx, n.opt)
	if err != nil {
		t.Fatal(err)
	}
	var polled []string
	for rel := range stamps {
		polled = append(polled, rel)
	}
	sort.Strings(polled)
	want := []string{
		"content", "content/2026", "content/2026/a.md", "content/2026/up",
		"content/current", "content/l1", "content/l2",
		"content/notes", "content/notes/b.md",
		"content/out", "content/out/2027", "content/out/2027/c.md", "content/out/2027/self", "content/out/back",
		"content/pub",
	}
	if !slices.Equal(polled, want) {
		t.Errorf("polling sees %q, want %q", polled, want)
	}
	if !slices.Equal(notified, polled) {
		t.Errorf("inotify sees %q, polling %q", notified, polled)
	}
}

// TestScanStops checks that a scan stops, with the context's error, when its
// context is done.
func TestScanStops(t *testing.T) {
	_, root := treeNotifier(t, "content/a", "content/b")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := scan(ctx, Options{Root: root, Skip: func(string) bool { return false }}); !errors.Is(err, context.Canceled) {
		t.Errorf("a scan with its context cancelled: err = %v, want context.Canceled", err)
	}
}

// TestStaleWatch checks that a folder whose device and inode numbers belong
// to a watched folder that is gone, its removal not read yet (the inode was
// reused), is watched all the same.
func TestStaleWatch(t *testing.T) {
	n, root := treeNotifier(t, "content/new/sub")
	if err := n.addTree(context.Background(), root, "."); err != nil {
		t.Fatal(err)
	}
	fresh := filepath.Join(root, "content", "fresh")
	if err := os.Mkdir(fresh, 0o755); err != nil {
		t.Fatal(err)
	}
	id, err := idOf(fresh)
	if err != nil {
		t.Fatal(err)
	}
	// A folder watched before, gone since, had the inode fresh has now.
	gone := filepath.Join(root, "content", "gone")
	n.mu.Lock()
	n.seen[id] = gone
	n.dirs[gone] = watchedDir{rel: "content/gone", id: id}
	n.mu.Unlock()
	if err := n.addTree(context.Background(), fresh, "content/fresh"); err != nil {
		t.Fatal(err)
	}
	want := []string{".", "content", "content/fresh", "content/new", "content/new/sub"}
	if got := watched(n); !slices.Equal(got, want) {
		t.Errorf("watched %q, want %q", got, want)
	}
	sameWatches(t, n)
}

// TestOtherLinkStays links to a folder out of the site twice, removes the
// link it is watched through, and checks that it is watched through the
// other, as polling sees it.
func TestOtherLinkStays(t *testing.T) {
	n, root := treeNotifier(t, "content")
	outside, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(outside, "n.md"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	a, b := filepath.Join(root, "content", "a"), filepath.Join(root, "content", "b")
	for _, l := range []string{a, b} {
		if err := os.Symlink(outside, l); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
	ctx := context.Background()
	if err := n.addTree(ctx, root, "."); err != nil {
		t.Fatal(err)
	}
	if got, want := watched(n), []string{".", "content", "content/a"}; !slices.Equal(got, want) {
		t.Fatalf("watched %q, want %q", got, want)
	}
	if err := os.Remove(a); err != nil {
		t.Fatal(err)
	}
	events := make(chan string, 16)
	n.handle(ctx, fsnotify.Event{Name: a, Op: fsnotify.Remove}, events)
	if got, want := watched(n), []string{".", "content", "content/b"}; !slices.Equal(got, want) {
		t.Errorf("after the link it was watched through went: watched %q, want %q", got, want)
	}
	sameWatches(t, n)
	stamps, err := scan(ctx, n.opt)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := stamps["content/b/n.md"]; !ok {
		t.Errorf("polling does not see content/b/n.md either: %v", stamps)
	}
}
