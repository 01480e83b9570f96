package note

import (
	"bytes"
	"path"
	"strings"

	"github.com/yuin/goldmark/ast"
)

// setTitle gives the note its title when the front matter has none: its
// opening heading (see openingHeading), else its file name without the
// extension. doc is the parsed body and src its source, with front matter
// lines kept as empty lines, so that lines in src are lines in the file.
func (n *Note) setTitle(doc ast.Node, src []byte) {
	if n.Title != "" {
		return
	}
	if h := openingHeading(doc, src); h != nil {
		if t := strings.TrimSpace(PlainText(h, src)); t != "" {
			n.Title = t
			if h.Lines().Len() > 0 {
				n.TitleLine = bytes.Count(src[:h.Lines().At(0).Start], []byte("\n")) + 1
			}
			return
		}
	}
	base := path.Base(n.Path)
	n.Title = strings.TrimSpace(strings.TrimSuffix(base, path.Ext(base)))
	if n.Title == "" { // ".md"
		n.Title = base
	}
}

// openingHeading returns the note's opening heading: its first top-level
// heading (ATX or setext, of any level) when nothing but thematic breaks and
// paragraphs of images comes before it (blank lines and front matter leave no
// block in the document; link reference definitions, which show nothing, are
// passed over too). It returns
// nil when something else comes first: a paragraph of text, a list, a quote
// or callout, a table, code, HTML. Headings inside a callout or a list are
// never the opening heading.
func openingHeading(doc ast.Node, src []byte) *ast.Heading {
	for c := doc.FirstChild(); c != nil; c = c.NextSibling() {
		switch v := c.(type) {
		case *ast.Heading:
			return v
		case *ast.ThematicBreak, *ast.LinkReferenceDefinition:
		case *ast.Paragraph:
			if !onlyImages(v, src) {
				return nil
			}
		default:
			return nil
		}
	}
	return nil
}

// onlyImages reports whether paragraph p holds nothing but images and white
// space: Markdown images "![alt](src)", linked images such as badges
// "[![build](badge.svg)](ci)", and Obsidian embeds "![[photo.png]]", which
// recap's Markdown reads as text.
func onlyImages(p *ast.Paragraph, src []byte) bool {
	var rest []byte // the text that is not an image
	if !collectNonImage(p, src, &rest, false) {
		return false
	}
	for {
		rest = bytes.TrimLeft(rest, " \t\n")
		if len(rest) == 0 {
			return true
		}
		if !bytes.HasPrefix(rest, []byte("![[")) {
			return false
		}
		end := bytes.Index(rest, []byte("]]"))
		if end < 0 || bytes.ContainsAny(rest[3:end], "[]\n") {
			return false
		}
		rest = rest[end+2:]
	}
}

// collectNonImage appends to rest the text of n's inline children that are
// not images; it returns false when a child is something other than text, an
// image or (with inLink false) a link whose text is only images.
func collectNonImage(n ast.Node, src []byte, rest *[]byte, inLink bool) bool {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch v := c.(type) {
		case *ast.Image:
		case *ast.Text:
			*rest = append(*rest, v.Segment.Value(src)...)
			if v.SoftLineBreak() || v.HardLineBreak() {
				*rest = append(*rest, '\n')
			}
		case *ast.String:
			*rest = append(*rest, v.Value...)
		case *ast.Link:
			if inLink {
				return false
			}
			var inner []byte
			if !collectNonImage(v, src, &inner, true) || len(bytes.TrimSpace(inner)) > 0 {
				return false
			}
		default:
			return false
		}
	}
	return true
}
