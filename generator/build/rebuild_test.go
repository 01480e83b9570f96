package build

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Tests of Builder.updateInPlace, edit by edit: after each one, the Builder's output
// must be byte for byte that of a clean build of the same files at the same
// time, and the in-place path must be taken where SameLinks holds.

const iprConfig = `title = "In-place journal"
timezone = "UTC"
reviewWithin = "24h"
privateSections = ["Reflection"]
%s
[people.sam]
name = "Sam Rivera"

[people.dev]
name = "Dev Patel"

[people.lena]
name = "Lena Okafor"
`

type iprHarness struct {
	t      *testing.T
	root   string
	b      *Builder
	now    time.Time
	drafts bool
	step   int
}

// newIPR writes config.toml (with extra lines, such as `me = "sam"`) and
// the notes, and builds them in full.
func newIPR(t *testing.T, extra string, drafts bool, now time.Time, notes map[string]string) *iprHarness {
	t.Helper()
	h := &iprHarness{t: t, root: t.TempDir(), now: now, drafts: drafts}
	h.write("config.toml", fmt.Sprintf(iprConfig, extra))
	for p, s := range notes {
		h.write(p, s)
	}
	h.b = NewBuilder(Options{Root: h.root, Now: now, Drafts: drafts, Workers: 2})
	if _, err := h.b.Full(); err != nil {
		t.Fatal(err)
	}
	h.compare("full build")
	return h
}

func (h *iprHarness) write(rel, s string) {
	h.t.Helper()
	p := filepath.Join(h.root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		h.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		h.t.Fatal(err)
	}
}

func (h *iprHarness) read(rel string) string {
	h.t.Helper()
	b, err := os.ReadFile(filepath.Join(h.root, filepath.FromSlash(rel)))
	if err != nil {
		h.t.Fatal(err)
	}
	return string(b)
}

// edit replaces old by new in the note at rel, which must contain it.
func (h *iprHarness) edit(rel, old, new string) {
	h.t.Helper()
	s := h.read(rel)
	if !strings.Contains(s, old) {
		h.t.Fatalf("%s has no %q", rel, old)
	}
	h.write(rel, strings.Replace(s, old, new, 1))
}

// update runs Update(paths) at h.now and compares the output with a clean
// build.
func (h *iprHarness) update(what string, paths ...string) {
	h.t.Helper()
	h.step++
	h.b.Opt.Now = h.now
	if _, err := h.b.Update(paths); err != nil {
		h.t.Fatalf("step %d (%s): update: %v", h.step, what, err)
	}
	h.compare(fmt.Sprintf("step %d (%s)", h.step, what))
}

func (h *iprHarness) compare(what string) {
	h.t.Helper()
	clean := filepath.Join(h.t.TempDir(), "public")
	if _, err := Build(Options{Root: h.root, Now: h.now, Drafts: h.drafts, OutDir: clean, Workers: 2}); err != nil {
		h.t.Fatalf("%s: clean build: %v", what, err)
	}
	a, c := snapshot(h.t, h.b.Out()), snapshot(h.t, clean)
	if d := diffTrees(a, c); len(d) > 0 {
		var detail []string
		for _, l := range d[:min(len(d), 4)] {
			if p, ok := strings.CutPrefix(l, "differs: "); ok {
				detail = append(detail, p+":\n"+firstDiff(a[p], c[p]))
			}
		}
		h.t.Fatalf("%s: incremental output differs from a clean build:\n%s\n%s",
			what, strings.Join(d[:min(len(d), 20)], "\n"), strings.Join(detail, "\n"))
	}
}

// firstDiff shows where two files first differ.
func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-80)
	show := func(x []byte) string {
		return string(x[min(from, len(x)):min(i+160, len(x))])
	}
	return "  incremental: …" + show(a) + "…\n  clean:       …" + show(b) + "…"
}

func iprNote(title, date string, attendees, body string, extra ...string) string {
	fm := fmt.Sprintf("+++\ntitle = %q\ndate = %s\nattendees = [%s]\n", title, date, attendees)
	for _, e := range extra {
		fm += e + "\n"
	}
	return fm + "+++\n\n" + body
}

var iprNow = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)

