package note

import (
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	gtext "github.com/yuin/goldmark/text"

	"github.com/recapjournal/recap/generator/markdown"
)

// TestItemMarks checks what the OnAST hook receives: each item's field
// tokens wrapped in Field nodes, the mention of its owner flagged, and an
// ItemEnd where its first line ends. shown is the text left once the fields
// and the owner's mention are taken out, "|" where the ItemEnd is.
func TestItemMarks(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		fields    []string
		shown     string
	}{
		{"emoji", "- [ ] @dev Send the deck 📅 2026-11-20 ⏫\n",
			[]string{"due:📅 2026-11-20", "priority:⏫"}, " Send the deck  |"},
		{"dataview", "- [/] Move it [owner:: @marco] [due:: 2026-11-30] #oncall\n",
			[]string{"owner:[owner:: @marco]", "due:[due:: 2026-11-30]"}, "Move it   #oncall|"},
		{"todo.txt", "- [x] Shut down due:2026-11-20 done:2026-11-21\n",
			[]string{"due:due:2026-11-20", "done:done:2026-11-21"}, "Shut down  |"},
		{"mention not first", "- [ ] Ask @lena about it\n", nil, "Ask @lena about it|"},
		{"mention alone", "- [ ] @lena\n", nil, "@lena|"},
		{"code", "- [ ] Keep `📅 2026-11-20` as code\n", nil, "Keep 📅 2026-11-20 as code|"},
		{"emphasis", "- [ ] Bold **📅 2026-11-20** stays\n", nil, "Bold 📅 2026-11-20 stays|"},
		{"second line", "- [ ] First line 📅 2026-11-20\n  goes on\n",
			[]string{"due:📅 2026-11-20"}, "First line |goes on"},
		{"prose", "Action item: @ana to send it 📅 2026-11-20\nNext line.\n",
			[]string{"due:📅 2026-11-20"}, "Action item: @ana to send it |Next line."},
		{"listed", "## Action items\n\n- Ana sends the plan due:2026-12-01\n",
			[]string{"due:due:2026-12-01"}, "Action itemsAna sends the plan |"},
		{"point", "- [?] Raise the budget ⏳ 2026-12-10\n", []string{"scheduled:⏳ 2026-12-10"}, "Raise the budget |"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var fields []string
			var shown strings.Builder
			_, diags := Parse("2026-11-20-x.md", []byte(tc.src), Options{OnAST: func(n *Note, doc ast.Node, src []byte) {
				var field *markdown.Field
				_ = ast.Walk(doc, func(node ast.Node, entering bool) (ast.WalkStatus, error) {
					if f, ok := node.(*markdown.Field); ok {
						if entering {
							field = f
							fields = append(fields, f.Key+":")
						} else {
							field = nil
						}
						return ast.WalkContinue, nil
					}
					if !entering {
						return ast.WalkContinue, nil
					}
					add := func(s string) {
						if field != nil {
							fields[len(fields)-1] += s
						} else {
							shown.WriteString(s)
						}
					}
					switch v := node.(type) {
					case *ast.Text:
						add(string(v.Segment.Value(src)))
						if v.SoftLineBreak() {
							add("")
						}
					case *markdown.Mention:
						if !v.Owner {
							add("@" + v.Handle)
						}
					case *markdown.ItemEnd:
						shown.WriteString("|")
					}
					return ast.WalkContinue, nil
				})
			}})
			if len(diags) > 0 {
				t.Fatalf("diagnostics: %v", diags)
			}
			if strings.Join(fields, "\n") != strings.Join(tc.fields, "\n") {
				t.Errorf("fields %q, want %q", fields, tc.fields)
			}
			if shown.String() != tc.shown {
				t.Errorf("shown %q, want %q", shown.String(), tc.shown)
			}
		})
	}
}

// checkMarks parses data with and without an OnAST hook and checks that the
// marks lose no text and double none: the document's text, in order, is the
// same, fields hold only text and mentions, and no item has two ends.
func checkMarks(t *testing.T, data []byte) {
	t.Helper()
	text := func(doc ast.Node, src []byte) (string, int) {
		var b strings.Builder
		ends := 0
		_ = ast.Walk(doc, func(node ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering {
				return ast.WalkContinue, nil
			}
			switch v := node.(type) {
			case *ast.Text:
				b.Write(v.Segment.Value(src))
				if v.SoftLineBreak() {
					b.WriteByte('\n')
				}
			case *markdown.Mention:
				b.WriteString("@" + v.Handle)
			case *markdown.ItemEnd:
				ends++
			case *markdown.Field:
				for c := v.FirstChild(); c != nil; c = c.NextSibling() {
					switch c.(type) {
					case *ast.Text, *markdown.Mention:
					default:
						t.Fatalf("a field of %q holds a %s", data, c.Kind())
					}
				}
			}
			return ast.WalkContinue, nil
		})
		return b.String(), ends
	}
	var marked string
	var body []byte
	var ends int
	var items []Item
	n, _ := Parse(testPath, data, Options{Location: cet, OnAST: func(n *Note, doc ast.Node, src []byte) {
		marked, ends = text(doc, src)
		body, items = src, n.Items
	}})
	if n == nil {
		return
	}
	// The body parsed again, by the parser alone: no marks.
	plain, _ := text(defaultMarkdown.Parser().Parse(gtext.NewReader(body)), body)
	if plain != marked {
		t.Fatalf("marks change the text of %q:\nplain  %q\nmarked %q", data, plain, marked)
	}
	if ends > len(items) {
		t.Fatalf("%d item ends for %d items in %q", ends, len(items), data)
	}
}
