// Package watch reports changes to a site's files, for `recap build --watch`
// and `recap serve`.
//
// It watches every folder under the site root with inotify (fsnotify), however
// deep, follows symbolic links to folders out of the site (a symlinked content
// folder), entering each folder once so that a loop of links is no trouble,
// starts watching folders as they are created or moved in, and ignores the
// output folder, dotfiles and editor scratch files (vim's 4913 and .swp
// files, JetBrains' ___jb_tmp___, "~" backups and the rest of
// source.Ignored). Polling (Options.Poll) reads the same folders by the same
// names. Events are batched: the callback runs once the tree
// has been quiet for a short while, so an editor's atomic save (write a temp
// file, rename it over the note) or a `git checkout` of 500 files gives one or
// two rebuilds. Callbacks never overlap; changes that land during one run
// trigger exactly one more.
package watch

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/recapjournal/recap/generator/source"
)

// Options configures a watch.
type Options struct {
	Root string
	// Skip reports folders (relative to Root, slash-separated) not to watch,
	// such as the output folder.
	Skip func(rel string) bool
	// Quiet is how long the tree must be quiet before the callback runs. Default
	// 5ms: long enough to gather an editor's save (a temp file, a rename) or
	// a checkout's burst, short enough not to be noticed.
	Quiet time.Duration
	// MaxDelay caps how long a steady stream of events can hold the callback back. Default 400ms.
	MaxDelay time.Duration
	// Poll, when positive, polls the tree at that interval instead of using inotify.
	Poll time.Duration
	// OnChange receives the changed paths (relative to Root, slash-separated,
	// sorted, deduplicated). It runs on one goroutine at a time.
	OnChange func(paths []string)
	// OnError receives errors that do not stop the watch.
	OnError func(error)
}

// ErrTooManyWatches explains what to do when inotify runs out of watches.
var ErrTooManyWatches = errors.New("the system ran out of inotify watches: raise the limit with `sudo sysctl fs.inotify.max_user_watches=524288` (add it to /etc/sysctl.conf to keep it), or run with --poll")

// Run watches until ctx is done.
func Run(ctx context.Context, opt Options) error {
	if opt.Quiet <= 0 {
		opt.Quiet = 5 * time.Millisecond
	}
	if opt.MaxDelay <= 0 {
		opt.MaxDelay = 400 * time.Millisecond
	}
	if opt.OnError == nil {
		opt.OnError = func(error) {}
	}
	if opt.Skip == nil {
		opt.Skip = func(string) bool { return false }
	}
	events := make(chan string, 1024)
	var err error
	if opt.Poll > 0 {
		err = startPoll(ctx, opt, events)
	} else {
		err = startNotify(ctx, opt, events)
	}
	if err != nil {
		return err
	}
	batch(ctx, opt, events)
	return nil
}

// batch collects events and runs OnChange after a quiet period. It keeps
// draining events while OnChange runs (so the kernel's queue never
// overflows during a long build), and runs it once more afterwards if
// anything changed meanwhile; runs never overlap.
func batch(ctx context.Context, opt Options, events <-chan string) {
	pending := map[string]bool{}
	var first time.Time
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	done := make(chan struct{}, 1)
	running := false
	add := func(p string) {
		if len(pending) == 0 {
			first = time.Now()
		}
		pending[p] = true
	}
	// arm sets the timer: a quiet period from now, but never past MaxDelay
	// after the first pending change.
	arm := func() {
		wait := opt.Quiet
		if left := opt.MaxDelay - time.Since(first); left < wait {
			wait = max(left, 0)
		}
		timer.Reset(wait)
	}
	start := func() {
		if running || len(pending) == 0 {
			return
		}
		paths := make([]string, 0, len(pending))
		for p := range pending {
			paths = append(paths, p)
		}
		sort.Strings(paths)
		pending = map[string]bool{}
		running = true
		go func() {
			opt.OnChange(paths)
			done <- struct{}{}
		}()
	}
	for {
		select {
		case <-ctx.Done():
			if running {
				<-done
			}
			return
		case p := <-events:
			add(p)
			if !running {
				arm()
			}
		case <-timer.C:
			start()
		case <-done:
			running = false
			// Everything reported while OnChange ran goes into one more
			// run, events still in the channel too: taken one select at a
			// time, a late one could lose to the quiet timer when this
			// goroutine is slow to run, and get a run of its own.
			for drained := false; !drained; {
				select {
				case p := <-events:
					add(p)
				default:
					drained = true
				}
			}
			if len(pending) > 0 {
				arm()
			}
		}
	}
}

