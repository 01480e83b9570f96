package share

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/recapjournal/recap/generator/config"
	"github.com/recapjournal/recap/generator/journal"
)

// siteFiles is a small journal: three meetings of one series (Sam and Dev)
// and a meeting outside it.
var siteFiles = map[string]string{
	"config.toml": `timezone = "UTC"

[people.sam]
name = "Sam Lee"

[people.dev]
name = "Dev Patel"
aliases = ["devp"]

[people.ana]
name = "Ana Souza"
`,
	// A front matter summary; the first paragraph is a private remark.
	"content/2026-11-02-dev.md": `+++
title = "Dev sync with @devp"
date = 2026-11-02T10:00:00
attendees = ["sam", "dev"]
summary = "We planned the @ana handover. #planning"
+++
Dev seemed tired today; keep an eye on it.

- [ ] @dev Draft the roadmap #planning #q1
- [ ] @sam Book the room
- [?] How is the on-call load for @dev?
- [ ] Check the pager with @ana and @unknown-person
- [ ] Nobody owns this (#ops) #infra.
- [/] @dev: Fix the alert #oncall
- [ ] Ask whether ` + "`@since` and `#include`" + ` stay, @dev #docs

> [!private] Between us
> - [ ] @dev Secret item
> - [?] Secret point

> [!decision] Ship on Friday #release
> @ana reviews it first; write to tom@example.com about @scope/pkg.
> - [?] A point inside a decision
`,
	// No summary: only a first paragraph. The roadmap is ticked done, the
	// room gets a due date, and the talking point is ticked discussed.
	"content/2026-11-09-dev.md": `+++
title = "Dev sync"
date = 2026-11-09T10:00:00
attendees = ["sam", "dev"]
+++
Just a first paragraph, which is no summary.

- [x] @dev Draft the roadmap ✅ 2026-11-08
- [ ] @sam Book the room 📅 2026-11-20
- [x] How is the on-call load for @dev?
- [?] New point for @dev
`,
	// A Summary section, with private parts and an item inside.
	"content/2026-11-16-dev.md": `+++
title = "Dev sync"
date = 2026-11-16T10:00:00
attendees = ["sam", "dev"]
+++
First paragraph, not the summary.

## Summary

@dev demoed the #q1 roadmap to @ana, with ` + "`@since`" + ` in code.

- Agreed on scope
- [ ] @dev Write the scope down
- [?] Ask about the budget

> [!private]
> Secret in the summary.

### Private

Hidden sub-section.

## Notes

Not the summary either.

## Reflection

- [ ] @sam Private follow-up
`,
	// A Summary heading that is private, and no front matter.
	"content/2026-11-17-team.md": `# Team sync 2026-11-17

## Private

### Summary

Private summary.

## Notes

Present: Sam Lee @sam, Dev Patel @dev, Ana Souza @ana

Action: @ana send the notes
`,
}

