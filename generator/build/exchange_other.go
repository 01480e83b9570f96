//go:build !linux

package build

import (
	"errors"
	"io/fs"
	"syscall"
)

// exchange is not available: the caller falls back to two renames. It is a
// variable so that tests can make it fail as it does on a mount point.
var exchange = func(a, b string) error { return errors.New("atomic exchange not supported") }

// isMountPoint is not known here: renaming a mount point fails, and the
// build then publishes in place (see unmovable).
var isMountPoint = func(dir string) bool { return false }

// unmovable reports whether err, from renaming the output folder, says that
// it cannot be renamed at all: it is a mount point (EBUSY) or on another file
// system than the folder beside it (EXDEV).
func unmovable(err error) bool {
	return errors.Is(err, syscall.EBUSY) || errors.Is(err, syscall.EXDEV)
}

// owner is not kept on this system.
func owner(info fs.FileInfo) (uid, gid int, ok bool) { return 0, 0, false }
