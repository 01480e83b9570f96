package render

import (
	"bufio"
	"bytes"
	"fmt"
	"html"
	"html/template"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
	chtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	ghtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"

	"github.com/recapjournal/recap/generator/config"
	"github.com/recapjournal/recap/generator/internal/slug"
	"github.com/recapjournal/recap/generator/journal"
	"github.com/recapjournal/recap/generator/markdown"
	"github.com/recapjournal/recap/generator/note"
	"github.com/recapjournal/recap/generator/share"
)

// Markdown returns the goldmark instance recap renders notes with: the parser
// of package markdown plus renderers for checkboxes, mentions, callouts and
// chroma-highlighted code blocks. Raw HTML in notes is never passed through:
// markdown.HTML keeps a few tags, bare, and shows everything else as text.
func Markdown() goldmark.Markdown {
	return markdown.New(
		goldmark.WithRendererOptions(
			ghtml.WithXHTML(),
			renderer.WithNodeRenderers(util.Prioritized(nodeRenderer{}, 100)),
		))
}

// BodyRenderer renders the body of each note while it is parsed, and keeps
// the HTML, and what a shared recap of the note may show, by parsed note. A
// parsed note stands for its file's content (watch mode parses a file again
// only when it changed), so the cache is keyed by content. It is safe for
// concurrent use.
type BodyRenderer struct {
	md         goldmark.Markdown
	resolver   *journal.Resolver
	contentDir string
	mu         sync.Mutex
	bodies     map[*note.Note]string
	views      map[*note.Note]*share.View // with Share set
	shareCfg   *config.Config
}

// Share makes OnAST also find what is private in each note, for the recap
// that meeting pages offer to copy.
func (b *BodyRenderer) Share(cfg *config.Config) { b.shareCfg = cfg }

// View returns what share.Analyse found in note n.
func (b *BodyRenderer) View(n *note.Note) *share.View {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.views[n]
}

// NewBodyRenderer returns a body renderer for a site.
func NewBodyRenderer(md goldmark.Markdown, resolver *journal.Resolver, contentDir string) *BodyRenderer {
	return &BodyRenderer{md: md, resolver: resolver, contentDir: path.Clean(contentDir),
		bodies: map[*note.Note]string{}, views: map[*note.Note]*share.View{}}
}

// Markdown returns the goldmark instance the bodies are rendered with.
func (b *BodyRenderer) Markdown() goldmark.Markdown { return b.md }

// Body returns the rendered body of note n.
func (b *BodyRenderer) Body(n *note.Note) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.bodies[n]
}

// Release drops the rendered body of n, keeping what its recap needs: a
// build that renders each page once releases each body once its page is
// written, so that it never holds them all.
func (b *BodyRenderer) Release(n *note.Note) {
	b.mu.Lock()
	delete(b.bodies, n)
	b.mu.Unlock()
}

