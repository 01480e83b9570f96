package watch_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/recapjournal/recap/generator/internal/corpus"
	"github.com/recapjournal/recap/generator/source"
	"github.com/recapjournal/recap/generator/watch"
)

// waitLimit bounds every wait for a condition. It is generous on purpose: the
// tests never assert on timing, only on what eventually happens, and a wait
// that succeeds returns as soon as its condition holds.
const waitLimit = 60 * time.Second

// tick is how often a wait checks its condition.
const tick = 5 * time.Millisecond

const siteConfig = `title = "Watch test"
timezone = "UTC"
`

// noteText is a small note dated day (YYYY-MM-DD) whose body is body.
func noteText(title, day, body string) string {
	return "+++\n" +
		fmt.Sprintf("title = %q\n", title) +
		"date = " + day + "T14:30:00Z\n" +
		"+++\n\n" + body + "\n"
}

// builder stands in for recap's build, so that these tests exercise the
// watcher alone (the watcher and the real build are tested together, through
// `recap serve`, in cmd/recap). It knows the notes only from what the
// watcher tells it: each call reads again exactly the paths it is given (a
// folder with everything in it; "." or config.toml means everything), so a
// change the watcher fails to report never shows in the output. It writes a
// page per note into public/ the way the build does, so that the output
// folder's churn goes through the watcher too: a temporary file renamed over
// the page for a change, a new folder swapped in for a full build.
type builder struct {
	root  string
	notes map[string]string // note (slash path from the root, under content/) → its text
}

// pagePath is where the page of the note at rel ("content/...") goes in out.
func pagePath(out, rel string) string {
	page := strings.TrimSuffix(strings.TrimPrefix(rel, "content/"), path.Ext(rel))
	return filepath.Join(out, filepath.FromSlash(page), "index.html")
}

// full reads every note and swaps in a new output folder.
func (b *builder) full() error {
	notes, err := b.read("content")
	if err != nil {
		return err
	}
	config, err := os.ReadFile(filepath.Join(b.root, "config.toml"))
	if err != nil {
		return err
	}
	stage := filepath.Join(b.root, ".public.recap-new")
	if err := os.RemoveAll(stage); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(stage, "index.html"), string(config)); err != nil {
		return err
	}
	for rel, text := range notes {
		if err := writeFile(pagePath(stage, rel), text); err != nil {
			return err
		}
	}
	out := filepath.Join(b.root, "public")
	old := stage + ".old"
	if err := os.Rename(out, old); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := os.Rename(stage, out); err != nil {
		return err
	}
	b.notes = notes
	return os.RemoveAll(old)
}

// update reads again the notes at and under each changed path, and writes
// and removes their pages.
func (b *builder) update(paths []string) error {
	for _, p := range paths {
		if p == "." || p == "config.toml" {
			return b.full()
		}
	}
	out := filepath.Join(b.root, "public")
	for _, p := range paths {
		if p != "content" && !strings.HasPrefix(p, "content/") {
			continue
		}
		now, err := b.read(p)
		if err != nil {
			return err
		}
		for rel, text := range now {
			if old, ok := b.notes[rel]; !ok || old != text {
				if err := writeFile(pagePath(out, rel), text); err != nil {
					return err
				}
				b.notes[rel] = text
			}
		}
		for rel := range b.notes {
			if _, ok := now[rel]; !ok && (rel == p || strings.HasPrefix(rel, p+"/")) {
				if err := removePage(out, pagePath(out, rel)); err != nil {
					return err
				}
				delete(b.notes, rel)
			}
		}
	}
	return nil
}

// read returns the notes at p: the note p is, or those in the folder p is.
// What is gone by the time it is read is not there.
func (b *builder) read(p string) (map[string]string, error) {
	notes := map[string]string{}
	if source.IgnoredPath(p) {
		return notes, nil
	}
	add := func(rel string) error {
		data, err := os.ReadFile(filepath.Join(b.root, filepath.FromSlash(rel)))
		if source.Gone(err) {
			return nil
		}
		notes[rel] = string(data)
		return err
	}
	st, err := os.Stat(filepath.Join(b.root, filepath.FromSlash(p)))
	switch {
	case source.Gone(err):
		return notes, nil
	case err != nil:
		return nil, err
	case !st.IsDir():
		if source.IsNote(p) {
			return notes, add(p)
		}
		return notes, nil
	}
	files, err := source.Walk(os.DirFS(b.root), p, nil)
	if source.Gone(err) {
		return notes, nil
	}
	if err != nil {
		return nil, err
	}
	for _, rel := range files.Notes {
		if err := add(p + "/" + rel); err != nil {
			return nil, err
		}
	}
	return notes, nil
}

// writeFile replaces a file atomically, as the build does.
func writeFile(name, data string) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), ".recap-*.tmp")
	if err != nil {
		return err
	}
	if _, err := tmp.WriteString(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}

