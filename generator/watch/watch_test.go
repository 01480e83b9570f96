package watch_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/recapjournal/recap/generator/build"
	"github.com/recapjournal/recap/generator/internal/corpus"
	"github.com/recapjournal/recap/generator/journal"
	"github.com/recapjournal/recap/generator/source"
	"github.com/recapjournal/recap/generator/watch"
)

// waitLimit bounds every wait for a condition. It is generous on purpose: the
// tests never assert on timing, only on what eventually happens.
const waitLimit = 10 * time.Second

// tick is how often a wait checks its condition.
const tick = 20 * time.Millisecond

// fixedNow is the build time of every test site.
var fixedNow = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)

const siteConfig = `title = "Watch test"
timezone = "UTC"

[people.sam]
name = "Sam Rivera"

[people.dev]
name = "Dev Patel"
`

// noteText is a small valid note dated day (YYYY-MM-DD) whose body is body.
func noteText(title, day, body string) string {
	return "+++\n" +
		fmt.Sprintf("title = %q\n", title) +
		"date = " + day + "T14:30:00Z\n" +
		"attendees = [\"sam\", \"dev\"]\n" +
		"reviewed = " + day + "\n" +
		"+++\n\n" + body + "\n"
}

// site is a site on disk, a Builder for it and a watcher driving the builder
// the way `recap serve` does.
type site struct {
	t    *testing.T
	root string
	b    *build.Builder

	calls      atomic.Int64 // OnChange calls that finished
	running    atomic.Int64 // OnChange calls running now
	maxRunning atomic.Int64 // the most that ever ran at once
	hook       func(paths []string)

	mu      sync.Mutex
	batches [][]string
	errs    []error // from Update
	werrs   []error // from OnError
}

// newSite writes config.toml and files (slash paths relative to the root)
// into a fresh temporary folder.
func newSite(t *testing.T, files map[string]string) *site {
	t.Helper()
	s := &site{t: t, root: t.TempDir()}
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

// start runs a full build, then watches the site until the test ends. Fields
// of opt that are unset get the same values `recap serve` uses.
func (s *site) start(opt watch.Options) {
	t := s.t
	t.Helper()
	s.b = build.NewBuilder(build.Options{Root: s.root, Now: fixedNow})
	if _, err := s.b.Full(); err != nil {
		t.Fatalf("full build: %v", err)
	}
	opt.Root = s.root
	if opt.Skip == nil {
		opt.Skip = outputSkip
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
		_, err := s.b.Update(paths)
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

// ready waits until the watcher sees changes: it touches a probe file at the
// site root until a batch names it, then waits for the tree to settle.
func (s *site) ready() {
	s.t.Helper()
	deadline := time.Now().Add(waitLimit)
	for i := 0; ; i++ {
		s.write("watch-probe.txt", fmt.Sprint("probe ", i))
		for end := time.Now().Add(300 * time.Millisecond); time.Now().Before(end); time.Sleep(tick) {
			if s.sawPath("watch-probe.txt") {
				s.settle()
				return
			}
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("the watcher never reported a change to the probe file")
		}
	}
}

// settle waits until no OnChange call ran or started for quiet.
func (s *site) settle() {
	s.t.Helper()
	const quiet = 300 * time.Millisecond
	deadline := time.Now().Add(waitLimit)
	for {
		c := s.calls.Load()
		time.Sleep(quiet)
		if s.calls.Load() == c && s.running.Load() == 0 {
			return
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("the watcher never settled: %d calls", s.calls.Load())
		}
	}
}

func (s *site) sawPath(rel string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, b := range s.batches {
		if slices.Contains(b, rel) {
			return true
		}
	}
	return false
}

// report describes what the watcher did, for failure messages.
func (s *site) report() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var b strings.Builder
	fmt.Fprintf(&b, "%d OnChange calls:", len(s.batches))
	for _, p := range s.batches {
		fmt.Fprintf(&b, "\n  %q", p)
	}
	for _, err := range s.errs {
		fmt.Fprintf(&b, "\nUpdate error: %v", err)
	}
	for _, err := range s.werrs {
		fmt.Fprintf(&b, "\nwatch error: %v", err)
	}
	return b.String()
}

// checkBatches fails when a batch names an ignored file or the output folder.
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
		s.t.Errorf("Update: %v", err)
	}
}

// page is the output page of the note at rel ("content/...").
func (s *site) page(rel string) string {
	return filepath.Join(s.root, "public", filepath.FromSlash(journal.PageURL(strings.TrimPrefix(rel, "content/"))), "index.html")
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
// recap ignores (the build's own manifest aside).
func (s *site) noScratchOutput() {
	s.t.Helper()
	out := filepath.Join(s.root, "public")
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != out && d.Name() != build.ManifestName && source.Ignored(d.Name()) {
			s.t.Errorf("scratch file rendered into the output: %s", p)
		}
		return nil
	})
	if err != nil {
		s.t.Fatal(err)
	}
}

