// Package check lints a journal: recap check.
//
// It reads every note under the content folder, drafts included (a draft is
// published one day), and reports problems as positioned diagnostics with a
// stable code. Errors make recap check exit non-zero:
//
//	parse          a note that cannot be read (bad front matter, no date, ...)
//	bad-date       an impossible date in an action item ("2026-02-30")
//	duplicate-id   an action id (🆔 X or [id:: X]) used twice in one note, or by
//	               two different logical actions: carrying an item from meeting
//	               to meeting in one series is one action and fine, but the same
//	               id in two series, or in two notes outside a series (where
//	               every item is its own action), is ambiguous for recap done
//	url-collision  two notes that become the same page, or two files of the
//	               site written to one path of the output (an attachment and
//	               a page, say), which recap build refuses
//
// Warnings:
//
//	unknown-key     a front-matter key recap does not know
//	bad-priority    a priority that is not highest, high, medium, low or lowest
//	unknown-person  an @mention, attendee or [owner:: X] that matches nobody in
//	                config.toml's [people] (only when config.toml defines people)
//	unowned         an open action without an owner
//	no-due          an open action without a due date
//	file-date       an impossible date in a file name
//	skipped-file    a file under the content folder that recap leaves out: a
//	                link to outside it or in a loop, a pipe, socket or device
//
// The last two are about logical actions: an item carried across a series is
// reported once, at its latest occurrence, using the fields of all of them.
// They and the duplicate-id check need every note to parse, so they run only
// when there are no parse errors. The [check] errors list in config.toml names
// warning codes to treat as errors.
package check

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/recapjournal/recap/generator/build"
	"github.com/recapjournal/recap/generator/config"
	"github.com/recapjournal/recap/generator/diag"
	"github.com/recapjournal/recap/generator/internal/slug"
	"github.com/recapjournal/recap/generator/journal"
	"github.com/recapjournal/recap/generator/note"
	"github.com/recapjournal/recap/generator/source"
)

// The codes of recap check's diagnostics.
const (
	CodeParse         = "parse"
	CodeBadDate       = "bad-date"
	CodeFileDate      = "file-date" // an impossible date in a file name: the note's date comes from elsewhere
	CodeDuplicateID   = "duplicate-id"
	CodeURLCollision  = "url-collision"
	CodeUnknownKey    = "unknown-key"
	CodeBadPriority   = "bad-priority"
	CodeUnknownPerson = "unknown-person"
	CodeUnowned       = "unowned"
	CodeNoDue         = "no-due"
	CodeConfig        = "config"
)

// WarningCodes are the codes config.toml's [check] errors may promote.
var WarningCodes = []string{CodeUnknownKey, CodeBadPriority, CodeUnknownPerson, CodeUnowned, CodeNoDue, CodeFileDate, source.CodeSkipped}

// Options tunes Check.
type Options struct {
	// Now is the time of the journal's overdue state. Default: time.Now().
	Now time.Time
}

// Result is what Check found.
type Result struct {
	Notes int       // how many notes were read
	Diags diag.List // sorted by path, line and column; each has a Code
}

// Errors counts the diagnostics that are errors.
func (r *Result) Errors() int { return len(r.Diags.Errors()) }

// Warnings counts the diagnostics that are warnings.
func (r *Result) Warnings() int { return len(r.Diags.Warnings()) }

