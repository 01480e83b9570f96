// Package markdown is recap's Markdown dialect: goldmark with GFM, footnotes and
// heading anchors, plus three AST extensions that the rest of recap reads:
//
//   - Checkbox: the "[c] " that opens a list item and makes it an action item.
//     Unlike GFM's task list, any single character is a status: "[ ]", "[x]",
//     "[-]", "[/]", "[?]".
//   - Mention: "@handle" at the start of text or after a space or opening
//     punctuation. Not a mention: "tom@example.com" (an e-mail address, and
//     "@tom@example.com" too), "@scope/name" (an npm package or a GitHub
//     team), anything inside code, a URL or a link target, and "@x" in the
//     text of a link or an image ("[@dev](https://x)"), which stays text so
//     that no link is ever rendered inside a link.
//   - Callout: a block quote whose first line is "[!kind] optional title", as in
//     Obsidian ("> [!decision] Ship on Friday").
//
// The nodes are produced by a goldmark inline parser (checkboxes and mentions)
// and AST transformers (callouts; mentions in link text made text again), so
// their line numbers come straight from the parser and nothing is matched
// against rendered HTML.
package markdown

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindCheckbox is the ast.NodeKind of *Checkbox.
var KindCheckbox = ast.NewNodeKind("RecapCheckbox")

// Checkbox is the "[c] " that opens an action item.
type Checkbox struct {
	ast.BaseInline
	Char   rune // the status character between the brackets
	Offset int  // byte offset of '[' in the source
}

// Kind implements ast.Node.
func (n *Checkbox) Kind() ast.NodeKind { return KindCheckbox }

// Dump implements ast.Node.
func (n *Checkbox) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Char": string(n.Char)}, nil)
}

// KindMention is the ast.NodeKind of *Mention.
var KindMention = ast.NewNodeKind("RecapMention")

// Mention is an @handle.
type Mention struct {
	ast.BaseInline
	Handle string // without the '@'
	Offset int    // byte offset of '@' in the source
	// Href is the person page the mention links to; the body renderer sets
	// it, "" until then.
	Href string
	// Owner says the mention opens an action item and names its owner
	// ("- [ ] @dev Send the deck"); note.Parse sets it for its OnAST hook, so
	// that a renderer which shows the owner beside the item can leave it out
	// of the text.
	Owner bool
}

// Kind implements ast.Node.
func (n *Mention) Kind() ast.NodeKind { return KindMention }

// Dump implements ast.Node.
func (n *Mention) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Handle": n.Handle}, nil)
}

// KindField is the ast.NodeKind of *Field.
var KindField = ast.NewNodeKind("RecapField")

// Field is a field token of an action item's first line ("📅 2026-11-20",
// "[due:: 2026-11-20]", "due:2026-11-20", "⏫", "🆔 x"), wrapping the token's
// text. The parser does not make them: note.Parse wraps the tokens it reads
// for its OnAST hook, so that a renderer which shows an item's due date,
// priority and owner beside it can leave the tokens out of the text.
type Field struct {
	ast.BaseInline
	Key string // due, done, priority, owner, id, ...: note.Field's Key
}

// Kind implements ast.Node.
func (n *Field) Kind() ast.NodeKind { return KindField }

// Dump implements ast.Node.
func (n *Field) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Key": n.Key}, nil)
}

// KindItemEnd is the ast.NodeKind of *ItemEnd.
var KindItemEnd = ast.NewNodeKind("RecapItemEnd")

// ItemEnd marks where the first line of an action item or talking point
// ends, a task item's or one written as prose ("Action item: …"). Like Field,
// note.Parse adds it for its OnAST hook: a renderer can show the item's state
// there. It has no children.
type ItemEnd struct {
	ast.BaseInline
	Line int // the item's line (of its checkbox, or of its text), 1-based
}

// Kind implements ast.Node.
func (n *ItemEnd) Kind() ast.NodeKind { return KindItemEnd }

// Dump implements ast.Node.
func (n *ItemEnd) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Line": strconv.Itoa(n.Line)}, nil)
}

