package build

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/recapjournal/recap/generator/internal/corpus"
	"github.com/recapjournal/recap/themes"
)

// snapshot reads every file under dir.
func snapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		b, err := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func diffTrees(a, b map[string][]byte) []string {
	var d []string
	for k, v := range a {
		w, ok := b[k]
		switch {
		case !ok:
			d = append(d, "only in incremental: "+k)
		case !bytes.Equal(v, w):
			d = append(d, "differs: "+k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			d = append(d, "only in clean: "+k)
		}
	}
	sort.Strings(d)
	return d
}

// treeDiff shows where the first page of d (diffTrees' list) that both
// trees have differs: the first differing line of each, with the line
// before it.
func treeDiff(a, b map[string][]byte, d []string) string {
	for _, l := range d {
		k, ok := strings.CutPrefix(l, "differs: ")
		if !ok || strings.HasPrefix(k, ".") {
			continue
		}
		x, y := strings.Split(string(a[k]), "\n"), strings.Split(string(b[k]), "\n")
		for i := 0; i < min(len(x), len(y)); i++ {
			if x[i] != y[i] {
				prev := ""
				if i > 0 {
					prev = x[i-1]
				}
				return fmt.Sprintf("%s, line %d, after %q:\nincremental: %s\nclean:       %s", k, i+1, prev, x[i], y[i])
			}
		}
		return fmt.Sprintf("%s: %d lines incremental, %d clean", k, len(x), len(y))
	}
	return ""
}

// TestIncrementalMatchesClean drives a Builder through random sequences of
// edits (ticking items, retitling, retagging, moving notes between series,
// adding, deleting and renaming notes and folders, attachments; talking
// points added, carried, ticked and rescheduled; topic pages added, closed,
// revisited and given other people) and after every step compares its
// output with a clean build of the same files.
func TestIncrementalMatchesClean(t *testing.T) {
	// Every step is a clean build too: the long run (RECAP_LONG=1, which
	// .ci/run sets) takes more seeds and steps.
	seeds, steps := 2, 15
	if testing.Short() {
		seeds, steps = 1, 10
	}
	if os.Getenv("RECAP_LONG") != "" {
		seeds, steps = 3, 40
	}
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	for seed := uint64(1); seed <= uint64(seeds); seed++ {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			root := t.TempDir()
			if err := corpus.Write(root, 60, int64(seed)); err != nil {
				t.Fatal(err)
			}
			countsTheme(t, root)
			agendaFixture(t, root)
			b := NewBuilder(Options{Root: root, Now: now, Workers: 2})
			if _, err := b.Full(); err != nil {
				t.Fatal(err)
			}
			r := rand.New(rand.NewPCG(seed, 99))
			for step := 0; step < steps; step++ {
				// The clock moves on within the day, so that meetings of
				// yesterday turn review-overdue between edits, and halfway
				// to the next day, when talking points scheduled for it and
				// topics to revisit on it come up.
				now := now.Add(time.Duration(step) * 17 * time.Minute)
				if step >= steps/2 {
					now = now.Add(24 * time.Hour)
				}
				b.Opt.Now = now
				// Every third step edits talking points or topics, in
				// turn, so that even a short run has each kind of edit.
				kind := -1
				if step%3 == 2 {
					kind = agendaEdits[(step/3+int(seed-1)*5)%len(agendaEdits)]
				}
				changed, what := randomEdit(t, r, root, kind)
				res, err := b.Update(changed)
				if err != nil {
					t.Fatalf("step %d (%s): update: %v", step, what, err)
				}
				t.Logf("step %d: %s: %d written", step, what, res.Written)
				clean := t.TempDir()
				if _, err := Build(Options{Root: root, Now: now, OutDir: filepath.Join(clean, "public")}); err != nil {
					t.Fatalf("step %d (%s): clean build: %v", step, what, err)
				}
				inc, cl := snapshot(t, b.Out()), snapshot(t, filepath.Join(clean, "public"))
				if d := diffTrees(inc, cl); len(d) > 0 {
					t.Fatalf("step %d (%s): incremental output differs from a clean build (%d written):\n%s\n%s",
						step, what, res.Written, strings.Join(d[:min(len(d), 20)], "\n"), treeDiff(inc, cl, d))
				}
			}
		})
	}
}

