package main

import (
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"
)

// TestBuildBoundsHeap checks that recap build caps its heap at a multiple of
// the loaded journal's, and leaves a GOMEMLIMIT the user set alone.
func TestBuildBoundsHeap(t *testing.T) {
	if os.Getenv("GOMEMLIMIT") != "" {
		t.Skip("GOMEMLIMIT is set")
	}
	prev := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(prev)
	debug.SetMemoryLimit(math.MaxInt64)
	out := filepath.Join(t.TempDir(), "public")
	if code, _, stderr := recap(t, nil, "build", "-s", "../..", "-o", out, "--now", goldenNow); code != 0 {
		t.Fatalf("recap build: exit %d: %s", code, stderr)
	}
	limit := debug.SetMemoryLimit(-1)
	if limit == math.MaxInt64 {
		t.Fatal("recap build set no memory limit")
	}
	if limit < 1<<20 || limit > 1<<30 {
		t.Errorf("memory limit %d for the sample journal: want a small multiple of its heap", limit)
	}
}

func TestBuildKeepsGOMEMLIMIT(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "1GiB") // read by boundHeap; the runtime read it at start
	prev := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(prev)
	debug.SetMemoryLimit(math.MaxInt64)
	out := filepath.Join(t.TempDir(), "public")
	if code, _, stderr := recap(t, nil, "build", "-s", "../..", "-o", out, "--now", goldenNow); code != 0 {
		t.Fatalf("recap build: exit %d: %s", code, stderr)
	}
	if limit := debug.SetMemoryLimit(-1); limit != math.MaxInt64 {
		t.Errorf("recap build set a memory limit of %d although GOMEMLIMIT is set", limit)
	}
}
