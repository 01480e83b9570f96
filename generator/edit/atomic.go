// Package edit writes meeting notes: it creates new ones (recap new) and edits
// existing ones in place (recap review, recap done) without ever leaving a
// note half written.
//
// # Editing in place
//
// An edit works on the note's raw bytes and changes only what it must: one
// line of front matter, one checkbox character and a date appended to an item.
// Comments, key order, quoting, white space, CRLF line endings and a byte-order
// mark are kept byte for byte. Every edit is checked by parsing the result
// again: when the note would read differently in any other way, the edit is
// refused. Nothing is guessed.
//
// # Writing
//
// WriteAtomic replaces a note in one step: it writes a temporary file in the
// note's own folder (named ".NAME.recap-*.tmp", which recap and editors'
// watchers ignore), fsyncs it, gives it the note's permission bits, renames it
// over the note and fsyncs the folder. At any moment the note on disk is either
// the old one or the new one. Before it writes, and again just before the
// rename, it reads the note and refuses when the bytes differ from the ones
// the edit was made from, so a change saved from an editor meanwhile is not
// lost (short of one saved in the instant of the rename itself).
//
// It leaves alone, with a *FileError, a note that is not safe to replace:
//
//   - an empty one (ErrEmpty): an editor that saves by truncating the file and
//     writing it again leaves it empty for a moment, and recap replacing it
//     then would take the place of the file the editor is writing into, so
//     its bytes would be lost;
//   - one modified less than a second ago (ErrRecent), by the computer's
//     clock (not --now), for the same reason: an editor may be in the middle
//     of writing it. WriteAtomic's own last write in this process does not
//     count, so one command may edit a note twice; another recap command run
//     within the second is refused too. A modification time a second or more
//     ahead of the clock says nothing of how long ago the note was saved, so
//     it is refused as well, until the clock passes it or the note is
//     touched;
//   - one the user could not write with "echo >>" (ErrReadOnly): its
//     permission bits give no one write access (0444, say, also for root), or
//     the system does not let the user open it for writing.
//
// A symbolic link is followed: the file it points to is replaced and the link
// is kept. The rename gives the note a new inode, so hard links to it and its
// owner (when recap runs as another user) are not kept.
package edit

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// ErrChanged is returned by WriteAtomic when the file on disk is no longer the
// one the edit was made from.
var ErrChanged = errors.New("the note changed on disk after recap read it; nothing was written, run the command again")

// The reasons of a FileError.
var (
	// ErrEmpty is a note file with nothing in it.
	ErrEmpty = errors.New("the note is empty")
	// ErrRecent is a note file modified less than a second ago, or later
	// than the clock's time.
	ErrRecent = errors.New("the note was changed a moment ago")
	// ErrReadOnly is a note file the user may not write.
	ErrReadOnly = errors.New("the note is read-only")
)

// settle is how long ago a note must have been modified for recap to replace
// it: an editor that is saving it has done so by then.
const settle = time.Second

// clock is the time that settle is measured against; tests set it.
var clock = time.Now

// A FileError is an edit refused because of the state of the note's file,
// not of its text. Err is ErrEmpty, ErrRecent or ErrReadOnly.
type FileError struct {
	Path    string    // the note, as the message names it
	Err     error     // why
	ModTime time.Time // the note's modification time, for ErrRecent
	// Ahead says, for ErrRecent, that the modification time is a second or
	// more ahead of the clock.
	Ahead bool
}

func (e *FileError) Error() string {
	switch e.Err {
	case ErrEmpty:
		return e.Path + " is empty (an editor may be saving it); recap does not edit an empty note"
	case ErrRecent:
		if e.Ahead {
			return fmt.Sprintf("%s was changed at %s, later than this computer's clock, so recap cannot tell whether an editor is saving it; touch the file (or set the clock right) and try again",
				e.Path, e.ModTime.Format("2006-01-02 15:04:05 MST"))
		}
		return e.Path + " was changed less than a second ago (an editor may be saving it); try again"
	case ErrReadOnly:
		return e.Path + " is read-only; recap leaves it as it is"
	}
	return e.Path + ": " + e.Err.Error()
}

