package render

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark/ast"

	"github.com/recapjournal/recap/generator/config"
	"github.com/recapjournal/recap/generator/journal"
	"github.com/recapjournal/recap/generator/note"
)

// renderNote renders the body of a note at content/2026/p as a build does.
// titleLine, when not negative, is the note's TitleLine, whatever Parse made
// of it.
func renderNote(t *testing.T, p, src string, titleLine int) (*note.Note, string) {
	t.Helper()
	cfg := &config.Config{ContentDir: "content"}
	b := NewBodyRenderer(Markdown(), journal.NewResolver(cfg), cfg.ContentDir)
	n, diags := note.Parse("content/2026/"+p, []byte(src), note.Options{Markdown: b.Markdown(), Location: time.UTC,
		OnAST: func(n *note.Note, doc ast.Node, s []byte) {
			if titleLine >= 0 {
				n.TitleLine = titleLine
			}
			b.OnAST(n, doc, s)
		}})
	if n == nil {
		t.Fatalf("%s does not parse: %v", p, diags)
	}
	return n, b.Body(n)
}

func TestBodyHTML(t *testing.T) {
	src := `Budget: 2<sup>32</sup> bytes, H<sub>2</sub>O, <kbd>Ctrl</kbd>+<kbd>C</kbd>.
Minutes: <Not recorded>. AR<in chat>. a<b>c</b>. Line<br>break.
<abbr title="x" onclick="alert(1)">API</abbr> <mark>hot</mark> <del>old</del> <ins>new</ins> <s>no</s> <u>u</u> <small>fine print</small>

**Action item:** <script>alert(1)</script> and <img src=x onerror=alert(1)>

<details open ontoggle=alert(1)>
<summary>Raw notes</summary>

- [ ] Ana to send the *slides*

</details>

<div class="x">hello</div>

<!-- a comment -->

<details>
never closed
`
	_, body := renderNote(t, "2026-11-20-html.md", src, 0)
	for _, want := range []string{
		"2<sup>32</sup> bytes", "H<sub>2</sub>O", "<kbd>Ctrl</kbd>+<kbd>C</kbd>",
		"Minutes: &lt;Not recorded&gt;.", "AR&lt;in chat&gt;.", "a&lt;b&gt;c&lt;/b&gt;.", "Line<br />break",
		"<abbr>API</abbr>", "<mark>hot</mark>", "<del>old</del>", "<ins>new</ins>", "<s>no</s>", "<u>u</u>", "<small>fine print</small>",
		"&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;",
		"<details>\n<summary>Raw notes</summary>\n<ul class=\"task-list\">", "</ul>\n</details>",
		`class="task task-open"`, "Ana to send the <em>slides</em>",
		"<p>&lt;div class=&#34;x&#34;&gt;hello&lt;/div&gt;</p>",
		"&lt;details&gt;\nnever closed",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q:\n%s", want, body)
		}
	}
	// The one comment a body has is recap's own marker where an item's
	// first line ends; the note's comment is text.
	if n := strings.Count(body, itemMarker); n != 2 {
		t.Errorf("%d item markers, want 2:\n%s", n, body)
	}
	bare := regexp.MustCompile(`<!--recap:item \d+-->`).ReplaceAllString(body, "")
	for _, bad := range []string{"<script", "<img", "<div class=\"x\"", "ontoggle", "onclick", "onerror=alert(1)>", "<!--", "raw HTML omitted"} {
		if strings.Contains(bare, bad) {
			t.Errorf("body has %q:\n%s", bad, body)
		}
	}
	if o, c := strings.Count(body, "<details>"), strings.Count(body, "</details>"); o != 1 || c != 1 {
		t.Errorf("%d <details> and %d </details>, want one of each:\n%s", o, c, body)
	}
}

func TestBodyTitleHeading(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		titleLine int
		want, not []string
	}{
		{"atx", "# Platform weekly\n\nWe met.\n\n# Platform weekly\n", 1,
			[]string{"<p>We met.</p>", `<h1 id="platform-weekly-1">Platform weekly</h1>`}, []string{`id="platform-weekly"`}},
		{"after front matter and an image", "+++\ntitle = \"\"\n+++\n![logo](logo.png)\n\n## Retro\n\nText\n", 6,
			[]string{`<img src="../../2026/logo.png"`, "<p>Text</p>"}, []string{"<h2"}},
		{"setext", "Retro\n=====\n\nText\n", 1, []string{"<p>Text</p>"}, []string{"<h1"}},
		{"none", "# Kept\n\nText\n", 0, []string{`<h1 id="kept">Kept</h1>`}, nil},
		{"not a heading's line", "Text\n\n# Kept\n", 1, []string{`<h1 id="kept">Kept</h1>`, "<p>Text</p>"}, nil},
		{"only top level", "> # Quoted\n", 1, []string{"Quoted</h1>"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, body := renderNote(t, "2026-11-20-t.md", tc.src, tc.titleLine)
			for _, w := range tc.want {
				if !strings.Contains(body, w) {
					t.Errorf("body lacks %q:\n%s", w, body)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(body, w) {
					t.Errorf("body has %q:\n%s", w, body)
				}
			}
		})
	}
	// As note.Parse sets it: the opening heading is the title, and not in
	// the body.
	n, body := renderNote(t, "2026-11-20-t.md", "# Pairing with Ana\n\nQuick one.\n", -1)
	if n.Title != "Pairing with Ana" || n.TitleLine != 1 {
		t.Errorf("title %q from line %d, want \"Pairing with Ana\" from line 1", n.Title, n.TitleLine)
	}
	if strings.Contains(body, "<h1") || !strings.Contains(body, "<p>Quick one.</p>") {
		t.Errorf("the title heading is shown again:\n%s", body)
	}
}

func TestBodyNoLinkInLink(t *testing.T) {
	src := `[see <https://x.example/a> and <me@x.example> and www.y.example @ana](https://a.example)

[notes[^1] here](https://b.example) [![badge](https://img.example/b.svg)](https://ci.example) [![](https://img.example/c.svg)](https://ci.example)

[![local](img/a.png)](https://c.example) ![remote](https://img.example/d.png) <https://z.example> @bob

[^1]: A footnote.
`
	_, body := renderNote(t, "2026-11-20-links.md", src, 0)
	// No <a> opens before the one before it closes.
	depth := 0
	for rest := body; rest != ""; {
		i := strings.Index(rest, "<a ")
		j := strings.Index(rest, "</a>")
		switch {
		case i >= 0 && (j < 0 || i < j):
			if depth++; depth > 1 {
				t.Errorf("a link inside a link at %q", rest[:min(len(rest), 80)])
			}
			rest = rest[i+3:]
		case j >= 0:
			depth--
			rest = rest[j+4:]
		default:
			rest = ""
		}
	}
	for _, want := range []string{
		`<a href="https://a.example">see https://x.example/a and me@x.example and www.y.example @ana</a>`,
		`<a href="https://b.example">notes here</a><sup id="fnref:1"><a href="#fn:1"`,
		`<a href="https://ci.example">badge</a>`, `<a href="https://ci.example">https://img.example/c.svg</a>`,
		`<a href="https://c.example"><img src="../../2026/img/a.png" alt="local"`,
		`<a href="https://img.example/d.png" class="remote-image">remote</a>`,
		`<a href="https://z.example">https://z.example</a>`, `<a class="mention" href="../../people/bob/index.html">@bob</a>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q:\n%s", want, body)
		}
	}
}
