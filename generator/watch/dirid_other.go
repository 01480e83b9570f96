//go:build !unix

package watch

// idOf identifies the folder at disk by its path, links resolved: this
// system gives no inode numbers.
func idOf(disk string) (dirID, error) {
	return pathID(disk)
}
