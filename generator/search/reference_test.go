package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/recapjournal/recap/generator/config"
	"github.com/recapjournal/recap/generator/internal/corpus"
	"github.com/recapjournal/recap/generator/journal"
	"github.com/recapjournal/recap/generator/note"
	"os"
	"path/filepath"
)

// script is how the index was first written: BuildIndex and BuildActions
// through encoding/json. The fast writers must give the same bytes.
func script(global string, v any) []byte {
	var b bytes.Buffer
	b.WriteString("window." + global + " = ")
	enc := json.NewEncoder(&b)
	if err := enc.Encode(v); err != nil {
		panic(err)
	}
	b.Truncate(b.Len() - 1)
	b.WriteString(";\n")
	return b.Bytes()
}

func loadCorpus(t *testing.T, notes int, seed int64) *journal.Journal {
	t.Helper()
	root := t.TempDir()
	if err := corpus.Write(root, notes, seed); err != nil {
		t.Fatal(err)
	}
	fsys := os.DirFS(root)
	cfg, err := config.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	j, err := journal.Load(fsys, cfg, journal.Options{Now: time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC), Note: note.Options{KeepText: true}})
	if err != nil {
		t.Fatal(err)
	}
	return j
}

// TestFastMatchesReference compares IndexJS and ActionsJS with encoding/json
// over the sample journal and generated ones, and an Indexer reused across
// journals (as watch mode reuses it) with a fresh one.
func TestFastMatchesReference(t *testing.T) {
	var js []*journal.Journal
	for seed := int64(1); seed <= 3; seed++ {
		js = append(js, loadCorpus(t, 150, seed))
	}
	sample, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if j, err := journal.Load(os.DirFS(sample), nil, journal.Options{Now: time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC), Note: note.Options{KeepText: true}}); err == nil {
		js = append(js, j)
	} else {
		t.Fatal(err)
	}
	x, w := NewIndexer(true), NewActionsWriter(true)
	for i, j := range js {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			want := script("RECAP_SEARCH", BuildIndex(j))
			if got := IndexJS(j); !bytes.Equal(got, want) {
				t.Errorf("IndexJS differs from encoding/json:\n%s", firstDiff(got, want))
			}
			wantActions := script("RECAP_ACTIONS", BuildActions(j))
			if got := ActionsJS(j); !bytes.Equal(got, wantActions) {
				t.Errorf("ActionsJS differs from encoding/json:\n%s", firstDiff(got, wantActions))
			}
			for range 2 { // the second time from what they kept
				if got := x.IndexJS(j); !bytes.Equal(got, want) {
					t.Errorf("a reused Indexer differs from encoding/json:\n%s", firstDiff(got, want))
				}
				if got := w.JS(j); !bytes.Equal(got, wantActions) {
					t.Errorf("a reused ActionsWriter differs from encoding/json:\n%s", firstDiff(got, wantActions))
				}
			}
		})
	}
}

func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-80)
	return fmt.Sprintf("at byte %d:\n got …%s\nwant …%s", i, a[lo:min(len(a), i+80)], b[lo:min(len(b), i+80)])
}
