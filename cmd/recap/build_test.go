package main

import (
	"math"
	"path/filepath"
	"runtime/debug"
	"testing"
)

// TestBuildBoundsHeap checks that recap build caps its heap at a multiple of
// the loaded journal's, and leaves a GOMEMLIMIT the user set alone.
func TestBuildBoundsHeap(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	limit := limitAfterBuild(t)
	if limit == math.MaxInt64 {
		t.Fatal("recap build set no memory limit")
	}
	if limit < 1<<20 || limit > 1<<30 {
		t.Errorf("memory limit %d for the sample journal: want a small multiple of its heap", limit)
	}

	t.Setenv("GOMEMLIMIT", "1GiB") // read by boundHeap; the runtime read it at start
	if limit := limitAfterBuild(t); limit != math.MaxInt64 {
		t.Errorf("recap build set a memory limit of %d although GOMEMLIMIT is set", limit)
	}
}

// limitAfterBuild builds the sample journal with no memory limit set and
// returns the limit the build left.
func limitAfterBuild(t *testing.T) int64 {
	t.Helper()
	prev := debug.SetMemoryLimit(math.MaxInt64)
	defer debug.SetMemoryLimit(prev)
	out := filepath.Join(t.TempDir(), "public")
	if code, _, stderr := recap(t, nil, "build", "-s", "../..", "-o", out, "--now", goldenNow); code != 0 {
		t.Fatalf("recap build: exit %d: %s", code, stderr)
	}
	return debug.SetMemoryLimit(-1)
}
