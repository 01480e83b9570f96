package main

import (
	"fmt"
	"os"
	"testing"
)

// TestMain keeps the tests' build state out of the user's cache folder:
// `recap build` remembers its last build in $XDG_CACHE_HOME/recap.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "recap-cache-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Setenv("XDG_CACHE_HOME", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