// KindCallout is the ast.NodeKind of *Callout.
var KindCallout = ast.NewNodeKind("RecapCallout")

// Callout is a block quote marked "[!kind]". Its children are the quote's
// blocks without the marker line.
type Callout struct {
	ast.BaseBlock
	CalloutKind string // lowercased: "gem", "decision", "private", ...
	Title       string // the text after the marker, if any
	Line        int    // byte offset of the marker in the source
}

// Kind implements ast.Node.
func (n *Callout) Kind() ast.NodeKind { return KindCallout }

// Dump implements ast.Node.
func (n *Callout) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Kind": n.CalloutKind, "Title": n.Title}, nil)
}

type checkboxParser struct{}

func (checkboxParser) Trigger() []byte { return []byte{'['} }

func (checkboxParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	li := parent.Parent()
	if li == nil || li.FirstChild() != parent || parent.HasChildren() {
		return nil
	}
	if _, ok := li.(*ast.ListItem); !ok {
		return nil
	}
	line, seg := block.PeekLine()
	c, n := CheckboxPrefix(line)
	if n == 0 {
		return nil
	}
	block.Advance(n)
	return &Checkbox{Char: c, Offset: seg.Start}
}

// CheckboxPrefix reports whether line starts with "[c]" followed by a space,
// tab or the end of the line, and returns c and the length of the prefix with
// the white space after it.
func CheckboxPrefix(line []byte) (rune, int) {
	if len(line) < 3 || line[0] != '[' {
		return 0, 0
	}
	c, w := utf8.DecodeRune(line[1:])
	if c == utf8.RuneError || c == '\n' || c == '\r' || len(line) < 2+w || line[1+w] != ']' {
		return 0, 0
	}
	n := 2 + w
	if n < len(line) && line[n] != ' ' && line[n] != '\t' && line[n] != '\n' && line[n] != '\r' {
		return 0, 0
	}
	for n < len(line) && (line[n] == ' ' || line[n] == '\t') {
		n++
	}
	return c, n
}

type mentionParser struct{}

func (mentionParser) Trigger() []byte { return []byte{'@'} }

func (mentionParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	if !MentionMayFollow(block.PrecendingCharacter()) {
		return nil
	}
	line, seg := block.PeekLine()
	n := HandleLen(line[1:])
	if n == 0 || !mentionEnds(line[1+n:]) || inURL(block.Source(), seg.Start) {
		return nil
	}
	m := &Mention{Handle: string(line[1 : 1+n]), Offset: seg.Start}
	block.Advance(1 + n)
	return m
}

// MentionMayFollow reports whether an '@' after r starts a mention: at the start
// of text, or after white space or opening punctuation.
func MentionMayFollow(r rune) bool {
	switch r {
	case '\n', '"', '\'', '*', '_', '~':
		return true
	}
	return unicode.IsSpace(r) || unicode.In(r, unicode.Ps, unicode.Pi)
}

// mentionEnds reports whether rest, what follows a handle, lets it be a
// mention: "@scope/name" is a package or a team and "@user@host" an address.
// "@ana/@ben" mentions ana.
func mentionEnds(rest []byte) bool {
	if len(rest) == 0 {
		return true
	}
	return (rest[0] != '@' && rest[0] != '/') || HandleLen(rest[1:]) == 0
}

// inURL reports whether the '@' at src[at] is inside a URL that the linkify
// extension did not take: the text since the last white space (up to 256
// bytes back) holds "://" or starts with "www." ("ftp://host/(@x)").
func inURL(src []byte, at int) bool {
	start := at
	for start > 0 && at-start < 256 {
		c := src[start-1]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			break
		}
		start--
	}
	word := src[start:at]
	return bytes.Contains(word, []byte("://")) || len(word) >= 4 && strings.EqualFold(string(word[:4]), "www.")
}

// HandleLen returns the length of the handle at the start of b: letters,
// digits, '_', '.' and '-', not ending in '.' or '-'.
func HandleLen(b []byte) int {
	n := 0
	for n < len(b) {
		r, w := utf8.DecodeRune(b[n:])
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '.' || r == '-') {
			break
		}
		n += w
	}
	for n > 0 && (b[n-1] == '.' || b[n-1] == '-') {
		n--
	}
	return n
}

