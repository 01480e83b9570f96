package note

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"

	"github.com/recapjournal/recap/generator/diag"
	"github.com/recapjournal/recap/generator/internal/textpos"
	"github.com/recapjournal/recap/generator/markdown"
)

// extractor walks a parsed note and fills in its items, mentions, callouts,
// headings, default title and summary.
type extractor struct {
	n       *Note
	src     []byte // the body as parsed (front matter blanked, LF)
	idx     *textpos.Index
	file    []byte // the file without BOM
	fileIdx *textpos.Index
	line    plainLine // an item's first line, reused from item to item

	// label is the last heading or paragraph that names the list after it:
	// an attendance list or a list of actions (see prose.go).
	label struct {
		node ast.Node
		kind labelKind
	}
	actionLists map[*ast.List]bool // plain lists whose items are actions
	attendSeen  map[string]int     // attendance entries by key, index in n.Attendance

	// marking says the document goes to an OnAST hook: marks holds where
	// each item's tokens, owner and end are, applied once the walk is done.
	marking bool
	marks   []itemMark
}

func (x *extractor) walk(doc ast.Node, keepText bool) {
	body := textBufs.Get().(*collapser)
	body.b, body.pending = body.b[:0], false
	defer textBufs.Put(body)
	private := 0 // depth of [!private] callouts: their text stays out of Note.Text
	_ = ast.Walk(doc, func(node ast.Node, entering bool) (ast.WalkStatus, error) {
		if c, ok := node.(*markdown.Callout); ok && c.CalloutKind == "private" {
			if entering {
				private++
			} else {
				private--
			}
		}
		text := keepText && private == 0
		if !entering {
			if text && node.Type() == ast.TypeBlock {
				body.space()
			}
			return ast.WalkContinue, nil
		}
		switch v := node.(type) {
		case *ast.Heading:
			t := PlainText(v, x.src)
			line := 0
			if v.Lines().Len() > 0 {
				line = x.idx.Line(v.Lines().At(0).Start)
			}
			id, _ := v.AttributeString("id")
			ids, _ := id.([]byte)
			x.n.Headings = append(x.n.Headings, Heading{Level: v.Level, Text: t, ID: string(ids), Line: line, Private: private > 0})
			if k := listLabel(t, true); k != noLabel {
				x.label.node, x.label.kind = v, k
			}
		case *ast.Paragraph:
			if x.n.Summary == "" && v.Parent() == doc {
				x.n.Summary = PlainText(v, x.src)
			}
			x.prose(v)
		case *ast.TextBlock:
			x.prose(v)
		case *ast.List:
			x.labelledList(v)
		case *ast.ListItem:
			x.item(v)
		case *markdown.Mention:
			l, c := x.idx.Pos(v.Offset)
			x.n.Mentions = append(x.n.Mentions, Mention{Handle: v.Handle, Line: l, Col: c, Private: private > 0})
			if text {
				body.writeString("@")
				body.writeString(v.Handle)
			}
		case *markdown.Callout:
			x.n.Callouts = append(x.n.Callouts, Callout{Kind: v.CalloutKind, Title: v.Title, Text: PlainText(v, x.src), Line: x.idx.Line(v.Line)})
		case *ast.Text:
			if text {
				body.write(v.Segment.Value(x.src))
				if v.SoftLineBreak() || v.HardLineBreak() {
					body.space()
				}
			}
		case *ast.AutoLink:
			if text {
				body.write(v.Label(x.src))
			}
		case *ast.CodeBlock, *ast.FencedCodeBlock:
			if text {
				for i := 0; i < v.Lines().Len(); i++ {
					seg := v.Lines().At(i)
					body.write(seg.Value(x.src))
				}
			}
		}
		return ast.WalkContinue, nil
	})
	if keepText {
		x.n.Text = string(body.b)
	}
}

// textBufs hold the text of a note while it is walked.
var textBufs = sync.Pool{New: func() any { return new(collapser) }}