// Retain keeps the bodies and recaps of j's notes and drops the others':
// those of notes that changed or went away since they were parsed.
func (b *BodyRenderer) Retain(j *journal.Journal) {
	live := make(map[*note.Note]bool, len(j.Meetings)+len(j.Pages))
	for _, list := range [][]*journal.Meeting{j.Meetings, j.Pages} {
		for _, m := range list {
			live[m.Note] = true // pages too: their bodies are kept as meetings' are
		}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	for n := range b.bodies {
		if !live[n] {
			delete(b.bodies, n)
		}
	}
	for n := range b.views {
		if !live[n] {
			delete(b.views, n)
		}
	}
}

// OnAST is a note.Options.OnAST hook: it rewrites the note's links for its
// page and renders the body.
func (b *BodyRenderer) OnAST(n *note.Note, doc ast.Node, src []byte) {
	if b.shareCfg != nil {
		v := share.Analyse(b.shareCfg, n, doc, src)
		b.mu.Lock()
		b.views[n] = v
		b.mu.Unlock()
	}
	// The opening heading is the page's title: not shown a second time.
	if h := titleHeading(doc, src, n.TitleLine); h != nil {
		doc.RemoveChild(doc, h)
	}
	rel := strings.TrimPrefix(n.Path, b.contentDir+"/")
	if b.contentDir == "." {
		rel = n.Path
	}
	page := journal.PageURL(rel)
	root := strings.Repeat("../", strings.Count(page, "/"))
	noteDir := path.Dir(rel)
	var remote []*ast.Image
	var inLinks linkNesting // what would be a link inside a link
	line, lineOff := 1, 0   // checkboxes come in source order: count lines once
	_ = ast.Walk(doc, func(node ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			if node.Kind() == ast.KindLink {
				inLinks.leave()
			}
			return ast.WalkContinue, nil
		}
		switch v := node.(type) {
		case *ast.Link:
			v.Destination = []byte(fixURL(string(v.Destination), noteDir, root, false))
			inLinks.enter(v)
		case *ast.Image:
			v.Destination = []byte(fixURL(string(v.Destination), noteDir, root, true))
			if s, ok := urlScheme(string(v.Destination)); ok && (strings.EqualFold(s, "http") || strings.EqualFold(s, "https")) {
				if inLinks.outer != nil {
					inLinks.nested = append(inLinks.nested, v) // becomes its alt text
				} else {
					remote = append(remote, v)
				}
			}
		case *ast.AutoLink, *east.FootnoteLink:
			if inLinks.outer != nil {
				inLinks.nested = append(inLinks.nested, v)
			}
		case *markdown.Mention:
			if inLinks.outer != nil {
				inLinks.nested = append(inLinks.nested, v)
				return ast.WalkContinue, nil
			}
			v.Href = root + "people/" + url.PathEscape(b.resolver.ID(v.Handle)) + "/index.html"
		case *markdown.Checkbox:
			if v.Offset < lineOff {
				line, lineOff = 1, 0
			}
			line += bytes.Count(src[lineOff:v.Offset], []byte("\n"))
			lineOff = v.Offset
			// The item is a row of its own: its list item is the link
			// target of the action, and styled by its status as written.
			if li, ok := v.Parent().Parent().(*ast.ListItem); ok {
				class := "item st-" + string(note.StatusOf(v.Char))
				if v.Char == '?' {
					class = "item point"
				}
				li.SetAttributeString("class", []byte(class))
				li.SetAttributeString("id", []byte("L"+strconv.Itoa(line)))
				if l, ok := li.Parent().(*ast.List); ok {
					l.SetAttributeString("class", []byte("task-list"))
				}
			}
		case *markdown.ItemEnd:
			// An item written as a plain list's item ("Action items" then
			// "- Send the deck") is a row too, with no checkbox.
			if li, ok := v.Parent().Parent().(*ast.ListItem); ok && li.FirstChild() == v.Parent() {
				if _, isTask := li.FirstChild().FirstChild().(*markdown.Checkbox); !isTask {
					li.SetAttributeString("class", []byte("item inferred"))
				}
			}
		}
		return ast.WalkContinue, nil
	})
	// A remote image would make the page contact another host (a tracking
	// pixel, at worst): it becomes a link to the image instead.
	for _, img := range remote {
		link := ast.NewLink()
		link.Destination, link.Title = img.Destination, img.Title
		link.SetAttributeString("class", []byte("remote-image"))
		if !img.HasChildren() {
			link.AppendChild(link, ast.NewString(img.Destination))
		}
		for c := img.FirstChild(); c != nil; {
			next := c.NextSibling()
			link.AppendChild(link, c)
			c = next
		}
		img.Parent().ReplaceChild(img.Parent(), img, link)
	}
	inLinks.unnest(src)
	bb := bodyBufs.Get().(*bodyBuf)
	bb.buf.Reset()
	bb.w.Reset(&bb.buf)
	if err := b.md.Renderer().Render(bb.w, src, doc); err != nil {
		bb.buf.Reset()
		fmt.Fprintf(&bb.buf, "<p class=\"error\">recap could not render this note: %s</p>", html.EscapeString(err.Error()))
	}
	// Kept until the page is written: exactly its size, not the buffer's.
	b.mu.Lock()
	b.bodies[n] = bb.buf.String()
	b.mu.Unlock()
	bodyBufs.Put(bb)
}