// send reports a path unless the watch is over.
func send(ctx context.Context, events chan<- string, p string) {
	select {
	case events <- p:
	case <-ctx.Done():
	}
}

// ignored reports whether a path's own name is one recap never reads.
func ignored(rel string) bool {
	return source.Ignored(filepath.Base(rel)) && filepath.Base(rel) != "."
}

// dirID identifies a folder whatever path leads to it: through a symbolic
// link, a bind mount or its own path, one folder has one dirID.
type dirID struct {
	dev, ino uint64
	path     string // where there are no inode numbers: the path, links resolved
}

// pathID identifies a folder by its path with links resolved, where the
// system gives no device and inode numbers.
func pathID(disk string) (dirID, error) {
	real, err := filepath.EvalSymlinks(disk)
	if err != nil {
		return dirID{}, err
	}
	return dirID{path: real}, nil
}

// within reports whether path (links resolved) is root (likewise) or below it.
func within(root, path string) bool {
	if root == "" {
		return false
	}
	rel, err := filepath.Rel(root, path)
	return err == nil && filepath.IsLocal(rel)
}

// link is a symbolic link to a folder, met during a walk.
type link struct{ disk, rel string }

// walker walks a folder tree the way both watchers see it, so that inotify
// and polling watch the same folders under the same names.
//
// It goes depth first, in name order, through the folders below where it
// starts, and only then follows the symbolic links to folders it met, in the
// order it met them, walking each link's folder the same way. It enters a
// folder once, however many paths lead to it (folders are told apart by
// device and inode): a link back up the tree (`ln -s . content/l1`), two links
// to one folder or a bind mount lead to a folder already entered, so every
// walk ends, having read each folder once. A folder reachable both by its own
// path and through a link goes by its own path, which is the one the build
// reads: the build does not follow links below the content folder.
//
// A link into the site itself is never followed: the folder it leads to is
// watched by its own path, or is left out on purpose (the output folder,
// dotfolders); following a link into the output folder would report each
// build's own writes as changes, and so start another build.
//
// The walk stops, with ctx's error, as soon as ctx is done.
type walker struct {
	ctx  context.Context
	root string // the site root, links resolved; "" when it cannot be resolved
	skip func(rel string) bool
	// enter is called for each folder before it is read, with its path on
	// disk and relative to the site root. It returns the path to read it by,
	// and false to leave it out: entered before, or gone.
	enter func(disk, rel string) (string, bool, error)
	// entry is called for each entry of a folder read that is not left out,
	// and reports whether the entry is a folder, or a link to one.
	entry func(disk, rel string, e fs.DirEntry) bool
	links []link // met, not followed yet
}

func newWalker(ctx context.Context, opt Options) *walker {
	root, err := filepath.EvalSymlinks(opt.Root)
	if err != nil {
		root = ""
	}
	return &walker{ctx: ctx, root: root, skip: opt.Skip}
}

// walk walks disk, shown as rel, and every folder below it.
func (w *walker) walk(disk, rel string) error {
	w.links = nil
	if st, err := os.Lstat(disk); rel != "." && err == nil && st.Mode()&fs.ModeSymlink != 0 {
		w.links = append(w.links, link{disk, rel})
	} else if err := w.dir(disk, rel); err != nil {
		return err
	}
	for len(w.links) > 0 {
		l := w.links[0]
		w.links = w.links[1:]
		real, err := filepath.EvalSymlinks(l.disk)
		if err != nil || within(w.root, real) {
			continue // a link that leads nowhere, or into the site
		}
		if err := w.dir(l.disk, l.rel); err != nil {
			return err
		}
	}
	return nil
}

// dir enters the folder disk, shown as rel, reads it, and walks the folders
// in it; it keeps the links to folders for later.
func (w *walker) dir(disk, rel string) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	list, ok, err := w.enter(disk, rel)
	if err != nil || !ok {
		return err
	}
	entries, err := os.ReadDir(list)
	if err != nil {
		return nil // gone since, or unreadable
	}
	for _, e := range entries {
		r := filepath.ToSlash(filepath.Join(rel, e.Name()))
		if ignored(r) || w.skip(r) {
			continue
		}
		child := filepath.Join(list, e.Name())
		if !w.entry(child, r, e) {
			continue
		}
		if e.Type()&fs.ModeSymlink != 0 {
			w.links = append(w.links, link{child, r})
			continue
		}
		if err := w.dir(child, r); err != nil {
			return err
		}
	}
	return nil
}

