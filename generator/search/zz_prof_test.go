package search_test

import (
	"testing"

	"github.com/recapjournal/recap/generator/internal/corpus"
	"github.com/recapjournal/recap/generator/search"
)

func BenchmarkZZActions2k(b *testing.B) {
	j := load(b, corpus.WriteFS(2000, 1), nil)
	b.ReportAllocs()
	for b.Loop() {
		search.ActionsJS(j)
	}
}
