//go:build !unix

package source_test

import "testing"

// mkfifo skips the test: there are no FIFOs here.
func mkfifo(t *testing.T, p string) {
	t.Helper()
	t.Skip("no FIFOs here")
}
