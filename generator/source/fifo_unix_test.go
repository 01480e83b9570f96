//go:build unix

package source_test

import (
	"syscall"
	"testing"
)

// mkfifo makes a FIFO at p, skipping the test where there are none.
func mkfifo(t *testing.T, p string) {
	t.Helper()
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
}