// titleHeading returns the top-level heading of doc on line titleLine of
// src (1-based), nil when there is none (or titleLine is 0).
func titleHeading(doc ast.Node, src []byte, titleLine int) *ast.Heading {
	if titleLine <= 0 {
		return nil
	}
	line, off := 1, 0
	for c := doc.FirstChild(); c != nil; c = c.NextSibling() {
		h, ok := c.(*ast.Heading)
		if !ok || h.Lines().Len() == 0 {
			continue
		}
		start := h.Lines().At(0).Start
		if start < off || start > len(src) {
			return nil
		}
		line += bytes.Count(src[off:start], []byte("\n"))
		off = start
		if line == titleLine {
			return h
		}
		if line > titleLine {
			return nil
		}
	}
	return nil
}

// linkNesting finds, while a walk is in a link's text, what would render as
// a link inside it: HTML has no link inside a link, and browsers split the
// outer one.
type linkNesting struct {
	outer  *ast.Link  // the outermost link the walk is in, nil when none
	depth  int        // links entered
	nested []ast.Node // autolinks, footnote references, mentions and remote images in link text
}

func (l *linkNesting) enter(link *ast.Link) {
	if l.depth == 0 {
		l.outer = link
	}
	l.depth++
}

func (l *linkNesting) leave() {
	if l.depth--; l.depth == 0 {
		l.outer = nil
	}
}

// unnest makes what linkNesting found plain text, or moves it after the
// link: an autolink becomes its text, a mention its "@handle", a remote image
// its alt text (else its address), and a footnote reference follows the
// link.
func (l *linkNesting) unnest(src []byte) {
	var lastMoved map[*ast.Link]ast.Node
	for _, n := range l.nested {
		parent := n.Parent()
		if parent == nil {
			continue
		}
		switch v := n.(type) {
		case *ast.AutoLink:
			s := ast.NewString(v.Label(src))
			s.SetRaw(true)
			parent.ReplaceChild(parent, v, s)
		case *markdown.Mention:
			s := ast.NewString([]byte("@" + v.Handle))
			s.SetRaw(true)
			parent.ReplaceChild(parent, v, s)
		case *ast.Image:
			if !v.HasChildren() {
				s := ast.NewString(v.Destination)
				s.SetRaw(true)
				parent.ReplaceChild(parent, v, s)
				continue
			}
			for c := v.FirstChild(); c != nil; {
				next := c.NextSibling()
				parent.InsertBefore(parent, v, c)
				c = next
			}
			parent.RemoveChild(parent, v)
		case *east.FootnoteLink:
			link := outerLink(v)
			if link == nil || link.Parent() == nil {
				continue
			}
			if lastMoved == nil {
				lastMoved = map[*ast.Link]ast.Node{}
			}
			prev := lastMoved[link]
			if prev == nil {
				prev = link
			}
			parent.RemoveChild(parent, v)
			link.Parent().InsertAfter(link.Parent(), prev, v)
			lastMoved[link] = v
		}
	}
	l.nested = l.nested[:0]
}

// outerLink returns the outermost link n is in.
func outerLink(n ast.Node) *ast.Link {
	var out *ast.Link
	for p := n.Parent(); p != nil; p = p.Parent() {
		if l, ok := p.(*ast.Link); ok {
			out = l
		}
	}
	return out
}

// bodyBuf is where a body is rendered before it is copied: goldmark writes
// through w, which it would otherwise allocate for every note.
type bodyBuf struct {
	buf bytes.Buffer
	w   *bufio.Writer
}

var bodyBufs = sync.Pool{New: func() any {
	bb := new(bodyBuf)
	bb.w = bufio.NewWriterSize(&bb.buf, 4096)
	return bb
}}

