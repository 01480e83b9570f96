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
// A symbolic link is followed: the file it points to is replaced and the link
// is kept. The rename gives the note a new inode, so hard links to it and its
// owner (when recap runs as another user) are not kept.
package edit

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrChanged is returned by WriteAtomic when the file on disk is no longer the
// one the edit was made from.
var ErrChanged = errors.New("the note changed on disk after recap read it; nothing was written, run the command again")

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
// exactly expect. It keeps the file's permission bits. On any failure before the
// rename the file is untouched and the temporary file is removed. The final
// fsync of the folder is best effort: some file systems do not support it, and
// the note is already whole when it runs.
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
	cur, err := os.ReadFile(target)
	if err != nil {
		return err
	}
	if !bytes.Equal(cur, expect) {
		return ErrChanged
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
	if cur, err = os.ReadFile(target); err != nil {
		return err
	}
	if !bytes.Equal(cur, expect) {
		err = ErrChanged
		return err
	}
	if err = step("rename"); err == nil {
		err = os.Rename(tmp, target)
	}
	if err != nil {
		return fmt.Errorf("replace %s: %w", path, err)
	}
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
