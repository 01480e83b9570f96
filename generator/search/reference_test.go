package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"github.com/recapjournal/recap/generator/internal/slug"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/recapjournal/recap/generator/config"
	"github.com/recapjournal/recap/generator/internal/corpus"
	"github.com/recapjournal/recap/generator/journal"
	"github.com/recapjournal/recap/generator/note"
	"os"
	"path/filepath"
)

// The reference writers: the index and the actions data built as Go values
// and encoded by encoding/json, as they were first written. IndexJS and
// ActionsJS must give the same bytes; the other tests read them too.

// Index is the search index, as shipped.
type Index struct {
	V        int      `json:"v"`
	People   [][]any  `json:"people"`
	Tags     [][]any  `json:"tags"`
	Series   [][]any  `json:"series"`
	Meetings [][]any  `json:"meetings"`
	Actions  [][]any  `json:"actions"`
	Terms    []string `json:"terms"`
	Post     []string `json:"post"`
	// Stop lists the stop words, space-separated: a query word that is one
	// does not have to match.
	Stop string `json:"stop"`
}

// BuildIndex computes the search index of a journal.
func BuildIndex(j *journal.Journal) *Index {
	x := &Index{V: 1, People: [][]any{}, Tags: [][]any{}, Series: [][]any{}, Meetings: [][]any{}, Actions: [][]any{}, Terms: []string{}, Post: []string{}}
	people := map[*journal.Person]int{}
	for _, p := range j.People {
		if hiddenPerson(p) {
			continue
		}
		people[p] = len(x.People)
		meta := append([]string{p.ID}, p.Aliases...)
		if p.Role != "" {
			meta = append(meta, p.Role)
		}
		x.People = append(x.People, []any{p.Name, personURL(p), strings.Join(meta, " "), len(p.Meetings)})
	}
	tags := map[string]int{}
	for i, t := range j.Tags {
		tags[t.Slug] = i
		x.Tags = append(x.Tags, []any{t.Name, tagURL(t.Name), len(t.Meetings) + len(t.Actions)})
	}
	series := map[*journal.Series]int{}
	for i, s := range j.Series {
		series[s] = i
		x.Series = append(x.Series, []any{s.Title(), seriesURL(s), len(s.Meetings)})
	}
	postings := map[string][]int{}
	terms := allTerms(j.Meetings)
	for i, m := range j.Meetings {
		ps := make([]int, 0, len(m.People))
		for _, p := range m.People {
			ps = append(ps, people[p])
		}
		ts := []int{}
		for _, t := range m.Tags {
			if k, ok := tags[journal.TagSlug(t)]; ok && !slices.Contains(ts, k) {
				ts = append(ts, k)
			}
		}
		se := -1
		if m.Series != nil {
			se = series[m.Series]
		}
		x.Meetings = append(x.Meetings, []any{m.Title, slug.EscapePath(m.URL), localDate(j, m), ps, ts, se})
		for _, t := range terms[i] {
			postings[t] = append(postings[t], i)
		}
	}
	for _, a := range j.Actions {
		if Private(a) {
			continue
		}
		o := a.Latest()
		owner := -1
		if a.Owner != nil {
			owner = people[a.Owner]
		}
		x.Actions = append(x.Actions, []any{a.Text, o.Meeting.Index, o.Line, owner, statusLetter[a.Status], a.Due})
	}
	for t := range postings {
		x.Terms = append(x.Terms, t)
	}
	slices.Sort(x.Terms)
	x.Stop = stopList
	for _, t := range x.Terms {
		x.Post = append(x.Post, encodePostings(postings[t]))
	}
	return x
}

// allTerms computes the index words of every meeting, in parallel.
func allTerms(ms []*journal.Meeting) [][]string {
	out := make([][]string, len(ms))
	workers := min(runtime.GOMAXPROCS(0), 1+len(ms)/256)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var tm termer
			for i := w; i < len(ms); i += workers {
				out[i] = tm.terms(ms[i].Note)
			}
		}()
	}
	wg.Wait()
	return out
}

func cut(w string) string {
	n := 0
	for i := range w {
		if n == MaxTermLen {
			return w[:i]
		}
		n++
	}
	return w
}

// encodePostings is appendPostings for ints, as a string.
func encodePostings(ids []int) string {
	ids32 := make([]int32, len(ids))
	for k, id := range ids {
		ids32[k] = int32(id)
	}
	return string(appendPostings(nil, ids32))
}

// Actions is the actions data, as shipped.
type Actions struct {
	V        int     `json:"v"`
	Today    string  `json:"today"`
	People   [][]any `json:"people"`
	Tags     [][]any `json:"tags"`
	Series   [][]any `json:"series"`
	Meetings [][]any `json:"meetings"`
	Actions  [][]any `json:"actions"`
}

// BuildActions computes the actions page's filter data.
func BuildActions(j *journal.Journal) *Actions {
	x := &Actions{V: 1, Today: j.Today, People: [][]any{}, Tags: [][]any{}, Series: [][]any{}, Meetings: [][]any{}, Actions: [][]any{}}
	people := map[*journal.Person]int{}
	tags := map[string]int{}
	series := map[*journal.Series]int{}
	meetings := map[*journal.Meeting]int{}
	for _, a := range j.Actions {
		owner := -1
		if p := a.Owner; p != nil {
			k, ok := people[p]
			if !ok {
				k = len(x.People)
				people[p] = k
				x.People = append(x.People, []any{p.ID, p.Name, personURL(p)})
			}
			owner = k
		}
		ts := []int{}
		for _, t := range a.Tags {
			s := journal.TagSlug(t)
			k, ok := tags[s]
			if !ok {
				k = len(x.Tags)
				tags[s] = k
				x.Tags = append(x.Tags, []any{t, tagURL(t)})
			}
			if !slices.Contains(ts, k) {
				ts = append(ts, k)
			}
		}
		se := -1
		if s := a.Series; s != nil {
			k, ok := series[s]
			if !ok {
				k = len(x.Series)
				series[s] = k
				x.Series = append(x.Series, []any{s.ID, s.Title(), seriesURL(s)})
			}
			se = k
		}
		o := a.Latest()
		m := o.Meeting
		mi, ok := meetings[m]
		if !ok {
			mi = len(x.Meetings)
			meetings[m] = mi
			x.Meetings = append(x.Meetings, []any{m.Title, slug.EscapePath(m.URL) + "index.html", localDate(j, m)})
		}
		overdue := 0
		if a.Overdue {
			overdue = 1
		}
		x.Actions = append(x.Actions, []any{a.Text, owner, string(a.Status), a.Due, overdue, ts, se, mi, o.Line,
			a.Priority, a.DoneDate, a.Cancelled, len(a.Occurrences)})
	}
	return x
}

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
