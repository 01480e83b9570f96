// Package share builds the shareable recap of one meeting, for pasting into
// an email or a chat: recap share, and the Copy recap and Download recap.md
// buttons of a meeting page.
//
// A recap holds the meeting's title, its date (and time, when it has one, in
// the site's time zone), the attendees by name, the summary, the decisions
// (the "[!decision]" callouts, with their titles and text) and the meeting's
// action items grouped by owner.
//
// The summary is only one the note gives explicitly: the front matter's
// summary, else the content of a section headed "Summary" (any level, any
// case, with or without a colon; up to the next heading of the same or a
// higher level: paragraphs, lists and sub-headings as plain text). A note
// without either has no summary in its recap: its first paragraph, which
// lists and feeds show as an excerpt, is never shared. (A front matter
// summary that is word for word the note's first paragraph cannot be told
// from that excerpt, and is not shared either.)
//
// Each action item shows the current state of its logical action (see
// journal.Action): an item ticked done in a later meeting of the series shows
// done, with the due date and owner the journal has for it now. Items stand
// under their action's owner; owners come in the order they first own an
// item in the note; unassigned items come last, under "Unassigned". A leading
// @mention of an item's owner is dropped from its text, since the item
// already stands under the owner's name. Talking points ("- [?] …", and the
// items that carry one forward) are not actions and are never shared.
//
// The recap names people, not handles: every @mention in its text (title,
// summary, decisions, items) is written as the person's name, or as the
// handle without '@' when the journal knows nobody by it. #tags are left out
// of the text.
//
// Nothing private leaves the journal: "[!private]" callouts are left out with
// everything in them, and so is every section whose heading matches one of the
// config's privateSections (default "Reflection" and "Private"),
// case-insensitively and ignoring surrounding spaces, with everything below
// that heading until the next heading of the same or a higher level. Items,
// decisions and summary text in those places are not shared.
//
// Text is printed as the note's plain text: Markdown emphasis and links are
// flattened, and nothing is escaped.
package share

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"

	"github.com/recapjournal/recap/generator/config"
	"github.com/recapjournal/recap/generator/internal/slug"
	"github.com/recapjournal/recap/generator/internal/textpos"
	"github.com/recapjournal/recap/generator/journal"
	"github.com/recapjournal/recap/generator/markdown"
	"github.com/recapjournal/recap/generator/note"
)

// Formats are the formats Recap writes.
var Formats = []string{"markdown", "text"}

// Recap returns the shareable recap of meeting m, whose note's bytes are src,
// as "markdown" (also "md", or "" for the default) or plain "text".
func Recap(j *journal.Journal, m *journal.Meeting, src []byte, format string) (string, error) {
	format, err := checkFormat(format)
	if err != nil {
		return "", err
	}
	v, parsed, err := analyse(j.Config, m.Source, src)
	if err != nil {
		return "", err
	}
	if !sameItems(parsed.Items, m.Items) {
		return "", fmt.Errorf("%s changed since the journal was read; run the command again", m.Source)
	}
	return build(j, m, v).format(format), nil
}

// FromView is Recap for a note analysed while the journal was read.
func FromView(j *journal.Journal, m *journal.Meeting, v *View, format string) (string, error) {
	format, err := checkFormat(format)
	if err != nil {
		return "", err
	}
	return build(j, m, v).format(format), nil
}

func checkFormat(format string) (string, error) {
	switch format {
	case "", "md":
		return "markdown", nil
	case "markdown", "text":
		return format, nil
	}
	return "", fmt.Errorf("format %q: want markdown or text", format)
}

// sameItems reports whether the items of a note parsed again are those the
// journal read: the same items (talking points included) on the same lines
// with the same text. The recap finds an occurrence's place in the note by
// its line.
func sameItems(a, b []note.Item) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Line != b[i].Line || a[i].Text != b[i].Text || a[i].Point != b[i].Point || a[i].Inferred != b[i].Inferred {
			return false
		}
	}
	return true
}

// View is what a note's Markdown says beyond the parsed note: which lines
// are private, where its talking points are, its decisions, its summary and
// the handles a recap of it names.
type View struct {
	privateLines map[int]bool // lines of items, callouts and text left out
	pointLines   map[int]bool // lines of talking points, "- [?] …"
	decisions    []decision   // the shared [!decision] callouts
	summary      text         // the explicit summary a recap shares; "" when none
	excerpt      string       // summary, else the first paragraph that is not private
	handles      []string     // the @handles in the shared text, as written
}

