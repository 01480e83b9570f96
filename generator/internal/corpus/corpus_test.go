package corpus_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/recapjournal/recap/generator/config"
	"github.com/recapjournal/recap/generator/internal/corpus"
	"github.com/recapjournal/recap/generator/journal"
	"github.com/recapjournal/recap/generator/note"
)

func TestDeterministic(t *testing.T) {
	a := corpus.WriteFS(300, 7)
	b := corpus.WriteFS(300, 7)
	if len(a) != len(b) {
		t.Fatalf("two runs with the same seed: %d and %d files", len(a), len(b))
	}
	for name, f := range a {
		g, ok := b[name]
		if !ok || !bytes.Equal(f.Data, g.Data) {
			t.Fatalf("two runs with the same seed differ at %s", name)
		}
	}
	c := corpus.WriteFS(300, 8)
	same := 0
	for name, f := range a {
		if g, ok := c[name]; ok && bytes.Equal(f.Data, g.Data) {
			same++
		}
	}
	if same > 1 { // config.toml does not depend on the seed
		t.Errorf("seeds 7 and 8 give %d identical files", same)
	}
}

func TestWriteMatchesWriteFS(t *testing.T) {
	dir := t.TempDir()
	if err := corpus.Write(dir, 120, 3); err != nil {
		t.Fatal(err)
	}
	want := corpus.WriteFS(120, 3)
	got := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		f, ok := want[rel]
		if !ok {
			t.Errorf("Write wrote %s, which WriteFS does not have", rel)
			return nil
		}
		if !bytes.Equal(f.Data, data) {
			t.Errorf("Write and WriteFS differ at %s", rel)
		}
		got++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got != len(want) {
		t.Errorf("Write wrote %d files, WriteFS has %d", got, len(want))
	}
}