// Check lints the site in fsys (rooted at the site root) with its config. The
// error is for a content folder that cannot be walked; problems in notes are
// in the result.
func Check(fsys fs.FS, cfg *config.Config, opt Options) (*Result, error) {
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	contentDir := path.Clean(cfg.ContentDir)
	files, err := source.Walk(fsys, contentDir, cfg.Ignored)
	if err != nil {
		return nil, err
	}
	res := &Result{Notes: len(files.Notes)}
	var out diag.List
	add := func(d *diag.Diagnostic) { out = append(out, d) }
	out = append(out, files.Diags...) // files left out: what build leaves out too

	// Unknown codes in [check] errors.
	for _, c := range cfg.CheckErrors {
		if !slices.Contains(WarningCodes, c) {
			line := 1
			if data, err := fs.ReadFile(fsys, config.FileName); err == nil {
				line = lineOfKey(data, "errors")
			}
			d := diag.Errorf(config.FileName, line, 1, "[check] errors: %q is not a warning code; use %s", c, strings.Join(WarningCodes, ", "))
			d.Code = CodeConfig
			add(d)
		}
	}

	// Parse every note.
	notes := make([]*note.Note, len(files.Notes))
	diagsOf := make([]diag.List, len(files.Notes))
	srcs := make([][]byte, len(files.Notes))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				p := path.Join(contentDir, files.Notes[i])
				if contentDir == "." {
					p = files.Notes[i]
				}
				data, err := source.ReadNote(fsys, p)
				if err != nil {
					var pe *fs.PathError
					if errors.As(err, &pe) {
						err = pe.Err
					}
					diagsOf[i] = diag.List{diag.Errorf(p, 1, 1, "cannot read note: %v", err)}
					continue
				}
				srcs[i] = data
				notes[i], diagsOf[i] = note.Parse(p, data, note.Options{Location: cfg.Location})
			}
		}()
	}
	for i := range files.Notes {
		next <- i
	}
	close(next)
	wg.Wait()

	parseErrors := false
	people := newPeople(cfg)
	for i, n := range notes {
		// An imported archive stays quiet: its notes' warnings are not
		// worth anybody's time; what cannot be read is still an error.
		archived := n != nil && !n.IsPage() && cfg.ArchiveBefore != "" &&
			n.Date.In(cfg.Location).Format(time.DateOnly) < cfg.ArchiveBefore
		for _, d := range diagsOf[i] {
			if archived && d.Severity == diag.Warning {
				continue
			}
			d := *d
			if d.Severity == diag.Error {
				parseErrors = true
				if d.Code == "" {
					d.Code = CodeParse
				}
			}
			if d.Code == CodeBadDate {
				d.Severity = diag.Error
			}
			add(&d)
		}
		if n == nil {
			continue
		}
		add1 := func(d *diag.Diagnostic) {
			if !archived || d.Severity != diag.Warning {
				add(d)
			}
		}
		duplicateIDsInNote(n, add1)
		if people != nil {
			people.check(n, srcs[i], add1)
		}
	}

	// Two notes on one page.
	pages := map[string]string{}
	for _, rel := range files.Notes {
		u := journal.PageURL(rel)
		p := path.Join(contentDir, rel)
		if other, ok := pages[u]; ok {
			d := diag.Errorf(p, 1, 1, "note %s and note %s both become the page %s; rename one of them", other, p, u)
			d.Code = CodeURLCollision
			add(d)
			continue
		}
		pages[u] = p
	}

	// The journal without the notes that cannot be read: one bad note never
	// hides what is wrong with the others. Its errors are reported above.
	j, err := journal.LoadFiles(fsys, cfg, files, journal.Options{Now: opt.Now, Drafts: true, KeepGoing: true})
	if err == nil {
		actionChecks(j, add)
		outputCollisions(fsys, cfg, j, add)
	} else if !parseErrors && !hasCode(out, CodeURLCollision) {
		for _, d := range diag.From("", err) {
			if d.Code == "" {
				d.Code = CodeParse
			}
			add(d)
		}
	}

	for _, d := range out {
		if d.Severity == diag.Warning && slices.Contains(cfg.CheckErrors, d.Code) {
			d.Severity = diag.Error
		}
	}
	out.Sort()
	res.Diags = out
	return res, nil
}

// outputCollisions reports the files of the site that a build would write
// to one path of the output, as build finds them: a note's page and an
// attachment, an attachment and a theme file. A theme that cannot be read
// is the build's to report.
func outputCollisions(fsys fs.FS, cfg *config.Config, j *journal.Journal, add func(*diag.Diagnostic)) {
	cs, err := build.Collisions(fsys, cfg, j)
	if err != nil {
		return
	}
	for _, c := range cs {
		at := c.Source
		if at == "" {
			at = config.FileName
		}
		d := diag.Errorf(at, 1, 1, "%s", c.Error())
		d.Code = CodeURLCollision
		add(d)
	}
}

func hasCode(l diag.List, code string) bool {
	return slices.ContainsFunc(l, func(d *diag.Diagnostic) bool { return d.Code == code })
}

// duplicateIDsInNote reports an id given to two items of one note.
func duplicateIDsInNote(n *note.Note, add func(*diag.Diagnostic)) {
	first := map[string]int{}
	for _, it := range n.Items {
		if it.ID == "" {
			continue
		}
		if l, ok := first[it.ID]; ok {
			d := diag.Errorf(n.Path, it.Line, it.Col, "action id %q is already used on line %d of this note; give each action its own id", it.ID, l)
			d.Code = CodeDuplicateID
			add(d)
			continue
		}
		first[it.ID] = it.Line
	}
}