// noCalls runs action once the watcher settled and checks that no OnChange
// call starts within a short while after it.
func (s *site) noCalls(after string, action func()) {
	s.t.Helper()
	s.settle()
	c := s.calls.Load()
	action()
	time.Sleep(500 * time.Millisecond)
	if n := s.calls.Load() + s.running.Load(); n != c {
		s.t.Errorf("%s: OnChange ran (%d calls, was %d)\n%s", after, n, c, s.report())
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
			s.settle()
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
	s.settle()
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
	s.settle()
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
	time.Sleep(10 * time.Millisecond)
	if _, err := f.WriteString(text[cut:]); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	s.waitPage(noteA, "Second half of the new text.")
	s.settle()
	// Whatever was built in between, the last build is of the whole note.
	s.mu.Lock()
	s.errs = nil // a build of the half-written note may fail; that is fine
	s.mu.Unlock()
	s.waitPage(noteA, "Second half of the new text.")
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
	s.settle()
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
	s.settle()
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
		s.settle()
		// The renamed folder and its subfolder are still watched.
		s.write(moved2, noteText("Team sub sync", "2026-11-11", "Edited after the folder rename."))
		s.waitPage(moved2, "Edited after the folder rename.")
		s.write(moved1, noteText("Team sync", "2026-11-10", "Top edited after the folder rename."))
		s.waitPage(moved1, "Top edited after the folder rename.")
	}
	{ // rename folder back
		t.Log("rename folder back")
		// The old name is reused: the watcher must not confuse the two.
		if err := os.Rename(s.path("content/squad"), s.path("content/team")); err != nil {
			t.Fatal(err)
		}
		s.waitGone(moved1)
		s.waitPage(team2, "Edited after the folder rename.")
		s.settle()
		s.write(team2, noteText("Team sub sync", "2026-11-11", "Edited after renaming back."))
		s.waitPage(team2, "Edited after renaming back.")
	}
	{ // delete folder
		t.Log("delete folder")
		if err := os.RemoveAll(s.path("content/team")); err != nil {
			t.Fatal(err)
		}
		s.waitGone(team1)
		s.waitGone(team2)
		s.settle()
		// A new folder of the same name is watched again.
		s.write(team2, noteText("Team sub sync", "2026-11-11", "Recreated."))
		s.waitPage(team2, "Recreated.")
	}
	s.waitPage(noteA, "Original text of A.")
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
		t.Fatal(err)
	}
	s.start(watch.Options{})
	s.waitPage(noteA, "Original text of A.") // the first build followed the link

	// An edit to the link's target, through the target's own path.
	target := filepath.Join(elsewhere, "2026", filepath.Base(noteA))
	if err := os.WriteFile(target, []byte(noteText("1:1 Dev", "2026-11-17", "Edited behind the symlink.")), 0o644); err != nil {
		t.Fatal(err)
	}
	s.waitPage(noteA, "Edited behind the symlink.")
	s.settle()
	if !s.sawPath(noteA) {
		t.Errorf("the edit was not reported as %s\n%s", noteA, s.report())
	}
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