// item extracts the action item that li is, if it is one.
func (x *extractor) item(li *ast.ListItem) {
	first := li.FirstChild()
	if first == nil {
		return
	}
	cb, ok := first.FirstChild().(*markdown.Checkbox)
	if !ok {
		return
	}
	depth, private := 0, false
	for p := li.Parent(); p != nil; p = p.Parent() {
		switch v := p.(type) {
		case *ast.ListItem:
			depth++
		case *markdown.Callout:
			private = private || v.CalloutKind == "private"
		}
	}
	it := Item{Char: cb.Char, Status: StatusOf(cb.Char), Depth: depth, Private: private, Point: cb.Char == '?'}
	fileOff, lineEnd := x.place(&it, cb.Offset)
	if _, n := markdown.CheckboxPrefix(x.file[fileOff:lineEnd]); n > 0 {
		it.Raw = string(x.file[fileOff+n : lineEnd])
	}

	pt := &x.line
	pt.reset(false)
	pt.collect(first, x.src, cb)
	mark := x.fields(&it, pt)
	x.n.Items = append(x.n.Items, it)
	x.addMark(first, it.Line, mark)
}

// place sets the item's Line, Col, Offset and LineEnd from off, the byte
// offset in the body where the item starts, and returns Offset and LineEnd in
// the file without its BOM.
func (x *extractor) place(it *Item, off int) (fileOff, lineEnd int) {
	line, col := x.idx.Pos(off)
	if x.fileIdx == nil {
		x.fileIdx = textpos.New(x.file)
	}
	fileOff = x.fileIdx.LineStart(line) + (off - x.idx.LineStart(line))
	lineEnd = fileOff
	for lineEnd < len(x.file) && x.file[lineEnd] != '\n' {
		lineEnd++
	}
	if lineEnd > fileOff && x.file[lineEnd-1] == '\r' {
		lineEnd--
	}
	it.Line, it.Col, it.Offset, it.LineEnd = line, col, fileOff, lineEnd
	if x.n.HasBOM {
		it.Offset += 3
		it.LineEnd += 3
	}
	return fileOff, lineEnd
}

// fields reads an item's first line, pt, into it: its field tokens, text,
// tags, mentions and owner. Task items and items written as prose share it.
// A field without a place of its own is reported at the item's place. It
// returns where, in the body, the line's tokens and owner are, for marks.
func (x *extractor) fields(it *Item, pt *plainLine) itemMark {
	line, col := it.Line, it.Col
	s := string(pt.b)
	fields := ScanFields(s)
	var keep strings.Builder
	last := 0
	mark := itemMark{owner: -1, end: -1}
	for i := len(pt.off) - 1; i >= 0; i-- {
		if pt.off[i] >= 0 {
			mark.end = pt.off[i] + 1
			break
		}
	}
	for _, f := range fields {
		if !pt.scannable(f.Start, f.End) {
			continue
		}
		keep.WriteString(s[last:f.Start])
		last = f.End
		if a, b, ok := pt.span(f.Start, f.End); ok {
			mark.fields = append(mark.fields, fieldSpan{f.Key, a, b})
		}
		if it.FieldSyntax == "" {
			it.FieldSyntax = f.Syntax
		}
		at := func() (int, int) {
			if o := pt.off[f.Start]; o >= 0 {
				return x.idx.Pos(o)
			}
			return line, col
		}
		switch f.Key {
		case "owner":
			if o := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(f.Value), "@")); o != "" {
				it.Owner, it.OwnerField = o, true
			}
		case "due", "done", "cancelled", "scheduled", "start", "created":
			if _, ok := ParseDate(f.Value); !ok {
				l, c := at()
				x.n.Diags = append(x.n.Diags, diag.Warnf(x.n.Path, l, c, "bad-date", "%s date %q is not a real date; the field is ignored", f.Key, f.Value))
				continue
			}
			switch f.Key {
			case "due":
				it.Due = f.Value
				it.DateSyntax = f.Syntax
			case "done":
				it.DoneDate = f.Value
			case "cancelled":
				it.Cancelled = f.Value
			case "scheduled":
				it.Scheduled = f.Value
			}
			if it.DateSyntax == "" {
				it.DateSyntax = f.Syntax
			}
		case "priority":
			p := strings.ToLower(strings.TrimSpace(f.Value))
			switch p {
			case "highest", "high", "medium", "low", "lowest":
				it.Priority = p
			default:
				l, c := at()
				x.n.Diags = append(x.n.Diags, diag.Warnf(x.n.Path, l, c, "bad-priority", "priority %q is not one of highest, high, medium, low, lowest; the field is ignored", f.Value))
			}
		case "id":
			it.ID = strings.TrimSpace(f.Value)
		}
	}
	keep.WriteString(s[last:])
	it.Text = collapseSpace(keep.String())
	it.Norm = NormText(it.Text)
	it.Tags = Tags(pt.outsideCode(keep.String(), s))
	it.Mentions = pt.mentions
	if it.Owner == "" && len(pt.mentions) > 0 {
		it.Owner = pt.mentions[0]
		// "@dev Send the deck": the mention that opens the text names the
		// owner, who a rendered row may show beside the item instead.
		if at := pt.mentionAt[0]; strings.TrimSpace(s[:at]) == "" && strings.TrimSpace(it.Text) != "@"+it.Owner {
			mark.owner = pt.off[at]
		}
	}
	return mark
}