// countsTheme makes the site use a theme whose meeting pages show
// journal-wide counts and the series' meeting count: an edit of one note
// then changes every meeting page, which a clean build shows.
func countsTheme(t *testing.T, root string) {
	t.Helper()
	src, err := fs.ReadFile(themes.Default, "layouts/meeting.html")
	if err != nil {
		t.Fatal(err)
	}
	layout := strings.Replace(string(src), "<h1>{{$m.Title}}</h1>",
		`<h1>{{$m.Title}}</h1><p class="counts">{{.Site.Counts.Open}} open, {{.Site.Counts.Overdue}} overdue, {{.Site.Counts.Unreviewed}} to review, {{.Site.Counts.Meetings}} meetings</p>`, 1)
	if layout == string(src) {
		t.Fatal("the built-in meeting layout has no <h1>{{$m.Title}}</h1>")
	}
	dir := filepath.Join(root, "themes", "counts", "layouts")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "meeting.html"), []byte(layout), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(root, "config.toml")
	data, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg, append([]byte("theme = \"counts\"\n"), data...), 0o644); err != nil {
		t.Fatal(err)
	}
}

// agendaFixture gives a small corpus, whose 1:1 series have one meeting
// each, what a person's agenda is made of: talking points in a few notes
// (for the attendees, for a person mentioned, scheduled before and after
// the test's day), a next meeting of each of those series that carries
// them (one still open, one ticked), and topic pages, open, closed and to
// revisit.
func agendaFixture(t *testing.T, root string) {
	t.Helper()
	write := func(p, s string) {
		t.Helper()
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	points := [][]string{
		{"- [?] How is the on-call load?", "- [?] Feedback on the demo ⏳ 2026-11-20"},
		{"- [?] Career goals for next year [scheduled:: 2026-11-25]", "- [?] Ask @zoe about the migration plan"},
		{"- [?] Is the roadmap still the priority? t:2026-11-24", "- [?] @kofi: budget for the offsite"},
	}
	pair := regexp.MustCompile(`(?m)^attendees = \["[^"]+", "[^"]+"\]$`)
	k := 0
	for _, n := range notes(t, root) {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(n)))
		if err != nil {
			t.Fatal(err)
		}
		src := string(data)
		if k == len(points) || !pair.MatchString(src) {
			continue
		}
		ps := points[k]
		write(n, src+"\n## Next time\n\n"+strings.Join(ps, "\n")+"\n")
		// The series' next meeting carries both and ticks the second.
		end := strings.Index(src[3:], "+++\n") + 3
		front := regexp.MustCompile(`(?m)^date = \S+`).ReplaceAllString(src[:end], fmt.Sprintf("date = 2026-11-%02dT10:00:00Z", 10+k))
		front = strings.Replace(front, `title = "`, `title = "Next `, 1)
		write(fmt.Sprintf("content/next/2026-11-%02d-next-%d.md", 10+k, k), front+"+++\n\n## Open from earlier\n\n"+
			ps[0]+"\n"+strings.Replace(ps[1], "- [?]", []string{"- [x]", "- [-]"}[k%2], 1)+"\n")
		k++
	}
	if k < len(points) {
		t.Fatalf("the corpus has %d 1:1 notes, want %d", k, len(points))
	}
	write("content/topics/oncall.md", "+++\ntitle = \"On-call rotation\"\npeople = [\"ana\", \"ben\"]\ntags = [\"oncall\"]\n+++\n\nThe rotation is tiring, says @ben.\n\n- [?] Weekend cover\n- [ ] @ana Draft the new rotation 📅 2026-12-01\n")
	write("content/topics/offsite.md", "+++\ntitle = \"Team offsite\"\npeople = [\"chen\", \"Dara Example\"]\nclosed = true\n+++\n\nBooked.\n")
	write("content/topics/ladder.md", "+++\ntitle = \"Career ladder\"\npeople = [\"eli\"]\nrevisit = 2026-11-20\n+++\n\nThe new ladder.\n")
	write("content/topics/hiring.md", "+++\ntitle = \"Hiring plan\"\npeople = [\"ana\", \"fatima\"]\nrevisit = 2026-11-25\n+++\n\nTwo roles.\n")
}