type calloutTransformer struct{}

func (calloutTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var quotes []*ast.Blockquote
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if bq, ok := n.(*ast.Blockquote); ok && entering {
			quotes = append(quotes, bq)
		}
		return ast.WalkContinue, nil
	})
	for _, bq := range quotes {
		p, ok := bq.FirstChild().(*ast.Paragraph)
		if !ok || p.Lines().Len() == 0 {
			continue
		}
		first := p.Lines().At(0)
		kind, title, ok := CalloutMarker(first.Value(src))
		if !ok {
			continue
		}
		c := &Callout{CalloutKind: kind, Title: title, Line: first.Start}
		// Drop the inline nodes of the marker line.
		for ch := p.FirstChild(); ch != nil; {
			next := ch.NextSibling()
			brk := false
			if t, ok := ch.(*ast.Text); ok && (t.SoftLineBreak() || t.HardLineBreak()) {
				brk = true
			}
			p.RemoveChild(p, ch)
			ch = next
			if brk {
				break
			}
		}
		lines := text.NewSegments()
		for i := 1; i < p.Lines().Len(); i++ {
			lines.Append(p.Lines().At(i))
		}
		p.SetLines(lines)
		if !p.HasChildren() {
			bq.RemoveChild(bq, p)
		}
		for ch := bq.FirstChild(); ch != nil; {
			next := ch.NextSibling()
			c.AppendChild(c, ch)
			ch = next
		}
		bq.Parent().ReplaceChild(bq.Parent(), bq, c)
	}
}

// CalloutMarker parses a callout's first line, "[!kind]" with an optional
// fold marker ('+' or '-') and title.
func CalloutMarker(line []byte) (kind, title string, ok bool) {
	line = bytes.TrimSpace(line)
	if !bytes.HasPrefix(line, []byte("[!")) {
		return "", "", false
	}
	end := bytes.IndexByte(line, ']')
	if end < 3 {
		return "", "", false
	}
	k := string(line[2:end])
	for _, r := range k {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_') {
			return "", "", false
		}
	}
	rest := line[end+1:]
	rest = bytes.TrimLeft(rest, "+-")
	return strings.ToLower(k), string(bytes.TrimSpace(rest)), true
}

// linkTextTransformer turns the mentions in the text of a link or an image
// back into text: "[@dev](https://x)" links to x, not to dev, and a mention
// there would render a link inside a link.
type linkTextTransformer struct{}

func (linkTextTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	var found []*Mention
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.(type) {
		case *ast.Link, *ast.Image:
			_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
				if m, ok := c.(*Mention); ok && entering {
					found = append(found, m)
				}
				return ast.WalkContinue, nil
			})
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, m := range found {
		t := ast.NewTextSegment(text.NewSegment(m.Offset, m.Offset+1+len(m.Handle)))
		m.Parent().ReplaceChild(m.Parent(), m, t)
	}
}

type extender struct{}

func (extender) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithInlineParsers(
			util.Prioritized(checkboxParser{}, 0),
			util.Prioritized(mentionParser{}, 500),
		),
		parser.WithASTTransformers(
			util.Prioritized(calloutTransformer{}, 100),
			util.Prioritized(linkTextTransformer{}, 200),
		),
	)
}

// Extension adds checkboxes, mentions and callouts to a goldmark.Markdown.
var Extension goldmark.Extender = extender{}

// New returns recap's Markdown: GFM without its task list (recap has its own),
// footnotes, automatic heading ids, Extension, and raw HTML as notes may hold
// it (HTML and PlainTagLines: a few tags kept bare, the rest shown as text),
// plus any extra options (the renderer adds its node renderers this way).
func New(opts ...goldmark.Option) goldmark.Markdown {
	base := []goldmark.Option{
		goldmark.WithExtensions(
			extension.Table, extension.Strikethrough, extension.Linkify,
			extension.Footnote, Extension, HTML, PlainTagLines,
		),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	}
	return goldmark.New(append(base, opts...)...)
}
