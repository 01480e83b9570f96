package source_test

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"testing"

	"github.com/recapjournal/recap/generator/source"
)

// tenThousand writes a content folder of 10,000 notes in 120 month folders,
// with an attachment in each, as a journal of several years has.
func tenThousand(b *testing.B) string {
	root := b.TempDir()
	for i := range 10000 {
		dir := filepath.Join(root, "content", fmt.Sprintf("%d", 2016+i/1200), fmt.Sprintf("%02d", i/100%12+1))
		if i%100 == 0 {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				b.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "diagram.png"), []byte("png"), 0o644); err != nil {
				b.Fatal(err)
			}
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("note-%05d.md", i)), []byte("# note\n"), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return root
}

// BenchmarkWalk10k walks a content folder of 10,000 notes, as every build and
// every rebuild of the watcher does.
func BenchmarkWalk10k(b *testing.B) {
	root := tenThousand(b)
	for _, fsys := range []struct {
		name string
		fs   fs.FS
	}{{"DirFS", source.DirFS(root)}, {"os.DirFS", os.DirFS(root)}} {
		b.Run(fsys.name, func(b *testing.B) {
			for b.Loop() {
				f, err := source.Walk(fsys.fs, "content", nil)
				if err != nil || len(f.Notes) != 10000 {
					b.Fatalf("walk: %d notes, %v", len(f.Notes), err)
				}
			}
		})
	}
}

// BenchmarkReadNotes10k reads the 10,000 notes of a content folder with
// ReadNote, and with fs.ReadFile, which does not check what it reads.
func BenchmarkReadNotes10k(b *testing.B) {
	root := tenThousand(b)
	fsys := source.DirFS(root)
	f, err := source.Walk(fsys, "content", nil)
	if err != nil {
		b.Fatal(err)
	}
	for _, read := range []struct {
		name string
		read func(string) ([]byte, error)
	}{
		{"ReadNote", func(p string) ([]byte, error) { return source.ReadNote(fsys, p) }},
		{"fs.ReadFile", func(p string) ([]byte, error) { return fs.ReadFile(os.DirFS(root), p) }},
	} {
		b.Run(read.name, func(b *testing.B) {
			for b.Loop() {
				for _, n := range f.Notes {
					if _, err := read.read(path.Join("content", n)); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
