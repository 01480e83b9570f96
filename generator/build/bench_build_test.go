package build

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/recapjournal/recap/generator/internal/corpus"
)

var (
	benchSites   = map[int]string{}
	benchSitesMu sync.Mutex
)

// benchSite writes a synthetic journal of n notes once per test binary.
func benchSite(b *testing.B, n int) string {
	b.Helper()
	benchSitesMu.Lock()
	defer benchSitesMu.Unlock()
	if dir, ok := benchSites[n]; ok {
		return dir
	}
	dir, err := os.MkdirTemp("", "recap-bench-")
	if err != nil {
		b.Fatal(err)
	}
	if err := corpus.Write(dir, n, 1); err != nil {
		b.Fatal(err)
	}
	benchSites[n] = dir
	return dir
}

func benchBuild(b *testing.B, n int, again bool) {
	root := benchSite(b, n)
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	out := filepath.Join(b.TempDir(), "public")
	if again {
		if _, err := Build(Options{Root: root, Now: now, OutDir: out}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if !again {
			b.StopTimer()
			os.RemoveAll(out)
			b.StartTimer()
		}
		if _, err := Build(Options{Root: root, Now: now, OutDir: out}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuild1k and BenchmarkBuild10k are full builds into an empty output
// folder; the Again variants are second builds with nothing changed.
func BenchmarkBuild1k(b *testing.B)       { benchBuild(b, 1000, false) }
func BenchmarkBuild10k(b *testing.B)      { benchBuild(b, 10000, false) }
func BenchmarkBuildAgain1k(b *testing.B)  { benchBuild(b, 1000, true) }
func BenchmarkBuildAgain10k(b *testing.B) { benchBuild(b, 10000, true) }
