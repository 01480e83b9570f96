//go:build unix

package watch

import (
	"os"
	"syscall"
)

// idOf identifies the folder at disk by its device and inode numbers.
func idOf(disk string) (dirID, error) {
	st, err := os.Stat(disk)
	if err != nil {
		return dirID{}, err
	}
	if s, ok := st.Sys().(*syscall.Stat_t); ok && s.Ino != 0 {
		return dirID{dev: uint64(s.Dev), ino: uint64(s.Ino)}, nil
	}
	return pathID(disk)
}
