package markdown

import (
	"bytes"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	xhtml "golang.org/x/net/html"
)

func renderHTML(t testing.TB, md goldmark.Markdown, src string) string {
	t.Helper()
	var b bytes.Buffer
	if err := md.Convert([]byte(src), &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// testNodes renders recap's own nodes, which package render draws, simply.
type testNodes struct{}

func (testNodes) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindCheckbox, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString("[" + string(n.(*Checkbox).Char) + "] ")
		}
		return ast.WalkContinue, nil
	})
	reg.Register(KindMention, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(`<a href="#">@` + html.EscapeString(n.(*Mention).Handle) + "</a>")
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(KindCallout, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString("<div>\n")
		} else {
			_, _ = w.WriteString("</div>\n")
		}
		return ast.WalkContinue, nil
	})
}

func testMarkdown(exts ...goldmark.Extender) goldmark.Markdown {
	return New(goldmark.WithExtensions(exts...),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(testNodes{}, 100))))
}

var (
	htmlMD      = testMarkdown(HTML)
	tagLinesMD  = testMarkdown(HTML, PlainTagLines)
	htmlRawTest = []struct{ name, src, want string }{
		{"sup", "2<sup>32</sup>", "<p>2<sup>32</sup></p>\n"},
		{"kbd", "<kbd>Ctrl</kbd>+<KBD>C</KBD>", "<p><kbd>Ctrl</kbd>+<kbd>C</kbd></p>\n"},
		{"all kept", "<sub>a</sub><mark>b</mark><del>c</del><ins>d</ins><s>e</s><u>f</u><small>g</small><abbr>h</abbr>",
			"<p><sub>a</sub><mark>b</mark><del>c</del><ins>d</ins><s>e</s><u>f</u><small>g</small><abbr>h</abbr></p>\n"},
		{"attributes dropped", `<abbr title="x" onclick="y">API</abbr>`, "<p><abbr>API</abbr></p>\n"},
		{"javascript in kept tag", `<del cite="javascript:alert(1)" style="x:url(javascript:alert(1))">old</del>`, "<p><del>old</del></p>\n"},
		{"br", "a<br>b<br/>c<br />d</br>e<BR>", "<p>a<br />b<br />c<br />d<br />e<br /></p>\n"},
		{"not recorded", "Minutes: <Not recorded>", "<p>Minutes: &lt;Not recorded&gt;</p>\n"},
		{"in chat", "AR<in chat>", "<p>AR&lt;in chat&gt;</p>\n"},
		{"b is not kept", "a<b>c</b>", "<p>a&lt;b&gt;c&lt;/b&gt;</p>\n"},
		{"script inline", "x <script>alert(1)</script> y", "<p>x &lt;script&gt;alert(1)&lt;/script&gt; y</p>\n"},
		{"img", "x <img src=x onerror=alert(1)>", "<p>x &lt;img src=x onerror=alert(1)&gt;</p>\n"},
		{"comment inline", "a <!-- note --> b", "<p>a  b</p>\n"},
		{"comment block", "<!-- comment -->\ntext\n", "<p>text</p>\n"},
		{"unclosed comment", "<!-- a\n\ntext\n", "<p>&lt;!-- a\n\ntext</p>\n"},
		{"script block", "<script>\nalert(1)\n</script>\nafter\n", "<p>&lt;script&gt;\nalert(1)\n&lt;/script&gt;</p>\n<p>after</p>\n"},
		{"div block", "<div class=x>hello</div>\n", "<p>&lt;div class=x&gt;hello&lt;/div&gt;</p>\n"},
		{"block line alone", "<Not recorded>\n", "<p>&lt;Not recorded&gt;</p>\n"},
		{"details blocks", "<details>\n<summary>Notes</summary>\n\ninside **b**\n\n</details>\n",
			"<details>\n<summary>Notes</summary>\n<p>inside <strong>b</strong></p>\n</details>\n"},
		{"details one block", "<details open ontoggle=alert(1)><summary>A &amp; B</summary>more &lt;b&gt;</details>\n",
			"<details><summary>A &amp; B</summary>more &lt;b&gt;</details>\n"},
		{"details unclosed", "<details open ontoggle=alert(1)>\n<summary>x</summary>\n\nrest of the page\n",
			"&lt;details open ontoggle=alert(1)&gt;\n<summary>x</summary>\n<p>rest of the page</p>\n"},
		{"details in a quote", "> <details>\n> <summary>x</summary>\n> y\n> </details>\n",
			"<blockquote>\n<details>\n<summary>x</summary>\ny\n</details>\n</blockquote>\n"},
		{"details closed elsewhere", "- <details>\n\n</details>\n", "<ul>\n<li>\n&lt;details&gt;\n</li>\n</ul>\n<p>&lt;/details&gt;</p>\n"},
		{"unclosed sup", "a <sup>b\n\nc</sup>", "<p>a &lt;sup&gt;b</p>\n<p>c&lt;/sup&gt;</p>\n"},
		{"unclosed s", "a <s>b", "<p>a &lt;s&gt;b</p>\n"},
		{"misnested", "<sup><sub>x</sup></sub>", "<p><sup>&lt;sub&gt;x</sup>&lt;/sub&gt;</p>\n"},
		{"across emphasis", "*a <sup>b* c</sup>", "<p><em>a &lt;sup&gt;b</em> c&lt;/sup&gt;</p>\n"},
		{"inside emphasis", "**<sup>1</sup>** <sup>*2*</sup>", "<p><strong><sup>1</sup></strong> <sup><em>2</em></sup></p>\n"},
		{"self-closing non-void", "a<sup/>b", "<p>a&lt;sup/&gt;b</p>\n"},
		{"raw anchor", `<a href="javascript:alert(1)">x</a>`, "<p>&lt;a href=&#34;javascript:alert(1)&#34;&gt;x&lt;/a&gt;</p>\n"},
		{"textarea does not hide tags", "<textarea><sup>x</sup></textarea>\n", "<p>&lt;textarea&gt;<sup>x</sup>&lt;/textarea&gt;</p>\n"},
		{"small across blocks", "<small>\n\ntext\n\n</small>\n", "<small>\n<p>text</p>\n</small>\n"},
		{"tag over two lines", "a <abbr\ntitle=\"x\">b</abbr>", "<p>a <abbr>b</abbr></p>\n"},
		{"tight list", "- <Not recorded>\n- b\n", "<ul>\n<li>&lt;Not recorded&gt;</li>\n<li>b</li>\n</ul>\n"},
		{"heading", "## Title <small>draft</small> <x>\n", "<h2 id=\"\">Title <small>draft</small> &lt;x&gt;</h2>\n"},
		{"code is code", "`<sup>` and\n\n```\n<sup>x</sup>\n```\n", "<p><code>&lt;sup&gt;</code> and</p>\n<pre><code>&lt;sup&gt;x&lt;/sup&gt;\n</code></pre>\n"},
	}
)

