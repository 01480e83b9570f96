// Package share builds the shareable recap of one meeting, for pasting into
// an email or a chat: recap share.
//
// A recap holds the meeting's title, its date (and time, when it has one, in
// the site's time zone), the attendees by name, the summary, the decisions
// (the "[!decision]" callouts, with their titles and text) and the action
// items grouped by owner, each with its status and due date. Owners come in
// the order they first own an item in the note; unassigned items come last,
// under "Unassigned". A leading @mention of an item's owner is dropped from its
// text, since the item already stands under the owner's name.
//
// Nothing private leaves the journal: "[!private]" callouts are left out with
// everything in them, and so is every section whose heading matches one of the
// config's privateSections (default "Reflection" and "Private"),
// case-insensitively and ignoring surrounding spaces, with everything below
// that heading until the next heading of the same or a higher level. Items
// and decisions in those places are not shared. When the summary is the
// note's first paragraph (no summary in the front matter) and that paragraph
// is private, the first paragraph that is not private is used instead.
//
// Text is printed as the note's plain text: Markdown emphasis and links are
// flattened, and nothing is escaped.
package share

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/yuin/goldmark/ast"

	"github.com/recapjournal/recap/generator/config"
	"github.com/recapjournal/recap/generator/journal"
	"github.com/recapjournal/recap/generator/markdown"
	"github.com/recapjournal/recap/generator/note"
)

// Formats are the formats Recap writes.
var Formats = []string{"markdown", "text"}

// Recap returns the shareable recap of meeting m, whose note's bytes are src,
// as "markdown" (also "md", or "" for the default) or plain "text".
func Recap(j *journal.Journal, m *journal.Meeting, src []byte, format string) (string, error) {
	switch format {
	case "", "md":
		format = "markdown"
	case "markdown", "text":
	default:
		return "", fmt.Errorf("format %q: want markdown or text", format)
	}
	v, parsed, err := analyse(j.Config, m.Source, src)
	if err != nil {
		return "", err
	}
	if len(parsed.Items) != len(m.Items) {
		return "", fmt.Errorf("%s changed since the journal was read; run the command again", m.Source)
	}
	r := build(j, m, v)
	if format == "text" {
		return r.text(), nil
	}
	return r.markdown(), nil
}

// view is what the note's Markdown says beyond the parsed note: which lines
// are private and the summary to use.
type view struct {
	privateLines map[int]bool // lines of checkboxes and callouts left out
	summary      string
}

// PrivateLines returns the lines of the action items (their checkboxes) and
// callouts of a note that are private: inside a [!private] callout or under a
// heading listed in cfg.PrivateSections. p names the note in diagnostics; src
// is the file's bytes. recap new uses it to keep private items private when
// it carries them forward.
func PrivateLines(cfg *config.Config, p string, src []byte) (map[int]bool, error) {
	v, _, err := analyse(cfg, p, src)
	if err != nil {
		return nil, err
	}
	return v.privateLines, nil
}

// View is what a note's Markdown says beyond the parsed note: which lines
// are private, and the summary a recap may show.
type View = view

