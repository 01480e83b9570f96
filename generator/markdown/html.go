package markdown

import (
	"bytes"
	"html"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	xhtml "golang.org/x/net/html"
)

// HTML in notes. A note may use a few HTML elements, written without
// attributes: keptTags. Any other tag, and any text in angle brackets that is
// not one of those tags ("<Not recorded>", "AR<in chat>", "<script>"), is
// shown as the text it is, escaped: nothing a note writes is dropped
// silently, and nothing in it runs. A closed HTML comment ("<!-- hint -->")
// is not shown, as its writer meant; an unclosed one is shown as text.
//
// goldmark hands raw HTML to the renderer as ast.RawHTML (one tag, comment or
// declaration inside a paragraph) and ast.HTMLBlock (lines that start with a
// tag). The renderer that HTML registers splits either into tags and text with
// the HTML tokenizer; a bluemonday policy that allows keptTags and no attribute
// decides which tags are kept, and strips their attributes. Everything else is
// escaped.
//
// A kept tag that opens or closes an element is kept only together with its
// partner, properly nested, in the same Markdown container: both inside the
// same paragraph, heading, table cell, link or emphasis, or both in HTML
// blocks of the same list item, quote or callout, or the top level of the
// note (so "<details>", Markdown, then "</details>" on lines of their own
// works). A kept tag without its partner is shown as text: an unclosed
// "<details>" cannot swallow the rest of the page, nor "<s>" strike it
// through. "<br>", "<br/>" and "</br>" are all a line break.

// keptTags are the elements a note may use.
var keptTags = []string{"sup", "sub", "kbd", "br", "mark", "del", "ins", "s", "u", "small", "abbr", "details", "summary"}

// keptPolicy is the sanitiser that decides which tags are kept: the elements
// of keptTags, with no attribute at all.
var keptPolicy = func() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements(keptTags...)
	return p
}()

// blockTags are the kept elements that are not phrasing content: an HTML
// block holding one of them is not wrapped in a paragraph.
var blockTags = map[string]bool{"details": true, "summary": true}

// HTML renders raw HTML in notes: the kept tags, bare, and everything else
// as escaped text.
var HTML goldmark.Extender = htmlExtender{}

type htmlExtender struct{}

func (htmlExtender) Extend(m goldmark.Markdown) {
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(htmlRenderer{}, 100)))
}

type htmlRenderer struct{}

func (htmlRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindRawHTML, renderRawHTML)
	reg.Register(ast.KindHTMLBlock, renderRawHTML)
}

func renderRawHTML(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.Write(rawHTML(n, src))
	}
	return ast.WalkSkipChildren, nil
}

// planAttr is the attribute of the document's root under which rawHTML keeps
// what each raw HTML node of the document renders as.
var planAttr = []byte("recapRawHTML")

// rawHTML returns the HTML that raw HTML node n (an *ast.RawHTML or
// *ast.HTMLBlock) renders as. The first call for a document looks at all of
// its raw HTML, to pair kept tags, and keeps the result on the document's
// root: a document with no raw HTML costs nothing.
func rawHTML(n ast.Node, src []byte) []byte {
	root := n
	for root.Parent() != nil {
		root = root.Parent()
	}
	var plan map[ast.Node][]byte
	if v, ok := root.Attribute(planAttr); ok {
		plan, _ = v.(map[ast.Node][]byte)
	}
	if plan == nil {
		plan = planHTML(root, src)
		root.SetAttribute(planAttr, plan)
	}
	if out, ok := plan[n]; ok {
		return out
	}
	// A node added after the plan was made: every tag shown as text.
	return []byte(html.EscapeString(string(rawSource(n, src))))
}

// pieceKind is what a piece of raw HTML is.
type pieceKind uint8

const (
	textPiece  pieceKind = iota // text, or a tag that is not kept
	openPiece                   // a kept opening tag: <sup>
	closePiece                  // a kept closing tag: </sup>
	voidPiece                   // a kept tag with no content: <br>
)

// piece is a tag or a run of text in raw HTML.
type piece struct {
	kind  pieceKind
	name  string // the element of a kept tag
	out   string // the HTML it renders as when it is not kept: as text
	keep  bool   // a kept tag with its partner (or a void one)
	local bool   // its partner is in the same node
	node  ast.Node
}

// rawNode is a raw HTML node and its pieces.
type rawNode struct {
	node   ast.Node
	pieces []piece
}

// planHTML renders every raw HTML node under root.
func planHTML(root ast.Node, src []byte) map[ast.Node][]byte {
	scopes := map[ast.Node][]*rawNode{} // by parent, in document order
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindRawHTML, ast.KindHTMLBlock:
			rn := &rawNode{node: n, pieces: splitHTML(rawSource(n, src), n)}
			scopes[n.Parent()] = append(scopes[n.Parent()], rn)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	plan := make(map[ast.Node][]byte)
	for _, nodes := range scopes { // independent of each other
		pairTags(nodes)
		for _, rn := range nodes {
			plan[rn.node] = renderPieces(rn)
		}
	}
	return plan
}