func TestRawHTML(t *testing.T) {
	ids := regexp.MustCompile(` id="[^"]*"`) // heading ids are not this test's concern
	for _, tc := range htmlRawTest {
		t.Run(tc.name, func(t *testing.T) {
			if got := ids.ReplaceAllString(renderHTML(t, htmlMD, tc.src), ` id=""`); got != tc.want {
				t.Errorf("%q renders as\n%s\nwant\n%s", tc.src, got, tc.want)
			}
		})
	}
}

func TestPlainTagLines(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		// CommonMark would make the whole thing an HTML block, and hide
		// the task.
		{"<Not recorded>\n- [ ] Ana to send the notes\n",
			"<p>&lt;Not recorded&gt;</p>\n<ul>\n<li>[ ] Ana to send the notes</li>\n</ul>\n"},
		{"<Not recorded>\nby **anyone**\n", "<p>&lt;Not recorded&gt;\nby <strong>anyone</strong></p>\n"},
		{"  </in chat>\n", "<p>&lt;/in chat&gt;</p>\n"},
		// Kept tags and the other kinds of HTML blocks are as before.
		{"<del>\n\ngone\n\n</del>\n", "<del>\n<p>gone</p>\n</del>\n"},
		{"<details>\n<summary>x</summary>\n\ny\n\n</details>\n", "<details>\n<summary>x</summary>\n<p>y</p>\n</details>\n"},
		{"<div>\n*x*\n</div>\n", "<p>&lt;div&gt;\n*x*\n&lt;/div&gt;</p>\n"},
		{"<script>\nx\n</script>\n", "<p>&lt;script&gt;\nx\n&lt;/script&gt;</p>\n"},
		{"text\n<Not recorded>\n", "<p>text\n&lt;Not recorded&gt;</p>\n"},
		{"<Not recorded>\n---\n", "<h2 id=\"not-recorded\">&lt;Not recorded&gt;</h2>\n"},
	} {
		if got := renderHTML(t, tagLinesMD, tc.src); got != tc.want {
			t.Errorf("%q renders as\n%s\nwant\n%s", tc.src, got, tc.want)
		}
	}
	// The task is found by what reads the AST.
	src := []byte("<Not recorded>\n- [ ] task\n")
	doc := tagLinesMD.Parser().Parse(text.NewReader(src))
	found := false
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if _, ok := n.(*Checkbox); ok && entering {
			found = true
		}
		return ast.WalkContinue, nil
	})
	if !found {
		t.Error("the task after <Not recorded> is not parsed")
	}
}