// Analyse finds what is private in a parsed note. doc and body are what
// note.Options.OnAST receives, so a build can analyse every note in the pass
// that parses it.
func Analyse(cfg *config.Config, n *note.Note, doc ast.Node, body []byte) *View {
	priv := map[string]bool{}
	for _, s := range cfg.PrivateSections {
		priv[strings.ToLower(strings.TrimSpace(s))] = true
	}
	v := &view{privateLines: map[int]bool{}}
	lineOf := func(off int) int { return bytes.Count(body[:off], []byte("\n")) + 1 }
	sectionLevel := 0 // the level of the private heading we are under; 0 when none
	inPrivateCallout := 0
	firstPara, firstParaPrivate, firstShared := "", false, ""
	seenPara := false
	_ = ast.Walk(doc, func(node ast.Node, entering bool) (ast.WalkStatus, error) {
		if c, ok := node.(*markdown.Callout); ok && c.CalloutKind == "private" {
			if entering {
				inPrivateCallout++
			} else {
				inPrivateCallout--
			}
		}
		if !entering {
			return ast.WalkContinue, nil
		}
		if node.Parent() == doc {
			if h, ok := node.(*ast.Heading); ok {
				if sectionLevel > 0 && h.Level <= sectionLevel {
					sectionLevel = 0
				}
				if sectionLevel == 0 && priv[strings.ToLower(strings.TrimSpace(note.PlainText(h, body)))] {
					sectionLevel = h.Level
				}
			}
		}
		private := sectionLevel > 0 || inPrivateCallout > 0
		switch x := node.(type) {
		case *markdown.Checkbox:
			if private {
				v.privateLines[lineOf(x.Offset)] = true
			}
		case *markdown.Callout:
			if private {
				v.privateLines[lineOf(x.Line)] = true
			}
		case *ast.Paragraph:
			if x.Parent() == doc {
				t := note.PlainText(x, body)
				if !seenPara {
					seenPara, firstPara, firstParaPrivate = true, t, private
				}
				if !private && firstShared == "" {
					firstShared = t
				}
			}
		}
		return ast.WalkContinue, nil
	})
	v.summary = n.Summary
	if firstParaPrivate && n.Summary == firstPara {
		v.summary = firstShared
	}
	return v
}

// Summary is the summary a recap may show: the note's, unless it comes from a
// private part, then the first paragraph that is not private.
func (v *View) Summary() string { return v.summary }

// FromView is Recap for a note analysed while the journal was read.
func FromView(j *journal.Journal, m *journal.Meeting, v *View, format string) (string, error) {
	r := build(j, m, v)
	if format == "text" {
		return r.text(), nil
	}
	return r.markdown(), nil
}

// analyse parses src again and finds what is private.
func analyse(cfg *config.Config, p string, src []byte) (*view, *note.Note, error) {
	var v *view
	var parsed *note.Note
	hook := func(n *note.Note, doc ast.Node, body []byte) {
		parsed = n
		v = Analyse(cfg, n, doc, body)
	}
	_, diags := note.Parse(p, src, note.Options{Location: cfg.Location, OnAST: hook})
	if parsed == nil {
		if errs := diags.Errors(); len(errs) > 0 {
			return nil, nil, errs
		}
		return nil, nil, fmt.Errorf("%s: the note could not be read", p)
	}
	return v, parsed, nil
}

// recap is the content of a recap, before formatting.
type recap struct {
	title, when string
	attendees   []string
	summary     string
	decisions   []decision
	owners      []ownerItems
}

type decision struct{ title, text string }

type ownerItems struct {
	name  string
	items []*journal.Occurrence
}

func build(j *journal.Journal, m *journal.Meeting, v *view) *recap {
	r := &recap{title: m.Title, summary: v.summary}
	t := m.Date.In(j.Config.Location)
	if m.DateOnly {
		r.when = t.Format("Monday 2 January 2006")
	} else {
		r.when = t.Format("Monday 2 January 2006, 15:04")
	}
	for _, p := range m.People {
		r.attendees = append(r.attendees, p.Name)
	}
	for _, c := range m.Callouts {
		if c.Kind == "decision" && !v.privateLines[c.Line] {
			r.decisions = append(r.decisions, decision{c.Title, c.Text})
		}
	}
	var unassigned []*journal.Occurrence
	for _, o := range m.Occurrences {
		if v.privateLines[o.Line] {
			continue
		}
		if o.Owner == nil {
			unassigned = append(unassigned, o)
			continue
		}
		k := slices.IndexFunc(r.owners, func(g ownerItems) bool { return g.name == o.Owner.Name })
		if k < 0 {
			r.owners = append(r.owners, ownerItems{name: o.Owner.Name})
			k = len(r.owners) - 1
		}
		r.owners[k].items = append(r.owners[k].items, o)
	}
	if len(unassigned) > 0 {
		r.owners = append(r.owners, ownerItems{name: "Unassigned", items: unassigned})
	}
	return r
}