// A series of three: an action opened in the first, not listed in the
// second, and closed in the third.
func iprSeries(first, third string) map[string]string {
	return map[string]string{
		"content/2026/2026-11-02-weekly.md": iprNote("Weekly 1", "2026-11-02T10:00:00Z", `"sam", "dev"`,
			"Some notes.\n\n## Action items\n\n"+first+"\n- [ ] @sam Book the room\n", `series = "weekly"`, "reviewed = true"),
		"content/2026/2026-11-09-weekly.md": iprNote("Weekly 2", "2026-11-09T10:00:00Z", `"sam", "dev"`,
			"Nothing listed this week.\n", `series = "weekly"`, "reviewed = true"),
		"content/2026/2026-11-16-weekly.md": iprNote("Weekly 3", "2026-11-16T10:00:00Z", `"sam", "dev"`,
			"More notes.\n\n## Action items\n\n"+third+"\n", `series = "weekly"`, "reviewed = true"),
	}
}

// Ticking a carried item in an earlier meeting when a later meeting has it
// closed already leaves the action's fields as they were (its status comes
// from the latest closed occurrence), so ReplaceNote reports no change and
// does not compute the series' "open from earlier" again; but the action now
// closes after the first meeting, so the second meeting's page must no
// longer list it.
func TestRebuildTickEarlierOccurrence(t *testing.T) {
	h := newIPR(t, "", false, iprNow, iprSeries("- [ ] @dev Ship the exporter", "- [x] @dev Ship the exporter"))
	h.edit("content/2026/2026-11-02-weekly.md", "- [ ] @dev Ship", "- [x] @dev Ship")
	h.update("tick the first occurrence", "content/2026/2026-11-02-weekly.md")
}

// The reverse: the first occurrence reopened while the third stays closed.
func TestRebuildUntickEarlierOccurrence(t *testing.T) {
	h := newIPR(t, "", false, iprNow, iprSeries("- [x] @dev Ship the exporter", "- [x] @dev Ship the exporter"))
	h.edit("content/2026/2026-11-02-weekly.md", "- [x] @dev Ship", "- [ ] @dev Ship")
	h.update("untick the first occurrence", "content/2026/2026-11-02-weekly.md")
}

// Both orders, with the later occurrence ticked and unticked: the action's
// status changes, so the series is computed again.
func TestRebuildTickLaterOccurrence(t *testing.T) {
	h := newIPR(t, "", false, iprNow, iprSeries("- [ ] @dev Ship the exporter 📅 2026-11-30", "- [ ] @dev Ship the exporter"))
	w3 := "content/2026/2026-11-16-weekly.md"
	h.edit(w3, "- [ ] @dev Ship", "- [x] @dev Ship")
	h.update("tick the latest occurrence", w3)
	h.edit(w3, "- [x] @dev Ship", "- [/] @dev Ship")
	h.update("latest in progress", w3)
	h.edit(w3, "- [/] @dev Ship the exporter", "- [-] @dev Ship the exporter ❌ 2026-11-24")
	h.update("cancel the latest", w3)
	h.edit(w3, "- [-] @dev Ship the exporter ❌ 2026-11-24", "- [ ] @dev Ship the exporter")
	h.update("reopen the latest", w3)
}

// Due dates, priorities and done dates of an action carried across a series.
func TestRebuildDueAndPriority(t *testing.T) {
	h := newIPR(t, `me = "sam"`, false, iprNow, iprSeries("- [ ] @dev Ship the exporter 📅 2026-11-30", "- [ ] @dev Ship the exporter"))
	w1, w3 := "content/2026/2026-11-02-weekly.md", "content/2026/2026-11-16-weekly.md"
	h.edit(w1, "📅 2026-11-30", "📅 2026-11-20")
	h.update("due date into the past (overdue)", w1)
	h.edit(w3, "Ship the exporter", "Ship the exporter ⏫")
	h.update("priority on the latest", w3)
	h.edit(w3, "Ship the exporter ⏫", "Ship the exporter 📅 2026-12-03")
	h.update("due date on the latest overrides", w3)
	h.edit(w1, "- [ ] @dev Ship the exporter 📅 2026-11-20", "- [x] @dev Ship the exporter 📅 2026-11-20 ✅ 2026-11-23")
	h.update("done date on the first", w1)
	h.edit(w1, "✅ 2026-11-23", "✅ 2026-11-22")
	h.update("done date moved", w1)
	h.edit(w1, "- [ ] @sam Book the room", "- [ ] @sam Book the room 📅 2026-11-25 🔺")
	h.update("my own action, due tomorrow, highest", w1)
}