// actionChecks reports ids shared by different logical actions, and open
// actions without an owner or a due date.
func actionChecks(j *journal.Journal, add func(*diag.Diagnostic)) {
	type use struct {
		a *journal.Action
		o *journal.Occurrence
	}
	byID := map[string][]use{}
	var ids []string
	for _, a := range j.Actions {
		seen := map[string]bool{}
		for _, o := range a.Occurrences {
			if o.ID != "" && !seen[o.ID] {
				seen[o.ID] = true
				if byID[o.ID] == nil {
					ids = append(ids, o.ID)
				}
				byID[o.ID] = append(byID[o.ID], use{a, o})
			}
		}
	}
	for _, id := range ids {
		uses := byID[id]
		if len(uses) < 2 {
			continue
		}
		slices.SortStableFunc(uses, func(x, y use) int {
			return cmp.Or(cmp.Compare(x.o.Meeting.Index, y.o.Meeting.Index), cmp.Compare(x.o.Line, y.o.Line))
		})
		f := uses[0].o
		for _, u := range uses[1:] {
			where := "outside any series"
			if u.a.Series != nil {
				where = "in the series " + u.a.Series.Name
			}
			d := diag.Errorf(u.o.Meeting.Source, u.o.Line, u.o.Col, "action id %q is already used by another action (%s:%d); this one is %s, so it is a different action: give it its own id", id, f.Meeting.Source, f.Line, where)
			d.Code = CodeDuplicateID
			add(d)
		}
	}
	for _, a := range j.Actions {
		if !a.IsOpen() || a.Inferred {
			continue // archived, closed, or written as prose: minutes rarely give owners and dates
		}
		o := a.Latest()
		if a.Owner == nil {
			add(diag.Warnf(o.Meeting.Source, o.Line, o.Col, CodeUnowned, "open action %q has no owner: add @someone or [owner:: someone]", clip(a.Text)))
		}
		if a.Due == "" {
			add(diag.Warnf(o.Meeting.Source, o.Line, o.Col, CodeNoDue, "open action %q has no due date: add 📅 YYYY-MM-DD, due:YYYY-MM-DD or [due:: YYYY-MM-DD]", clip(a.Text)))
		}
	}
}

func clip(s string) string {
	r := []rune(s)
	if len(r) > 50 {
		return string(r[:49]) + "…"
	}
	return s
}

// people knows the configured people, to tell unknown names.
type people struct {
	known map[string]bool // ids, names and aliases, lowercased
	ids   map[string]bool
}

// newPeople returns nil when the config defines nobody: then every name is
// simply a new person, as FORMAT.md says, and nothing is reported.
func newPeople(cfg *config.Config) *people {
	if len(cfg.People) == 0 {
		return nil
	}
	p := &people{known: map[string]bool{}, ids: map[string]bool{}}
	for _, per := range cfg.People {
		p.ids[per.ID] = true
		p.known[per.ID] = true
		for _, k := range append([]string{per.Name}, per.Aliases...) {
			if k = strings.ToLower(strings.TrimSpace(k)); k != "" {
				p.known[k] = true
			}
		}
	}
	return p
}

// knows reports whether s names a configured person, the way the journal
// resolves names: an id, name or alias case-insensitively, or a string whose
// slug is an id.
func (p *people) knows(s string) bool {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "@"))
	return s == "" || p.known[strings.ToLower(s)] || p.ids[slug.Make(s)]
}

func (p *people) check(n *note.Note, src []byte, add func(*diag.Diagnostic)) {
	warned := map[string]bool{}
	warn := func(line, col int, s, what string) {
		k := strings.ToLower(s)
		if p.knows(s) || warned[k] {
			return
		}
		warned[k] = true
		add(diag.Warnf(n.Path, line, col, CodeUnknownPerson, "%s is not a person in config.toml: add [people.%s] or an alias there, or fix the spelling", what, slug.Make(s)))
	}
	if len(n.Attendees) > 0 {
		line := 1
		if n.Format != note.FormatNone {
			body := src
			if n.HasBOM {
				body = src[3:]
			}
			line = n.FrontMatter.StartLine + lineOfKey(body[n.FrontMatter.Start:n.FrontMatter.End], "attendees")
		}
		for _, a := range n.Attendees {
			warn(line, 1, a, fmt.Sprintf("attendee %q", a))
		}
	}
	for _, m := range n.Mentions {
		warn(m.Line, m.Col, m.Handle, "@"+m.Handle)
	}
	for _, it := range n.Items {
		if it.OwnerField {
			warn(it.Line, it.Col, it.Owner, fmt.Sprintf("owner %q", it.Owner))
		}
	}
}

// lineOfKey is the 1-based line of the first line of text that sets key (at
// its start, optionally quoted), or 1.
func lineOfKey(text []byte, key string) int {
	for i, l := range bytes.Split(text, []byte("\n")) {
		t := strings.TrimLeft(string(l), " \t\"'")
		if strings.HasPrefix(t, key) {
			rest := strings.TrimLeft(t[len(key):], " \t\"'")
			if strings.HasPrefix(rest, "=") || strings.HasPrefix(rest, ":") {
				return i + 1
			}
		}
	}
	return 1
}