// removePage removes a page and the folders it leaves empty in out.
func removePage(out, page string) error {
	if err := os.Remove(page); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	for d := filepath.Dir(page); d != out && strings.HasPrefix(d, out); d = filepath.Dir(d) {
		if os.Remove(d) != nil {
			break
		}
	}
	return nil
}

// site is a site on disk, a builder for it and a watcher driving the builder
// the way `recap serve` does.
type site struct {
	t    *testing.T
	root string
	b    *builder

	calls      atomic.Int64 // OnChange calls that finished
	running    atomic.Int64 // OnChange calls running now
	maxRunning atomic.Int64 // the most that ever ran at once
	hook       func(paths []string)
	skipHook   func(rel string) // sees every path the watcher asks Skip about
	probes     int              // probe files written (by the test's goroutine)
	markers    int              // marker files written (likewise)

	mu      sync.Mutex
	batches [][]string // the paths of each finished OnChange call, in order
	errs    []error    // from the builder
	werrs   []error    // from OnError
	asked   map[string]bool
}

// newSite writes config.toml and files (slash paths relative to the root)
// into a fresh temporary folder.
func newSite(t *testing.T, files map[string]string) *site {
	t.Helper()
	s := &site{t: t, root: t.TempDir(), asked: map[string]bool{}}
	s.write("config.toml", siteConfig)
	for name, data := range files {
		s.write(name, data)
	}
	return s
}

func (s *site) path(rel string) string { return filepath.Join(s.root, filepath.FromSlash(rel)) }

// write writes a file (creating its folder) with os.WriteFile.
func (s *site) write(rel, data string) {
	s.t.Helper()
	p := s.path(rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		s.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		s.t.Fatal(err)
	}
}

// outputSkip leaves out the output folder, as cmd/recap's outputSkipper does.
func outputSkip(rel string) bool { return rel == "public" || strings.HasPrefix(rel, "public/") }

const (
	probePrefix  = "watch-probe-"  // files the tests write to see the watcher report them
	markerPrefix = "watch-marker-" // files Skip leaves out, to see the watcher read their events
)

func isProbe(p string) bool { return strings.HasPrefix(p, probePrefix) }

// start runs a full build, then watches the site until the test ends. Fields
// of opt that are unset get the same values `recap serve` uses.
func (s *site) start(opt watch.Options) {
	t := s.t
	t.Helper()
	s.b = &builder{root: s.root}
	if err := s.b.full(); err != nil {
		t.Fatalf("full build: %v", err)
	}
	opt.Root = s.root
	skip := opt.Skip
	if skip == nil {
		skip = outputSkip
	}
	opt.Skip = func(rel string) bool {
		if s.skipHook != nil {
			s.skipHook(rel)
		}
		if strings.HasPrefix(rel, markerPrefix) {
			s.mu.Lock()
			s.asked[rel] = true
			s.mu.Unlock()
			return true
		}
		return skip(rel)
	}
	opt.OnChange = func(paths []string) {
		r := s.running.Add(1)
		for {
			m := s.maxRunning.Load()
			if r <= m || s.maxRunning.CompareAndSwap(m, r) {
				break
			}
		}
		defer s.running.Add(-1)
		if s.hook != nil {
			s.hook(paths)
		}
		err := s.b.update(paths)
		s.mu.Lock()
		s.batches = append(s.batches, slices.Clone(paths))
		if err != nil {
			s.errs = append(s.errs, err)
		}
		s.mu.Unlock()
		s.calls.Add(1)
	}
	opt.OnError = func(err error) {
		s.mu.Lock()
		s.werrs = append(s.werrs, err)
		s.mu.Unlock()
	}
	// Checked after the watcher stopped (cleanups run last-in first-out).
	t.Cleanup(s.checkBatches)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- watch.Run(ctx, opt) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("watch.Run: %v", err)
			}
		case <-time.After(waitLimit):
			t.Errorf("watch.Run did not return after its context was cancelled")
		}
	})
	s.ready()
}

// ready waits until the watcher sees changes: it writes probe files until a
// call names one.
func (s *site) ready() {
	s.t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		name := s.probe()
		for end := time.Now().Add(200 * time.Millisecond); time.Now().Before(end); time.Sleep(tick) {
			if s.sawPath(name, 0) {
				return
			}
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("the watcher never reported a change to the probe files\n%s", s.report())
		}
	}
}

// probe writes a new probe file and returns its name.
func (s *site) probe() string {
	s.t.Helper()
	s.probes++
	name := fmt.Sprintf("%s%d.txt", probePrefix, s.probes)
	s.write(name, "probe")
	return name
}

// sync waits until the watcher has reported every change made so far. It
// writes a new probe file and waits until a call that names it has finished:
// the watcher reads events in order, and a call takes everything reported
// before it, so every earlier change was in that call or an earlier one.
// Calls may still come after it for the probe's own later events.
func (s *site) sync() {
	s.t.Helper()
	from := s.finished()
	name := s.probe()
	s.waitFor("the watcher to report "+name, func() bool { return s.sawPath(name, from) })
}