// rawSource is the source text of raw HTML node n.
func rawSource(n ast.Node, src []byte) []byte {
	var b bytes.Buffer
	switch v := n.(type) {
	case *ast.RawHTML:
		for i := 0; i < v.Segments.Len(); i++ {
			seg := v.Segments.At(i)
			b.Write(seg.Value(src))
		}
	case *ast.HTMLBlock:
		for i := 0; i < v.Lines().Len(); i++ {
			seg := v.Lines().At(i)
			b.Write(seg.Value(src))
		}
		if v.HasClosure() {
			b.Write(v.ClosureLine.Value(src))
		}
	}
	return b.Bytes()
}

// split keeps what splitHTML made of short raw HTML, up to splitMax
// entries: notes use the same few tags over and over ("<br>", "<sup>",
// "</sup>"), and each would take a tokenizer and a sanitiser.
var (
	split      sync.Map // raw HTML → []piece, with no node
	splitCount atomic.Int64
)

const splitMax = 4096

// splitHTML splits raw HTML into pieces with the HTML tokenizer, for node n.
func splitHTML(raw []byte, n ast.Node) []piece {
	if len(raw) > 256 {
		return splitHTMLOnce(raw, n)
	}
	v, ok := split.Load(string(raw))
	if !ok {
		v = splitHTMLOnce(raw, nil)
		if splitCount.Add(1) <= splitMax {
			split.Store(string(raw), v)
		}
	}
	ps := append([]piece(nil), v.([]piece)...)
	for i := range ps {
		ps[i].node = n
	}
	return ps
}

func splitHTMLOnce(raw []byte, n ast.Node) []piece {
	var ps []piece
	z := xhtml.NewTokenizer(bytes.NewReader(raw))
	off := 0
	for {
		tt := z.Next()
		if tt == xhtml.ErrorToken {
			break
		}
		size := len(z.Raw())
		if off+size > len(raw) {
			break
		}
		src := raw[off : off+size]
		off += size
		p := piece{node: n}
		switch tt {
		case xhtml.StartTagToken, xhtml.EndTagToken, xhtml.SelfClosingTagToken:
			if tt == xhtml.StartTagToken {
				// "<script>", "<title>" or "<plaintext>" are text here like
				// any other tag: what follows them is read as usual.
				z.NextIsNotRawText()
			}
			name, _ := z.TagName()
			p.kind, p.name = keptTag(tt, string(name), src)
			p.keep = p.kind == voidPiece
			p.out = html.EscapeString(string(src))
		case xhtml.TextToken:
			// Character references in text mean what they mean in HTML
			// and in Markdown: "&amp;" is "&".
			p.out = html.EscapeString(string(z.Text()))
		case xhtml.CommentToken:
			// A closed comment is what its writer meant not to show, as in
			// every Markdown renderer (templates use them for hints); an
			// unclosed one is shown, so that it hides nothing after it.
			if !bytes.HasSuffix(src, []byte("-->")) {
				p.out = html.EscapeString(string(src))
			}
		default: // a doctype, "</>"
			p.out = html.EscapeString(string(src))
		}
		ps = append(ps, p)
	}
	if off != len(raw) { // the tokenizer did not account for every byte
		return []piece{{node: n, out: html.EscapeString(string(raw))}}
	}
	return ps
}

// keptTag returns the kind of a tag: one the policy keeps, and how, or
// textPiece.
func keptTag(tt xhtml.TokenType, name string, src []byte) (pieceKind, string) {
	out := keptPolicy.Sanitize(string(src))
	void := name == "br"
	switch {
	case tt == xhtml.StartTagToken && out == "<"+name+">":
		if void {
			return voidPiece, name
		}
		return openPiece, name
	case tt == xhtml.EndTagToken && out == "</"+name+">":
		if void { // browsers read "</br>" as "<br>"
			return voidPiece, name
		}
		return closePiece, name
	case tt == xhtml.SelfClosingTagToken && out == "<"+name+"/>" && void:
		return voidPiece, name
	}
	// Not kept, or a non-void element written self-closing ("<sup/>"),
	// which HTML reads as an opening tag that is never closed.
	return textPiece, ""
}

// pairTags keeps the opening and closing tags of nodes (siblings, in
// document order) that pair up, properly nested.
func pairTags(nodes []*rawNode) {
	var stack []*piece
	open := map[string]int{} // on the stack, by name
	for _, rn := range nodes {
		for i := range rn.pieces {
			p := &rn.pieces[i]
			switch p.kind {
			case openPiece:
				stack = append(stack, p)
				open[p.name]++
			case closePiece:
				if open[p.name] == 0 {
					break
				}
				for {
					top := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					open[top.name]--
					if top.name == p.name {
						top.keep, p.keep = true, true
						top.local = top.node == p.node
						p.local = top.local
						break
					}
				}
			}
		}
	}
}