// safeSchemes are the URL schemes a link in a note may use.
var safeSchemes = map[string]bool{"http": true, "https": true, "mailto": true, "tel": true}

// fixURL makes a link or image destination in a note work from the note's
// page: relative paths are resolved from the note's folder and re-rooted at
// the page, links to other notes (".md") point at their pages, and any scheme
// but http, https, mailto and tel (and data:image/* for images) is replaced by
// "#", so no javascript: or vbscript: link survives in any spelling.
func fixURL(dest, noteDir, root string, image bool) string {
	d := strings.TrimSpace(html.UnescapeString(dest))
	if d == "" || strings.HasPrefix(d, "#") {
		return d
	}
	if scheme, ok := urlScheme(d); ok {
		s := strings.ToLower(scheme)
		if safeSchemes[s] {
			return d
		}
		if image && s == "data" {
			l := strings.ToLower(d)
			for _, t := range []string{"data:image/png", "data:image/jpeg", "data:image/gif", "data:image/webp"} {
				if strings.HasPrefix(l, t) {
					return d
				}
			}
		}
		return "#"
	}
	if strings.HasPrefix(d, "//") {
		return "#" // protocol-relative: would leave the machine from an https page
	}
	pth, frag, _ := strings.Cut(d, "#")
	pth, query, _ := strings.Cut(pth, "?")
	unesc, err := url.PathUnescape(pth)
	if err != nil {
		unesc = pth
	}
	var target string
	if strings.HasPrefix(unesc, "/") {
		target = strings.TrimPrefix(path.Clean(unesc), "/") // from the content root
	} else {
		target = path.Join(noteDir, unesc)
	}
	if strings.HasPrefix(target, "../") || target == ".." {
		return d // outside the content folder: leave it as written
	}
	out := ""
	if note := strings.ToLower(path.Ext(target)) == ".md"; note {
		out = root + slug.EscapePath(journal.PageURL(target)) + "index.html"
	} else {
		out = root + slug.EscapePath(target)
	}
	if query != "" {
		out += "?" + query
	}
	if frag != "" {
		out += "#" + frag
	}
	return out
}

// urlScheme returns the scheme of an absolute URL, after dropping the control
// characters and spaces browsers ignore ("java\tscript:").
func urlScheme(d string) (string, bool) {
	var b strings.Builder
	for _, r := range d {
		if r <= ' ' || r == 0x7f {
			continue
		}
		if r == ':' {
			s := b.String()
			if s == "" {
				return "", false
			}
			for i, c := range s {
				if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
					return s, true // not a valid scheme, but something browsers might still try
				}
			}
			return s, true
		}
		if r == '/' || r == '?' || r == '#' {
			return "", false
		}
		b.WriteRune(r)
	}
	return "", false
}

// nodeRenderer renders recap's nodes and code blocks.
type nodeRenderer struct{}

func (nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(markdown.KindCheckbox, renderCheckbox)
	reg.Register(markdown.KindMention, renderMention)
	reg.Register(markdown.KindCallout, renderCallout)
	reg.Register(markdown.KindField, renderField)
	reg.Register(markdown.KindItemEnd, renderItemEnd)
	reg.Register(ast.KindFencedCodeBlock, renderCode)
	reg.Register(ast.KindCodeBlock, renderCode)
}

var statusLabel = map[note.Status]string{
	note.Open: "open", note.InProgress: "in progress", note.Done: "done", note.Cancelled: "cancelled",
}

func renderCheckbox(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	cb := n.(*markdown.Checkbox)
	st := note.StatusOf(cb.Char)
	class, label := string(st), statusLabel[st]
	if cb.Char == '?' {
		// A talking point: something to raise, not an open action. A
		// carried copy ticked "[x]" or "[-]" shows the status it has.
		class, label = "point", "talking point"
	}
	w.WriteString(`<span class="task task-`)
	w.WriteString(class)
	w.WriteString(`" role="img" aria-label="`)
	w.WriteString(label)
	w.WriteString(`"></span>`)
	return ast.WalkContinue, nil
}