// drain waits until the watcher has read the events of every change made so
// far (it may not have reported them yet): it writes a marker file, which
// Skip leaves out, and waits until the watcher asked Skip about it.
func (s *site) drain() {
	s.t.Helper()
	s.markers++
	name := fmt.Sprintf("%s%d.txt", markerPrefix, s.markers)
	s.write(name, "marker")
	s.waitFor("the watcher to read the events up to "+name, func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.asked[name]
	})
}

// finished is the number of OnChange calls that finished.
func (s *site) finished() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.batches)
}

// sawPath reports whether a call from the from-th on named rel.
func (s *site) sawPath(rel string, from int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, b := range s.batches[from:] {
		if slices.Contains(b, rel) {
			return true
		}
	}
	return false
}

// callsNaming counts the calls from the from-th on that name a path other
// than a probe file.
func (s *site) callsNaming(from int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, b := range s.batches[from:] {
		if slices.ContainsFunc(b, func(p string) bool { return !isProbe(p) }) {
			n++
		}
	}
	return n
}

// onlyPaths fails when a call from the from-th on names anything but probe
// files and the paths allowed.
func (s *site) onlyPaths(from int, after string, allowed ...string) {
	s.t.Helper()
	s.mu.Lock()
	var extra []string
	for _, b := range s.batches[from:] {
		for _, p := range b {
			if !isProbe(p) && !slices.Contains(allowed, p) {
				extra = append(extra, p)
			}
		}
	}
	s.mu.Unlock()
	if len(extra) > 0 {
		s.t.Errorf("%s: the watcher reported %q\n%s", after, extra, s.report())
	}
}

// noCalls runs action and checks that the watcher reports nothing of what it
// did.
func (s *site) noCalls(after string, action func()) {
	s.t.Helper()
	s.sync()
	from := s.finished()
	action()
	s.sync()
	s.onlyPaths(from, after)
}

// report describes what the watcher did, for failure messages.
func (s *site) report() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var b strings.Builder
	fmt.Fprintf(&b, "%d OnChange calls:", len(s.batches))
	for _, p := range s.batches {
		if len(p) > 8 {
			fmt.Fprintf(&b, "\n  %q and %d more", p[:8], len(p)-8)
			continue
		}
		fmt.Fprintf(&b, "\n  %q", p)
	}
	for _, err := range s.errs {
		fmt.Fprintf(&b, "\nbuild error: %v", err)
	}
	for _, err := range s.werrs {
		fmt.Fprintf(&b, "\nwatch error: %v", err)
	}
	return b.String()
}

// checkBatches fails when a call names an ignored file or the output folder,
// or the builder failed.
func (s *site) checkBatches() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, b := range s.batches {
		for _, p := range b {
			if p != "." && (source.IgnoredPath(p) || outputSkip(p)) { // "." means "rebuild everything"
				s.t.Errorf("OnChange got %q, which the watcher should ignore (batch %q)", p, b)
			}
		}
	}
	for _, err := range s.errs {
		s.t.Errorf("build: %v", err)
	}
}

// page is the output page of the note at rel ("content/...").
func (s *site) page(rel string) string {
	return pagePath(filepath.Join(s.root, "public"), rel)
}

// waitFor polls cond until it holds.
func (s *site) waitFor(what string, cond func() bool) {
	s.t.Helper()
	deadline := time.Now().Add(waitLimit)
	for !cond() {
		if time.Now().After(deadline) {
			s.t.Fatalf("timed out waiting for %s\n%s", what, s.report())
		}
		time.Sleep(tick)
	}
}

// waitPage waits until the page of the note at rel contains text.
func (s *site) waitPage(rel, text string) {
	s.t.Helper()
	p := s.page(rel)
	s.waitFor(fmt.Sprintf("%s to contain %q", p, text), func() bool {
		data, err := os.ReadFile(p)
		return err == nil && strings.Contains(string(data), text)
	})
}

// waitGone waits until the page of the note at rel is removed.
func (s *site) waitGone(rel string) {
	s.t.Helper()
	p := s.page(rel)
	s.waitFor(p+" to be removed", func() bool {
		_, err := os.Stat(p)
		return errors.Is(err, fs.ErrNotExist)
	})
}

// noScratchOutput fails when the output holds a file or folder whose name
// recap ignores.
func (s *site) noScratchOutput() {
	s.t.Helper()
	out := filepath.Join(s.root, "public")
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != out && source.Ignored(d.Name()) {
			s.t.Errorf("scratch file rendered into the output: %s", p)
		}
		return nil
	})
	if err != nil {
		s.t.Fatal(err)
	}
}

const (
	noteA = "content/2026/2026-11-17-dev.md"
	noteB = "content/2026/2026-11-18-priya.md"
	noteC = "content/2026/2026-11-19-jo.md"
)

func threeNotes() map[string]string {
	return map[string]string{
		noteA: noteText("1:1 Dev", "2026-11-17", "Original text of A."),
		noteB: noteText("1:1 Priya", "2026-11-18", "Original text of B."),
		noteC: noteText("1:1 Jo", "2026-11-19", "Original text of C."),
	}
}