// renderPieces renders the pieces of a raw HTML node.
func renderPieces(rn *rawNode) []byte {
	var b bytes.Buffer
	wrap := false
	if _, ok := rn.node.(*ast.HTMLBlock); ok {
		// A block of text and phrasing tags is a paragraph, as a line of
		// text would have been; one that opens or closes an element
		// another block closes or opens, or details, is not.
		wrap = !inTightList(rn.node)
		for _, p := range rn.pieces {
			if p.keep && p.kind != voidPiece && (!p.local || blockTags[p.name]) {
				wrap = false
			}
		}
	}
	if wrap {
		b.WriteString("<p>")
	}
	for _, p := range rn.pieces {
		switch {
		case !p.keep: // text, or a kept tag without its partner
			b.WriteString(p.out)
		case p.kind == openPiece:
			b.WriteString("<" + p.name + ">")
		case p.kind == closePiece:
			b.WriteString("</" + p.name + ">")
		case p.kind == voidPiece:
			b.WriteString("<" + p.name + " />")
		}
	}
	if wrap {
		out := bytes.TrimRight(b.Bytes(), " \t\n")
		if len(out) == len("<p>") {
			return nil // only comments: nothing to show, not even a paragraph
		}
		b.Truncate(len(out))
		b.WriteString("</p>\n")
	}
	return b.Bytes()
}

// inTightList reports whether n is directly in an item of a tight list,
// where text is not wrapped in paragraphs.
func inTightList(n ast.Node) bool {
	li, ok := n.Parent().(*ast.ListItem)
	if !ok {
		return false
	}
	l, ok := li.Parent().(*ast.List)
	return ok && l.IsTight
}

// PlainTagLines makes a line that holds nothing but a tag recap does not
// keep, such as "<Not recorded>", the start of a paragraph, as the same tag
// is anywhere else in a line. CommonMark makes such a line the start of an
// HTML block (its type 7) that runs to the next blank line, and Markdown is
// not read inside an HTML block: "<Not recorded>" followed by a task list
// would hide the tasks. A line that holds a kept tag ("<br>", "<del>"), or
// that starts an HTML block of another type ("<div>", "<details>",
// "<script>", "<!--"), still starts an HTML block.
var PlainTagLines goldmark.Extender = plainTagLines{}

type plainTagLines struct{}

func (plainTagLines) Extend(m goldmark.Markdown) {
	// Before goldmark's HTML block parser (900).
	m.Parser().AddOptions(parser.WithBlockParsers(util.Prioritized(tagLineParser{}, 899)))
}

// htmlBlockTags are the elements whose tags start HTML blocks of CommonMark's
// types 1 and 6.
var htmlBlockTags = func() map[string]bool {
	m := map[string]bool{"script": true, "pre": true, "style": true, "textarea": true}
	for _, t := range strings.Fields(`address article aside base basefont blockquote body caption center col
		colgroup dd details dialog dir div dl dt fieldset figcaption figure footer form frame frameset
		h1 h2 h3 h4 h5 h6 head header hr html iframe legend li link main menu menuitem meta nav noframes
		ol optgroup option p param search section summary table tbody td tfoot th thead title tr track ul`) {
		m[t] = true
	}
	return m
}()

var keptTagSet = func() map[string]bool {
	m := map[string]bool{}
	for _, t := range keptTags {
		m[t] = true
	}
	return m
}()

var tagLineStart = regexp.MustCompile(`^[ ]{0,3}</?([a-zA-Z][a-zA-Z0-9-]*)`)

// tagLineParser opens a paragraph where goldmark would open an HTML block of
// type 7 for a tag that is not kept; the paragraph parser does the rest.
type tagLineParser struct{}

var paragraphs = parser.NewParagraphParser()

func (tagLineParser) Trigger() []byte { return []byte{'<'} }

func (tagLineParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, _ := reader.PeekLine()
	m := tagLineStart.FindSubmatch(line)
	if m == nil {
		return nil, parser.NoChildren
	}
	name := strings.ToLower(string(m[1]))
	if keptTagSet[name] || htmlBlockTags[name] {
		return nil, parser.NoChildren
	}
	return paragraphs.Open(parent, reader, pc)
}

func (tagLineParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	return paragraphs.Continue(node, reader, pc)
}

func (tagLineParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	paragraphs.Close(node, reader, pc)
}

func (tagLineParser) CanInterruptParagraph() bool { return false }

func (tagLineParser) CanAcceptIndentedLine() bool { return false }

// PlainHTML is the text that a raw HTML node of a note (ast.RawHTML) stands
// for in plain text: nothing for a tag a note may use ("<sup>") or a closed
// comment, a space for "<br>", and the source as written for anything else
// ("<Not recorded>"), which the page shows as text too.
func PlainHTML(n *ast.RawHTML, src []byte) string {
	raw := rawSource(n, src)
	z := xhtml.NewTokenizer(bytes.NewReader(raw))
	tt := z.Next()
	var name []byte
	if tt == xhtml.StartTagToken || tt == xhtml.EndTagToken || tt == xhtml.SelfClosingTagToken {
		name, _ = z.TagName()
	}
	switch {
	case tt == xhtml.CommentToken && bytes.HasSuffix(raw, []byte("-->")):
		return ""
	case tt != xhtml.StartTagToken && tt != xhtml.EndTagToken && tt != xhtml.SelfClosingTagToken:
	case string(name) == "br":
		return " "
	case slices.Contains(keptTags, string(name)):
		return ""
	}
	return string(raw)
}