func (e *FileError) Unwrap() error { return e.Err }

// Named returns err with the note of a *FileError in it called name (its path
// from the site root, say) rather than the path recap opened; any other error
// is returned as it is.
func Named(err error, name string) error {
	var fe *FileError
	if !errors.As(err, &fe) {
		return err
	}
	c := *fe
	c.Path = name
	return &c
}

// Settled checks that the note at path is not being saved by an editor, as
// far as recap can tell: it is not empty, and was last modified at least a
// second ago by the computer's clock, or by WriteAtomic in this process (so
// that one command may edit a note twice). Otherwise it returns a *FileError
// (ErrEmpty or ErrRecent) naming path. A command can call it before it reads
// a note, so that it does not read one half written; WriteAtomic checks again.
func Settled(path string) error {
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return err
	}
	st, err := os.Stat(target)
	if err != nil {
		return err
	}
	return settled(path, target, st, nil)
}

// settled is Settled with the note's file information and, when read, its
// bytes.
func settled(path, target string, st fs.FileInfo, data []byte) error {
	if st.Size() == 0 {
		return &FileError{Path: path, Err: ErrEmpty}
	}
	if age := clock().Sub(st.ModTime()); age < settle && !wroteLast(target, st, data) {
		return &FileError{Path: path, Err: ErrRecent, ModTime: st.ModTime(), Ahead: age <= -settle}
	}
	return nil
}

// ownWrite is what WriteAtomic left in a file: its modification time, size
// and content's hash.
type ownWrite struct {
	mod  time.Time
	size int64
	sum  [sha256.Size]byte
}

// own holds WriteAtomic's last write to each file of this process, by the
// file's path, so that a second edit of a note in one command (recap done
// FILE:11 FILE:12) does not take recap's own write for an editor's save.
var own struct {
	sync.Mutex
	m map[string]ownWrite
}

// ownKey is the key of target in own: its absolute path.
func ownKey(target string) string {
	if abs, err := filepath.Abs(target); err == nil {
		return abs
	}
	return target
}

// remember records that WriteAtomic wrote data to target.
func remember(target string, data []byte) {
	st, err := os.Stat(target)
	if err != nil {
		return
	}
	own.Lock()
	defer own.Unlock()
	if own.m == nil {
		own.m = map[string]ownWrite{}
	}
	own.m[ownKey(target)] = ownWrite{mod: st.ModTime(), size: st.Size(), sum: sha256.Sum256(data)}
}

// wroteLast reports whether target is as WriteAtomic in this process left it:
// same modification time and size and, when data (its bytes now) is given,
// the same content.
func wroteLast(target string, st fs.FileInfo, data []byte) bool {
	own.Lock()
	w, ok := own.m[ownKey(target)]
	own.Unlock()
	return ok && w.mod.Equal(st.ModTime()) && w.size == st.Size() && (data == nil || sha256.Sum256(data) == w.sum)
}

// writable reports, as a *FileError (ErrReadOnly) naming path, when the
// system does not let the user open the note target for writing, as when
// another user owns it. Opening the file, without truncating it, changes
// nothing in it; it is how "echo >>" finds out too. (Root may open any file:
// WriteAtomic checks the permission bits first.)
func writable(path, target string) error {
	f, err := os.OpenFile(target, os.O_WRONLY, 0)
	if err != nil {
		if errors.Is(err, fs.ErrPermission) {
			return &FileError{Path: path, Err: ErrReadOnly}
		}
		return fmt.Errorf("open %s for writing: %w", path, err)
	}
	return f.Close()
}

// failAt, when set (by tests), is called before each step of WriteAtomic with
// the step's name: "create", "write", "sync", "chmod", "close", "rename" and
// "syncdir". An error it returns is treated as that step's failure.
var failAt func(step string) error