type decision struct {
	line        int
	title, text text
}

// text is a text a recap shows, as plain text, with the mentions and tags
// it holds. In text that comes from Markdown, an "@x" or "#x" in a code span
// is neither: only those the note's Markdown reads as such are written as
// names or left out. Text that is not Markdown (front matter, a callout's
// title) has nil sets: every @handle and #tag in it counts.
type text struct {
	s        string
	mentions map[string]bool // lowercased handles
	tags     map[string]bool // lowercased tags, as note.Tags gives them
}

// refs is a text of Markdown: the plain text s of nodes, with the mentions
// and tags they hold outside code.
func refs(s string, body []byte, nodes ...ast.Node) text {
	t := text{s: s, mentions: map[string]bool{}, tags: map[string]bool{}}
	var b strings.Builder
	for _, n := range nodes {
		_ = ast.Walk(n, func(node ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering {
				if node.Type() == ast.TypeBlock {
					b.WriteByte(' ')
				}
				return ast.WalkContinue, nil
			}
			switch x := node.(type) {
			case *ast.CodeSpan:
				b.WriteByte(' ')
				return ast.WalkSkipChildren, nil
			case *markdown.Mention:
				t.mentions[strings.ToLower(x.Handle)] = true
				b.WriteString(" @")
				b.WriteString(x.Handle)
			case *ast.Text:
				b.Write(x.Segment.Value(body))
				if x.SoftLineBreak() || x.HardLineBreak() {
					b.WriteByte(' ')
				}
			case *ast.String:
				b.Write(x.Value)
			}
			return ast.WalkContinue, nil
		})
		b.WriteByte(' ')
	}
	for _, tag := range note.Tags(b.String()) {
		t.tags[tag] = true
	}
	return t
}

// set is the lowercased strings of list, never nil.
func set(list []string) map[string]bool {
	m := make(map[string]bool, len(list))
	for _, s := range list {
		m[strings.ToLower(s)] = true
	}
	return m
}

// PrivateLines returns the lines of the action items (their checkboxes, or
// their text for items written as prose), callouts and text of a note that
// are private: inside a [!private] callout or under a heading listed in
// cfg.PrivateSections. p names the note in diagnostics; src is the file's
// bytes. recap new uses it to keep private items private when it carries
// them forward.
func PrivateLines(cfg *config.Config, p string, src []byte) (map[int]bool, error) {
	v, _, err := analyse(cfg, p, src)
	if err != nil {
		return nil, err
	}
	return v.privateLines, nil
}

