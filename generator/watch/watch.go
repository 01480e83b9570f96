// Package watch reports changes to a site's files, for `recap build --watch`
// and `recap serve`.
//
// It watches every folder under the site root with inotify (fsnotify), follows
// a symlinked content folder, starts watching folders as they are created or
// moved in, and ignores the output folder, dotfiles and editor scratch files
// (vim's 4913 and .swp files, JetBrains' ___jb_tmp___, "~" backups and the
// rest of source.Ignored). Events are batched: the callback runs once the tree
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

type notifier struct {
	opt Options
	w   *fsnotify.Watcher
	// add starts watching a folder: w.Add, but for tests that make a folder
	// vanish at the worst moment.
	add  func(dir string) error
	mu   sync.Mutex
	dirs map[string]string // watched folder on disk → its path relative to Root
}

func newNotifier(opt Options) (*notifier, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		if errors.Is(err, syscall.EMFILE) || errors.Is(err, syscall.ENOSPC) {
			return nil, ErrTooManyWatches
		}
		return nil, fmt.Errorf("watch: %w", err)
	}
	return &notifier{opt: opt, w: w, add: w.Add, dirs: map[string]string{}}, nil
}

func startNotify(ctx context.Context, opt Options, events chan<- string) error {
	n, err := newNotifier(opt)
	if err != nil {
		return err
	}
	if err := n.addTree(opt.Root, "."); err != nil {
		n.w.Close()
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
				if err := n.rescan(); err != nil {
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
	r, ok := n.dirs[dir]
	if !ok {
		return "", false
	}
	return filepath.ToSlash(filepath.Join(r, base)), true
}

func (n *notifier) handle(ctx context.Context, ev fsnotify.Event, events chan<- string) {
	rel, ok := n.rel(ev.Name)
	if !ok || ignored(rel) || n.opt.Skip(rel) {
		return
	}
	if ev.Has(fsnotify.Create) {
		if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
			if err := n.addTree(ev.Name, rel); err != nil {
				n.opt.OnError(err)
			}
		}
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		n.mu.Lock()
		for d, r := range n.dirs {
			if r == rel || strings.HasPrefix(r, rel+"/") {
				delete(n.dirs, d)
				_ = n.w.Remove(d)
			}
		}
		n.mu.Unlock()
	}
	if ev.Op == fsnotify.Chmod {
		return
	}
	send(ctx, events, rel)
}

// addTree watches disk (shown as rel) and every folder below it, following
// symbolic links to folders. A folder that is gone by the time the walk gets
// to it (deleted or renamed since its parent was read) is skipped: its
// parent's watch reports the change. Only the root must be there.
func (n *notifier) addTree(disk, rel string) error {
	return n.addDir(disk, rel, 0)
}

func (n *notifier) addDir(disk, rel string, depth int) error {
	if depth > 64 {
		return nil
	}
	if rel != "." && (ignored(rel) || n.opt.Skip(rel)) {
		return nil
	}
	root := rel == "."
	real, err := filepath.EvalSymlinks(disk)
	if err != nil {
		if root {
			return fmt.Errorf("watch %s: %w", disk, err)
		}
		return nil // gone, or a link that leads nowhere
	}
	n.mu.Lock()
	if _, seen := n.dirs[real]; seen {
		n.mu.Unlock()
		return nil
	}
	n.dirs[real] = rel
	if disk != real {
		n.dirs[disk] = rel
	}
	n.mu.Unlock()
	if err := n.add(real); err != nil {
		// Not watched after all: a folder created here later is watched anew.
		n.mu.Lock()
		delete(n.dirs, real)
		delete(n.dirs, disk)
		n.mu.Unlock()
		switch {
		case errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EMFILE):
			return ErrTooManyWatches
		case source.Gone(err) && !root:
			return nil
		}
		return fmt.Errorf("watch %s: %w", disk, err)
	}
	entries, err := os.ReadDir(real)
	if err != nil {
		return nil // gone since, or unreadable: its watch reports what happens next
	}
	for _, e := range entries {
		child := filepath.Join(real, e.Name())
		isDir := e.IsDir()
		if e.Type()&fs.ModeSymlink != 0 {
			if st, err := os.Stat(child); err == nil && st.IsDir() {
				isDir = true
			}
		}
		if isDir {
			if err := n.addDir(child, filepath.ToSlash(filepath.Join(rel, e.Name())), depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}

// rescan brings the watches up to date after inotify dropped events: it
// stops watching folders that are gone and watches every folder there is now,
// those created or moved in meanwhile included.
func (n *notifier) rescan() error {
	n.mu.Lock()
	old := n.dirs
	n.dirs = map[string]string{}
	// Gone folders go first: a folder renamed meanwhile is still watched
	// under its old name, and must not keep that name at its new one.
	for d := range old {
		if st, err := os.Stat(d); err != nil || !st.IsDir() {
			_ = n.w.Remove(d)
		}
	}
	n.mu.Unlock()
	return n.addTree(n.opt.Root, ".")
}

// startPoll scans the tree at opt.Poll and reports what changed.
func startPoll(ctx context.Context, opt Options, events chan<- string) error {
	type stamp struct {
		size int64
		mod  time.Time
		dir  bool
	}
	scan := func() map[string]stamp {
		out := map[string]stamp{}
		var walk func(disk, rel string, depth int)
		walk = func(disk, rel string, depth int) {
			if depth > 64 {
				return
			}
			entries, err := os.ReadDir(disk)
			if err != nil {
				return
			}
			for _, e := range entries {
				r := filepath.ToSlash(filepath.Join(rel, e.Name()))
				if ignored(r) || opt.Skip(r) {
					continue
				}
				p := filepath.Join(disk, e.Name())
				st, err := os.Stat(p)
				if err != nil {
					continue
				}
				out[r] = stamp{st.Size(), st.ModTime(), st.IsDir()}
				if st.IsDir() {
					walk(p, r, depth+1)
				}
			}
		}
		walk(opt.Root, ".", 0)
		return out
	}
	prev := scan()
	go func() {
		t := time.NewTicker(opt.Poll)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				cur := scan()
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
