package build

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"golang.org/x/sys/unix"
)

// exchange atomically swaps two directories, so a static server sees either
// the old site or the new one, never a mix or nothing. It is a variable so
// that tests can make it fail as it does on a mount point.
var exchange = func(a, b string) error {
	if err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE); err != nil {
		return &os.LinkError{Op: "renameat2", Old: a, New: b, Err: err}
	}
	return nil
}

// isMountPoint reports whether dir is the root of a file system of its own
// (a separate disk, a Docker volume): it cannot be renamed. A bind mount of
// a folder of its parent's file system is not seen here; renaming it fails
// with EBUSY, which unmovable recognises. It is a variable for tests.
var isMountPoint = func(dir string) bool {
	var a, b unix.Stat_t
	if unix.Stat(dir, &a) != nil || unix.Stat(filepath.Dir(dir), &b) != nil {
		return false
	}
	return a.Dev != b.Dev || a.Ino == b.Ino
}

// unmovable reports whether err, from renaming the output folder, says that
// it cannot be renamed at all: it is a mount point (EBUSY) or on another file
// system than the folder beside it (EXDEV).
func unmovable(err error) bool {
	return errors.Is(err, syscall.EBUSY) || errors.Is(err, syscall.EXDEV)
}

// owner returns the owner and group of a file.
func owner(info fs.FileInfo) (uid, gid int, ok bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0, false
	}
	return int(st.Uid), int(st.Gid), true
}