// itemText is an item's text without a leading mention of its owner.
func itemText(o *journal.Occurrence) string {
	t := o.Text
	if o.Owner != nil && !o.OwnerField && strings.HasPrefix(t, "@") {
		h, rest, _ := strings.Cut(t[1:], " ")
		if strings.EqualFold(h, o.Item.Owner) && strings.TrimSpace(rest) != "" {
			t = strings.TrimSpace(rest)
		}
	}
	return t
}

// itemNote is "due 2026-11-20", "in progress, due ...", "done 2026-11-20", ...
func itemNote(o *journal.Occurrence, withOpen bool) string {
	var parts []string
	switch o.Status {
	case note.Open:
		if withOpen {
			parts = append(parts, "open")
		}
	case note.InProgress:
		parts = append(parts, "in progress")
	case note.Done:
		parts = append(parts, strings.TrimSpace("done "+o.DoneDate))
	case note.Cancelled:
		parts = append(parts, strings.TrimSpace("cancelled "+o.Cancelled))
	}
	if o.Due != "" && o.Status.IsOpen() {
		parts = append(parts, "due "+o.Due)
	}
	return strings.Join(parts, ", ")
}

var mdBox = map[note.Status]string{note.Open: "[ ]", note.InProgress: "[ ]", note.Done: "[x]", note.Cancelled: "[-]"}

func (r *recap) markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", r.title)
	fmt.Fprintf(&b, "- **Date:** %s\n", r.when)
	if len(r.attendees) > 0 {
		fmt.Fprintf(&b, "- **Attendees:** %s\n", strings.Join(r.attendees, ", "))
	}
	if r.summary != "" {
		fmt.Fprintf(&b, "\n%s\n", r.summary)
	}
	if len(r.decisions) > 0 {
		b.WriteString("\n## Decisions\n\n")
		for _, d := range r.decisions {
			switch {
			case d.title != "" && d.text != "":
				fmt.Fprintf(&b, "- **%s**: %s\n", d.title, d.text)
			case d.title != "":
				fmt.Fprintf(&b, "- %s\n", d.title)
			default:
				fmt.Fprintf(&b, "- %s\n", d.text)
			}
		}
	}
	if len(r.owners) > 0 {
		b.WriteString("\n## Action items\n")
		for _, g := range r.owners {
			fmt.Fprintf(&b, "\n**%s**\n\n", g.name)
			for _, o := range g.items {
				t := itemText(o)
				if o.Status == note.Cancelled {
					t = "~~" + t + "~~"
				}
				line := "- " + mdBox[o.Status] + " " + t
				if n := itemNote(o, false); n != "" {
					line += " (" + n + ")"
				}
				b.WriteString(line + "\n")
			}
		}
	}
	return b.String()
}

func (r *recap) text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n%s\n\n", r.title, strings.Repeat("=", max(3, len([]rune(r.title)))))
	fmt.Fprintf(&b, "Date: %s\n", r.when)
	if len(r.attendees) > 0 {
		fmt.Fprintf(&b, "Attendees: %s\n", strings.Join(r.attendees, ", "))
	}
	if r.summary != "" {
		fmt.Fprintf(&b, "\n%s\n", r.summary)
	}
	if len(r.decisions) > 0 {
		b.WriteString("\nDecisions\n---------\n")
		for _, d := range r.decisions {
			switch {
			case d.title != "" && d.text != "":
				fmt.Fprintf(&b, "- %s: %s\n", d.title, d.text)
			case d.title != "":
				fmt.Fprintf(&b, "- %s\n", d.title)
			default:
				fmt.Fprintf(&b, "- %s\n", d.text)
			}
		}
	}
	if len(r.owners) > 0 {
		b.WriteString("\nAction items\n------------\n")
		for i, g := range r.owners {
			if i > 0 {
				b.WriteByte('\n')
			}
			fmt.Fprintf(&b, "%s\n", g.name)
			for _, o := range g.items {
				fmt.Fprintf(&b, "- %s (%s)\n", itemText(o), itemNote(o, true))
			}
		}
	}
	return b.String()
}