type notifier struct {
	opt Options
	w   *fsnotify.Watcher
	// add starts watching a folder: w.Add, but for tests that make a folder
	// vanish at the worst moment.
	add  func(dir string) error
	mu   sync.Mutex
	dirs map[string]watchedDir // watched folder on disk, links resolved → what it is
	seen map[dirID]string      // the watched folders → their key in dirs
}

// watchedDir is a folder the notifier watches.
type watchedDir struct {
	rel string // its path relative to Root
	id  dirID
}

func newNotifier(opt Options) (*notifier, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		if errors.Is(err, syscall.EMFILE) || errors.Is(err, syscall.ENOSPC) {
			return nil, ErrTooManyWatches
		}
		return nil, fmt.Errorf("watch: %w", err)
	}
	return &notifier{opt: opt, w: w, add: w.Add, dirs: map[string]watchedDir{}, seen: map[dirID]string{}}, nil
}

func startNotify(ctx context.Context, opt Options, events chan<- string) error {
	n, err := newNotifier(opt)
	if err != nil {
		return err
	}
	if err := n.addTree(ctx, opt.Root, "."); err != nil {
		n.w.Close()
		if ctx.Err() != nil {
			return nil // stopped before it started
		}
		return err
	}
	go n.loop(ctx, events)
	return nil
}

// loop turns inotify's events into changed paths until ctx is done.
func (n *notifier) loop(ctx context.Context, events chan<- string) {
	defer n.w.Close()
	for {
		select {
		case <-ctx.Done():
			return
		case err, ok := <-n.w.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// Changes were lost, among them perhaps folders created or
				// removed: watch the tree as it is now, and rebuild everything.
				n.opt.OnError(errors.New("watch: too many changes at once; rebuilding everything"))
				if err := n.rescan(ctx); err != nil {
					if ctx.Err() != nil {
						return
					}
					n.opt.OnError(err)
				}
				send(ctx, events, ".")
				continue
			}
			n.opt.OnError(fmt.Errorf("watch: %w", err))
		case ev, ok := <-n.w.Events:
			if !ok {
				return
			}
			n.handle(ctx, ev, events)
		}
	}
}

func (n *notifier) rel(disk string) (string, bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	dir, base := filepath.Dir(disk), filepath.Base(disk)
	d, ok := n.dirs[dir]
	if !ok {
		return "", false
	}
	return filepath.ToSlash(filepath.Join(d.rel, base)), true
}

func (n *notifier) handle(ctx context.Context, ev fsnotify.Event, events chan<- string) {
	rel, ok := n.rel(ev.Name)
	if !ok || ignored(rel) || n.opt.Skip(rel) {
		return
	}
	if ev.Has(fsnotify.Create) {
		if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
			if err := n.addTree(ctx, ev.Name, rel); err != nil {
				if ctx.Err() != nil {
					return
				}
				n.opt.OnError(err)
			}
		}
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		var dropped []string
		n.mu.Lock()
		for d, w := range n.dirs {
			if w.rel == rel || strings.HasPrefix(w.rel, rel+"/") {
				n.forget(d)
				_ = n.w.Remove(d)
				dropped = append(dropped, d)
			}
		}
		n.mu.Unlock()
		// A folder out of the site that is still there was reached through
		// a link just removed or renamed; another link may lead to it.
		root, _ := filepath.EvalSymlinks(n.opt.Root)
		for _, d := range dropped {
			if st, err := os.Stat(d); err != nil || !st.IsDir() || within(root, d) {
				continue
			}
			if err := n.rescan(ctx); err != nil {
				if ctx.Err() != nil {
					return
				}
				n.opt.OnError(err)
			}
			break
		}
	}
	if ev.Op == fsnotify.Chmod {
		return
	}
	send(ctx, events, rel)
}

// forget drops a folder from the watched ones; n.mu is held.
func (n *notifier) forget(disk string) {
	if w, ok := n.dirs[disk]; ok {
		delete(n.seen, w.id)
		delete(n.dirs, disk)
	}
}

// addTree watches disk (shown as rel) and every folder below it, following
// symbolic links to folders out of the site, as a walker walks them: each
// folder once, so a loop of links is no trouble. A folder that is gone by the
// time the walk gets to it (deleted or renamed since its parent was read) is
// skipped: its parent's watch reports the change. Only the root must be
// there. It stops with ctx's error when ctx is done.
func (n *notifier) addTree(ctx context.Context, disk, rel string) error {
	w := newWalker(ctx, n.opt)
	w.enter = n.enter
	w.entry = func(disk, _ string, e fs.DirEntry) bool {
		if e.Type()&fs.ModeSymlink != 0 {
			st, err := os.Stat(disk)
			return err == nil && st.IsDir()
		}
		return e.IsDir()
	}
	return w.walk(disk, rel)
}

