package build_test

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/recapjournal/recap/generator/build"
	"github.com/recapjournal/recap/generator/internal/corpus"
	"github.com/recapjournal/recap/generator/journal"
	"github.com/recapjournal/recap/generator/watch"
)

// rebuildBenchNow is after every meeting of the corpus.
var rebuildBenchNow = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)

// rebuildBench is a built corpus and one note of it to edit.
type rebuildBench struct {
	root    string
	b       *build.Builder
	rel     string    // the edited note, relative to the root
	page    string    // its output page
	markers [2]string // text that only one version of the note has
	data    [2][]byte // the two versions
}

// newRebuildBench writes a corpus of notes notes into a temporary folder,
// builds it once and prepares two versions of a note in the middle of it:
// with a paragraph added (prose, which moves the items below it), that and
// an item ticked in the second version (tick), or with its action items
// reworded (items, which links the journal again).
// All of it is outside the benchmark's timer.
func newRebuildBench(b *testing.B, notes int, items, tick bool) *rebuildBench {
	b.Helper()
	rb := &rebuildBench{root: b.TempDir()}
	if err := corpus.Write(rb.root, notes, 1); err != nil {
		b.Fatal(err)
	}
	rb.b = build.NewBuilder(build.Options{Root: rb.root, Now: rebuildBenchNow})
	if _, err := rb.b.Full(); err != nil {
		b.Fatal(err)
	}
	var all []string
	err := filepath.WalkDir(filepath.Join(rb.root, "content"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			rel, _ := filepath.Rel(rb.root, p)
			all = append(all, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	if len(all) != notes {
		b.Fatalf("corpus wrote %d notes, want %d", len(all), notes)
	}
	slices.Sort(all)
	rb.rel = all[len(all)/2]
	rb.page = filepath.Join(rb.b.Out(), filepath.FromSlash(journal.PageURL(strings.TrimPrefix(rb.rel, "content/"))), "index.html")
	orig, err := os.ReadFile(filepath.Join(rb.root, filepath.FromSlash(rb.rel)))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := os.Stat(rb.page); err != nil {
		b.Fatalf("the page of %s: %v", rb.rel, err)
	}
	rb.markers = [2]string{"Benchmark edit, version one.", "Benchmark edit, version two."}
	for i, m := range rb.markers {
		v := strings.Replace(string(orig), "## Agenda", m+"\n\n## Agenda", 1)
		if tick && i == 1 {
			v = strings.Replace(v, "- [ ]", "- [x]", 1)
		}
		if items {
			rb.markers[i] = fmt.Sprintf("benchmark-edit-%d", i+1)
			v = regexp.MustCompile(`(?m)^(- \[.\] [^\n]*?)( 📅|$)`).ReplaceAllString(string(orig), "${1} "+rb.markers[i]+"${2}")
		}
		if v == string(orig) {
			b.Fatalf("%s has nothing to edit", rb.rel)
		}
		rb.data[i] = []byte(v)
	}
	return rb
}

// edit writes version i%2 of the note.
func (rb *rebuildBench) edit(b *testing.B, i int) {
	if err := os.WriteFile(filepath.Join(rb.root, filepath.FromSlash(rb.rel)), rb.data[i%2], 0o644); err != nil {
		b.Fatal(err)
	}
}

// pageHas reports whether the page shows version i%2.
func (rb *rebuildBench) pageHas(b *testing.B, i int) bool {
	data, err := os.ReadFile(rb.page)
	if err != nil {
		b.Fatal(err)
	}
	return strings.Contains(string(data), rb.markers[i%2])
}

// benchRebuildOneNote measures Builder.Update after one note changed.
func benchRebuildOneNote(b *testing.B, notes int, items, tick bool) {
	rb := newRebuildBench(b, notes, items, tick)
	written := 0
	i := 0
	for b.Loop() {
		rb.edit(b, i)
		res, err := rb.b.Update([]string{rb.rel})
		if err != nil {
			b.Fatal(err)
		}
		written += res.Written
		if !rb.pageHas(b, i) {
			b.Fatalf("iteration %d: %s does not show the edit", i, rb.page)
		}
		i++
	}
	b.ReportMetric(float64(written)/float64(i), "files-written/op")
}

func BenchmarkRebuildOneNote1k(b *testing.B)  { benchRebuildOneNote(b, 1000, false, false) }
func BenchmarkRebuildOneNote10k(b *testing.B) { benchRebuildOneNote(b, 10000, false, false) }

// BenchmarkRebuildTick10k ticks an item and unticks it again, with the prose
// edit.
func BenchmarkRebuildTick10k(b *testing.B) { benchRebuildOneNote(b, 10000, false, true) }

// BenchmarkRebuildItems10k rewords every action item of a note: the journal
// is linked again.
func BenchmarkRebuildItems10k(b *testing.B) { benchRebuildOneNote(b, 10000, true, false) }

// benchWatchEventToOutput measures from writing a note to its page showing
// the edit, through watch.Run (with its default quiet period) and
// Builder.Update, as in `recap serve`.
func benchWatchEventToOutput(b *testing.B, notes int) {
	rb := newRebuildBench(b, notes, false, false)
	built := make(chan struct{}, 1)
	signal := func() {
		select {
		case built <- struct{}{}:
		default:
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	out := filepath.Base(rb.b.Out())
	go func() {
		done <- watch.Run(ctx, watch.Options{
			Root: rb.root,
			Skip: func(rel string) bool { return rel == out || strings.HasPrefix(rel, out+"/") },
			OnChange: func(paths []string) {
				if _, err := rb.b.Update(paths); err != nil {
					b.Error(err)
				}
				signal()
			},
		})
	}()
	b.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			b.Error(err)
		}
	})
	// Wait until the watcher reports changes.
	probe := filepath.Join(rb.root, "bench-probe.txt")
	for ready := false; !ready; {
		if err := os.WriteFile(probe, []byte(time.Now().String()), 0o644); err != nil {
			b.Fatal(err)
		}
		select {
		case <-built:
			ready = true
		case <-time.After(500 * time.Millisecond):
		}
	}
	time.Sleep(100 * time.Millisecond)
	select {
	case <-built:
	default:
	}

	i := 0
	for b.Loop() {
		rb.edit(b, i)
		for !rb.pageHas(b, i) {
			select {
			case <-built:
			case <-time.After(30 * time.Second):
				b.Fatalf("iteration %d: the page never showed the edit", i)
			}
		}
		i++
	}
}

func BenchmarkWatchEventToOutput1k(b *testing.B)  { benchWatchEventToOutput(b, 1000) }
func BenchmarkWatchEventToOutput10k(b *testing.B) { benchWatchEventToOutput(b, 10000) }
