package edit

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/recapjournal/recap/generator/note"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

const day = "2026-11-24"

// golden compares got with the file name+".golden", or writes it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	g := name + ".golden"
	if *update {
		if err := os.WriteFile(g, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(g)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (run go test -update to rewrite it)\n--- got\n%q\n--- want\n%q", g, got, want)
	}
}

func parse(t *testing.T, name string, src []byte) *note.Note {
	t.Helper()
	n, diags := note.Parse(filepath.Base(name), src, note.Options{Location: time.UTC})
	if n == nil {
		t.Fatalf("%s does not parse: %v", name, diags)
	}
	return n
}

// lineDelta returns the lines of a that b drops and the lines b adds, after
// the common leading and trailing lines (line endings included).
func lineDelta(a, b []byte) (removed, added []string) {
	la, lb := strings.SplitAfter(string(a), "\n"), strings.SplitAfter(string(b), "\n")
	i := 0
	for i < len(la) && i < len(lb) && la[i] == lb[i] {
		i++
	}
	j := 0
	for j < len(la)-i && j < len(lb)-i && la[len(la)-1-j] == lb[len(lb)-1-j] {
		j++
	}
	return la[i : len(la)-j], lb[i : len(lb)-j]
}

func TestSetReviewedGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/review/*.md")
	if len(files) == 0 {
		t.Fatal("no test notes")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			n := parse(t, f, src)
			out, changed, err := SetReviewed(src, n, day)
			if err != nil {
				t.Fatal(err)
			}
			golden(t, f, out)
			if changed == n.Reviewed {
				t.Errorf("changed = %v for a note with reviewed = %v", changed, n.Reviewed)
			}
			after := parse(t, f, out)
			if !after.Reviewed || (changed && after.ReviewedAt.Format(time.DateOnly) != day) {
				t.Errorf("after the edit: reviewed %v at %v", after.Reviewed, after.ReviewedAt)
			}
			if !changed {
				if !bytes.Equal(out, src) {
					t.Error("unchanged note came back with different bytes")
				}
				return
			}
			// Only one line changes or is added; a note without front matter
			// gets three lines. Line endings follow the note.
			removed, added := lineDelta(src, out)
			nl := "\n"
			if n.CRLF {
				nl = "\r\n"
			}
			switch {
			case n.Format == note.FormatNone:
				want := []string{"+++" + nl, "reviewed = " + day + nl, "+++" + nl}
				if n.HasBOM {
					// The BOM stays first: the first line is rewritten with the block before it.
					if len(removed) != 1 || len(added) != 4 || added[0] != "\uFEFF+++"+nl || added[3] != strings.TrimPrefix(removed[0], "\uFEFF") {
						t.Errorf("BOM note: removed %q, added %q", removed, added)
					}
				} else if len(removed) != 0 || fmt.Sprint(added) != fmt.Sprint(want) {
					t.Errorf("removed %q, added %q; want the block %q", removed, added, want)
				}
			case len(removed) == 0:
				if len(added) != 1 || !strings.HasPrefix(added[0], "reviewed") || !strings.HasSuffix(added[0], day+nl) {
					t.Errorf("added %q, want one reviewed line ending in %q", added, nl)
				}
			default:
				if len(removed) != 1 || len(added) != 1 {
					t.Fatalf("removed %q, added %q, want one line replaced", removed, added)
				}
				want := strings.Replace(removed[0], valueOf(removed[0]), day, 1)
				if valueOf(removed[0]) == "" { // "reviewed:" with no value
					body := strings.TrimRight(removed[0], "\r\n")
					want = body + " " + day + removed[0][len(body):]
				}
				if added[0] != want {
					t.Errorf("replaced %q by %q, want %q", removed[0], added[0], want)
				}
			}
			if n.HasBOM && !bytes.HasPrefix(out, []byte("\uFEFF")) {
				t.Error("the BOM is lost")
			}
			if n.CRLF && bytes.Count(out, []byte("\n")) != bytes.Count(out, []byte("\r\n")) {
				t.Error("a bare LF crept into a CRLF note")
			}
		})
	}
}

// valueOf is the value in a "reviewed = VALUE # comment" line.
func valueOf(l string) string {
	for _, sep := range []string{"=", ":"} {
		if _, v, ok := strings.Cut(l, sep); ok {
			v, _, _ = strings.Cut(v, "#")
			return strings.TrimSpace(v)
		}
	}
	return ""
}

func TestSetReviewedRefuses(t *testing.T) {
	for name, src := range map[string]string{
		"tagged value": "---\ntitle: x\nreviewed: !!bool false\n---\n",
		"anchor":       "---\ntitle: x\nreviewed: &r false\n---\n",
	} {
		t.Run(name, func(t *testing.T) {
			n, diags := note.Parse("2026-11-20-x.md", []byte(src), note.Options{Location: time.UTC})
			if n == nil {
				t.Fatalf("does not parse: %v", diags)
			}
			out, changed, err := SetReviewed([]byte(src), n, day)
			if err == nil {
				t.Fatalf("no error; changed %v, out %q", changed, out)
			}
			if out != nil || changed {
				t.Errorf("refused but returned %q, %v", out, changed)
			}
		})
	}
	n := parse(t, "2026-11-20-x.md", []byte("+++\ntitle = \"x\"\n+++\n"))
	if _, _, err := SetReviewed([]byte("+++\ntitle = \"x\"\n+++\n"), n, "2026-02-30"); err == nil {
		t.Error("an impossible date was accepted")
	}
	if _, _, err := SetReviewed([]byte("+++\ntitle = \"y\"\nx = 1\n+++\n"), n, day); err == nil {
		t.Error("a note that is not the parsed one was accepted")
	}
}

func TestTickItemGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/done/*.md")
	if len(files) == 0 {
		t.Fatal("no test notes")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			// Tick every item, one at a time, from a fresh parse each time.
			n := parse(t, f, src)
			for k := range n.Items {
				cur := parse(t, f, src).Items[k]
				out, err := TickItem(src, cur, day)
				switch {
				case cur.Status == note.Cancelled:
					if !errors.Is(err, ErrCancelled) || out != nil {
						t.Errorf("line %d: cancelled item: %q, %v", cur.Line, out, err)
					}
					continue
				case err != nil:
					t.Fatalf("line %d: %v", cur.Line, err)
				case cur.Status == note.Done:
					if !bytes.Equal(out, src) {
						t.Errorf("line %d: a done item was changed", cur.Line)
					}
					continue
				}
				removed, added := lineDelta(src, out)
				if len(removed) != 1 || len(added) != 1 {
					t.Fatalf("line %d: removed %q, added %q; want one line changed", cur.Line, removed, added)
				}
				after := parse(t, f, out).Items[k]
				want := cur.DoneDate
				if want == "" {
					want = day
				}
				if after.Status != note.Done || after.DoneDate != want || after.Text != cur.Text || after.Due != cur.Due || after.Owner != cur.Owner {
					t.Errorf("line %d: after the tick %+v", cur.Line, after)
				}
				src = out
			}
			golden(t, f, src)
		})
	}
}

func TestTickItemRefusesMovedItem(t *testing.T) {
	src := []byte("- [ ] one\n- [ ] two\n")
	n := parse(t, "2026-11-20-x.md", src)
	it := n.Items[1]
	it.Offset = 2 // not a checkbox any more
	if _, err := TickItem(src, it, day); err == nil {
		t.Error("a stale item was ticked")
	}
	it = n.Items[0]
	it.Char = 'x' // the note says one thing, the bytes another
	it.Status = note.Open
	if _, err := TickItem(src, it, day); err == nil {
		t.Error("an item whose checkbox differs was ticked")
	}
}

func TestDoneSyntax(t *testing.T) {
	for _, tc := range []struct{ line, want string }{
		{"- [ ] a 📅 2026-12-01", "- [x] a 📅 2026-12-01 ✅ 2026-11-24"},
		{"- [ ] a due:2026-12-01", "- [x] a due:2026-12-01 done:2026-11-24"},
		{"- [ ] a [due:: 2026-12-01]", "- [x] a [due:: 2026-12-01] [completion:: 2026-11-24]"},
		{"- [ ] a [owner:: dev]", "- [x] a [owner:: dev] [completion:: 2026-11-24]"},
		{"- [ ] a ⏫", "- [x] a ⏫ ✅ 2026-11-24"},
		{"- [ ] plain", "- [x] plain ✅ 2026-11-24"},
		{"- [/] `done:2026-01-01` in code", "- [x] `done:2026-01-01` in code ✅ 2026-11-24"},
		{"- [ ] a due:2026-12-01 [id:: 7]", "- [x] a due:2026-12-01 [id:: 7] done:2026-11-24"},
	} {
		src := []byte(tc.line + "\n")
		n := parse(t, "2026-11-20-x.md", src)
		out, err := TickItem(src, n.Items[0], day)
		if err != nil {
			t.Errorf("%s: %v", tc.line, err)
			continue
		}
		if got := strings.TrimSuffix(string(out), "\n"); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.line, got, tc.want)
		}
	}
}

// TestWriteAtomicFailures makes each step of the write fail and checks that
// the note is whole (byte for byte the old one, or with the final folder sync
// the new one), keeps its permissions, and that no temporary file is left.
func TestWriteAtomicFailures(t *testing.T) {
	laterClock(t)
	old := []byte("+++\ntitle = \"x\"\n+++\nold body\n")
	neu := []byte("+++\ntitle = \"x\"\nreviewed = 2026-11-24\n+++\nold body\n")
	for _, st := range []string{"create", "write", "sync", "chmod", "close", "rename", "syncdir"} {
		t.Run(st, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, "2026-11-20-x.md")
			if err := os.WriteFile(p, old, 0o640); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(p, 0o640); err != nil {
				t.Fatal(err)
			}
			boom := errors.New("boom")
			failAt = func(s string) error {
				if s == st {
					return boom
				}
				return nil
			}
			defer func() { failAt = nil }()
			err := WriteAtomic(p, neu, old)
			got, rerr := os.ReadFile(p)
			if rerr != nil {
				t.Fatal(rerr)
			}
			if st == "syncdir" {
				if err != nil || !bytes.Equal(got, neu) {
					t.Errorf("syncdir is best effort: err %v, note %q", err, got)
				}
			} else {
				if !errors.Is(err, boom) {
					t.Errorf("err = %v, want the failure of %s", err, st)
				}
				if !bytes.Equal(got, old) {
					t.Errorf("the note changed: %q", got)
				}
			}
			fi, _ := os.Stat(p)
			if fi.Mode().Perm() != 0o640 {
				t.Errorf("mode %v, want 0640", fi.Mode().Perm())
			}
			ents, _ := os.ReadDir(dir)
			if len(ents) != 1 {
				var names []string
				for _, e := range ents {
					names = append(names, e.Name())
				}
				t.Errorf("folder holds %v, want only the note", names)
			}
		})
	}
}

func TestWriteAtomic(t *testing.T) {
	laterClock(t)
	dir := t.TempDir()
	p := filepath.Join(dir, "n.md")
	os.WriteFile(p, []byte("old"), 0o600)
	os.Chmod(p, 0o600)
	if err := WriteAtomic(p, []byte("new"), []byte("older")); !errors.Is(err, ErrChanged) {
		t.Errorf("a changed note: err = %v, want ErrChanged", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "old" {
		t.Errorf("refused write changed the note: %q", b)
	}
	if err := WriteAtomic(p, []byte("new"), []byte("old")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); string(b) != "new" {
		t.Errorf("note is %q", b)
	}
	if fi, _ := os.Stat(p); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	// An editor saves while recap writes: the late comparison refuses.
	failAt = func(s string) error {
		if s == "close" {
			os.WriteFile(p, []byte("saved by the editor"), 0o600)
		}
		return nil
	}
	err := WriteAtomic(p, []byte("recap's"), []byte("new"))
	failAt = nil
	if !errors.Is(err, ErrChanged) {
		t.Errorf("a save during the write: err = %v, want ErrChanged", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "saved by the editor" {
		t.Errorf("the editor's save was lost: %q", b)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("a temporary file was left: %d entries", len(ents))
	}
	os.WriteFile(p, []byte("new"), 0o600)
	// A symbolic link is kept; its target is replaced.
	link := filepath.Join(dir, "link.md")
	if err := os.Symlink("n.md", link); err != nil {
		t.Skip(err)
	}
	if err := WriteAtomic(link, []byte("newer"), []byte("new")); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Lstat(link); fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the link was replaced by a file")
	}
	if b, _ := os.ReadFile(p); string(b) != "newer" {
		t.Errorf("target is %q", b)
	}
	if err := WriteAtomic(filepath.Join(dir, "missing.md"), nil, nil); err == nil {
		t.Error("a missing note was written")
	}
}

func TestCreateNew(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "n.md")
	if err := CreateNew(p, []byte("one")); err != nil {
		t.Fatal(err)
	}
	if err := CreateNew(p, []byte("two")); !errors.Is(err, os.ErrExist) {
		t.Errorf("second create: %v, want ErrExist", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "one" {
		t.Errorf("overwritten: %q", b)
	}
	for _, st := range []string{"write", "sync", "close"} {
		q := filepath.Join(dir, st+".md")
		failAt = func(s string) error {
			if s == st {
				return errors.New("boom")
			}
			return nil
		}
		err := CreateNew(q, []byte("x"))
		failAt = nil
		if err == nil {
			t.Errorf("%s: no error", st)
		}
		if _, err := os.Stat(q); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s: a failed create left %s", st, q)
		}
	}
}

func TestFileSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Dev / Sam 1:1":           "dev-sam-1-1",
		"Café planning":           "cafe-planning",
		"  --  ":                  "meeting",
		"週次ミーティング":                "meeting",
		"Q1 Roadmap: v2.0!":       "q1-roadmap-v2-0",
		strings.Repeat("ab ", 40): "ab-ab-ab-ab-ab-ab-ab-ab-ab-ab-ab-ab-ab-ab-ab-ab-ab-ab-ab-ab",
	} {
		if got := FileSlug(in); got != want {
			t.Errorf("FileSlug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRenderTemplate(t *testing.T) {
	m := &Meeting{
		Title: `Quote " and \ back`, Date: time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC),
		Attendees: []string{"sam", "Maria Garcia"}, Tags: []string{"a"}, Series: "Platform sync", SetSeries: true,
		Carried: []Carried{{Line: "- [ ] @dev x 📅 2026-12-01"}},
	}
	out, err := m.Render("{{.Date.Format \"Mon 2 Jan\"}} {{.Series}}\n{{range .Carried}}{{.Line}}\n{{end}}")
	if err != nil {
		t.Fatal(err)
	}
	want := "+++\ntitle = \"Quote \\\" and \\\\ back\"\ndate = 2026-11-24T10:00:00\nattendees = [\"sam\", \"Maria Garcia\"]\ntags = [\"a\"]\nseries = \"Platform sync\"\nreviewed = false\n+++\nTue 24 Nov Platform sync\n- [ ] @dev x 📅 2026-12-01\n"
	if string(out) != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
	n := parse(t, "2026-11-24-x.md", out)
	if n.Title != m.Title || len(n.Items) != 1 || n.Series != "Platform sync" {
		t.Errorf("parsed back: %q %d %q", n.Title, len(n.Items), n.Series)
	}
	if _, err := m.Render("{{.Nope}}"); err == nil {
		t.Error("a template with an unknown field was accepted")
	}
	m.DateOnly = true
	out, _ = m.Render("")
	if !bytes.Contains(out, []byte("\ndate = 2026-11-24\n")) || !bytes.Contains(out, []byte("## Open from earlier\n\n- [ ] @dev x")) {
		t.Errorf("default template:\n%s", out)
	}
}

// FuzzEdits checks that the edits never panic and that whatever they return
// parses back as reviewed, or with the item done.
func FuzzEdits(f *testing.F) {
	for _, dir := range []string{"testdata/review", "testdata/done"} {
		files, _ := filepath.Glob(dir + "/*.md")
		for _, p := range files {
			b, _ := os.ReadFile(p)
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		n, _ := note.Parse("2026-11-20-f.md", src, note.Options{Location: time.UTC})
		if n == nil {
			return
		}
		if out, changed, err := SetReviewed(src, n, day); err == nil && changed {
			after, _ := note.Parse("2026-11-20-f.md", out, note.Options{Location: time.UTC})
			if after == nil || !after.Reviewed {
				t.Fatalf("SetReviewed returned a note that is not reviewed:\n%q", out)
			}
		}
		for _, it := range n.Items {
			out, err := TickItem(src, it, day)
			if err != nil {
				continue
			}
			after, _ := note.Parse("2026-11-20-f.md", out, note.Options{Location: time.UTC})
			if after == nil || len(after.Items) != len(n.Items) {
				t.Fatalf("TickItem broke the note:\n%q", out)
			}
		}
	})
}