// span returns the body offsets [a, b) of b[from:to] when every byte of it
// comes from there, in order.
func (p *plainLine) span(from, to int) (a, b int, ok bool) {
	if from >= to || to > len(p.off) {
		return 0, 0, false
	}
	for i := from; i < to; i++ {
		if p.off[i] < 0 || i > from && p.off[i] != p.off[i-1]+1 {
			return 0, 0, false
		}
	}
	return p.off[from], p.off[to-1] + 1, true
}

// plainLine is the plain text of an item's first line, with the source offset
// of each byte (-1 where it has none) and whether fields may be read there
// (not inside code spans or autolinks). With multi, it is the text of every
// line of a block, and starts says where each line after the first begins.
type plainLine struct {
	b         []byte
	off       []int
	code      []bool
	mentions  []string
	mentionAt []int // index in b of each mention's '@'
	done      bool

	multi  bool
	starts []int
	emph   [][2]int // spans of b inside emphasis
	strike [][2]int // spans of b inside strikethrough
}

// reset empties p for a new line (or, with multi, a new block).
func (p *plainLine) reset(multi bool) {
	p.b, p.off, p.code, p.mentions, p.mentionAt, p.done = p.b[:0], p.off[:0], p.code[:0], nil, p.mentionAt[:0], false
	p.multi, p.starts, p.emph, p.strike = multi, p.starts[:0], p.emph[:0], p.strike[:0]
}

// lines is the number of lines collected.
func (p *plainLine) lines() int { return len(p.starts) + 1 }

// lineRange is where line k (0-based) is in b.
func (p *plainLine) lineRange(k int) (from, to int) {
	if k > 0 {
		from = p.starts[k-1]
	}
	to = len(p.b)
	if k < len(p.starts) {
		to = p.starts[k]
	}
	return from, to
}

// sub is b[from:to] as a line of its own, sharing p's memory, with the
// mentions in it.
func (p *plainLine) sub(from, to int) *plainLine {
	q := &plainLine{b: p.b[from:to:to], off: p.off[from:to:to], code: p.code[from:to:to]}
	for i, at := range p.mentionAt {
		if at >= from && at < to {
			q.mentions = append(q.mentions, p.mentions[i])
			q.mentionAt = append(q.mentionAt, at-from)
		}
	}
	return q
}

func (p *plainLine) add(s []byte, start int, code bool) {
	p.b = append(p.b, s...)
	for i := range s {
		if start >= 0 {
			p.off = append(p.off, start+i)
		} else {
			p.off = append(p.off, -1)
		}
		p.code = append(p.code, code)
	}
}

// outsideCode returns kept (the line with field tokens removed) with the text
// of code spans blanked, so that "#notatag" in `code` is not a tag. full is
// the line before tokens were removed.
func (p *plainLine) outsideCode(kept, full string) string {
	if !strings.Contains(full, "#") {
		return kept
	}
	var b strings.Builder
	for i := 0; i < len(full); i++ {
		if i < len(p.code) && p.code[i] {
			b.WriteByte(' ')
		} else {
			b.WriteByte(full[i])
		}
	}
	return b.String()
}

func (p *plainLine) scannable(start, end int) bool {
	for i := start; i < end && i < len(p.code); i++ {
		if p.code[i] {
			return false
		}
	}
	return true
}

