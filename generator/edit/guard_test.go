package edit

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// setClock makes the clock that WriteAtomic measures a note's age against
// return at, for the test.
func setClock(t *testing.T, at time.Time) {
	t.Helper()
	old := clock
	clock = func() time.Time { return at }
	t.Cleanup(func() { clock = old })
}

// laterClock sets the clock an hour ahead, so that the notes a test has just
// written are old enough to be edited.
func laterClock(t *testing.T) { setClock(t, time.Now().Add(time.Hour)) }

// mtime is the fixed modification time of the notes of the tests below.
var mtime = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)

// writeNote writes a note with data, mode and the modification time mtime.
func writeNote(t *testing.T, data []byte, mode os.FileMode) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "2026-11-20-x.md")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(p, mtime, mtime); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, mode); err != nil {
		t.Fatal(err)
	}
	return p
}

// unchanged checks that the note at p still holds data with mode, and that
// its folder holds nothing else.
func unchanged(t *testing.T, p string, data []byte, mode os.FileMode) {
	t.Helper()
	got, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, data) {
		t.Errorf("the note changed: %q, want %q", got, data)
	}
	if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != mode {
		t.Errorf("mode %v (%v), want %v", fi.Mode().Perm(), err, mode)
	}
	if ents, _ := os.ReadDir(filepath.Dir(p)); len(ents) != 1 {
		t.Errorf("the folder holds %d files, want only the note", len(ents))
	}
}

var (
	oldNote = []byte("+++\ntitle = \"x\"\n+++\nbody\n")
	newNote = []byte("+++\ntitle = \"x\"\nreviewed = 2026-11-24\n+++\nbody\n")
)

// TestWriteAtomicRefusesUnsafeNotes checks that WriteAtomic leaves alone a
// note that is empty (an editor that truncates and writes is saving it), was
// modified less than a second ago or is read-only, and says why.
func TestWriteAtomicRefusesUnsafeNotes(t *testing.T) {
	for _, tc := range []struct {
		name  string
		data  []byte
		mode  os.FileMode
		now   time.Time // the clock
		err   error     // nil: written
		ahead bool
		msg   string
	}{
		{name: "empty", data: []byte{}, mode: 0o644, now: mtime.Add(time.Hour), err: ErrEmpty, msg: "NOTE is empty (an editor may be saving it); recap does not edit an empty note"},
		{name: "just now", data: oldNote, mode: 0o644, now: mtime, err: ErrRecent, msg: "NOTE was changed less than a second ago (an editor may be saving it); try again"},
		{name: "999ms ago", data: oldNote, mode: 0o644, now: mtime.Add(999 * time.Millisecond), err: ErrRecent, msg: "NOTE was changed less than a second ago"},
		{name: "a second ago", data: oldNote, mode: 0o644, now: mtime.Add(time.Second)},
		{name: "slightly ahead", data: oldNote, mode: 0o644, now: mtime.Add(-500 * time.Millisecond), err: ErrRecent, msg: "NOTE was changed less than a second ago"},
		{name: "an hour ahead", data: oldNote, mode: 0o644, now: mtime.Add(-time.Hour), err: ErrRecent, ahead: true, msg: "NOTE was changed at 2026-11-24 09:00:00 UTC, later than this computer's clock"},
		{name: "0444", data: oldNote, mode: 0o444, now: mtime.Add(time.Hour), err: ErrReadOnly, msg: "NOTE is read-only; recap leaves it as it is"},
		{name: "0400", data: oldNote, mode: 0o400, now: mtime.Add(time.Hour), err: ErrReadOnly, msg: "NOTE is read-only; recap leaves it as it is"},
		{name: "0600", data: oldNote, mode: 0o600, now: mtime.Add(time.Hour)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			setClock(t, tc.now)
			p := writeNote(t, tc.data, tc.mode)
			err := WriteAtomic(p, newNote, tc.data)
			if tc.err == nil {
				if err != nil {
					t.Fatal(err)
				}
				unchanged(t, p, newNote, tc.mode)
				return
			}
			var fe *FileError
			if !errors.Is(err, tc.err) || !errors.As(err, &fe) {
				t.Fatalf("err = %v, want a *FileError of %v", err, tc.err)
			}
			if fe.Path != p || fe.Ahead != tc.ahead {
				t.Errorf("FileError names %q (ahead %v), want %q (ahead %v)", fe.Path, fe.Ahead, p, tc.ahead)
			}
			if got := strings.ReplaceAll(err.Error(), p, "NOTE"); !strings.HasPrefix(got, tc.msg) {
				t.Errorf("message %q, want it to start %q", got, tc.msg)
			}
			unchanged(t, p, tc.data, tc.mode)
			// Settled, which a command calls before it reads the note, agrees
			// on an empty or recent one.
			if serr := Settled(p); (tc.err == ErrReadOnly) != (serr == nil) || serr != nil && !errors.Is(serr, tc.err) {
				t.Errorf("Settled = %v", serr)
			}
		})
	}
}