func renderMention(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	m := n.(*markdown.Mention)
	if m.Owner {
		return ast.WalkSkipChildren, nil // the item's row shows its owner
	}
	w.WriteString(`<a class="mention" href="`)
	w.WriteString(html.EscapeString(m.Href))
	w.WriteString(`">@`)
	w.WriteString(html.EscapeString(m.Handle))
	w.WriteString(`</a>`)
	return ast.WalkSkipChildren, nil
}

// renderField leaves out a field token of an item: the item's row shows its
// due date, priority and owner.
func renderField(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	return ast.WalkSkipChildren, nil
}

// itemMarker opens the marker renderItemEnd writes where an item's first
// line ends; a page replaces each marker with the item's state as it stands
// then (see spliceItems). A note's own HTML never reaches the body, so a
// marker cannot come from its text.
const itemMarker = "<!--recap:item "

func renderItemEnd(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		w.WriteString(itemMarker)
		w.WriteString(strconv.Itoa(n.(*markdown.ItemEnd).Line))
		w.WriteString("-->")
	}
	return ast.WalkContinue, nil
}

// CalloutInfo is how a callout kind is drawn: an inline SVG icon (drawn with
// the text's colour, so it needs no emoji font) and a label.
type CalloutInfo struct {
	Icon  template.HTML
	Label string
}

// svgIcon is a 16-pixel line icon of the given paths, in the text's colour.
func svgIcon(paths string) template.HTML {
	return template.HTML(`<svg class="icon" viewBox="0 0 16 16" width="16" height="16" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">` + paths + `</svg>`)
}

// Callouts are the callout kinds the default theme styles.
var Callouts = map[string]CalloutInfo{
	"gem":      {svgIcon(`<path d="M4 2.5h8l2.5 3.5L8 14 1.5 6z"/><path d="M1.5 6h13M6 2.5 5 6l3 8 3-8-1-3.5"/>`), "Gem"},
	"question": {svgIcon(`<circle cx="8" cy="8" r="6.5"/><path d="M6 6.2a2 2 0 1 1 2.8 1.8c-.5.3-.8.7-.8 1.3v.4"/><path d="M8 11.6v.1"/>`), "Question"},
	"decision": {svgIcon(`<path d="M8 2v12M4.5 14h7M3 4.5h10"/><path d="M3 4.5 1 9a2 2 0 0 0 4 0zM13 4.5 11 9a2 2 0 0 0 4 0z"/>`), "Decision"},
	"feedback": {svgIcon(`<path d="M2.5 3h11v7.5H7L4 13v-2.5H2.5z"/>`), "Feedback"},
	"note":     {svgIcon(`<path d="M3.5 1.5h6l3 3v10h-9z"/><path d="M9.5 1.5v3h3M5.5 8h5M5.5 10.5h5"/>`), "Note"},
	"warning":  {svgIcon(`<path d="M8 1.8 14.7 13.5H1.3z"/><path d="M8 6v3.5M8 11.5v.1"/>`), "Warning"},
	"private":  {svgIcon(`<rect x="3" y="7" width="10" height="7.5" rx="1.2"/><path d="M5.2 7V5a2.8 2.8 0 0 1 5.6 0v2"/>`), "Private"},
}

// pinIcon is the icon of a callout kind the theme has no icon for.
var pinIcon = svgIcon(`<path d="M6 1.5h4M6.8 1.5v4L4.5 8.5h7L9.2 5.5v-4M8 8.5v6"/>`)

func renderCallout(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	c := n.(*markdown.Callout)
	if !entering {
		w.WriteString("</div></aside>\n")
		return ast.WalkContinue, nil
	}
	info, ok := Callouts[c.CalloutKind]
	if !ok {
		r, n := utf8.DecodeRuneInString(c.CalloutKind)
		info = CalloutInfo{pinIcon, string(unicode.ToUpper(r)) + c.CalloutKind[n:]}
	}
	kind := html.EscapeString(c.CalloutKind)
	fmt.Fprintf(w, `<aside class="callout callout-%s" data-callout="%s"><p class="callout-title"><span class="callout-icon" aria-hidden="true">%s</span> %s`,
		kind, kind, info.Icon, html.EscapeString(info.Label))
	if c.Title != "" {
		fmt.Fprintf(w, `<span class="callout-sub">: %s</span>`, html.EscapeString(c.Title))
	}
	w.WriteString("</p><div class=\"callout-body\">\n")
	return ast.WalkContinue, nil
}