// Prose, summary, review state, callouts and private parts: nothing that
// SameLinks compares, but what pages, the recap, the Atom feed and the
// search index show.
func TestRebuildProseSummaryReview(t *testing.T) {
	notes := iprSeries("- [ ] @dev Ship the exporter", "- [ ] @dev Ship the exporter")
	notes["content/2026/2026-11-20-planning.md"] = iprNote("Planning", "2026-11-20T15:00:00Z", `"sam", "dev", "lena"`,
		"Planning went well.\n\n> [!decision] Ship it\n> We ship on Friday.\n\n## Action items\n\n- [ ] @lena Write the notes #docs\n\n## Reflection\n\nI was tired.\n",
		`tags = ["planning"]`)
	h := newIPR(t, `me = "sam"`, false, iprNow, notes)
	p := "content/2026/2026-11-20-planning.md"
	h.edit(p, "Planning went well.", "Planning went very well, with @dev leading.")
	h.update("first paragraph (summary, a mention in prose?)", p) // a new mention: not in place
	h.edit(p, "Planning went very well", "Planning went extremely well")
	h.update("summary words", p)
	h.edit(p, "tags = [\"planning\"]", "tags = [\"planning\"]\nsummary = \"A summary of our planning.\"")
	h.update("front-matter summary", p)
	h.edit(p, "> [!decision] Ship it\n> We ship on Friday.\n", "> [!decision] Ship it\n> We ship on Monday.\n\n> [!gem] Lena's idea\n> Batch the exports.\n")
	h.update("callouts (person highlights)", p)
	h.edit(p, "I was tired.\n", "I was tired.\n\n> [!private]\n> Not for sharing.\n")
	h.update("private callout", p)
	h.edit(p, "## Action items\n", "## Action items\n\nA line above the items.\n")
	h.update("items move down a line", p)
	h.edit(p, "tags = [\"planning\"]", "tags = [\"planning\"]\nreviewed = 2026-11-21")
	h.update("reviewed", p)
	h.edit(p, "reviewed = 2026-11-21", "reviewed = 2026-11-22")
	h.update("reviewed on another day", p)
	h.edit(p, "reviewed = 2026-11-22\n", "")
	h.update("unreviewed again", p)
	h.edit(p, "> [!gem] Lena's idea\n> Batch the exports.\n", "")
	h.update("callout removed", p)
}

// The clock moves on within the day: a meeting of yesterday turns
// review-overdue between two edits of other notes.
func TestRebuildClockWithinDay(t *testing.T) {
	notes := iprSeries("- [ ] @dev Ship the exporter", "- [ ] @dev Ship the exporter")
	notes["content/2026/2026-11-23-yesterday.md"] = iprNote("Yesterday", "2026-11-23T10:30:00Z", `"sam", "lena"`,
		"Yesterday's notes.\n\n- [ ] @lena Send the slides\n", `tags = ["slides"]`)
	h := newIPR(t, `me = "sam"`, false, iprNow, notes)
	w2 := "content/2026/2026-11-09-weekly.md"
	h.now = iprNow.Add(time.Hour)
	h.edit(w2, "Nothing listed", "Still nothing listed")
	h.update("10:00, an old note's prose", w2)
	h.now = iprNow.Add(2 * time.Hour) // 11:00: yesterday's meeting is overdue
	h.edit(w2, "Still nothing", "Really nothing")
	h.update("11:00, yesterday turns overdue", w2)
	h.now = iprNow.Add(3 * time.Hour)
	h.edit("content/2026/2026-11-23-yesterday.md", "Yesterday's notes.", "Yesterday's notes, edited.")
	h.update("12:00, the overdue note itself", "content/2026/2026-11-23-yesterday.md")
	h.now = iprNow.Add(4 * time.Hour)
	h.edit("content/2026/2026-11-23-yesterday.md", "tags = [\"slides\"]", "tags = [\"slides\"]\nreviewed = true")
	h.update("13:00, reviewed", "content/2026/2026-11-23-yesterday.md")
}

