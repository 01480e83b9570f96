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

// benchEdit is what a rebuild benchmark changes in its note.
type benchEdit int

const (
	editProse benchEdit = iota // a paragraph added, which moves the items below it
	editTick                   // that, and an item ticked in the second version
	editItems                  // its action items reworded, which links the journal again
	editPoint                  // a paragraph added, and an open talking point ticked in the second version
)

// newRebuildBench writes a corpus of notes notes into a temporary folder,
// builds it once and prepares two versions of a note in the middle of it
// (for editPoint, the note nearest the middle that lists an open talking
// point), as edit says. All of it is outside the benchmark's timer.
func newRebuildBench(b *testing.B, notes int, edit benchEdit) *rebuildBench {
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
	pointLine, pointText := 0, ""
	if edit == editPoint {
		rb.rel, pointLine, pointText = openPointNear(b, rb.b.Site().Journal, all, len(all)/2)
	}
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
		v := string(orig)
		if edit == editPoint && i == 1 {
			lines := strings.SplitAfter(v, "\n")
			l, ok := strings.CutPrefix(lines[pointLine-1], "- [?]")
			if !ok {
				b.Fatalf("%s:%d: %q is no talking point", rb.rel, pointLine, lines[pointLine-1])
			}
			lines[pointLine-1] = "- [x]" + l
			v = strings.Join(lines, "")
		}
		v = strings.Replace(v, "## Agenda", m+"\n\n## Agenda", 1)
		if edit == editTick && i == 1 {
			v = strings.Replace(v, "- [ ]", "- [x]", 1)
		}
		if edit == editItems {
			rb.markers[i] = fmt.Sprintf("benchmark-edit-%d", i+1)
			v = regexp.MustCompile(`(?m)^(- \[.\] [^\n]*?)( 📅|$)`).ReplaceAllString(string(orig), "${1} "+rb.markers[i]+"${2}")
		}
		if v == string(orig) {
			b.Fatalf("%s has nothing to edit", rb.rel)
		}
		rb.data[i] = []byte(v)
	}
	if edit == editPoint {
		// The tick closes the point and the paragraph leaves it open.
		for i, open := range []bool{false, true} {
			rb.edit(b, i+1)
			if _, err := rb.b.Update([]string{rb.rel}); err != nil {
				b.Fatal(err)
			}
			if got := pointOpen(b, rb.b.Site().Journal, rb.rel, pointText); got != open {
				b.Fatalf("version %d of %s: talking point %q open: %v, want %v", (i+1)%2+1, rb.rel, pointText, got, open)
			}
		}
		// The note as it was, so that the first timed edit changes it.
		if err := os.WriteFile(filepath.Join(rb.root, filepath.FromSlash(rb.rel)), orig, 0o644); err != nil {
			b.Fatal(err)
		}
		if _, err := rb.b.Update([]string{rb.rel}); err != nil {
			b.Fatal(err)
		}
	}
	return rb
}

// openPointNear returns the note of all nearest to all[mid] that carries an
// open talking point of an earlier meeting as "- [?] …" (ticking it there
// closes the point, as people do), the line of that copy and its text.
func openPointNear(b *testing.B, j *journal.Journal, all []string, mid int) (string, int, string) {
	b.Helper()
	byPath := map[string]*journal.Meeting{}
	for _, m := range j.Meetings {
		byPath[m.Source] = m
	}
	for d := 0; d < len(all); d++ {
		for _, k := range []int{mid + d, mid - d} {
			if k < 0 || k >= len(all) || byPath[all[k]] == nil {
				continue
			}
			for _, o := range byPath[all[k]].Points {
				if a := o.Action; o.Point && o != a.First() && a.IsOpen() && len(a.For) > 0 {
					return all[k], o.Line, o.Text
				}
			}
		}
	}
	b.Fatal("no note carries an open talking point")
	return "", 0, ""
}

// pointOpen reports whether the talking point with the text text that the
// note rel carries is open.
func pointOpen(b *testing.B, j *journal.Journal, rel, text string) bool {
	b.Helper()
	for _, m := range j.Meetings {
		if m.Source != rel {
			continue
		}
		for _, o := range m.Points {
			if o.Text == text {
				return o.Action.Point && o.Action.IsOpen()
			}
		}
	}
	b.Fatalf("%s: no talking point %q", rel, text)
	return false
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
func benchRebuildOneNote(b *testing.B, notes int, edit benchEdit) {
	rb := newRebuildBench(b, notes, edit)
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

func BenchmarkRebuildOneNote1k(b *testing.B)  { benchRebuildOneNote(b, 1000, editProse) }
func BenchmarkRebuildOneNote10k(b *testing.B) { benchRebuildOneNote(b, 10000, editProse) }

// BenchmarkRebuildTick10k ticks an item and unticks it again, with the prose
// edit.
func BenchmarkRebuildTick10k(b *testing.B) { benchRebuildOneNote(b, 10000, editTick) }

// BenchmarkRebuildPoint10k ticks an open talking point ("- [?]" to "- [x]")
// and opens it again, with the prose edit: the point leaves its people's
// agendas and comes back.
func BenchmarkRebuildPoint10k(b *testing.B) { benchRebuildOneNote(b, 10000, editPoint) }

// BenchmarkRebuildItems10k rewords every action item of a note: the journal
// is linked again.
func BenchmarkRebuildItems10k(b *testing.B) { benchRebuildOneNote(b, 10000, editItems) }

// benchWatchEventToOutput measures from writing a note to its page showing
// the edit, through watch.Run (with its default quiet period) and
// Builder.Update, as in `recap serve`.
func benchWatchEventToOutput(b *testing.B, notes int) {
	rb := newRebuildBench(b, notes, editProse)
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