func step(name string) error {
	if failAt != nil {
		return failAt(name)
	}
	return nil
}

// WriteAtomic replaces the file at path with data, if the file still holds
// exactly expect, byte for byte. It keeps the file's permission bits. It
// refuses, with a *FileError, a note that is empty, was modified less than a
// second ago or is read-only (see the package's documentation). On any
// failure before the rename the file is untouched and the temporary file is
// removed. The final fsync of the folder is best effort: some file systems do
// not support it, and the note is already whole when it runs.
func WriteAtomic(path string, data, expect []byte) (err error) {
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return err
	}
	st, err := os.Stat(target)
	if err != nil {
		return err
	}
	if !st.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file", path)
	}
	if len(expect) == 0 {
		return &FileError{Path: path, Err: ErrEmpty}
	}
	if st.Mode().Perm()&0o222 == 0 {
		return &FileError{Path: path, Err: ErrReadOnly}
	}
	cur, err := os.ReadFile(target)
	if err != nil {
		return err
	}
	if !bytes.Equal(cur, expect) {
		return ErrChanged
	}
	if err := settled(path, target, st, cur); err != nil {
		return err
	}
	if err := writable(path, target); err != nil {
		return err
	}
	dir, base := filepath.Split(target)
	if dir == "" {
		dir = "."
	}
	if err := step("create"); err != nil {
		return fmt.Errorf("create a temporary file next to %s: %w", path, err)
	}
	f, err := os.CreateTemp(dir, "."+base+".recap-*.tmp")
	if err != nil {
		return fmt.Errorf("create a temporary file next to %s: %w", path, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err = step("write"); err == nil {
		_, err = f.Write(data)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", tmp, err)
	}
	if err = step("sync"); err == nil {
		err = f.Sync()
	}
	if err != nil {
		return fmt.Errorf("sync %s: %w", tmp, err)
	}
	if err = step("chmod"); err == nil {
		err = f.Chmod(st.Mode().Perm() | st.Mode()&(fs.ModeSetuid|fs.ModeSetgid|fs.ModeSticky))
	}
	if err != nil {
		return fmt.Errorf("set the permissions of %s: %w", tmp, err)
	}
	if err = step("close"); err == nil {
		err = f.Close()
	}
	if err != nil {
		return fmt.Errorf("close %s: %w", tmp, err)
	}
	// Compare again, as late as possible: the window in which an editor's
	// save could still be overwritten is the rename call alone.
	if st, err = os.Stat(target); err != nil {
		return err
	}
	if cur, err = os.ReadFile(target); err != nil {
		return err
	}
	if !bytes.Equal(cur, expect) {
		err = ErrChanged
		return err
	}
	if err = settled(path, target, st, cur); err != nil {
		return err
	}
	if err = step("rename"); err == nil {
		err = os.Rename(tmp, target)
	}
	if err != nil {
		return fmt.Errorf("replace %s: %w", path, err)
	}
	remember(target, data)
	syncDir(dir)
	return nil
}

// syncDir fsyncs a folder so a rename in it survives a crash; best effort.
func syncDir(dir string) {
	if step("syncdir") != nil {
		return
	}
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = d.Sync()
	d.Close()
}

// CreateNew writes a new file at path with data and fails, writing nothing,
// when anything exists there already: it never overwrites. The file gets the
// usual permissions (0666 less the umask). A failed write removes the file.
func CreateNew(path string, data []byte) (err error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(path)
		}
	}()
	if err = step("write"); err == nil {
		_, err = f.Write(data)
	}
	if err != nil {
		return err
	}
	if err = step("sync"); err == nil {
		err = f.Sync()
	}
	if err != nil {
		return err
	}
	if err = step("close"); err == nil {
		err = f.Close()
	}
	if err != nil {
		return err
	}
	syncDir(filepath.Dir(path))
	return nil
}