// safeHTML reports what in page h is not what raw HTML in a note may become:
// tags other than goldmark's and the kept ones, kept tags with attributes,
// and kept elements that are not closed in the same parent element.
func safeHTML(h string) []string {
	allowed := map[string]bool{"p": true, "em": true, "strong": true, "a": true, "code": true, "pre": true,
		"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "ul": true, "ol": true, "li": true,
		"blockquote": true, "hr": true, "img": true, "table": true, "thead": true, "tbody": true, "tr": true,
		"th": true, "td": true, "del": true, "div": true, "sup": true, "section": true, "input": true}
	var bad []string
	var stack []string
	z := xhtml.NewTokenizer(strings.NewReader(h))
	for {
		tt := z.Next()
		if tt == xhtml.ErrorToken {
			break
		}
		name, hasAttr := z.TagName()
		n := string(name)
		switch tt {
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			kept := keptTagSet[n]
			if !allowed[n] && !kept {
				bad = append(bad, "tag "+n)
			}
			if kept && hasAttr {
				bad = append(bad, "attribute on "+n)
			}
			if hasAttr {
				for {
					k, v, more := z.TagAttr()
					// Link addresses are package render's concern.
					if strings.HasPrefix(string(k), "on") || string(k) == "src" && n != "img" {
						bad = append(bad, "attribute "+string(k)+"="+string(v))
					}
					if !more {
						break
					}
				}
			}
			if tt == xhtml.StartTagToken && n != "br" && n != "hr" && n != "img" && n != "input" {
				stack = append(stack, n)
			}
		case xhtml.EndTagToken:
			if n == "br" {
				bad = append(bad, "</br>")
				continue
			}
			if len(stack) == 0 || stack[len(stack)-1] != n {
				bad = append(bad, "misnested </"+n+"> in "+strings.Join(stack, ">"))
				continue
			}
			stack = stack[:len(stack)-1]
		case xhtml.CommentToken, xhtml.DoctypeToken:
			bad = append(bad, "comment or doctype")
		}
	}
	if len(stack) > 0 {
		bad = append(bad, "unclosed "+strings.Join(stack, ">"))
	}
	return bad
}

func FuzzRawHTML(f *testing.F) {
	for _, tc := range htmlRawTest {
		f.Add(tc.src)
	}
	for _, s := range []string{
		"<details><summary>x</summary><details>y</details>",
		"<sup>a</sup></sup><sup>",
		"> <sup>a\n> b</sup>\n\n- <kbd>x\n- </kbd>",
		"| <sup>a | b</sup> |\n|---|---|\n| <br> | <details> |",
		"[<sup>a](b)</sup>",
		"<plaintext><sup>x</sup>",
		"<![CDATA[<sup>]]> <?php x ?> <!DOCTYPE html>",
		"</>\n<sup\n>x</sup\n>",
		"<in chat>\n- [ ] task\n<details>\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		for _, md := range []goldmark.Markdown{htmlMD, tagLinesMD} {
			out := renderHTML(t, md, src)
			if bad := safeHTML(out); len(bad) > 0 {
				t.Errorf("%q renders as\n%s\n%s", src, out, strings.Join(bad, "\n"))
			}
		}
	})
}

func TestPlainHTML(t *testing.T) {
	for src, want := range map[string]string{
		"<Not recorded>": "<Not recorded>", "<sup>": "", "</sup>": "", "<br/>": " ",
		"<!-- hint -->": "", "<div class=x>": "<div class=x>", "<abbr title=\"x\">": "",
	} {
		doc := New().Parser().Parse(text.NewReader([]byte("a " + src + " b")))
		var got []string
		_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if r, ok := n.(*ast.RawHTML); ok && entering {
				got = append(got, PlainHTML(r, []byte("a "+src+" b")))
			}
			return ast.WalkContinue, nil
		})
		if len(got) != 1 || got[0] != want {
			t.Errorf("PlainHTML(%q) = %q, want %q", src, got, want)
		}
	}
}