func (p *plainLine) collect(n ast.Node, src []byte, skip ast.Node) {
	for c := n.FirstChild(); c != nil && !p.done; c = c.NextSibling() {
		if c == skip {
			continue
		}
		switch v := c.(type) {
		case *ast.Text:
			p.add(v.Segment.Value(src), v.Segment.Start, false)
			if v.SoftLineBreak() || v.HardLineBreak() {
				if p.multi {
					p.starts = append(p.starts, len(p.b))
				} else {
					p.done = true
				}
			}
		case *ast.String:
			p.add(v.Value, -1, false)
		case *ast.CodeSpan:
			for t := v.FirstChild(); t != nil; t = t.NextSibling() {
				if tt, ok := t.(*ast.Text); ok {
					p.add(tt.Segment.Value(src), -1, true)
				}
			}
		case *markdown.Mention:
			p.mentions = append(p.mentions, v.Handle)
			p.mentionAt = append(p.mentionAt, len(p.b))
			p.add([]byte("@"+v.Handle), v.Offset, false)
		case *ast.AutoLink:
			p.add(v.Label(src), -1, true)
		case *ast.RawHTML:
			if t := markdown.PlainHTML(v, src); t != "" {
				p.add([]byte(t), -1, true)
			}
		case *markdown.Checkbox, *east.FootnoteLink:
		case *ast.Emphasis:
			start := len(p.b)
			p.collect(c, src, skip)
			p.emph = append(p.emph, [2]int{start, len(p.b)})
		case *east.Strikethrough:
			start := len(p.b)
			p.collect(c, src, skip)
			p.strike = append(p.strike, [2]int{start, len(p.b)})
		default:
			p.collect(c, src, skip)
		}
	}
}

// PlainText is the text of a node's inline content, soft breaks as spaces: how
// recap reads titles, summaries and callouts from a note's Markdown.
func PlainText(n ast.Node, src []byte) string {
	b := textBufs.Get().(*collapser)
	b.b, b.pending = b.b[:0], false
	b.plain(n, src)
	s := string(b.b)
	textBufs.Put(b)
	return s
}

// plain writes the text of n's inline content, as PlainText.
func (b *collapser) plain(n ast.Node, src []byte) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch v := c.(type) {
		case *ast.Text:
			b.write(v.Segment.Value(src))
			if v.SoftLineBreak() || v.HardLineBreak() {
				b.space()
			}
		case *ast.String:
			b.write(v.Value)
		case *markdown.Mention:
			b.writeString("@")
			b.writeString(v.Handle)
		case *ast.AutoLink:
			b.write(v.Label(src))
		case *ast.RawHTML:
			b.writeString(markdown.PlainHTML(v, src))
		case *markdown.Checkbox, *east.FootnoteLink:
		default:
			if c.Type() == ast.TypeBlock {
				b.space()
			}
			b.plain(c, src)
		}
	}
}

// collapseSpace is strings.Join(strings.Fields(s), " ") in one pass: runs of
// white space become one space, and none is left at either end.
func collapseSpace(s string) string {
	c := collapser{b: make([]byte, 0, len(s))}
	c.writeString(s)
	return string(c.b)
}

// collapser appends text to b with runs of white space made one space and
// none at either end, so text is copied once, not built and then collapsed.
type collapser struct {
	b       []byte
	pending bool // white space since the last byte written
}

func (c *collapser) write(p []byte) { c.writeString(unsafeString(p)) }

func (c *collapser) writeString(s string) {
	for i := 0; i < len(s); {
		ch, size := s[i], 1
		space := asciiSpace[ch] == 1
		if ch >= utf8.RuneSelf {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			space = unicode.IsSpace(r)
		}
		if space {
			c.pending = len(c.b) > 0
			i += size
			continue
		}
		if c.pending {
			c.b = append(c.b, ' ')
			c.pending = false
		}
		// Copy the run of non-space ASCII at once.
		j := i + size
		for j < len(s) && s[j] < utf8.RuneSelf && asciiSpace[s[j]] == 0 {
			j++
		}
		c.b = append(c.b, s[i:j]...)
		i = j
	}
}

// space is a break between words.
func (c *collapser) space() { c.pending = len(c.b) > 0 }

// unsafeString views p as a string for as long as p is not changed.
func unsafeString(p []byte) string { return unsafe.String(unsafe.SliceData(p), len(p)) }

var asciiSpace = [256]uint8{'\t': 1, '\n': 1, '\v': 1, '\f': 1, '\r': 1, ' ': 1}