func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for p, s := range files {
		f := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func loadSite(t *testing.T, root string) *journal.Journal {
	t.Helper()
	cfg, err := config.LoadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	j, err := journal.Load(os.DirFS(root), cfg, journal.Options{Now: time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return j
}

func meeting(t *testing.T, j *journal.Journal, source string) *journal.Meeting {
	t.Helper()
	for _, m := range j.Meetings {
		if m.Source == source {
			return m
		}
	}
	t.Fatalf("no meeting %s", source)
	return nil
}

// TestRecapSharedText: what a user sees in the recap of each meeting of a
// small journal.
func TestRecapSharedText(t *testing.T) {
	root := writeSite(t, siteFiles)
	j := loadSite(t, root)
	tests := []struct {
		source, format, want string
	}{
		{"content/2026-11-02-dev.md", "markdown", `# Dev sync with Dev Patel

- **Date:** Monday 2 November 2026, 10:00
- **Attendees:** Sam Lee, Dev Patel

We planned the Ana Souza handover.

## Decisions

- **Ship on Friday**: Ana Souza reviews it first; write to tom@example.com about @scope/pkg.

## Action items

**Dev Patel**

- [x] Draft the roadmap (done 2026-11-08)
- [ ] Fix the alert (in progress)
- [ ] Ask whether @since and #include stay, Dev Patel

**Sam Lee**

- [ ] Book the room (due 2026-11-20)

**Ana Souza**

- [ ] Check the pager with Ana Souza and unknown-person

**Unassigned**

- [ ] Nobody owns this.
`},
		{"content/2026-11-02-dev.md", "text", `Dev sync with Dev Patel
=======================

Date: Monday 2 November 2026, 10:00
Attendees: Sam Lee, Dev Patel

We planned the Ana Souza handover.

Decisions
---------
- Ship on Friday: Ana Souza reviews it first; write to tom@example.com about @scope/pkg.

Action items
------------
Dev Patel
- Draft the roadmap (done 2026-11-08)
- Fix the alert (in progress)
- Ask whether @since and #include stay, Dev Patel (open)

Sam Lee
- Book the room (open, due 2026-11-20)

Ana Souza
- Check the pager with Ana Souza and unknown-person (open)

Unassigned
- Nobody owns this. (open)
`},
		{"content/2026-11-09-dev.md", "markdown", `# Dev sync

- **Date:** Monday 9 November 2026, 10:00
- **Attendees:** Sam Lee, Dev Patel

## Action items

**Dev Patel**

- [x] Draft the roadmap (done 2026-11-08)

**Sam Lee**

- [ ] Book the room (due 2026-11-20)
`},
		{"content/2026-11-16-dev.md", "markdown", `# Dev sync

- **Date:** Monday 16 November 2026, 10:00
- **Attendees:** Sam Lee, Dev Patel

Dev Patel demoed the q1 roadmap to Ana Souza, with @since in code.

- Agreed on scope

## Action items

**Dev Patel**

- [ ] Write the scope down
`},
		{"content/2026-11-17-team.md", "text", `Team sync 2026-11-17
====================

Date: Tuesday 17 November 2026
Attendees: Sam Lee, Dev Patel, Ana Souza

Action items
------------
Ana Souza
- send the notes (open)
`},
	}
	for _, tc := range tests {
		t.Run(filepath.Base(tc.source)+"/"+tc.format, func(t *testing.T) {
			m := meeting(t, j, tc.source)
			src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(tc.source)))
			if err != nil {
				t.Fatal(err)
			}
			got, err := Recap(j, m, src, tc.format)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("recap:\n%s\n--- want\n%s", got, tc.want)
			}
			for _, secret := range []string{"tired", "first paragraph", "Secret", "secret", "Private", "private", "Hidden", "point", "budget", "@dev", "@ana", "@sam"} {
				if strings.Contains(got, secret) {
					t.Errorf("the recap shares %q", secret)
				}
			}
			if tag := regexp.MustCompile(`#(planning|q1|release|ops|infra|oncall|docs)`).FindString(got); tag != "" {
				t.Errorf("the recap shares a tag: %q", tag)
			}
		})
	}
}

// TestViewSummary: the summary a recap shares, and the excerpt lists and
// feeds may show, of each note of the journal.
func TestViewSummary(t *testing.T) {
	root := writeSite(t, siteFiles)
	cfg, err := config.LoadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ source, shared, excerpt string }{
		{"content/2026-11-02-dev.md", "We planned the @ana handover. #planning", "We planned the @ana handover. #planning"},
		{"content/2026-11-09-dev.md", "", "Just a first paragraph, which is no summary."},
		{"content/2026-11-16-dev.md", "@dev demoed the #q1 roadmap to @ana, with @since in code.\n\n- Agreed on scope", "@dev demoed the #q1 roadmap to @ana, with @since in code.\n\n- Agreed on scope"},
		{"content/2026-11-17-team.md", "", "Present: Sam Lee @sam, Dev Patel @dev, Ana Souza @ana"},
	}
	for _, tc := range tests {
		src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(tc.source)))
		if err != nil {
			t.Fatal(err)
		}
		v, _, err := analyse(cfg, tc.source, src)
		if err != nil {
			t.Fatal(err)
		}
		if v.SharedSummary() != tc.shared || v.Summary() != tc.excerpt {
			t.Errorf("%s: shared %q, excerpt %q; want %q, %q", tc.source, v.SharedSummary(), v.Summary(), tc.shared, tc.excerpt)
		}
	}
}

// TestSummarySections: which section is the summary, and what of it is
// shared.
func TestSummarySections(t *testing.T) {
	cfg := &config.Config{PrivateSections: []string{"Private", "Reflection"}}
	tests := []struct{ name, note, want string }{
		{"none", "First paragraph.\n\n## Notes\n\nMore.\n", ""},
		{"front matter wins", "+++\nsummary = \"Given.\"\n+++\n## Summary\n\nThe section.\n", "Given."},
		{"front matter equal to the first paragraph", "---\nsummary: Same text.\n---\nSame text.\n", ""},
		{"any level, any case, colon", "Intro.\n\n#### summary:\n\nDeep.\n", "Deep."},
		{"ends at the same level", "## Summary\n\nIn.\n\n## Next\n\nOut.\n", "In."},
		{"ends at a higher level", "## Summary\n\nIn.\n\n# Top\n\nOut.\n", "In."},
		{"keeps sub-sections", "## Summary\n\nIn.\n\n### Detail\n\nAlso in.\n\n## Next\n\nOut.\n", "In.\n\nDetail\n\nAlso in."},
		{"ordered and nested lists", "## Summary\n\n1. One\n   - sub\n   - [ ] task\n2. Two\n", "1. One\n  - sub\n2. Two"},
		{"quotes and callouts", "## Summary\n\n> Quoted.\n\n> [!note] Heads up\n> Noted.\n\n> [!decision] Decided\n", "Quoted.\n\nHeads up\n\nNoted."},
		{"private parts left out", "## Summary\n\nIn.\n\n> [!private]\n> Out.\n\n### Reflection\n\nOut too.\n\n## Next\n", "In."},
		{"a private Summary heading", "## Reflection\n\n### Summary\n\nNo.\n", ""},
		{"the first one", "## Summary\n\nFirst.\n\n## Summary\n\nSecond.\n", "First."},
		{"empty", "## Summary\n\n## Next\n\nOut.\n", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v, _, err := analyse(cfg, "n.md", []byte(tc.note))
			if err != nil {
				t.Fatal(err)
			}
			if got := v.SharedSummary(); got != tc.want {
				t.Errorf("summary %q, want %q", got, tc.want)
			}
		})
	}
}