// analyse parses src again and finds what is private.
func analyse(cfg *config.Config, p string, src []byte) (*View, *note.Note, error) {
	var v *View
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

// Summary is what lists and feeds may show of the note: its explicit summary
// (as a recap shares it, before names and tags are written), else its first
// top-level paragraph that is not private, as an excerpt. A recap never
// shares the excerpt.
func (v *View) Summary() string { return v.excerpt }

// SharedSummary is the summary a recap shares, before names and tags are
// written: the front matter's, else the shared text of the section headed
// "Summary"; "" when the note has neither.
func (v *View) SharedSummary() string { return v.summary.s }

// Analyse finds what is private in a parsed note, and what of it a recap may
// share. doc and body are what note.Options.OnAST receives, so a build can
// analyse every note in the pass that parses it. It keeps nothing of doc.
func Analyse(cfg *config.Config, n *note.Note, doc ast.Node, body []byte) *View {
	priv := map[string]bool{}
	for _, s := range cfg.PrivateSections {
		priv[strings.ToLower(strings.TrimSpace(s))] = true
	}
	isPrivateHeading := func(h *ast.Heading) bool {
		return len(priv) > 0 && priv[strings.ToLower(strings.TrimSpace(note.PlainText(h, body)))]
	}
	v := &View{privateLines: map[int]bool{}}
	var idx *textpos.Index
	lineOf := func(off int) int {
		if idx == nil {
			idx = textpos.New(body)
		}
		return idx.Line(off)
	}

	// Private lines and decisions, in one walk over the whole document.
	sectionLevel := 0 // the level of the private heading we are under; 0 when none
	inPrivateCallout := 0
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
		if h, ok := node.(*ast.Heading); ok && node.Parent() == doc {
			if sectionLevel > 0 && h.Level <= sectionLevel {
				sectionLevel = 0
			}
			if sectionLevel == 0 && isPrivateHeading(h) {
				sectionLevel = h.Level
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
			} else if x.CalloutKind == "decision" {
				v.decisions = append(v.decisions, decision{line: lineOf(x.Line), title: text{s: x.Title}, text: refs(sharedText(x, body), body, x)})
			}
		case *ast.Paragraph, *ast.TextBlock:
			// The lines of private text: an item written as prose has its
			// line there.
			if private {
				lines := node.Lines()
				for i := 0; i < lines.Len(); i++ {
					v.privateLines[lineOf(lines.At(i).Start)] = true
				}
			}
		}
		return ast.WalkContinue, nil
	})

	// The summary section and the first paragraph, over the top-level blocks.
	sectionLevel = 0
	summaryLevel := 0 // the level of the Summary heading we are under; 0 when none
	found := false
	firstPara, excerpt := "", ""
	seenPara := false
	var parts []string
	var shared []ast.Node
	var raw strings.Builder // the section's text, private parts too
	for c := doc.FirstChild(); c != nil; c = c.NextSibling() {
		if h, ok := c.(*ast.Heading); ok {
			if sectionLevel > 0 && h.Level <= sectionLevel {
				sectionLevel = 0
			}
			if sectionLevel == 0 && isPrivateHeading(h) {
				sectionLevel = h.Level
			}
			if summaryLevel > 0 && h.Level <= summaryLevel {
				summaryLevel = 0
			}
			if !found && sectionLevel == 0 && isSummaryHeading(note.PlainText(h, body)) {
				summaryLevel, found = h.Level, true
				continue
			}
		}
		private := sectionLevel > 0
		if _, ok := c.(*ast.Paragraph); ok {
			if !seenPara {
				seenPara, firstPara = true, note.PlainText(c, body)
			}
			if !private && excerpt == "" {
				excerpt = note.PlainText(c, body)
			}
		}
		if summaryLevel == 0 {
			continue
		}
		raw.WriteString(note.PlainText(c, body))
		raw.WriteByte(' ')
		if private {
			continue
		}
		if s := blockText(c, body); s != "" {
			parts = append(parts, s)
			shared = append(shared, c)
		}
	}
	// The note's Summary is the front matter's, or (as the note package
	// fills it in) its first paragraph or its Summary section: only the
	// front matter's, or the section's own shared text, is shared.
	fm := strings.TrimSpace(n.Summary)
	switch {
	case fm != "" && fm != firstPara && !(found && containsWords(raw.String(), fm)):
		v.summary = text{s: fm}
	case found && len(parts) > 0:
		v.summary = refs(strings.Join(parts, "\n\n"), body, shared...)
	}
	v.excerpt = v.summary.s
	if v.excerpt == "" {
		v.excerpt = excerpt
	}

	// Talking points, and the handles the recap's text may hold.
	hs := map[string]bool{}
	add := func(t text) {
		scanMentions(t.s, func(_, _ int, h string) {
			if k := strings.ToLower(h); !hs[k] && (t.mentions == nil || t.mentions[k]) {
				hs[k] = true
				v.handles = append(v.handles, h)
			}
		})
	}
	add(text{s: n.Title})
	add(v.summary)
	for _, d := range v.decisions {
		add(d.title)
		add(d.text)
	}
	for i := range n.Items {
		it := &n.Items[i]
		if it.Point {
			if v.pointLines == nil {
				v.pointLines = map[int]bool{}
			}
			v.pointLines[it.Line] = true
		} else if !it.Private && !v.privateLines[it.Line] {
			add(text{s: it.Text, mentions: set(it.Mentions)})
		}
	}
	return v
}

// isSummaryHeading reports whether a heading's text is "Summary", in any
// case, with or without a colon.
func isSummaryHeading(t string) bool {
	t = strings.TrimSpace(t)
	t = strings.TrimSpace(strings.TrimSuffix(t, ":"))
	return strings.EqualFold(t, "summary")
}

