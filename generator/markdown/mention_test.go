package markdown

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// mentions parses src with New and returns its mentions as "handle@offset",
// failing when a mention is left inside a link or an image.
func mentions(t *testing.T, src string) []string {
	t.Helper()
	doc := New().Parser().Parse(text.NewReader([]byte(src)))
	var out []string
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		m, ok := n.(*Mention)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		out = append(out, fmt.Sprintf("%s@%d", m.Handle, m.Offset))
		if src[m.Offset] != '@' || src[m.Offset+1:m.Offset+1+len(m.Handle)] != m.Handle {
			t.Errorf("%q: mention %q at %d is not there", src, m.Handle, m.Offset)
		}
		for p := m.Parent(); p != nil; p = p.Parent() {
			switch p.(type) {
			case *ast.Link, *ast.Image, *ast.AutoLink, *ast.CodeSpan:
				t.Errorf("%q: mention %q inside a %s", src, m.Handle, p.Kind())
			}
		}
		return ast.WalkContinue, nil
	})
	return out
}

func TestMentionsThatAreNone(t *testing.T) {
	for _, tt := range []struct {
		name, src string
		want      []string
	}{
		{"mention", "hi @ana.", []string{"ana@3"}},
		{"scoped package", "npm i @scope/package", nil},
		{"GitHub team", "ping @nodejs/tsc now", nil},
		{"slash then a mention", "@ana/@ben to review", []string{"ana@0"}},
		{"slash at the end", "ask @ana/ and @ben", []string{"ana@4", "ben@14"}},
		{"link text", "see [@dev](https://x)", nil},
		{"link text in emphasis", "see [**@dev** docs](https://x) and @ana", []string{"ana@35"}},
		{"reference link text", "see [@dev][r]\n\n[r]: https://x\n", nil},
		{"collapsed reference link", "see [@dev][]\n\n[@dev]: https://x\n", nil},
		{"image alt text", "![photo of @dev](a.png)", nil},
		{"brackets without a link", "see [@dev] later", []string{"dev@5"}},
		{"code span", "tag `@since` here", nil},
		{"e-mail address", "mail tom@example.com", nil},
		{"address after a handle", "follow @tom@example.social", nil},
		{"angle autolink", "<https://example.com/@user>", nil},
		{"bare URL", "https://example.com/@user", nil},
		{"www URL", "see www.example.com/@user", nil},
		{"URL with parentheses", "see https://example.com/(@user)", nil},
		{"URL linkify does not take", "see ftp://example.com/(@user) or x:https://a.b/(@c)", nil},
		{"link destination", "[doc](https://example.com/@user)", nil},
		{"mention after a URL", "https://example.com/ (@ana)", []string{"ana@22"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := mentions(t, tt.src); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("mentions in %q = %q, want %q", tt.src, got, tt.want)
			}
		})
	}
}

// A mention in link text is text again, and renders as such.
func TestMentionInLinkTextRendersAsText(t *testing.T) {
	src := []byte("[@dev docs](https://x)")
	doc := New().Parser().Parse(text.NewReader(src))
	link := doc.FirstChild().FirstChild()
	if _, ok := link.(*ast.Link); !ok {
		t.Fatalf("first inline is %s, want a link", link.Kind())
	}
	var got string
	for c := link.FirstChild(); c != nil; c = c.NextSibling() {
		tx, ok := c.(*ast.Text)
		if !ok {
			t.Fatalf("link holds a %s", c.Kind())
		}
		got += string(tx.Segment.Value(src))
	}
	if got != "@dev docs" {
		t.Errorf("link text %q", got)
	}
}

func TestMentionEnds(t *testing.T) {
	for _, tt := range []struct {
		rest string
		want bool
	}{
		{"", true}, {" x", true}, {".", true}, {"/", true}, {"/ x", true}, {"/x", false},
		{"/@x", true}, {"@", true}, {"@x", false}, {"@.", true}, {"'s", true},
	} {
		if got := mentionEnds([]byte(tt.rest)); got != tt.want {
			t.Errorf("mentionEnds(%q) = %v, want %v", tt.rest, got, tt.want)
		}
	}
}