// Two notes in one update, and an in-place edit, then one that is not, and
// back.
func TestRebuildTwoNotesAndBack(t *testing.T) {
	h := newIPR(t, `me = "sam"`, false, iprNow, iprSeries("- [ ] @dev Ship the exporter 📅 2026-11-30", "- [ ] @dev Ship the exporter"))
	w1, w2, w3 := "content/2026/2026-11-02-weekly.md", "content/2026/2026-11-09-weekly.md", "content/2026/2026-11-16-weekly.md"
	h.edit(w1, "📅 2026-11-30", "📅 2026-11-26")
	h.edit(w3, "- [ ] @dev Ship", "- [/] @dev Ship")
	h.update("two notes: due date and progress", w1, w3)
	h.edit(w2, "Nothing listed", "Nothing")
	h.edit(w3, "title = \"Weekly 3\"", "title = \"Weekly three\"")
	h.update("prose and a retitle: not in place", w2, w3)
	h.edit(w3, "- [/] @dev Ship", "- [x] @dev Ship")
	h.update("tick after a full load", w3)
	h.edit(w3, "title = \"Weekly three\"", "title = \"Weekly 3\"")
	h.update("retitle back", w3)
	h.edit(w3, "- [x] @dev Ship", "- [ ] @dev Ship")
	h.edit(w1, "Some notes.", "Some notes, edited.")
	h.update("untick and prose", w3, w1)
	h.edit(w1, "- [ ] @sam Book the room", "- [ ] @sam Book the big room")
	h.update("reworded item: not in place", w1)
	h.edit(w1, "- [ ] @sam Book the big room", "- [ ] @sam Book the room")
	h.update("reworded back: not in place", w1)
	h.edit(w1, "Some notes, edited.", "Some notes.")
	h.update("prose back", w1)
}

// Drafts, built with Drafts, are meetings like any other; without, an edit
// of a draft is not in place.
func TestRebuildDrafts(t *testing.T) {
	notes := iprSeries("- [ ] @dev Ship the exporter", "- [ ] @dev Ship the exporter")
	notes["content/2026/2026-11-21-draft.md"] = iprNote("Draft", "2026-11-21T10:00:00Z", `"sam", "dev"`,
		"Draft notes.\n\n- [ ] @dev Ship the exporter\n", `series = "weekly"`, "draft = true")
	for _, drafts := range []bool{false, true} {
		t.Run(fmt.Sprint("drafts=", drafts), func(t *testing.T) {
			h := newIPR(t, "", drafts, iprNow, notes)
			d := "content/2026/2026-11-21-draft.md"
			h.edit(d, "- [ ] @dev Ship", "- [x] @dev Ship")
			h.update("tick in the draft", d)
			h.edit(d, "Draft notes.", "Draft notes, edited.")
			h.update("draft prose", d)
			h.edit("content/2026/2026-11-16-weekly.md", "More notes.", "More notes, edited.")
			h.update("prose beside a draft", "content/2026/2026-11-16-weekly.md")
		})
	}
}

// The owner's "you owe"/"they owe" lists with me set, and people known
// only from a private callout.
func TestRebuildMe(t *testing.T) {
	notes := map[string]string{
		"content/2026/2026-11-10-sync.md": iprNote("Sync", "2026-11-10T10:00:00Z", `"sam", "dev", "lena"`,
			"Sync notes.\n\n- [ ] @sam Review Dev's doc 📅 2026-11-28\n- [ ] @dev Reply to Sam 📅 2026-11-29\n\n> [!private]\n> - [ ] @zed Secret follow-up\n"),
		"content/2026/2026-11-12-one.md": iprNote("One", "2026-11-12T10:00:00Z", `"sam", "lena"`,
			"1:1.\n\n- [ ] @sam Review Dev's doc 📅 2026-11-28\n- [ ] @lena Plan the offsite\n"),
	}
	h := newIPR(t, `me = "sam"`, false, iprNow, notes)
	s, o := "content/2026/2026-11-10-sync.md", "content/2026/2026-11-12-one.md"
	h.edit(s, "- [ ] @sam Review", "- [x] @sam Review")
	h.update("I tick my action", s)
	h.edit(s, "- [ ] @dev Reply", "- [/] @dev Reply")
	h.update("they start theirs", s)
	h.edit(s, "> - [ ] @zed Secret", "> - [x] @zed Secret")
	h.update("private item ticked", s)
	h.edit(o, "- [ ] @lena Plan the offsite", "- [ ] @lena Plan the offsite 📅 2026-11-20")
	h.update("overdue for lena", o)
	h.edit(o, "- [ ] @sam Review", "- [x] @sam Review")
	h.update("my other action (the same text, outside a series)", o)
}