func TestShape(t *testing.T) {
	const n = 1000
	fsys := corpus.WriteFS(n, 1)
	cfg, err := config.Load(fsys)
	if err != nil {
		t.Fatalf("config.toml: %v", err)
	}
	if len(cfg.People) != corpus.People {
		t.Errorf("config.toml defines %d people, want %d", len(cfg.People), corpus.People)
	}
	features := []string{"📅", "✅", "due:", "[due:: ", "[owner:: @", "> [!gem]", "> [!question]", "```go", "```sql", "| metric |", " #", "- [x] ", "- [ ] ", "- [/] ", "- [-] ", "**", "](https://",
		"- [?] ", "⏳ ", "[scheduled:: ", " t:20", "## Open from earlier", "people = [", "revisit = 20"}
	notes, size := 0, 0
	all := map[string]bool{}
	for name, f := range fsys {
		if name == "config.toml" {
			continue
		}
		if !(strings.HasPrefix(name, "content/20") || strings.HasPrefix(name, "content/topics/")) || !strings.HasSuffix(name, ".md") {
			t.Errorf("unexpected file %s", name)
		}
		notes++
		size += len(f.Data)
		s := string(f.Data)
		if !strings.HasPrefix(s, "+++\n") {
			t.Errorf("%s: no TOML front matter", name)
		}
		for _, feature := range features {
			if strings.Contains(s, feature) {
				all[feature] = true
			}
		}
	}
	if notes != n {
		t.Errorf("%d notes, want %d", notes, n)
	}
	if avg := size / notes; avg < 1700 || avg > 2500 {
		t.Errorf("a note is %d bytes on average, want about 2 KB", avg)
	}
	for _, feature := range features {
		if !all[feature] {
			t.Errorf("no note has %q", feature)
		}
	}

	j, err := journal.Load(fsys, nil, journal.Options{Now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatalf("journal.Load: %v", err)
	}
	if len(j.Diags) > 0 {
		t.Errorf("the corpus has %d warnings, first: %v", len(j.Diags), j.Diags[0])
	}
	if topics := corpus.Topics(n); len(j.Meetings) != n-topics || len(j.Pages) != topics {
		t.Errorf("%d meetings and %d pages, want %d and %d", len(j.Meetings), len(j.Pages), n-topics, topics)
	}
	if len(j.People) != corpus.People {
		t.Errorf("%d people, want %d (every attendee and mention is configured)", len(j.People), corpus.People)
	}
	unreviewed, pairs, teams, items := 0, 0, 0, 0
	syntaxes := map[note.Syntax]int{}
	for _, m := range j.Meetings {
		if !m.Reviewed {
			unreviewed++
		}
		if m.Series == nil {
			t.Fatalf("%s has no series", m.Source)
		}
		if len(m.People) == 2 {
			pairs++
		} else {
			teams++
		}
		if len(m.Points) > 0 && len(m.People) != 2 {
			t.Errorf("%s: talking points in a team meeting", m.Source)
		}
		for _, o := range m.Occurrences {
			it := o.Item
			items++
			syntaxes[it.DateSyntax]++
			if it.Owner == "" {
				t.Errorf("%s:%d: an item without an owner", m.Source, it.Line)
			}
		}
	}
	if f := float64(unreviewed) / float64(len(j.Meetings)); f < 0.15 || f > 0.25 {
		t.Errorf("%.0f%% of meetings unreviewed, want about 20%%", 100*f)
	}
	if f := float64(pairs) / float64(len(j.Meetings)); f < 0.65 || f > 0.85 {
		t.Errorf("%.0f%% of meetings are 1:1s, want about 75%%", 100*f)
	}
	if teams == 0 {
		t.Error("no team meetings")
	}
	for _, s := range []note.Syntax{note.SyntaxEmoji, note.SyntaxTodoTxt, note.SyntaxDataview} {
		if syntaxes[s] == 0 {
			t.Errorf("no item uses the %s syntax", s)
		}
	}
	if len(j.Actions) >= items {
		t.Errorf("%d logical actions from %d items: nothing is carried across a series", len(j.Actions), items)
	}
}

// TestAgendas checks the talking points and topics of a corpus journal: a
// few percent of the meetings raise points, most are carried into the
// series' next meeting and ticked there, some are scheduled, some stay
// open; the topic pages name people, and some are open, closed or to
// revisit.
func TestAgendas(t *testing.T) {
	const n = 2000
	fsys := corpus.WriteFS(n, 1)
	for _, feature := range []string{"closed = true\n", "closed = 2026-", "revisit = 20"} {
		found := false
		for name, f := range fsys {
			found = found || strings.HasPrefix(name, "content/topics/") && strings.Contains(string(f.Data), feature)
		}
		if !found {
			t.Errorf("no topic has %q", feature)
		}
	}
	j, err := journal.Load(fsys, nil, journal.Options{Now: time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatalf("journal.Load: %v", err)
	}
	if len(j.Diags) > 0 {
		t.Errorf("the corpus has %d warnings, first: %v", len(j.Diags), j.Diags[0])
	}
	raised, open, closed, scheduled, carried, occurrences := 0, 0, 0, 0, 0, 0
	for _, a := range j.Points {
		if !a.Point || a.Owner != nil || len(a.For) == 0 {
			t.Errorf("%s:%d: talking point %q: point %v, owner %v, for %d people", a.Source(), a.Line(), a.Text, a.Point, a.Owner, len(a.For))
		}
		if a.First().Meeting.IsPage() {
			continue
		}
		raised++
		occurrences += len(a.Occurrences)
		if a.IsOpen() {
			open++
		} else {
			closed++
		}
		if a.Scheduled != "" {
			scheduled++
		}
		if len(a.Occurrences) > 1 {
			carried++
		}
	}
	withPoints := 0
	for _, m := range j.Meetings {
		for _, o := range m.Points {
			if o.Action.First() == o {
				withPoints++
				break
			}
		}
	}
	if f := float64(withPoints) / float64(len(j.Meetings)); f < 0.02 || f > 0.06 {
		t.Errorf("%.1f%% of meetings raise talking points, want a few percent", 100*f)
	}
	t.Logf("%d talking points (%d occurrences): %d open, %d closed, %d scheduled, %d carried", raised, occurrences, open, closed, scheduled, carried)
	if open == 0 || closed == 0 || scheduled == 0 || carried == 0 || closed < open {
		t.Errorf("%d talking points: %d open, %d closed, %d scheduled, %d carried; want some of each, mostly closed", raised, open, closed, scheduled, carried)
	}
	topics, openTopics, revisit := 0, 0, 0
	for _, pg := range j.Pages {
		if !pg.IsTopic() || len(pg.People) < 2 {
			t.Errorf("%s: a topic with %d people", pg.Source, len(pg.People))
			continue
		}
		topics++
		if !pg.Closed {
			openTopics++
		}
		if pg.Revisit != "" {
			revisit++
		}
	}
	if topics != corpus.Topics(n) || openTopics == 0 || openTopics == topics || revisit == 0 {
		t.Errorf("%d topics (want %d): %d open, %d to revisit; want some of each", topics, corpus.Topics(n), openTopics, revisit)
	}
	points, onAgenda := 0, 0
	for _, p := range j.People {
		ag := j.Agenda(p)
		points += len(ag.TalkingPoints)
		onAgenda += len(ag.Topics)
	}
	if points == 0 || onAgenda == 0 {
		t.Errorf("the agendas list %d talking points and %d topics, want some of each", points, onAgenda)
	}
}

func TestSize10k(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 notes")
	}
	size := 0
	for _, f := range corpus.WriteFS(10000, 1) {
		size += len(f.Data)
	}
	if size < 17<<20 || size > 23<<20 {
		t.Errorf("10,000 notes are %.1f MB, want about 20 MB", float64(size)/1e6)
	}
}