func TestDropTags(t *testing.T) {
	tests := []struct{ in, want string }{
		{"no tags", "no tags"},
		{"Draft the roadmap #planning", "Draft the roadmap"},
		{"#planning Draft it", "Draft it"},
		{"Draft #q1 the roadmap", "Draft q1 the roadmap"},
		{"Announce the rehearsal in #eng", "Announce the rehearsal in eng"},
		{"Post it to #eng #ops", "Post it to eng"},
		{"Announce it in #eng today", "Announce it in eng today"},
		{"Ship it #infra.", "Ship it."},
		{"a #b #c d", "a b c d"},
		{"x #b #c", "x"},
		{"Owns this (#ops) now", "Owns this now"},
		{"Owns this (#ops).", "Owns this."},
		{"issue #123 stays", "issue #123 stays"},
		{"C# and a#b stay", "C# and a#b stay"},
		{"# not a tag", "# not a tag"},
		{"line one #x\n#y line two", "line one\nline two"},
		{"#only", ""},
	}
	for _, tc := range tests {
		if got := dropTags(tc.in, nil); got != tc.want {
			t.Errorf("dropTags(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestScanMentions(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"@ana and @dev.", []string{"ana", "dev"}},
		{"(@ana) \"@ben\"", []string{"ana", "ben"}},
		{"tom@example.com @scope/pkg @user@host", nil},
		{"https://example.com/@ana www.x.com/@ben", nil},
		{"@ana/@ben", []string{"ana"}},
		{"@ana-", []string{"ana"}},
	}
	for _, tc := range tests {
		var got []string
		scanMentions(tc.in, func(_, _ int, h string) { got = append(got, h) })
		if strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("scanMentions(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestRecapChangedNote: a note whose items moved since the journal was read
// is refused, even with as many items as before.
func TestRecapChangedNote(t *testing.T) {
	root := writeSite(t, siteFiles)
	j := loadSite(t, root)
	m := meeting(t, j, "content/2026-11-09-dev.md")
	src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(m.Source)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Recap(j, m, src, ""); err != nil {
		t.Fatal(err)
	}
	moved := strings.Replace(string(src), "Just a first", "A new line.\n\nJust a first", 1)
	if _, err := Recap(j, m, []byte(moved), ""); err == nil {
		t.Error("a note whose items moved was accepted")
	}
}

// TestKey: the recap of a meeting and its Key change together when a later
// meeting changes its actions' state, and Key refuses a recap that mentions
// someone the meeting alone does not know.
func TestKey(t *testing.T) {
	root := writeSite(t, siteFiles)
	recapOf := func(source string) (string, string, bool) {
		j := loadSite(t, root)
		m := meeting(t, j, source)
		src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(source)))
		if err != nil {
			t.Fatal(err)
		}
		v, _, err := analyse(j.Config, source, src)
		if err != nil {
			t.Fatal(err)
		}
		r, err := FromView(j, m, v, "markdown")
		if err != nil {
			t.Fatal(err)
		}
		k, ok := Key(m, v)
		return r, k, ok
	}
	r1, k1, ok := recapOf("content/2026-11-09-dev.md")
	if !ok {
		t.Fatal("no key for a meeting that mentions only its own people")
	}
	later := filepath.Join(root, "content", "2026-11-16-dev.md")
	src, _ := os.ReadFile(later)
	if err := os.WriteFile(later, []byte(string(src)+"\n- [-] @sam Book the room ❌ 2026-11-16\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r2, k2, _ := recapOf("content/2026-11-09-dev.md")
	if r1 == r2 || k1 == k2 {
		t.Errorf("a later meeting cancelled an action: recap changed %v, key changed %v\n%s", r1 != r2, k1 != k2, r2)
	}
	if !strings.Contains(r2, "~~Book the room~~ (cancelled 2026-11-16)") {
		t.Errorf("the recap does not show the action cancelled:\n%s", r2)
	}
	// The first meeting mentions unknown-person, who is no attendee, owner
	// or person of the series: its recap depends on the whole journal.
	if _, _, ok := recapOf("content/2026-11-02-dev.md"); ok {
		t.Error("a key for a recap naming somebody the meeting does not know")
	}
}
