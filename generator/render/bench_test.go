package render

import (
	"testing"
	"time"

	"github.com/recapjournal/recap/generator/config"
	"github.com/recapjournal/recap/generator/internal/corpus"
	"github.com/recapjournal/recap/generator/journal"
	"github.com/recapjournal/recap/generator/note"
)

// benchSite is a 1,000-note corpus journal and the built-in theme.
func benchSite(b *testing.B) (*Theme, *Site) {
	b.Helper()
	fsys := corpus.WriteFS(1000, 1)
	cfg, err := config.Load(fsys)
	if err != nil {
		b.Fatal(err)
	}
	bodies := NewBodyRenderer(Markdown(), journal.NewResolver(cfg), cfg.ContentDir)
	j, err := journal.Load(fsys, cfg, journal.Options{Now: time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC),
		Note: note.Options{Markdown: bodies.Markdown(), OnAST: bodies.OnAST}})
	if err != nil {
		b.Fatal(err)
	}
	th, err := LoadTheme(nil)
	if err != nil {
		b.Fatal(err)
	}
	return th, NewSite(j, func(m *journal.Meeting) string { return bodies.Body(m.Note) }, nil)
}

// BenchmarkPages renders every page of a 1,000-note journal, by kind, with
// a fresh site each time (rows rendered once per site, as in a build).
func BenchmarkPages(b *testing.B) {
	th, s0 := benchSite(b)
	j := s0.j
	for _, kind := range []string{"meeting", "person", "other"} {
		b.Run(kind, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				s := NewSite(j, s0.bodies, nil)
				for _, job := range s.Jobs() {
					k := job.Kind
					if k != "meeting" && k != "person" {
						k = "other"
					}
					if k != kind {
						continue
					}
					if _, err := th.Render(job); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
