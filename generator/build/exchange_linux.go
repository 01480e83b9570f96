package build

import "golang.org/x/sys/unix"

// exchange atomically swaps two directories, so a static server sees either
// the old site or the new one, never a mix or nothing.
func exchange(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}
