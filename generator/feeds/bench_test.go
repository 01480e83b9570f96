package feeds

import (
	"testing"

	"github.com/recapjournal/recap/generator/internal/corpus"
	"github.com/recapjournal/recap/generator/journal"
)

// BenchmarkFeeds10k measures actions.json and the calendar feeds of the
// synthetic 10,000-note journal (about 27,000 actions), loaded once in
// memory.
func BenchmarkFeeds10k(b *testing.B) {
	j, err := journal.Load(corpus.WriteFS(10000, 1), nil, journal.Options{Now: now})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("ActionsJSON", func(b *testing.B) {
		b.ReportAllocs()
		var n int
		for b.Loop() {
			data, err := ActionsJSON(j)
			if err != nil {
				b.Fatal(err)
			}
			n = len(data)
		}
		b.SetBytes(int64(n))
	})
	b.Run("Calendars", func(b *testing.B) {
		b.ReportAllocs()
		var n int
		for b.Loop() {
			n = 0
			for _, data := range Calendars(j) {
				n += len(data)
			}
		}
		b.SetBytes(int64(n))
	})
}

// BenchmarkWriter10k is actions.json of the same journal written again by a
// Writer, as watch mode does after an edit that changed no action.
func BenchmarkWriter10k(b *testing.B) {
	j, err := journal.Load(corpus.WriteFS(10000, 1), nil, journal.Options{Now: now})
	if err != nil {
		b.Fatal(err)
	}
	var w Writer
	if _, err := w.ActionsJSON(j); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := w.ActionsJSON(j); err != nil {
			b.Fatal(err)
		}
	}
}
