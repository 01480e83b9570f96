package note

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"github.com/recapjournal/recap/generator/markdown"
)

// itemMark is where, in the body, an item's first line has what a renderer
// may show beside the item rather than in its text.
type itemMark struct {
	block  ast.Node    // the paragraph or text block of the line
	line   int         // the item's line
	fields []fieldSpan // its field tokens
	owner  int         // offset of the '@' of the mention naming its owner, or -1
	end    int         // offset of the end of the line, or -1
}

// fieldSpan is a field token at body offsets [a, b).
type fieldSpan struct {
	key  string
	a, b int
}

// addMark keeps an item's mark, when marks are wanted.
func (x *extractor) addMark(block ast.Node, line int, m itemMark) {
	if !x.marking {
		return
	}
	m.block, m.line = block, line
	x.marks = append(x.marks, m)
}

// applyMarks wraps the items' tokens in Field nodes, flags the mentions of
// their owners and adds an ItemEnd after each item's first line. A token that
// is not made of plain text directly in its block (one split by emphasis,
// say) stays as it is.
func (x *extractor) applyMarks() {
	for _, m := range x.marks {
		for _, f := range m.fields {
			wrapField(m.block, f)
		}
		if m.owner >= 0 {
			for c := m.block.FirstChild(); c != nil; c = c.NextSibling() {
				if mn, ok := c.(*markdown.Mention); ok && mn.Offset == m.owner {
					mn.Owner = true
					break
				}
			}
		}
		if m.end >= 0 {
			var after ast.Node
			for c := m.block.FirstChild(); c != nil; c = c.NextSibling() {
				if s := startOf(c); s >= 0 && s >= m.end {
					break
				}
				after = c
			}
			end := &markdown.ItemEnd{Line: m.line}
			if after == nil {
				m.block.AppendChild(m.block, end)
			} else {
				m.block.InsertAfter(m.block, after, end)
			}
		}
	}
	x.marks = x.marks[:0]
}

// startOf is the body offset where inline node n starts, -1 when it has no
// text from the body.
func startOf(n ast.Node) int {
	switch v := n.(type) {
	case *ast.Text:
		return v.Segment.Start
	case *markdown.Mention:
		return v.Offset
	case *markdown.Checkbox:
		return v.Offset
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if s := startOf(c); s >= 0 {
			return s
		}
	}
	return -1
}

// wrapField moves the text of f, a token directly in block, into a Field
// node, splitting the Text nodes it starts and ends in.
func wrapField(block ast.Node, f fieldSpan) {
	var parts []ast.Node
	for c := block.FirstChild(); c != nil; c = c.NextSibling() {
		switch v := c.(type) {
		case *ast.Text:
			s, e := v.Segment.Start, v.Segment.Stop
			if e <= f.a || s >= f.b {
				continue
			}
			if s < f.a { // keep [s, a) here; the rest is a new node
				right := splitText(block, v, f.a)
				if right == nil {
					return
				}
				c, v, s = right, right, f.a
			}
			if e > f.b {
				if splitText(block, v, f.b) == nil {
					return
				}
			}
			parts = append(parts, v)
		case *markdown.Mention:
			if v.Offset >= f.a && v.Offset < f.b {
				parts = append(parts, v)
			}
		case *ast.Emphasis, *ast.CodeSpan, *ast.Link, *ast.AutoLink:
			if s := startOf(v); s >= f.a && s < f.b {
				return // a token that is not plain text: left as written
			}
		}
	}
	if len(parts) == 0 {
		return
	}
	fn := &markdown.Field{Key: f.key}
	block.InsertBefore(block, parts[0], fn)
	for _, p := range parts {
		block.RemoveChild(block, p)
		fn.AppendChild(fn, p)
	}
	// A token that ends its line keeps the line break out of the field: an
	// empty text after it carries the break, so that leaving the token out
	// does not join the line to the next.
	if last, ok := parts[len(parts)-1].(*ast.Text); ok && (last.SoftLineBreak() || last.HardLineBreak()) {
		br := ast.NewTextSegment(text.NewSegment(last.Segment.Stop, last.Segment.Stop))
		br.SetSoftLineBreak(last.SoftLineBreak())
		br.SetHardLineBreak(last.HardLineBreak())
		last.SetSoftLineBreak(false)
		last.SetHardLineBreak(false)
		block.InsertAfter(block, fn, br)
	}
}

// splitText splits t at body offset at: t keeps [start, at) and a new Text
// node after it gets [at, stop) with t's line break. It returns the new node,
// nil when at is not inside t.
func splitText(parent ast.Node, t *ast.Text, at int) *ast.Text {
	if at <= t.Segment.Start || at >= t.Segment.Stop {
		return nil
	}
	right := ast.NewTextSegment(text.NewSegment(at, t.Segment.Stop))
	right.SetSoftLineBreak(t.SoftLineBreak())
	right.SetHardLineBreak(t.HardLineBreak())
	t.SetSoftLineBreak(false)
	t.SetHardLineBreak(false)
	t.Segment = t.Segment.WithStop(at)
	parent.InsertAfter(parent, t, right)
	return right
}