// containsWords reports whether the words of s, letters and digits only,
// stand in that order in the words of in.
func containsWords(in, s string) bool {
	w := func(s string) string {
		f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		return " " + strings.Join(f, " ") + " "
	}
	ws := w(s)
	return ws != "  " && strings.Contains(w(in), ws)
}

// isTask reports whether a list item is a task-list item, "- [c] …".
func isTask(li ast.Node) bool {
	if _, ok := li.(*ast.ListItem); !ok {
		return false
	}
	b := li.FirstChild()
	if b == nil {
		return false
	}
	_, ok := b.FirstChild().(*markdown.Checkbox)
	return ok
}

// sharedText is the plain text of a block's content, as note.PlainText gives
// it, without task-list items (actions and talking points have their own
// place, or none, in a recap) and without [!private] callouts.
func sharedText(n ast.Node, body []byte) string {
	var parts []string
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		parts = appendShared(parts, c, body)
	}
	return strings.Join(parts, " ")
}

// appendShared appends the shared plain text of block c to parts.
func appendShared(parts []string, c ast.Node, body []byte) []string {
	if isTask(c) {
		return parts
	}
	if x, ok := c.(*markdown.Callout); ok && x.CalloutKind == "private" {
		return parts
	}
	if k := c.FirstChild(); k != nil && k.Type() == ast.TypeBlock {
		for ; k != nil; k = k.NextSibling() {
			parts = appendShared(parts, k, body)
		}
		return parts
	}
	if t := note.PlainText(c, body); t != "" {
		parts = append(parts, t)
	}
	return parts
}