// TestWriteAtomicRefusesOtherUsersNote checks the case the permission bits do
// not tell: a note that others may write but its owner, who runs recap, may
// not. Root may write anything, so the test runs only for other users.
func TestWriteAtomicRefusesOtherUsersNote(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root may write any file")
	}
	laterClock(t)
	p := writeNote(t, oldNote, 0o466)
	if err := WriteAtomic(p, newNote, oldNote); !errors.Is(err, ErrReadOnly) {
		t.Errorf("err = %v, want ErrReadOnly", err)
	}
	unchanged(t, p, oldNote, 0o466)
}

// TestWriteAtomicLateChecks checks what WriteAtomic finds just before the
// rename: a note saved again with the same size and modification time but
// other bytes (so WriteAtomic compares content, not size or time), and one
// touched a moment ago with the same bytes (an editor may be writing it).
func TestWriteAtomicLateChecks(t *testing.T) {
	now := mtime.Add(time.Hour)
	setClock(t, now)
	t.Run("same size and time, other bytes", func(t *testing.T) {
		p := writeNote(t, oldNote, 0o644)
		same := bytes.Replace(oldNote, []byte("body"), []byte("BODY"), 1)
		failAt = func(s string) error {
			if s == "close" {
				if err := os.WriteFile(p, same, 0o644); err != nil {
					return err
				}
				return os.Chtimes(p, mtime, mtime)
			}
			return nil
		}
		defer func() { failAt = nil }()
		if err := WriteAtomic(p, newNote, oldNote); !errors.Is(err, ErrChanged) {
			t.Errorf("err = %v, want ErrChanged", err)
		}
		unchanged(t, p, same, 0o644)
	})
	t.Run("before the write too", func(t *testing.T) {
		p := writeNote(t, oldNote, 0o644)
		other := bytes.Replace(oldNote, []byte("body"), []byte("BODY"), 1)
		if err := WriteAtomic(p, newNote, other); !errors.Is(err, ErrChanged) {
			t.Errorf("err = %v, want ErrChanged for bytes of the same size", err)
		}
		unchanged(t, p, oldNote, 0o644)
	})
	t.Run("touched a moment ago", func(t *testing.T) {
		p := writeNote(t, oldNote, 0o644)
		failAt = func(s string) error {
			if s == "close" {
				return os.Chtimes(p, now, now)
			}
			return nil
		}
		defer func() { failAt = nil }()
		if err := WriteAtomic(p, newNote, oldNote); !errors.Is(err, ErrRecent) {
			t.Errorf("err = %v, want ErrRecent", err)
		}
		unchanged(t, p, oldNote, 0o644)
	})
	t.Run("truncated by an editor", func(t *testing.T) {
		// The editor has truncated the note and not written it yet.
		p := writeNote(t, oldNote, 0o644)
		failAt = func(s string) error {
			if s == "close" {
				return os.Truncate(p, 0)
			}
			return nil
		}
		defer func() { failAt = nil }()
		if err := WriteAtomic(p, newNote, oldNote); !errors.Is(err, ErrChanged) {
			t.Errorf("err = %v, want ErrChanged", err)
		}
		unchanged(t, p, []byte{}, 0o644)
	})
}

// TestSettled checks Settled on its own: a missing note is an error of its
// own, a note old enough is settled.
func TestSettled(t *testing.T) {
	setClock(t, mtime.Add(2*time.Second))
	p := writeNote(t, oldNote, 0o644)
	if err := Settled(p); err != nil {
		t.Errorf("Settled = %v, want nil", err)
	}
	if err := Settled(p + ".missing"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Settled of a missing note = %v", err)
	}
}

// TestWriteAtomicTwice checks that a note WriteAtomic has just written may be
// written again by the same process (recap done FILE:11 FILE:12), while the
// note as anyone else leaves it a moment later may not.
func TestWriteAtomicTwice(t *testing.T) {
	laterClock(t)
	p := writeNote(t, oldNote, 0o644)
	if err := WriteAtomic(p, newNote, oldNote); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	setClock(t, fi.ModTime().Add(500*time.Millisecond)) // half a second after recap's write
	if err := Settled(p); err != nil {
		t.Errorf("Settled after recap's own write: %v", err)
	}
	third := append(append([]byte{}, newNote...), "more\n"...)
	if err := WriteAtomic(p, third, newNote); err != nil {
		t.Fatalf("a second write of recap's own note: %v", err)
	}
	// An editor saves the same bytes again: the note is recent, and not
	// recap's any more.
	fi, _ = os.Stat(p)
	touched := fi.ModTime().Add(100 * time.Millisecond)
	if err := os.Chtimes(p, touched, touched); err != nil {
		t.Fatal(err)
	}
	setClock(t, touched.Add(500*time.Millisecond))
	if err := Settled(p); !errors.Is(err, ErrRecent) {
		t.Errorf("Settled after an editor's save: %v, want ErrRecent", err)
	}
	if err := WriteAtomic(p, newNote, third); !errors.Is(err, ErrRecent) {
		t.Errorf("WriteAtomic after an editor's save: %v, want ErrRecent", err)
	}
	unchanged(t, p, third, 0o644)
}
