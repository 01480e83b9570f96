package journal_test

import (
	"io/fs"
	"os"
	"testing"
	"time"

	"github.com/recapjournal/recap/generator/internal/corpus"
	"github.com/recapjournal/recap/generator/journal"
)

// benchmarkLoad writes the synthetic corpus of n notes to a temporary folder
// once, then measures journal.Load over it. b.Loop runs the function body
// once, so the corpus is written once per -count.
func benchmarkLoad(b *testing.B, n int) {
	dir := b.TempDir()
	if err := corpus.Write(dir, n, 1); err != nil {
		b.Fatal(err)
	}
	fsys := os.DirFS(dir)
	var size int64
	err := fs.WalkDir(fsys, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		size += info.Size()
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(size)
	b.ReportAllocs()
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	for b.Loop() {
		j, err := journal.Load(fsys, nil, journal.Options{Now: now})
		if err != nil {
			b.Fatal(err)
		}
		if len(j.Meetings)+len(j.Pages) != n {
			b.Fatalf("%d notes, want %d", len(j.Meetings)+len(j.Pages), n)
		}
	}
}

func BenchmarkLoad1k(b *testing.B)  { benchmarkLoad(b, 1000) }
func BenchmarkLoad10k(b *testing.B) { benchmarkLoad(b, 10000) }