func TestOutputFolderNoLoop(t *testing.T) {
	t.Parallel()
	s := newSite(t, threeNotes())
	s.start(watch.Options{})
	settled := func(after string) {
		t.Helper()
		s.settle()
		c := s.calls.Load()
		time.Sleep(time.Second)
		if n := s.calls.Load(); n != c {
			t.Errorf("after %s the watcher kept calling OnChange (%d calls, then %d a second later): the output folder feeds back\n%s", after, c, n, s.report())
		}
	}
	s.write(noteA, noteText("1:1 Dev", "2026-11-17", "Edited once."))
	s.waitPage(noteA, "Edited once.")
	settled("an incremental build")

	// A config change makes a full, atomically swapped build of public/.
	s.write("config.toml", strings.Replace(siteConfig, `"Watch test"`, `"Watch test, retitled"`, 1))
	s.waitFor("the retitled home page", func() bool {
		data, err := os.ReadFile(filepath.Join(s.root, "public", "index.html"))
		return err == nil && strings.Contains(string(data), "Watch test, retitled")
	})
	settled("a full build")
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

func TestBurst(t *testing.T) {
	s := &site{t: t, root: t.TempDir()}
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
	s.start(watch.Options{})
	before := s.calls.Load()
	defer func() { t.Logf("a burst of 500 writes: %d OnChange calls", s.calls.Load()-before) }()

	files := map[string][]byte{}
	for i, n := range notes {
		data, err := os.ReadFile(s.path(n))
		if err != nil {
			t.Fatal(err)
		}
		marker := fmt.Sprintf("Checked out revision %d.", i)
		files[n] = []byte(strings.Replace(string(data), "## Agenda", marker+"\n\n## Agenda", 1))
	}
	checkout(t, s.root, files)
	slices.Sort(notes)
	first, last := notes[0], notes[len(notes)-1]
	s.waitPage(first, fmt.Sprintf("Checked out revision %d.", slices.Index(notes, first)))
	s.settle()
	if n := s.calls.Load() - before; n < 1 || n > 3 {
		t.Errorf("a burst of 500 writes gave %d OnChange calls, want 1 to 3\n%s", n, s.report())
	}
	for i, n := range notes {
		if i%50 == 0 || n == last {
			s.waitPage(n, fmt.Sprintf("Checked out revision %d.", i))
		}
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
	s.settle()
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

func TestEditDuringOnChange(t *testing.T) {
	s := newSite(t, threeNotes())
	started, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	s.hook = func(paths []string) {
		if slices.Contains(paths, noteA) {
			once.Do(func() {
				close(started)
				<-release
			})
		}
	}
	s.start(watch.Options{})
	before := s.calls.Load()
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
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond) // let the watcher queue them
	close(release)

	s.waitPage(noteA, "First edit.")
	s.waitPage(noteB, "Edit of B number 4.")
	s.waitPage(noteC, "Edit of C number 4.")
	s.settle()
	if n := s.calls.Load() - before; n != 2 {
		t.Errorf("edits during a running OnChange gave %d calls in all, want 2 (the running one and exactly one more)\n%s", n, s.report())
	}
	if m := s.maxRunning.Load(); m != 1 {
		t.Errorf("%d OnChange calls ran at once, want 1", m)
	}
	s.mu.Lock()
	lastBatch := s.batches[len(s.batches)-1]
	s.mu.Unlock()
	if !slices.Contains(lastBatch, noteB) || !slices.Contains(lastBatch, noteC) {
		t.Errorf("the follow-up call got %q, want both %s and %s", lastBatch, noteB, noteC)
	}
}

func TestCallsNeverOverlap(t *testing.T) {
	s := newSite(t, threeNotes())
	s.hook = func([]string) { time.Sleep(30 * time.Millisecond) }
	s.start(watch.Options{Quiet: 5 * time.Millisecond, MaxDelay: 20 * time.Millisecond})
	// A steady stream of edits for a while, against a short quiet period.
	for i := range 60 {
		s.write(noteB, noteText("1:1 Priya", "2026-11-18", fmt.Sprint("Stream edit ", i, ".")))
		time.Sleep(7 * time.Millisecond)
	}
	s.waitPage(noteB, "Stream edit 59.")
	s.settle()
	if m := s.maxRunning.Load(); m != 1 {
		t.Errorf("%d OnChange calls ran at once, want 1", m)
	}
}

func TestMaxDelay(t *testing.T) {
	t.Parallel()
	s := newSite(t, threeNotes())
	s.start(watch.Options{Quiet: 200 * time.Millisecond, MaxDelay: 300 * time.Millisecond})
	before := s.calls.Load()
	// Edits every 50ms for 2s: never quiet for 200ms, so only MaxDelay lets
	// the callback run while they go on.
	for i := range 40 {
		s.write(noteB, noteText("1:1 Priya", "2026-11-18", fmt.Sprint("Stream edit ", i, ".")))
		time.Sleep(50 * time.Millisecond)
	}
	during := s.calls.Load() - before
	if during < 2 {
		t.Errorf("a steady 2s stream of edits gave %d OnChange calls while it lasted, want at least 2 with MaxDelay 300ms\n%s", during, s.report())
	}
	s.waitPage(noteB, "Stream edit 39.")
}

func TestPoll(t *testing.T) {
	t.Parallel()
	s := newSite(t, threeNotes())
	s.start(watch.Options{Poll: 100 * time.Millisecond})
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
	s.settle()
	s.noScratchOutput()
}

// TestEventOverflow fills the kernel's inotify queue while OnChange runs, so
// events are lost, and checks that a note written meanwhile is still rebuilt.
func TestEventOverflow(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("inotify only")
	}
	s := newSite(t, threeNotes())
	started, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	s.hook = func(paths []string) {
		if slices.Contains(paths, noteA) {
			once.Do(func() {
				close(started)
				<-release
			})
		}
	}
	s.start(watch.Options{})
	s.write(noteA, noteText("1:1 Dev", "2026-11-17", "First edit."))
	select {
	case <-started:
	case <-time.After(waitLimit):
		t.Fatalf("OnChange never ran for the first edit\n%s", s.report())
	}
	// Alternate one-byte writes to two files, so the kernel cannot merge the
	// events: far more than the watcher's queue and the kernel's
	// (fs.inotify.max_queued_events, 16384 by default) hold.
	limit := 16384
	if b, err := os.ReadFile("/proc/sys/fs/inotify/max_queued_events"); err == nil {
		fmt.Sscan(string(b), &limit)
	}
	if limit > 100000 {
		t.Skipf("fs.inotify.max_queued_events is %d; too many events to overflow", limit)
	}
	var fds [2]*os.File
	for i := range fds {
		f, err := os.Create(s.path(fmt.Sprintf("noise-%d.txt", i)))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		fds[i] = f
	}
	for i := range 6*limit + 10000 {
		if _, err := fds[i%2].Write([]byte{'x'}); err != nil {
			t.Fatal(err)
		}
	}
	// This edit lands after the queue overflowed.
	s.write(noteC, noteText("1:1 Jo", "2026-11-19", "Written during the overflow."))
	time.Sleep(200 * time.Millisecond)
	close(release)
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
}