// blockText is a top-level block of a Summary section as plain text: a
// paragraph or heading as a line, a list as lines "- item" (nested items
// indented; task-list items left out), a quote or callout as its paragraphs.
// Private callouts, decisions (shared as such), code and HTML blocks give "".
func blockText(c ast.Node, body []byte) string {
	switch x := c.(type) {
	case *ast.Paragraph, *ast.TextBlock, *ast.Heading:
		return note.PlainText(c, body)
	case *ast.List:
		var b strings.Builder
		listText(&b, x, body, "")
		return strings.TrimRight(b.String(), "\n")
	case *markdown.Callout:
		if x.CalloutKind == "private" || x.CalloutKind == "decision" {
			return ""
		}
		parts := []string{}
		if t := strings.TrimSpace(x.Title); t != "" {
			parts = append(parts, t)
		}
		for k := c.FirstChild(); k != nil; k = k.NextSibling() {
			if s := blockText(k, body); s != "" {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, "\n\n")
	case *ast.Blockquote:
		var parts []string
		for k := c.FirstChild(); k != nil; k = k.NextSibling() {
			if s := blockText(k, body); s != "" {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, "\n\n")
	}
	return ""
}

func listText(b *strings.Builder, l *ast.List, body []byte, indent string) {
	k := l.Start
	for li := l.FirstChild(); li != nil; li = li.NextSibling() {
		if isTask(li) {
			continue
		}
		var text []string
		var nested []*ast.List
		for c := li.FirstChild(); c != nil; c = c.NextSibling() {
			if sub, ok := c.(*ast.List); ok {
				nested = append(nested, sub)
			} else {
				text = appendShared(text, c, body)
			}
		}
		if len(text) > 0 {
			marker := "- "
			if l.IsOrdered() {
				marker = strconv.Itoa(k) + ". "
				k++
			}
			b.WriteString(indent + marker + strings.Join(text, " ") + "\n")
		}
		for _, sub := range nested {
			listText(b, sub, body, indent+"  ")
		}
	}
}

// recap is the content of a recap, before formatting.
type recap struct {
	title, when string
	attendees   []string
	summary     string
	decisions   []shownDecision
	owners      []ownerItems
}

type shownDecision struct{ title, text string }

type ownerItems struct {
	name  string
	items []item
}

// item is one shared action item: its text and its logical action's state.
type item struct {
	text                     string
	status                   note.Status
	due, doneDate, cancelled string
}

// names writes people's names for their handles.
type names struct {
	j  *journal.Journal
	m  *journal.Meeting
	by map[string]string // lowercased handle → name
}

// name is the name of the person a handle names: one known from the
// meeting itself (see reach), else the journal's, else the handle.
func (n *names) name(h string) string {
	k := strings.ToLower(h)
	if s, ok := n.by[k]; ok {
		return s
	}
	s := h
	if p := reach(n.m, h); p != nil {
		s = p.Name
	} else if p := n.j.Lookup(h); p != nil && p.Name != "" {
		s = p.Name
	}
	if n.by == nil {
		n.by = map[string]string{}
	}
	n.by[k] = s
	return s
}

// text is t as a recap shares it: names for handles, no #tags.
func (n *names) text(t text) string {
	s := t.s
	if strings.IndexByte(s, '@') >= 0 {
		var b strings.Builder
		last := 0
		scanMentions(s, func(start, end int, h string) {
			if t.mentions != nil && !t.mentions[strings.ToLower(h)] {
				return
			}
			b.WriteString(s[last:start])
			b.WriteString(n.name(h))
			last = end
		})
		if last > 0 {
			b.WriteString(s[last:])
			s = b.String()
		}
	}
	return dropTags(s, t.tags)
}

func build(j *journal.Journal, m *journal.Meeting, v *View) *recap {
	nm := &names{j: j, m: m}
	r := &recap{title: nm.text(text{s: m.Title}), summary: nm.text(v.summary)}
	t := m.Date.In(j.Config.Location)
	if m.DateOnly {
		r.when = t.Format("Monday 2 January 2006")
	} else {
		r.when = t.Format("Monday 2 January 2006, 15:04")
	}
	for _, p := range m.People {
		r.attendees = append(r.attendees, p.Name)
	}
	for _, d := range v.decisions {
		if !v.privateLines[d.line] {
			r.decisions = append(r.decisions, shownDecision{title: nm.text(d.title), text: nm.text(d.text)})
		}
	}
	var unassigned []item
	for _, o := range m.Occurrences {
		if !shared(o, v) {
			continue
		}
		a := o.Action
		owner := ""
		if a.Owner != nil {
			owner = a.Owner.Name
		}
		it := item{text: itemText(nm, o.Item, owner), status: a.Status, due: a.Due, doneDate: a.DoneDate, cancelled: a.Cancelled}
		if a.Owner == nil {
			unassigned = append(unassigned, it)
			continue
		}
		k := -1
		for i := range r.owners {
			if r.owners[i].name == owner {
				k = i
				break
			}
		}
		if k < 0 {
			r.owners = append(r.owners, ownerItems{name: owner})
			k = len(r.owners) - 1
		}
		r.owners[k].items = append(r.owners[k].items, it)
	}
	if len(unassigned) > 0 {
		r.owners = append(r.owners, ownerItems{name: "Unassigned", items: unassigned})
	}
	return r
}

// shared reports whether an occurrence is an action item a recap shows: not
// private, and not a talking point nor a copy of one. The journal keeps
// talking points out of Meeting.Occurrences already; the view, which may come
// from parsing the note again, knows them by line.
func shared(o *journal.Occurrence, v *View) bool {
	return o.Action != nil && !o.Action.Point && !o.Point && !o.Private &&
		!v.privateLines[o.Line] && !v.pointLines[o.Line]
}

// itemText is an item's text as shared, without a leading mention of its
// owner (named owner).
func itemText(nm *names, it *note.Item, owner string) string {
	t := it.Text
	if owner != "" && strings.HasPrefix(t, "@") {
		n := markdown.HandleLen([]byte(t[1:]))
		rest := t[1+n:]
		rest = strings.TrimPrefix(strings.TrimPrefix(rest, ":"), ",")
		if n > 0 && strings.HasPrefix(rest, " ") && strings.TrimSpace(rest) != "" && nm.name(t[1:1+n]) == owner {
			t = strings.TrimSpace(rest)
		}
	}
	return nm.text(text{s: t, mentions: set(it.Mentions), tags: set(it.Tags)})
}

// reach is the person of the meeting's own people (its attendees, its
// actions' owners, the people its talking points are for and its series'
// people) that handle h names: by id, then by name or alias, then by the id a
// handle makes; nil when none. A recap names these people with what the
// meeting alone says, so that Key can tell when it changes.
func reach(m *journal.Meeting, h string) *journal.Person {
	k := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "@")))
	if k == "" {
		return nil
	}
	var found *journal.Person
	rank := 4
	try := func(p *journal.Person) {
		if p == nil || rank == 1 {
			return
		}
		switch {
		case p.ID == k:
			found, rank = p, 1
		case rank > 2 && (strings.ToLower(p.Name) == k || containsFold(p.Aliases, k)):
			found, rank = p, 2
		case rank > 3 && p.ID == slug.Make(k):
			found, rank = p, 3
		}
	}
	for _, p := range m.People {
		try(p)
	}
	for _, o := range m.Occurrences {
		try(o.Owner)
		if o.Action != nil {
			try(o.Action.Owner)
		}
	}
	for _, o := range m.Points {
		if o.Action != nil {
			for _, p := range o.Action.For {
				try(p)
			}
		}
	}
	if m.Series != nil {
		for _, p := range m.Series.People {
			try(p)
		}
	}
	return found
}