// enter watches a folder, unless it is watched already, and returns the path
// to read it by: the path it is watched by, links resolved.
func (n *notifier) enter(disk, rel string) (string, bool, error) {
	root := rel == "."
	real, err := filepath.EvalSymlinks(disk)
	var id dirID
	if err == nil {
		id, err = idOf(real)
	}
	if err != nil {
		if root {
			return "", false, fmt.Errorf("watch %s: %w", disk, err)
		}
		return "", false, nil // gone, or a link that leads nowhere
	}
	n.mu.Lock()
	if before, ok := n.seen[id]; ok {
		if now, err := idOf(before); err == nil && now == id {
			n.mu.Unlock()
			return "", false, nil // watched already
		}
		// The folder watched as id is gone (deleted, and this one has its
		// inode now; or renamed to here), its removal not read yet: drop
		// the old watch, so that this one does not go by the old name.
		n.forget(before)
		_ = n.w.Remove(before)
	}
	n.forget(real) // a folder of that name watched before, gone since
	n.seen[id] = real
	n.dirs[real] = watchedDir{rel: rel, id: id}
	n.mu.Unlock()
	if err := n.add(real); err != nil {
		// Not watched after all: a folder created here later is watched anew.
		n.mu.Lock()
		n.forget(real)
		n.mu.Unlock()
		switch {
		case errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EMFILE):
			return "", false, ErrTooManyWatches
		case source.Gone(err) && !root:
			return "", false, nil
		}
		return "", false, fmt.Errorf("watch %s: %w", disk, err)
	}
	return real, true, nil
}

// rescan brings the watches up to date after inotify dropped events: it
// stops watching folders that are gone and watches every folder there is now,
// those created or moved in meanwhile included.
func (n *notifier) rescan(ctx context.Context) error {
	n.mu.Lock()
	old := n.dirs
	n.dirs = map[string]watchedDir{}
	n.seen = map[dirID]string{}
	// Gone folders go first: a folder renamed meanwhile is still watched
	// under its old name, and must not keep that name at its new one.
	for d := range old {
		if st, err := os.Stat(d); err != nil || !st.IsDir() {
			_ = n.w.Remove(d)
		}
	}
	n.mu.Unlock()
	return n.addTree(ctx, n.opt.Root, ".")
}

// stamp is what polling knows of a file or folder.
type stamp struct {
	size int64
	mod  time.Time
	dir  bool
}

// scan lists every file and folder a poll sees, by path relative to the
// root, walking the folders as a walker does. It stops with ctx's error when
// ctx is done.
func scan(ctx context.Context, opt Options) (map[string]stamp, error) {
	out := map[string]stamp{}
	seen := map[dirID]bool{}
	w := newWalker(ctx, opt)
	w.enter = func(disk, _ string) (string, bool, error) {
		id, err := idOf(disk)
		if err != nil || seen[id] {
			return "", false, nil
		}
		seen[id] = true
		return disk, true, nil
	}
	w.entry = func(disk, rel string, _ fs.DirEntry) bool {
		st, err := os.Stat(disk)
		if err != nil {
			return false
		}
		out[rel] = stamp{st.Size(), st.ModTime(), st.IsDir()}
		return st.IsDir()
	}
	if err := w.walk(opt.Root, "."); err != nil {
		return nil, err
	}
	return out, nil
}

// startPoll scans the tree at opt.Poll and reports what changed.
func startPoll(ctx context.Context, opt Options, events chan<- string) error {
	prev, err := scan(ctx, opt)
	if err != nil {
		return nil // stopped before it started: the only error a scan has
	}
	go func() {
		t := time.NewTicker(opt.Poll)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				cur, err := scan(ctx, opt)
				if err != nil {
					return // stopped halfway: what it saw is not the tree
				}
				for p, s := range cur {
					if o, ok := prev[p]; !ok || (!s.dir && (o.size != s.size || !o.mod.Equal(s.mod))) {
						send(ctx, events, p)
					}
				}
				for p := range prev {
					if _, ok := cur[p]; !ok {
						send(ctx, events, p)
					}
				}
				prev = cur
			}
		}
	}()
	return nil
}