func TestAtomicSave(t *testing.T) {
	t.Parallel()
	for _, pattern := range []string{
		".2026-11-17-dev.md.*",     // a dot-named temp file (gedit, VS Code, recap itself)
		"2026-11-17-dev.md.*.tmp",  // a *.tmp temp file
		".goutputstream-*",         // GLib
		".2026-11-17-dev.md.*.swx", // anything else recap ignores
	} {
		t.Run(pattern, func(t *testing.T) {
			t.Parallel()
			s := newSite(t, threeNotes())
			s.start(watch.Options{})
			tmp, err := os.CreateTemp(filepath.Dir(s.path(noteA)), pattern)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tmp.WriteString(noteText("1:1 Dev", "2026-11-17", "Saved atomically.")); err != nil {
				t.Fatal(err)
			}
			if err := tmp.Close(); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(tmp.Name(), s.path(noteA)); err != nil {
				t.Fatal(err)
			}
			s.waitPage(noteA, "Saved atomically.")
			s.sync()
			s.noScratchOutput()
		})
	}
}

func TestVimBackupcopyNo(t *testing.T) {
	t.Parallel()
	s := newSite(t, threeNotes())
	s.start(watch.Options{})
	dir := filepath.Dir(s.path(noteA))
	// vim first checks that it can write in the folder.
	probe := filepath.Join(dir, "4913")
	if err := os.WriteFile(probe, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(probe); err != nil {
		t.Fatal(err)
	}
	// Then it renames the note to its backup, writes the note anew and
	// deletes the backup.
	if err := os.Rename(s.path(noteA), s.path(noteA)+"~"); err != nil {
		t.Fatal(err)
	}
	s.write(noteA, noteText("1:1 Dev", "2026-11-17", "Written by vim."))
	if err := os.Remove(s.path(noteA) + "~"); err != nil {
		t.Fatal(err)
	}
	s.waitPage(noteA, "Written by vim.")
	s.sync()
	s.noScratchOutput()
}

func TestVim4913ProbeAlone(t *testing.T) {
	t.Parallel()
	s := newSite(t, threeNotes())
	s.start(watch.Options{})
	probe := filepath.Join(filepath.Dir(s.path(noteA)), "4913")
	s.noCalls("creating and deleting 4913", func() {
		for range 3 {
			if err := os.WriteFile(probe, nil, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Remove(probe); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func TestJetBrainsSafeWrite(t *testing.T) {
	t.Parallel()
	s := newSite(t, threeNotes())
	s.start(watch.Options{})
	p := s.path(noteA)
	if err := os.WriteFile(p+"___jb_tmp___", []byte(noteText("1:1 Dev", "2026-11-17", "Written by GoLand.")), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(p, p+"___jb_old___"); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(p+"___jb_tmp___", p); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(p + "___jb_old___"); err != nil {
		t.Fatal(err)
	}
	s.waitPage(noteA, "Written by GoLand.")
	s.sync()
	s.noScratchOutput()
}

func TestTruncateThenWrite(t *testing.T) {
	t.Parallel()
	s := newSite(t, threeNotes())
	s.start(watch.Options{})
	text := noteText("1:1 Dev", "2026-11-17", "First half of the new text. Second half of the new text.")
	cut := strings.Index(text, "Second half")
	f, err := os.OpenFile(s.path(noteA), os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(text[:cut]); err != nil {
		t.Fatal(err)
	}
	// Let the watcher report the half-written note: whatever was built from
	// it, the last build is of the whole note.
	s.drain()
	if _, err := f.WriteString(text[cut:]); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	s.waitPage(noteA, "Second half of the new text.")
	s.sync()
	if data, err := os.ReadFile(s.page(noteA)); err != nil || string(data) != text {
		t.Errorf("after the watcher settled, the page is %q (%v), want the whole note", data, err)
	}
}

func TestNewFolderWithNotes(t *testing.T) {
	t.Parallel()
	s := newSite(t, threeNotes())
	s.start(watch.Options{})
	// Notes written at once, into folders the watcher has not seen yet.
	now1 := "content/2027/q1/deep/2027-01-05-dev.md"
	now2 := "content/2027/2027-01-06-priya.md"
	s.write(now1, noteText("New year 1:1", "2027-01-05", "Deep new folder note."))
	s.write(now2, noteText("New year Priya", "2027-01-06", "New folder note."))
	s.waitPage(now1, "Deep new folder note.")
	s.waitPage(now2, "New folder note.")
	s.sync()
	// A note written later into the new folders, and an edit there: both are
	// seen because the new folders are watched.
	later := "content/2027/q1/2027-01-07-jo.md"
	s.write(later, noteText("Jo later", "2027-01-07", "Written later."))
	s.waitPage(later, "Written later.")
	s.write(now1, noteText("New year 1:1", "2027-01-05", "Edited in the deep folder."))
	s.waitPage(now1, "Edited in the deep folder.")
}

func TestFolderMovedIn(t *testing.T) {
	t.Parallel()
	s := newSite(t, threeNotes())
	s.start(watch.Options{})
	outside := t.TempDir()
	src := filepath.Join(outside, "offsite")
	files := map[string]string{
		"2026-11-20-offsite.md":      noteText("Offsite day 1", "2026-11-20", "Moved in from outside."),
		"day2/2026-11-21-offsite.md": noteText("Offsite day 2", "2026-11-21", "Moved in, second day."),
	}
	for name, data := range files {
		p := filepath.Join(src, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Rename(src, s.path("content/offsite")); err != nil {
		t.Fatal(err)
	}
	n1, n2 := "content/offsite/2026-11-20-offsite.md", "content/offsite/day2/2026-11-21-offsite.md"
	s.waitPage(n1, "Moved in from outside.")
	s.waitPage(n2, "Moved in, second day.")
	s.sync()
	// The moved folder and the folder inside it are watched from now on.
	s.write(n2, noteText("Offsite day 2", "2026-11-21", "Edited after the move."))
	s.waitPage(n2, "Edited after the move.")
}

func TestDeleteAndRename(t *testing.T) {
	t.Parallel()
	files := threeNotes()
	team1 := "content/team/2026-11-10-team.md"
	team2 := "content/team/sub/2026-11-11-team.md"
	files[team1] = noteText("Team sync", "2026-11-10", "Team note one.")
	files[team2] = noteText("Team sub sync", "2026-11-11", "Team note two.")
	s := newSite(t, files)
	s.start(watch.Options{})

	{ // delete note
		t.Log("delete note")
		if err := os.Remove(s.path(noteC)); err != nil {
			t.Fatal(err)
		}
		s.waitGone(noteC)
	}
	{ // rename note
		t.Log("rename note")
		renamed := "content/2026/2026-11-18-priya-renamed.md"
		if err := os.Rename(s.path(noteB), s.path(renamed)); err != nil {
			t.Fatal(err)
		}
		s.waitGone(noteB)
		s.waitPage(renamed, "Original text of B.")
	}
	moved1 := "content/squad/2026-11-10-team.md"
	moved2 := "content/squad/sub/2026-11-11-team.md"
	{ // rename folder
		t.Log("rename folder")
		if err := os.Rename(s.path("content/team"), s.path("content/squad")); err != nil {
			t.Fatal(err)
		}
		s.waitGone(team1)
		s.waitGone(team2)
		s.waitPage(moved1, "Team note one.")
		s.waitPage(moved2, "Team note two.")
		s.sync()
		// The renamed folder and its subfolder are still watched.
		s.write(moved2, noteText("Team sub sync", "2026-11-11", "Edited after the folder rename."))
		s.waitPage(moved2, "Edited after the folder rename.")
		s.write(moved1, noteText("Team sync", "2026-11-10", "Top edited after the folder rename."))
		s.waitPage(moved1, "Top edited after the folder rename.")
	}
	{ // rename folder back, with no pause: the build may be reading it
		t.Log("rename folder back")
		// The old name is reused: the watcher must not confuse the two.
		if err := os.Rename(s.path("content/squad"), s.path("content/team")); err != nil {
			t.Fatal(err)
		}
		s.waitGone(moved1)
		s.waitPage(team2, "Edited after the folder rename.")
		s.sync()
		s.write(team2, noteText("Team sub sync", "2026-11-11", "Edited after renaming back."))
		s.waitPage(team2, "Edited after renaming back.")
	}
	{ // delete folder, with no pause either
		t.Log("delete folder")
		if err := os.RemoveAll(s.path("content/team")); err != nil {
			t.Fatal(err)
		}
		s.waitGone(team1)
		s.waitGone(team2)
		s.sync()
		// A new folder of the same name is watched again.
		s.write(team2, noteText("Team sub sync", "2026-11-11", "Recreated."))
		s.waitPage(team2, "Recreated.")
	}
	s.waitPage(noteA, "Original text of A.")
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, err := range s.werrs {
		t.Errorf("watch error: %v", err)
	}
}

// TestFolderChurn deletes, recreates and renames folders as fast as it can
// while the watcher adds watches for them, so folders vanish under the
// watcher's own walk; it must report no error and end up watching what is
// there.
func TestFolderChurn(t *testing.T) {
	t.Parallel()
	s := newSite(t, threeNotes())
	s.start(watch.Options{})
	for i := range 100 {
		dir := fmt.Sprintf("content/churn/%d/a/b", i%3)
		s.write(dir+"/2026-11-20-churn.md", noteText("Churn", "2026-11-20", fmt.Sprint("Churn ", i, ".")))
		if err := os.Rename(s.path(fmt.Sprintf("content/churn/%d", i%3)), s.path(fmt.Sprintf("content/churn/moved-%d", i))); err != nil {
			t.Fatal(err)
		}
		if err := os.RemoveAll(s.path(fmt.Sprintf("content/churn/moved-%d", i))); err != nil {
			t.Fatal(err)
		}
	}
	kept := "content/churn/kept/a/b/2026-11-21-kept.md"
	s.write(kept, noteText("Kept", "2026-11-21", "Written after the churn."))
	s.waitPage(kept, "Written after the churn.")
	s.sync()
	s.write(kept, noteText("Kept", "2026-11-21", "Edited after the churn."))
	s.waitPage(kept, "Edited after the churn.")
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, err := range s.werrs {
		t.Errorf("watch error: %v", err)
	}
	var pages []string
	_ = filepath.WalkDir(filepath.Join(s.root, "public", "churn"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			pages = append(pages, p)
		}
		return nil
	})
	if len(pages) != 1 {
		t.Errorf("after the churn the output has %d pages under churn/, want the kept one: %q", len(pages), pages)
	}
}

func TestSymlinkedContent(t *testing.T) {
	t.Parallel()
	s := newSite(t, nil)
	elsewhere := filepath.Join(t.TempDir(), "notes")
	for name, data := range threeNotes() {
		p := filepath.Join(elsewhere, filepath.FromSlash(strings.TrimPrefix(name, "content/")))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(elsewhere, s.path("content")); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	s.start(watch.Options{})
	s.waitPage(noteA, "Original text of A.") // the first build followed the link

	// An edit to the link's target, through the target's own path.
	target := filepath.Join(elsewhere, "2026", filepath.Base(noteA))
	if err := os.WriteFile(target, []byte(noteText("1:1 Dev", "2026-11-17", "Edited behind the symlink.")), 0o644); err != nil {
		t.Fatal(err)
	}
	s.waitPage(noteA, "Edited behind the symlink.")
	// The page is written before the call that wrote it is recorded.
	s.waitFor("the edit to be reported as "+noteA, func() bool { return s.sawPath(noteA, 0) })
	// A new folder in the target.
	newNote := filepath.Join(elsewhere, "2027", "2027-01-05-dev.md")
	if err := os.MkdirAll(filepath.Dir(newNote), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(newNote, []byte(noteText("New year", "2027-01-05", "New behind the symlink.")), 0o644); err != nil {
		t.Fatal(err)
	}
	s.waitPage("content/2027/2027-01-05-dev.md", "New behind the symlink.")
}

// TestOutputFolderNoLoop checks that the builds' own writes into the output
// folder, in place and by a new folder swapped in, are never reported: once
// the watcher has caught up, the calls since an edit name only that edit.
func TestOutputFolderNoLoop(t *testing.T) {
	t.Parallel()
	s := newSite(t, threeNotes())
	s.start(watch.Options{})
	from := s.finished()
	s.write(noteA, noteText("1:1 Dev", "2026-11-17", "Edited once."))
	s.waitPage(noteA, "Edited once.")
	s.sync()
	s.onlyPaths(from, "after an incremental build", noteA)

	// A config change makes a full, atomically swapped build of public/.
	from = s.finished()
	s.write("config.toml", strings.Replace(siteConfig, `"Watch test"`, `"Watch test, retitled"`, 1))
	s.waitFor("the retitled home page", func() bool {
		data, err := os.ReadFile(filepath.Join(s.root, "public", "index.html"))
		return err == nil && strings.Contains(string(data), "Watch test, retitled")
	})
	s.sync()
	s.onlyPaths(from, "after a full build", "config.toml")
	// The swapped-in folder is not watched either.
	from = s.finished()
	s.write(noteB, noteText("1:1 Priya", "2026-11-18", "Edited after the swap."))
	s.waitPage(noteB, "Edited after the swap.")
	s.sync()
	s.onlyPaths(from, "after an incremental build into the swapped-in folder", noteB)
}

// checkout rewrites (or creates) every file of files quickly, as `git
// checkout` does.
func checkout(t *testing.T, root string, files map[string][]byte) {
	t.Helper()
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(root, filepath.FromSlash(name)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestBurst rewrites 500 notes at once, as `git checkout` does, and checks
// that the watcher batches them into far fewer calls than files. How few
// depends on how fast the machine writes them: it is logged, and only a
// call for every tenth file or worse fails.
func TestBurst(t *testing.T) {
	t.Parallel()
	s := &site{t: t, root: t.TempDir(), asked: map[string]bool{}}
	if err := corpus.Write(s.root, 500, 7); err != nil {
		t.Fatal(err)
	}
	var notes []string
	err := filepath.WalkDir(s.path("content"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(s.root, p)
			notes = append(notes, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(notes) != 500 {
		t.Fatalf("corpus wrote %d notes, want 500", len(notes))
	}
	slices.Sort(notes)
	s.start(watch.Options{})
	from := s.finished()

	files := map[string][]byte{}
	for i, n := range notes {
		data, err := os.ReadFile(s.path(n))
		if err != nil {
			t.Fatal(err)
		}
		files[n] = append(data, fmt.Sprintf("\nChecked out revision %d.\n", i)...)
	}
	checkout(t, s.root, files)
	s.sync()
	for i, n := range notes {
		s.waitPage(n, fmt.Sprintf("Checked out revision %d.", i))
	}
	n := s.callsNaming(from)
	t.Logf("a burst of %d writes: %d OnChange calls", len(notes), n)
	if n < 1 || n > len(notes)/10 {
		t.Errorf("a burst of %d writes gave %d OnChange calls, want 1 to %d\n%s", len(notes), n, len(notes)/10, s.report())
	}
}

func TestScratchFilesNeverRender(t *testing.T) {
	t.Parallel()
	s := newSite(t, threeNotes())
	s.start(watch.Options{})
	dir := filepath.Dir(s.path(noteA))
	body := noteText("Scratch", "2026-11-20", "SCRATCH CONTENT")
	scratch := []string{".#2026-11-17-dev.md", "#2026-11-17-dev.md#", "2026-11-17-dev.md~", "x.swp", ".DS_Store",
		"2026-11-17-dev.md___jb_tmp___", "2026-11-17-dev.md___jb_old___", "4913", "x.swx", "x.bck", "_draft.md"}
	s.noCalls("writing scratch files", func() {
		for _, name := range scratch {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		// A scratch folder too.
		if err := os.MkdirAll(filepath.Join(dir, ".scratch"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, ".scratch", "n.md"), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	})

	// A real edit rebuilds; the scratch files lying around still do not render.
	s.write(noteA, noteText("1:1 Dev", "2026-11-17", "A real edit."))
	s.waitPage(noteA, "A real edit.")
	s.sync()
	s.noScratchOutput()
	err := filepath.WalkDir(filepath.Join(s.root, "public"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err == nil && strings.Contains(string(data), "SCRATCH CONTENT") {
			t.Errorf("%s shows a scratch file's text", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// Removing them is quiet too.
	s.noCalls("removing scratch files", func() {
		for _, name := range scratch {
			if err := os.Remove(filepath.Join(dir, name)); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.RemoveAll(filepath.Join(dir, ".scratch")); err != nil {
			t.Fatal(err)
		}
	})
}

// TestEditDuringOnChange edits notes while a call runs: the edits make
// exactly one more call, with all of them, once the running one returns.
func TestEditDuringOnChange(t *testing.T) {
	t.Parallel()
	s := newSite(t, threeNotes())
	started, release := make(chan struct{}), make(chan struct{})
	var once, releaseOnce sync.Once
	s.hook = func(paths []string) {
		if slices.Contains(paths, noteA) {
			once.Do(func() {
				close(started)
				<-release
			})
		}
	}
	s.start(watch.Options{})
	t.Cleanup(func() { releaseOnce.Do(func() { close(release) }) }) // before the watcher stops
	from := s.finished()
	s.write(noteA, noteText("1:1 Dev", "2026-11-17", "First edit."))
	select {
	case <-started:
	case <-time.After(waitLimit):
		t.Fatalf("OnChange never ran for the first edit\n%s", s.report())
	}
	// While the first call runs: several edits of two notes.
	for i := range 5 {
		s.write(noteB, noteText("1:1 Priya", "2026-11-18", fmt.Sprint("Edit of B number ", i, ".")))
		s.write(noteC, noteText("1:1 Jo", "2026-11-19", fmt.Sprint("Edit of C number ", i, ".")))
	}
	s.drain() // the watcher has read them all
	releaseOnce.Do(func() { close(release) })

	s.waitPage(noteA, "First edit.")
	s.waitPage(noteB, "Edit of B number 4.")
	s.waitPage(noteC, "Edit of C number 4.")
	s.sync()
	if n := s.callsNaming(from); n != 2 {
		t.Errorf("edits during a running OnChange gave %d calls in all, want 2 (the running one and exactly one more)\n%s", n, s.report())
	}
	if m := s.maxRunning.Load(); m != 1 {
		t.Errorf("%d OnChange calls ran at once, want 1", m)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, b := range s.batches[from+1:] {
		if slices.Contains(b, noteB) || slices.Contains(b, noteC) {
			if !slices.Contains(b, noteB) || !slices.Contains(b, noteC) {
				t.Errorf("the follow-up call got %q, want both %s and %s", b, noteB, noteC)
			}
			break
		}
	}
}

func TestCallsNeverOverlap(t *testing.T) {
	t.Parallel()
	s := newSite(t, threeNotes())
	s.hook = func([]string) { time.Sleep(30 * time.Millisecond) }
	s.start(watch.Options{Quiet: 5 * time.Millisecond, MaxDelay: 20 * time.Millisecond})
	// A steady stream of edits for a while, against a short quiet period.
	for i := range 60 {
		s.write(noteB, noteText("1:1 Priya", "2026-11-18", fmt.Sprint("Stream edit ", i, ".")))
		time.Sleep(7 * time.Millisecond)
	}
	s.waitPage(noteB, "Stream edit 59.")
	s.sync()
	if m := s.maxRunning.Load(); m != 1 {
		t.Errorf("%d OnChange calls ran at once, want 1", m)
	}
}

// TestMaxDelay edits a note without a pause long enough for the quiet period
// (a minute): only MaxDelay lets calls run while the edits go on.
func TestMaxDelay(t *testing.T) {
	t.Parallel()
	s := newSite(t, threeNotes())
	s.start(watch.Options{Quiet: time.Minute, MaxDelay: 50 * time.Millisecond})
	from := s.finished()
	deadline := time.Now().Add(waitLimit)
	i := 0
	for ; s.callsNaming(from) < 2; i++ {
		if time.Now().After(deadline) {
			t.Fatalf("%d edits in a steady stream gave %d OnChange calls while it lasted, want 2 with MaxDelay 50ms\n%s", i, s.callsNaming(from), s.report())
		}
		s.write(noteB, noteText("1:1 Priya", "2026-11-18", fmt.Sprint("Stream edit ", i, ".")))
		time.Sleep(10 * time.Millisecond)
	}
	// The last edit is built within MaxDelay, not after the quiet period.
	s.waitPage(noteB, fmt.Sprint("Stream edit ", i-1, "."))
}

func TestPoll(t *testing.T) {
	t.Parallel()
	s := newSite(t, threeNotes())
	s.start(watch.Options{Poll: 50 * time.Millisecond})
	s.write(noteA, noteText("1:1 Dev", "2026-11-17", "Seen by polling, a longer text than before."))
	s.waitPage(noteA, "Seen by polling, a longer text than before.")

	added := "content/2027/2027-01-05-dev.md"
	s.write(added, noteText("New year", "2027-01-05", "New note, polled."))
	s.waitPage(added, "New note, polled.")

	if err := os.Remove(s.path(noteC)); err != nil {
		t.Fatal(err)
	}
	s.waitGone(noteC)

	// Scratch files are ignored when polling too.
	s.noCalls("writing scratch files while polling", func() {
		if err := os.WriteFile(s.path("content/2026/x.swp"), []byte("scratch"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(s.path(noteA+"~"), []byte("backup"), 0o644); err != nil {
			t.Fatal(err)
		}
	})
	s.noScratchOutput()
}

func TestRootMissing(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	root := filepath.Join(t.TempDir(), "no-such-site")
	err := watch.Run(ctx, watch.Options{Root: root, OnChange: func([]string) {}})
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("watching a site that does not exist: err = %v, want a not-exist error", err)
	}
}

// TestEventOverflow makes the kernel's inotify queue overflow, so events are
// lost, and checks that the watcher says so, rebuilds everything, and
// watches a folder created while events were being lost. The overflow is
// certain: the test holds the watcher's event loop (in Skip) while it makes
// more changes than the queue holds.
func TestEventOverflow(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("inotify only")
	}
	limit := 16384
	if b, err := os.ReadFile("/proc/sys/fs/inotify/max_queued_events"); err == nil {
		fmt.Sscan(string(b), &limit)
	}
	if limit > 1<<20 {
		t.Skipf("fs.inotify.max_queued_events is %d; too many events to overflow", limit)
	}
	s := newSite(t, threeNotes())
	const block = "watch-block.txt"
	blocked, unblock := make(chan struct{}), make(chan struct{})
	var blockOnce, unblockOnce sync.Once
	release := func() { unblockOnce.Do(func() { close(unblock) }) }
	s.skipHook = func(rel string) {
		if rel == block {
			blockOnce.Do(func() {
				close(blocked)
				<-unblock
			})
		}
	}
	s.start(watch.Options{})
	t.Cleanup(release) // before the watcher stops
	s.write(block, "block")
	select {
	case <-blocked:
	case <-time.After(waitLimit):
		t.Fatalf("the watcher never asked Skip about %s\n%s", block, s.report())
	}

	// The watcher reads nothing now. One-byte writes to two files in turn,
	// so the kernel cannot merge their events, fill its queue; the
	// fsnotify reader holds at most one buffer of events (64 KB) more.
	var fds [2]*os.File
	for i := range fds {
		f, err := os.Create(s.path(fmt.Sprintf("noise-%d.txt", i)))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		fds[i] = f
	}
	for i := range limit + limit/4 + 4096 {
		if _, err := fds[i%2].Write([]byte{'x'}); err != nil {
			t.Fatal(err)
		}
	}
	// Changes the kernel has no room for: only a rescan finds them.
	late := "content/2027/2027-01-05-dev.md"
	s.write(noteC, noteText("1:1 Jo", "2026-11-19", "Written during the overflow."))
	s.write(late, noteText("New year", "2027-01-05", "In a folder created during the overflow."))
	release()

	s.waitFor("the watcher to report the overflow", func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, err := range s.werrs {
			if strings.Contains(err.Error(), "too many changes at once") {
				return true
			}
		}
		return false
	})
	s.waitPage(noteC, "Written during the overflow.")
	s.waitPage(late, "In a folder created during the overflow.")
	// The folder created during the overflow is watched now.
	s.write(late, noteText("New year", "2027-01-05", "Edited after the overflow."))
	s.waitPage(late, "Edited after the overflow.")
}