func containsFold(list []string, k string) bool {
	for _, s := range list {
		if strings.ToLower(strings.TrimSpace(s)) == k {
			return true
		}
	}
	return false
}

// Key is what the recap of meeting m depends on beyond its note's view v,
// for a cache of recaps: the names of its attendees and of the people its
// text mentions, and each of its shared items' logical state (status, owner,
// due, done and cancelled dates). ok is false when the text mentions someone
// the meeting alone does not know (see reach): the recap then depends on the
// whole journal, and is not to be kept.
func Key(m *journal.Meeting, v *View) (key string, ok bool) {
	var b strings.Builder
	for _, p := range m.People {
		b.WriteString(p.Name)
		b.WriteByte(0)
	}
	b.WriteByte(1)
	for _, o := range m.Occurrences {
		b.WriteString(strconv.Itoa(o.Line))
		b.WriteByte(0)
		if a := o.Action; a != nil {
			if a.Point {
				b.WriteByte('?')
			}
			if a.Owner != nil {
				b.WriteString(a.Owner.Name)
			}
			b.WriteByte(0)
			b.WriteString(string(a.Status))
			b.WriteByte(0)
			b.WriteString(a.Due)
			b.WriteByte(0)
			b.WriteString(a.DoneDate)
			b.WriteByte(0)
			b.WriteString(a.Cancelled)
		}
		b.WriteByte(1)
	}
	b.WriteByte(2)
	for _, h := range v.handles {
		p := reach(m, h)
		if p == nil {
			return "", false
		}
		b.WriteString(h)
		b.WriteByte(0)
		b.WriteString(p.Name)
		b.WriteByte(0)
	}
	return b.String(), true
}

// scanMentions calls f for each @mention in plain text s, as the note's
// Markdown reads one: '@' at the start or after white space or opening
// punctuation, then a handle, not followed by "/name" or "@host" and not
// inside a URL. start and end frame "@handle" in s.
func scanMentions(s string, f func(start, end int, handle string)) {
	for i := 0; i < len(s); i++ {
		if s[i] != '@' {
			continue
		}
		if i > 0 {
			r, _ := utf8.DecodeLastRuneInString(s[:i])
			if !markdown.MentionMayFollow(r) {
				continue
			}
		}
		n := markdown.HandleLen([]byte(s[i+1:]))
		if n == 0 {
			continue
		}
		end := i + 1 + n
		if rest := s[end:]; rest != "" && (rest[0] == '@' || rest[0] == '/') && markdown.HandleLen([]byte(rest[1:])) > 0 {
			i = end - 1
			continue
		}
		if inURL(s, i) {
			i = end - 1
			continue
		}
		f(i, end, s[i+1:end])
		i = end - 1
	}
}

// inURL reports whether the '@' at s[at] is inside a URL: the text since the
// last white space holds "://" or starts with "www.".
func inURL(s string, at int) bool {
	start := strings.LastIndexAny(s[:at], " \t\n\r") + 1
	w := s[start:at]
	return strings.Contains(w, "://") || len(w) >= 4 && strings.EqualFold(w[:4], "www.")
}