var codeFormatter = chtml.New(chtml.WithClasses(true), chtml.PreventSurroundingPre(true))

func renderCode(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	var buf bytes.Buffer
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		buf.Write(seg.Value(src))
	}
	code := buf.String()
	lang := ""
	if fc, ok := n.(*ast.FencedCodeBlock); ok && fc.Info != nil {
		info := strings.TrimSpace(string(fc.Info.Segment.Value(src)))
		if f := strings.Fields(info); len(f) > 0 {
			lang = strings.Trim(f[0], "{}.")
		}
	}
	var lexer chroma.Lexer
	if lang != "" {
		lexer = lexers.Get(lang)
	}
	if lang != "" {
		fmt.Fprintf(w, `<div class="code"><span class="code-lang">%s</span><pre class="chroma"><code class="language-%s">`, html.EscapeString(lang), html.EscapeString(lang))
	} else {
		w.WriteString(`<div class="code"><pre class="chroma"><code>`)
	}
	if lexer == nil {
		w.WriteString(html.EscapeString(code))
	} else {
		h, err := highlight(lexer, lang, code)
		if err != nil {
			return ast.WalkStop, err
		}
		w.WriteString(h)
	}
	w.WriteString("</code></pre></div>\n")
	return ast.WalkSkipChildren, nil
}

// highlighted keeps code blocks as chroma highlighted them, by language and
// code, up to highlightedMax bytes in all: chroma takes a fifth of a
// millisecond for a short block, and watch mode renders a note again on
// every save, its code blocks mostly unchanged.
var (
	highlighted      sync.Map // lang + "\x00" + code → HTML
	highlightedBytes atomic.Int64
)

const highlightedMax = 16 << 20

// highlight returns code highlighted with lexer.
func highlight(lexer chroma.Lexer, lang, code string) (string, error) {
	key := lang + "\x00" + code
	if h, ok := highlighted.Load(key); ok {
		return h.(string), nil
	}
	it, err := chroma.Coalesce(lexer).Tokenise(nil, code)
	if err != nil {
		return html.EscapeString(code), nil
	}
	var b strings.Builder
	if err := codeFormatter.Format(&b, styles.Fallback, it); err != nil {
		return "", err
	}
	h := b.String()
	if highlightedBytes.Add(int64(len(key)+len(h))) <= highlightedMax {
		highlighted.Store(key, h)
	}
	return h, nil
}

// ChromaCSS returns the CSS for code blocks: the light style, and the dark
// style for dark mode (system preference or the theme toggle).
func ChromaCSS(light, dark string) (string, error) {
	var b bytes.Buffer
	ls := styles.Get(light)
	if ls == nil {
		return "", fmt.Errorf("highlight style %q is not a chroma style", light)
	}
	ds := styles.Get(dark)
	if ds == nil {
		return "", fmt.Errorf("highlight darkStyle %q is not a chroma style", dark)
	}
	if err := codeFormatter.WriteCSS(&b, ls); err != nil {
		return "", err
	}
	var d bytes.Buffer
	if err := codeFormatter.WriteCSS(&d, ds); err != nil {
		return "", err
	}
	b.WriteString("\n:root[data-theme=dark] {}\n")
	for _, line := range strings.Split(d.String(), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		b.WriteString(":root[data-theme=dark] " + line + "\n")
	}
	b.WriteString("@media (prefers-color-scheme: dark) {\n")
	for _, line := range strings.Split(d.String(), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		b.WriteString(":root:not([data-theme=light]) " + line + "\n")
	}
	b.WriteString("}\n")
	return b.String(), nil
}