// frontSet sets key to value in a note's TOML front matter (value "" removes
// the key), adding the key at the end when it has none.
func frontSet(src, key, value string) string {
	if !strings.HasPrefix(src, "+++\n") {
		return src
	}
	end := strings.Index(src[4:], "+++\n") + 4
	if end < 4 {
		return src
	}
	lines := strings.SplitAfter(src[4:end], "\n")
	var out []string
	found := false
	for _, l := range lines {
		if strings.HasPrefix(l, key+" = ") {
			found = true
			if value == "" {
				continue
			}
			l = key + " = " + value + "\n"
		}
		out = append(out, l)
	}
	if !found && value != "" {
		out = append(out, key+" = "+value+"\n")
	}
	return "+++\n" + strings.Join(out, "") + src[end:]
}

// agendaPeople is who talking points mention and topics name: people of the
// corpus by id and by full name, and a handle nobody has yet.
var agendaPeople = []string{"ana", "ben", "kofi", "zoe", "Chen Example", "newcomer"}

func notes(t *testing.T, root string) []string {
	var out []string
	_ = filepath.WalkDir(filepath.Join(root, "content"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			rel, _ := filepath.Rel(root, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(out)
	return out
}

// agendaEdits are randomEdit's kinds of edits of talking points and topics.
var agendaEdits = []int{17, 19, 20, 21, 22, 23, 24}

// randomEdit makes an edit of the given kind (see its cases), or of a random
// kind when kind is -1, and returns the paths it changed and what it did.
func randomEdit(t *testing.T, r *rand.Rand, root string, kind int) ([]string, string) {
	t.Helper()
	ns := notes(t, root)
	pick := ns[r.IntN(len(ns))]
	full := filepath.Join(root, filepath.FromSlash(pick))
	data, _ := os.ReadFile(full)
	src := string(data)
	write := func(p, s string) {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(root, p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, filepath.FromSlash(p)), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// with returns the notes whose text matches re, and one of them at
	// random ("" when none does).
	with := func(re string) ([]string, string) {
		var out []string
		rx := regexp.MustCompile(re)
		for _, n := range ns {
			if b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(n))); err == nil && rx.Match(b) {
				out = append(out, n)
			}
		}
		if len(out) == 0 {
			return nil, ""
		}
		return out, out[r.IntN(len(out))]
	}
	read := func(p string) string {
		b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	// day is a day around the test's (2026-11-24, then 25): before it, it,
	// or after.
	day := func() string { return fmt.Sprintf("2026-11-%02d", 21+r.IntN(6)) }
	// point is a new talking point: for the attendees or for a person it
	// mentions, scheduled or not (in the three syntaxes), before, on or
	// after the test's day.
	point := func() string {
		text := fmt.Sprintf("Talk about the %s plan %d", []string{"hiring", "budget", "release"}[r.IntN(3)], r.IntN(100))
		if r.IntN(2) == 0 {
			text = "@" + agendaPeople[r.IntN(len(agendaPeople)-2)] + " " + text
			if r.IntN(3) == 0 {
				text = "ask @newcomer: " + text
			}
		}
		switch r.IntN(5) {
		case 0:
			text += " ⏳ " + day()
		case 1:
			text += " [scheduled:: " + day() + "]"
		case 2:
			text += " t:" + day()
		}
		return "- [?] " + text
	}
	pointLine := regexp.MustCompile(`(?m)^- \[\?\] .*$`)
	// topic is a topic page to edit, and its text.
	topic := func() (string, string) {
		all, _ := with(`(?m)^(people|attendees) = \[`)
		all = slices.DeleteFunc(all, func(n string) bool { return !strings.HasPrefix(n, "content/topics/") })
		if len(all) == 0 {
			tp := fmt.Sprintf("content/topics/t%d.md", r.IntN(3))
			return tp, "+++\ntitle = \"A topic\"\npeople = [\"ana\"]\n+++\n\nSomething to raise.\n"
		}
		tp := all[r.IntN(len(all))]
		return tp, read(tp)
	}
	addPoint := func() ([]string, string) {
		write(pick, src+"\n"+point()+"\n")
		return []string{pick}, "add point " + pick
	}
	k := r.IntN(25)
	if kind >= 0 {
		k = kind
	}
	switch k {
	case 17, 18: // a talking point added to a note
		return addPoint()
	case 19: // a talking point carried into another note of its series, open or ticked
		_, from := with(`(?m)^- \[\?\] `)
		if from == "" {
			return addPoint()
		}
		fsrc := read(from)
		ls := pointLine.FindAllString(fsrc, -1)
		line := strings.Replace(ls[r.IntN(len(ls))], "- [?]", []string{"- [?]", "- [x]", "- [-]"}[r.IntN(3)], 1)
		to := ""
		if m := regexp.MustCompile(`(?m)^series = ".*"$`).FindString(fsrc); m != "" {
			same, _ := with(`(?m)^` + regexp.QuoteMeta(m) + `$`)
			same = slices.DeleteFunc(same, func(n string) bool { return n == from })
			if len(same) > 0 {
				to = same[r.IntN(len(same))]
			}
		}
		if to == "" { // the series' next meeting, made for it: its date from its name
			to = fmt.Sprintf("content/next/2026-11-%02d-carried-%d.md", 21+r.IntN(3), r.IntN(3))
			front := "+++\n"
			if end := strings.Index(fsrc[3:], "+++\n") + 3; strings.HasPrefix(fsrc, "+++\n") && end > 3 {
				front = regexp.MustCompile(`(?m)^date = \S+\n`).ReplaceAllString(fsrc[:end], "")
			}
			write(to, front+"+++\n\n## Open from earlier\n\n"+line+"\n")
		} else {
			write(to, read(to)+"\n## Open from earlier\n\n"+line+"\n")
		}
		return []string{to}, "carry point " + from + " to " + to
	case 20: // a talking point, or a carried copy of one, ticked, dropped or in progress
		_, tp := with(`(?m)^- \[\?\] `)
		if tp == "" {
			return addPoint()
		}
		tsrc := read(tp)
		ls := pointLine.FindAllStringIndex(tsrc, -1)
		at := ls[r.IntN(len(ls))][0]
		box := []string{"- [x]", "- [-]", "- [/]"}[r.IntN(3)]
		write(tp, tsrc[:at]+box+tsrc[at+len(box):])
		return []string{tp}, "tick point " + box + " " + tp
	case 21: // a talking point rescheduled, or scheduled
		sched := regexp.MustCompile(`(⏳ |\[scheduled:: | t:)\d{4}-\d{2}-\d{2}`)
		if _, tp := with(`(?m)^- \[\?\] .*(⏳ |\[scheduled:: | t:)\d{4}`); tp != "" {
			write(tp, sched.ReplaceAllStringFunc(read(tp), func(m string) string { return m[:len(m)-10] + day() }))
			return []string{tp}, "reschedule " + tp
		}
		if _, tp := with(`(?m)^- \[\?\] `); tp != "" {
			tsrc := read(tp)
			loc := pointLine.FindStringIndex(tsrc)
			write(tp, tsrc[:loc[1]]+" ⏳ "+day()+tsrc[loc[1]:])
			return []string{tp}, "schedule " + tp
		}
		return addPoint()
	case 22: // a topic page, new or written over
		tp := fmt.Sprintf("content/topics/new-%d.md", r.IntN(3))
		var ppl []string
		for _, p := range agendaPeople {
			if r.IntN(3) == 0 {
				ppl = append(ppl, `"`+p+`"`)
			}
		}
		v := fmt.Sprintf("+++\ntitle = \"New topic %d\"\npeople = [%s]\n", r.IntN(100), strings.Join(ppl, ", "))
		switch r.IntN(4) {
		case 0:
			v += "closed = true\n"
		case 1:
			v += "revisit = " + day() + "\n"
		}
		v += "+++\n\nTo raise with them.\n"
		if r.IntN(2) == 0 {
			v += "\n" + point() + "\n"
		}
		write(tp, v)
		return []string{tp}, "add topic " + tp
	case 23: // a topic closed, closed on a day, to revisit, or open again
		tp, tsrc := topic()
		var v string
		switch r.IntN(4) {
		case 0:
			v = frontSet(tsrc, "closed", "true")
		case 1:
			v = frontSet(tsrc, "closed", day())
		case 2:
			v = frontSet(frontSet(tsrc, "closed", ""), "revisit", day())
		default:
			v = frontSet(frontSet(tsrc, "closed", ""), "revisit", "")
		}
		write(tp, v)
		return []string{tp}, "close/revisit topic " + tp
	case 24: // other people on a topic, or attendees instead, or none
		tp, tsrc := topic()
		var ppl []string
		for _, p := range agendaPeople {
			if r.IntN(3) == 0 {
				ppl = append(ppl, `"`+p+`"`)
			}
		}
		list := "[" + strings.Join(ppl, ", ") + "]"
		var v string
		switch r.IntN(5) {
		case 0:
			v = frontSet(tsrc, "people", "")
		case 1:
			v = frontSet(frontSet(tsrc, "people", ""), "attendees", list)
		default:
			v = frontSet(tsrc, "people", list)
		}
		write(tp, v)
		return []string{tp}, "topic people " + tp
	case 14: // reopen a done item
		write(pick, strings.Replace(src, "- [x]", "- [ ]", 1))
		return []string{pick}, "reopen " + pick
	case 15: // move a due date, or cancel an item
		v := regexp.MustCompile(`📅 \d{4}-\d{2}-\d{2}`).ReplaceAllStringFunc(src, func(string) string {
			return fmt.Sprintf("📅 2026-11-%02d", 10+r.IntN(20))
		})
		if v == src {
			v = strings.Replace(src, "- [ ]", "- [-]", 1)
		}
		write(pick, v)
		return []string{pick}, "due dates " + pick
	case 16: // tick an item and the next meeting's copy of it stays open
		write(pick, strings.Replace(strings.Replace(src, "- [/]", "- [x]", 1), "- [ ]", "- [/]", 1))
		return []string{pick}, "progress " + pick
	case 10, 11: // prose: a paragraph in the middle, which moves every item below it
		v := strings.Replace(src, "## Notes\n", fmt.Sprintf("## Notes\n\nAn added paragraph %d, with **words**.\n", r.IntN(1000)), 1)
		if v == src {
			v = src + "\nA closing line.\n"
		}
		write(pick, v)
		return []string{pick}, "prose " + pick
	case 12: // prose: a word changed, no line moves
		write(pick, strings.Replace(src, " the ", " THE ", 1))
		return []string{pick}, "word " + pick
	case 13: // a meeting of yesterday, not reviewed
		np := fmt.Sprintf("content/recent/2026-11-23-recent-%d.md", r.IntN(4))
		v := strings.Replace(src, "reviewed = ", "x-was-reviewed = ", 1)
		v = regexp.MustCompile(`date = \S+`).ReplaceAllString(v, fmt.Sprintf("date = 2026-11-23T%02d:%02d:00Z", 8+r.IntN(14), r.IntN(60)))
		write(np, v)
		return []string{np}, "yesterday " + np
	case 0: // tick the first open item
		write(pick, strings.Replace(src, "- [ ]", "- [x]", 1))
		return []string{pick}, "tick " + pick
	case 1: // retitle
		write(pick, strings.Replace(src, `title = "`, `title = "Edited `, 1))
		return []string{pick}, "retitle " + pick
	case 2: // retag
		write(pick, strings.Replace(src, "tags = [", `tags = ["edited", `, 1))
		return []string{pick}, "retag " + pick
	case 3: // add an item carried from elsewhere
		write(pick, src+"\n- [ ] @ana Follow up on the migration plan 📅 2026-12-01 #roadmap\n")
		return []string{pick}, "add item " + pick
	case 4: // delete
		os.Remove(full)
		return []string{pick}, "delete " + pick
	case 5: // rename within the folder
		np := strings.TrimSuffix(pick, ".md") + "-renamed.md"
		os.Rename(full, filepath.Join(root, filepath.FromSlash(np)))
		return []string{pick, np}, "rename " + pick
	case 6: // a new note in a new folder, in an existing series
		np := fmt.Sprintf("content/extra%d/2026-11-%02d-new.md", r.IntN(3), 1+r.IntN(20))
		write(np, strings.Replace(src, `title = "`, `title = "Copy of `, 1))
		return []string{filepath.ToSlash(filepath.Dir(np))}, "new " + np
	case 7: // mark reviewed / unreviewed
		if strings.Contains(src, "reviewed = ") {
			lines := strings.Split(src, "\n")
			for i, l := range lines {
				if strings.HasPrefix(l, "reviewed = ") {
					lines = append(lines[:i], lines[i+1:]...)
					break
				}
			}
			write(pick, strings.Join(lines, "\n"))
		} else {
			write(pick, strings.Replace(src, "+++\n\n", "reviewed = 2026-11-20\n+++\n\n", 1))
		}
		return []string{pick}, "toggle review " + pick
	case 8: // an attachment
		ap := fmt.Sprintf("content/img/a%d.txt", r.IntN(3))
		write(ap, fmt.Sprint("attachment ", r.IntN(1000)))
		return []string{ap}, "attachment " + ap
	default: // move to another series
		write(pick, strings.Replace(src, `series = "`, `series = "moved-`, 1))
		return []string{pick}, "move series " + pick
	}
}