// dropTags takes the #tags out of s, those in only unless it is nil: a tag
// that labels a line (only tags before it on the line, or only tags and
// closing punctuation after it) is left out with the space around it, and so
// is "(#tag)"; a tag inside a sentence ("ship it in #eng today") keeps its
// word without the '#', so that the sentence still reads.
func dropTags(s string, only map[string]bool) string {
	if strings.IndexByte(s, '#') < 0 {
		return s
	}
	spans := note.TagSpans(s)
	if only != nil {
		spans = slices.DeleteFunc(spans, func(sp [2]int) bool { return !only[note.NormTag(s[sp[0]+1:sp[1]])] })
	}
	if len(spans) == 0 {
		return s
	}
	// labels reports whether s[from:to] holds nothing but tags (of spans),
	// white space and, with punct, closing punctuation.
	labels := func(from, to int, punct bool) bool {
		for i := from; i < to; i++ {
			c := s[i]
			switch {
			case c == ' ' || c == '\t':
			case c == '#':
				k := slices.IndexFunc(spans, func(sp [2]int) bool { return sp[0] == i })
				if k < 0 {
					return false
				}
				i = spans[k][1] - 1
			case punct && closing(c):
			default:
				return false
			}
		}
		return true
	}
	var b []byte
	last := 0
	for _, sp := range spans {
		lineStart := strings.LastIndexByte(s[:sp[0]], '\n') + 1
		lineEnd := len(s)
		if k := strings.IndexByte(s[sp[1]:], '\n'); k >= 0 {
			lineEnd = sp[1] + k
		}
		paren := sp[0] > 0 && s[sp[0]-1] == '(' && sp[1] < len(s) && s[sp[1]] == ')'
		label := labels(lineStart, sp[0], false) || labels(sp[1], lineEnd, true) && !afterFunctionWord(s[lineStart:sp[0]])
		if !paren && !label {
			b = append(b, s[last:sp[0]]...) // inside a sentence: the word stays
			last = sp[0] + 1
			continue
		}
		from, to := sp[0], sp[1]
		if paren {
			from, to = from-1, to+1
		}
		b = trimSpaceRight(append(b, s[last:from]...))
		k := to
		for k < len(s) && (s[k] == ' ' || s[k] == '\t') {
			k++
		}
		if len(b) > 0 && b[len(b)-1] != '\n' && b[len(b)-1] != '(' && k < len(s) && s[k] != '\n' && !closing(s[k]) && s[k] != '#' {
			b = append(b, ' ')
		}
		last = k
	}
	b = append(b, s[last:]...)
	return strings.TrimSpace(string(b))
}

// afterFunctionWord reports whether s ends with a word that needs one after
// it, as in "announce it in #eng": the tag that follows is part of the
// sentence, not a label.
func afterFunctionWord(s string) bool {
	f := strings.Fields(s)
	if len(f) == 0 {
		return false
	}
	switch strings.ToLower(f[len(f)-1]) {
	case "a", "an", "the", "in", "on", "at", "to", "for", "with", "via", "from", "into", "about", "of", "and", "or", "by", "per":
		return true
	}
	return false
}

func trimSpaceRight(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t') {
		b = b[:len(b)-1]
	}
	return b
}

// closing reports whether c ends a phrase: no space before it.
func closing(c byte) bool { return strings.IndexByte(".,;:!?)]", c) >= 0 }

// itemNote is "due 2026-11-20", "in progress, due ...", "done 2026-11-20", ...
func itemNote(it item, withOpen bool) string {
	var parts []string
	switch it.status {
	case note.Open:
		if withOpen {
			parts = append(parts, "open")
		}
	case note.InProgress:
		parts = append(parts, "in progress")
	case note.Done:
		parts = append(parts, strings.TrimSpace("done "+it.doneDate))
	case note.Cancelled:
		parts = append(parts, strings.TrimSpace("cancelled "+it.cancelled))
	}
	if it.due != "" && it.status.IsOpen() {
		parts = append(parts, "due "+it.due)
	}
	return strings.Join(parts, ", ")
}

var mdBox = map[note.Status]string{note.Open: "[ ]", note.InProgress: "[ ]", note.Done: "[x]", note.Cancelled: "[-]"}

func (r *recap) format(f string) string {
	if f == "text" {
		return r.text()
	}
	return r.markdown()
}

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
			for _, it := range g.items {
				t := it.text
				if it.status == note.Cancelled {
					t = "~~" + t + "~~"
				}
				line := "- " + mdBox[it.status] + " " + t
				if n := itemNote(it, false); n != "" {
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
			for _, it := range g.items {
				fmt.Fprintf(&b, "- %s (%s)\n", it.text, itemNote(it, true))
			}
		}
	}
	return b.String()
}
