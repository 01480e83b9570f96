package build_test

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/recapjournal/recap/generator/build"
	"github.com/recapjournal/recap/generator/render"
	"github.com/recapjournal/recap/themes"
)

// xssSite puts script payloads everywhere a user's text reaches a page: the
// site title, people in config.toml, front matter (TOML and YAML), file names,
// the Markdown body, code fences, mentions, tags, action fields.
var xssSite = map[string]string{
	"config.toml": `title = "<script>alert('title')</script>"
timezone = "UTC"
me = "evil"

[people.evil]
name = "\"><svg onload=alert(1)>"
aliases = ["<img src=x onerror=alert(1)>"]
email = "\"><script>alert(1)</script>@example.com"
role = "<script>alert(1)</script>"

[people."x\"onmouseover=alert(1)"]
name = "javascript:alert(1)"

[people."<script>"]
name = "<iframe src=javascript:alert(1)>"
`,
	"content/2026/2026-11-20-body.md": "+++\n" +
		`title = "<script>alert('t')</script>\"><svg onload=alert(1)>"
attendees = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "x\"onmouseover=alert(1)", "evil", "<script>"]
tags = ["<script>", "\"><svg onload=alert(1)>", "javascript:alert(1)", "<img src=x onerror=alert(1)>", "a'onfocus='alert(1)"]
series = "<img src=x onerror=alert(1)>"
summary = "<script>alert(1)</script>"
` + "+++\n" + `
# Heading <script>alert(1)</script>

<script>alert(1)</script>

Inline <script>alert(1)</script> and <img src=x onerror=alert(1)> and "><svg onload=alert(1)>.

<img src=x onerror=alert(1)>

<a href="javascript:alert(1)">raw anchor</a>

<iframe src="javascript:alert(1)"></iframe>

Kept tags: 2<sup>32</sup> <abbr title="x" onclick="alert(1)">API</abbr> <kbd onmouseover=alert(1)>K</kbd>
<del cite="javascript:alert(1)">d</del> <ins style="background:url(javascript:alert(1))">i</ins> <br onclick=alert(1)>
<sup/onload=alert(1)>x</sup> <SUP ONCLICK=alert(1)>y</SUP> <small title='"><script>alert(1)</script>'>s</small>
<mark onmouseover="alert(1)" style="x:expression(alert(1))">m</mark> <u/onclick=alert(1)/>u</u> <abbr title=javascript:alert(1)>j</abbr>
Angle text: <Not recorded> AR<in chat> a<b>c</b> <in chat onclick=alert(1)> <a href="javascript:alert(1)">a</a>
**Action item:** <script>alert(1)</script>
*AI:* <img src=x onerror=alert(1)> <!-- <script>alert(1)</script> --> <sup>open
[link <https://x.example/"><script>alert(1)</script> @evil <sup onclick=alert(1)>1</sup>](javascript:alert(1))

<details open ontoggle=alert(1)>
<summary onclick=alert(1)>More</summary>

<script>alert(1)</script>
<img src=x onerror=alert(1)>

</details>

<Not recorded onmouseover=alert(1)>
<details ontoggle=alert(1) open>

<!-- comment block <script>alert(1)</script> -->

<div onclick=alert(1)><details><summary>s</summary><svg onload=alert(1)></svg></details></div>

<textarea><script>alert(1)</script></textarea>

<plaintext><script>alert(1)</script>

[x](javascript:alert(1)) [x](JAVASCRIPT:alert(1)) [x](jav&#x61;script:alert(1))
[x](java&#9;script:alert(1)) [x](java&#10;script:alert(1)) [x](&#x20;javascript:alert(1))
[x](vbscript:msgbox(1)) [x](data:text/html;base64,PHNjcmlwdD4=) [x](DATA:text/html,<script>alert(1)</script>)
[x]( javascript:alert(1) ) [x](<javascript:alert(1)>) [x](javascript&colon;alert(1))
[x](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))
[x](\javascript:alert(1)) [x](javascript:alert(1) "title") [x](http://ok.example "\" onmouseover=alert(1) x=\"")
[x](foo"onmouseover=alert(1)) [x](../../"><script>alert(1)</script>) [x](#"><script>alert(1)</script>)

![i](javascript:alert(1)) ![i](data:text/html;base64,PHNjcmlwdD4=) ![i](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)
![<img src=x onerror=alert(1)>](img/a.png "<script>alert(1)</script>")
![i](img/%22%3E%3Cimg%20src=x%20onerror=alert(1)%3E.png)

<javascript:alert(1)> <JavaScript:alert(1)> <vbscript:msgbox(1)> <data:text/html,<script>alert(1)</script>>
www.example.com/"><script>alert(1)</script> https://example.com/"onmouseover=alert(1)

[ref] and [ref2]

[ref]: javascript:alert(1)
[ref2]: <data:text/html;base64,PHNjcmlwdD4=> "<script>"

Mentions: @x"onmouseover=alert(1) @evil"><script>alert(1)</script> (@<script>) @a'onclick='alert(1)

Footnote[^1].

[^1]: <script>alert(1)</script> [x](javascript:alert(1))

| <script>alert(1)</script> | [x](javascript:alert(1)) |
|---|---|
| <img src=x onerror=alert(1)> | ~~<svg onload=alert(1)>~~ |

> [!gem] <script>alert(1)</script>
> "><svg onload=alert(1)>

> [!x"onmouseover=alert(1)] not a callout

> [!evil<script>] not a callout either

> [!unknownkind] "><img src=x onerror=alert(1)>

` + "```js\"><script>alert(1)</script>\n" + `var a = "</code></pre><script>alert(1)</script>";
` + "```\n\n" + "```\"><img src=x onerror=alert(1)>\n" + `</code></pre><script>alert(1)</script>
` + "```\n\n" + "``` {.\"><script>alert(1)</script>}\nx\n```\n\n" + "```go\n" + `// </code></pre><script>alert(1)</script>
s := "</code></pre><script>alert(1)</script>"
` + "```\n\n" + "```\n</code></pre><script>alert(1)</script>\n```\n\n" + `    </code></pre><script>alert(1)</script>

Inline ` + "`</code><script>alert(1)</script>`" + `.

- [ ] @x"onmouseover=alert(1) fix #<script> and #"><svg/onload=alert(1)> 📅 2026-11-30
- [ ] [owner:: <script>alert(1)</script>] owned by a payload [priority:: <script>] 🆔 <script>
- [ ] @evil <img src=x onerror=alert(1)> [x](javascript:alert(1)) due:2026-11-01
- [x] "><svg onload=alert(1)> ✅ 2026-11-02
`,
	"content/2026/2026-11-21-yaml.md": `---
title: "<script>alert('yaml')</script>"
attendees: ["<svg onload=alert(1)>", "evil"]
tags: ["<script>", "x\" onmouseover=\"alert(1)"]
series: "\"><script>alert(1)</script>"
summary: "\"><img src=x onerror=alert(1)>"
---
- [ ] @evil carry "><img src=x onerror=alert(1)> 📅 2026-11-10
`,
	"content/2026/2026-11-22 <img src=x onerror=alert(1)>.md":  "no heading, title from the file name\n",
	"content/2026/2026-11-23 \"><svg onload=alert(1)>.md":      "# \"><svg onload=alert(1)>\n\nbody [me](<2026-11-22 <img src=x onerror=alert(1)>.md>)\n",
	"content/2026/img/a.png":                                   "png",
	"content/2026/img/\"><img src=x onerror=alert(1)>.png":     "png",
	"content/2026/\"><svg onload=alert(1)>/2026-11-24-deep.md": "deep\n",
	"content/2026/img/javascript:alert(1).png":                 "png",
	"content/2026/2026-11-25-link.md":                          "[file](img/javascript:alert(1).png) [rel](./javascript:alert(1).md)\n",
	"content/2026/2026-11-26-mention-only.md":                  "+++\nattendees = [\"javascript:alert(1)\"]\n+++\n@javascript:alert(1)\n",
}

// scriptAssets are the script files base.html loads, and inlineScripts its
// inline scripts (the theme bootstrap), read from the built-in theme so the
// test follows it.
func themeScripts(t *testing.T) (assets map[string]bool, inline map[string]int) {
	t.Helper()
	b, err := fs.ReadFile(themes.Default, "layouts/base.html")
	if err != nil {
		t.Fatal(err)
	}
	assets, inline = map[string]bool{}, map[string]int{}
	src := regexp.MustCompile(`(?is)<script\b[^>]*\bsrc="\{\{\s*(?:\.Root|\$r)\s*\}\}assets/([^"{}]+)"[^>]*>\s*</script>`)
	layouts, err := fs.Glob(themes.Default, "layouts/*.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range layouts { // script files any layout loads from the theme's assets
		lb, err := fs.ReadFile(themes.Default, name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range src.FindAllStringSubmatch(string(lb), -1) {
			assets[m[1]] = true
		}
	}
	in := regexp.MustCompile(`(?is)<script>(.*?)</script>`)
	for _, m := range in.FindAllStringSubmatch(string(b), -1) {
		if strings.Contains(m[1], "{{") {
			t.Fatalf("base.html: inline script with template actions; the XSS test cannot allow it: %s", m[1])
		}
		inline[m[1]]++
	}
	if !assets["recap.js"] || len(inline) != 1 {
		t.Fatalf("base.html: found script assets %v and %d inline scripts; update the XSS test", assets, len(inline))
	}
	return assets, inline
}

var (
	// urlAttrs are attributes whose value a browser may load or navigate to.
	urlAttrs = map[string]bool{"href": true, "src": true, "action": true, "formaction": true, "xlink:href": true,
		"poster": true, "data": true, "background": true, "cite": true, "srcset": true, "ping": true,
		"lowsrc": true, "dynsrc": true, "manifest": true, "codebase": true, "archive": true, "longdesc": true, "usemap": true}
	// badTags are elements no recap page needs and that run or embed content.
	badTags = map[string]bool{"iframe": true, "frame": true, "frameset": true, "object": true, "embed": true,
		"applet": true, "svg": true, "math": true, "form": true, "base": true, "template": true, "portal": true,
		"noscript": true, "xmp": true, "plaintext": true, "isindex": true, "style": true}
	dangerousURL = []string{"javascript:", "vbscript:", "data:text/html", "data:application/xhtml", "data:image/svg", "data:text/xml", "data:application/xml"}
	rawScript    = regexp.MustCompile(`(?i)<script`)
	// themeIcon is the opening tag of the theme's inline SVG icons, the only
	// <svg> a page may hold.
	themeIcon = func() string {
		icon := string(render.Callouts["gem"].Icon)
		return icon[:strings.IndexByte(icon, '>')+1]
	}()
)

// normURL is a URL as a browser reads its scheme: no whitespace or control
// characters anywhere, lowercased.
func normURL(v string) string {
	var b strings.Builder
	for _, r := range v {
		if r <= ' ' || r == 0x7f || (r >= 0x80 && r <= 0x9f) {
			continue
		}
		b.WriteRune(r)
	}
	return strings.ToLower(b.String())
}

// executable lists the executable content of a page: script tags other than
// the theme's, event-handler attributes, javascript:/vbscript:/data:text/html
// URLs, and elements that embed or run content.
func executable(page, rel string, assets map[string]bool, inline map[string]int) []string {
	var found []string
	report := func(what, snippet string) {
		if len(snippet) > 160 {
			snippet = snippet[:160] + "…"
		}
		found = append(found, fmt.Sprintf("%s: %s: %s", rel, what, snippet))
	}
	tags := parseTags(page)
	scripts := 0
	seenInline := map[string]int{}
	root := strings.Repeat("../", strings.Count(rel, "/"))
	for _, tg := range tags {
		switch {
		case tg.Name == "script":
			scripts++
			src, hasSrc := tg.get("src")
			if hasSrc {
				name, ok := strings.CutPrefix(src, root+"assets/")
				if !ok || !assets[name] || len(tg.Attrs) > 3 {
					report("script tag", tg.Raw)
				}
				break
			}
			body := page[tg.Off+len(tg.Raw):]
			end := strings.Index(strings.ToLower(body), "</script")
			if end < 0 {
				end = len(body)
			}
			body = body[:end]
			seenInline[body]++
			if len(tg.Attrs) > 0 || seenInline[body] > inline[body] {
				report("inline script", tg.Raw+body)
			}
		case tg.Name == "style" && len(tg.Attrs) == 0 && themeStyle.MatchString(elementBody(page, tg)):
			// The tag and person pages' rule that hides their own chip
			// (the "head" block), the name in it CSS-escaped: no note
			// writes a style element.
		case tg.Name == "svg" && tg.Raw == themeIcon:
			// The theme's own line icons (render.Callouts): no note writes them.
		case badTags[tg.Name]:
			report("<"+tg.Name+"> element", tg.Raw)
		case tg.Name == "meta":
			if _, ok := tg.get("http-equiv"); ok {
				report("<meta http-equiv>", tg.Raw)
			}
		case tg.Name == "link":
			rel, _ := tg.get("rel")
			if rel != "stylesheet" && rel != "icon" {
				report("<link> that is not a stylesheet or icon", tg.Raw)
			}
		}
		for _, a := range tg.Attrs {
			switch {
			case strings.HasPrefix(a.Name, "on"):
				report("event handler attribute "+a.Name, tg.Raw)
			case a.Name == "style" && (strings.Contains(normURL(a.Value), "javascript:") || strings.Contains(normURL(a.Value), "expression(") || strings.Contains(normURL(a.Value), "url(")):
				report("style attribute with a URL or expression", tg.Raw)
			case a.Name == "srcdoc" || a.Name == "is" || strings.HasPrefix(a.Name, "xmlns"):
				report("attribute "+a.Name, tg.Raw)
			case urlAttrs[a.Name] || tg.Name == "meta" && a.Name == "content":
				v := normURL(a.Value)
				if tg.Name == "meta" {
					_, v, _ = strings.Cut(v, "url=")
				}
				for _, d := range dangerousURL {
					if strings.HasPrefix(v, d) {
						report(a.Name+"="+d+" URL", tg.Raw)
					}
				}
			}
		}
	}
	// Every "<script" in the page must be a script tag the tokenizer saw, so
	// nothing hides where this scanner and a browser disagree.
	if n := len(rawScript.FindAllStringIndex(page, -1)); n != scripts {
		for _, loc := range rawScript.FindAllStringIndex(page, -1) {
			report("\"<script\" outside a script tag the scanner parsed", page[max(0, loc[0]-60):min(len(page), loc[1]+60)])
		}
	}
	return found
}

// themeStyle is the one style element the theme writes: a rule that hides
// the chips of the page's own tag or person, a name in each selector that
// can only be CSS-escaped text (no quote, no angle bracket, no url()).
var themeStyle = regexp.MustCompile(`^\.meetings \.(tag|mini-person)\[href="[^"<>()]*"\], \.notes \.(tag|mini-person)\[href="[^"<>()]*"\] \{ display: none; \}$`)

// elementBody is what follows tg's start tag up to its end tag.
func elementBody(page string, tg tag) string {
	body := page[tg.Off+len(tg.Raw):]
	if end := strings.Index(strings.ToLower(body), "</"+tg.Name); end >= 0 {
		return body[:end]
	}
	return body
}

func TestXSSCorpus(t *testing.T) {
	assets, inline := themeScripts(t)
	root := newSite(t, xssSite)
	out := filepath.Join(t.TempDir(), "public")
	res, err := build.Build(build.Options{Root: root, Now: fixedNow, OutDir: out})
	if err != nil {
		t.Fatalf("the XSS corpus does not build: %v", err)
	}
	if res.Meetings != 7 {
		t.Errorf("%d meetings built, want 7", res.Meetings)
	}
	pages := htmlFiles(t, out)
	for _, p := range pages {
		for _, f := range executable(readFile(t, filepath.Join(out, p)), p, assets, inline) {
			t.Error(f)
		}
	}
	// The payloads reached the pages, escaped: the corpus is not vacuous.
	body := readFile(t, filepath.Join(out, "2026/2026-11-20-body/index.html"))
	for _, want := range []string{"&lt;script&gt;alert(", "Heading", "owned by a payload", `class="task task-open"`,
		"2<sup>32</sup>", "<abbr>API</abbr>", "<details>\n<summary>More</summary>", "&lt;Not recorded&gt;", "AR&lt;in chat&gt;",
		"a&lt;b&gt;c&lt;/b&gt;"} { // a closed comment is not shown at all
		if !strings.Contains(body, want) {
			t.Errorf("the payload page lacks %q", want)
		}
	}
	if n := strings.Count(body, `<a `); n < 20 {
		t.Errorf("the payload page has only %d links", n)
	}
	// The theme's JavaScript files carry no user text; the generated data
	// files (search index, filter data) do, JSON-encoded with every '<', '>'
	// and '&' escaped, so nothing in them can open a tag or end a script.
	data := map[string]bool{"assets/search-index.js": true, "assets/actions-data.js": true, "assets/site-data.js": true}
	for _, p := range outputFiles(t, out) {
		if !strings.HasSuffix(p, ".js") {
			continue
		}
		js := readFile(t, filepath.Join(out, p))
		if data[p] {
			if strings.ContainsAny(js, "<>") {
				t.Errorf("%s has a raw '<' or '>': user text must be escaped as \\u003c", p)
			}
			continue
		}
		if strings.Contains(js, "alert(") {
			t.Errorf("%s contains a payload", p)
		}
	}
	t.Logf("%d pages scanned", len(pages))
}

// TestXSSScannerCatches makes sure the scanner flags what it is meant to.
func TestXSSScannerCatches(t *testing.T) {
	assets := map[string]bool{"recap.js": true}
	inline := map[string]int{"boot()": 1}
	for _, bad := range []string{
		`<script>alert(1)</script>`,
		`<SCRIPT SRC=//evil.example/x.js></SCRIPT>`,
		`<script src="assets/evil.js"></script>`,
		`<script src="../assets/recap.js"></script>`,
		`<script>boot()</script><script>boot()</script>`,
		`<img src=x onerror=alert(1)>`,
		`<img/src="x"/onerror=alert(1)>`,
		`<svg/onload=alert(1)>`,
		`<p title="x" onmouseover='alert(1)'>`,
		`<a href="javascript:alert(1)">`,
		`<a href=" JaVa&#x09;Script&colon;alert(1)">`,
		`<a href="java&#10;script:alert(1)">`,
		`<a href="vbscript:msgbox(1)">`,
		`<a href="data:text/html;base64,PHNjcmlwdD4=">`,
		`<iframe src="x"></iframe>`,
		`<svg><circle></svg>`,
		`<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">`,
		`<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`,
		`<div style="background:url(javascript:alert(1))">`,
		`<textarea><script>alert(1)</script></textarea>`,
	} {
		if got := executable(bad, "index.html", assets, inline); len(got) == 0 {
			t.Errorf("scanner missed %s", bad)
		}
	}
	for _, good := range []string{
		`<script>boot()</script><script src="assets/recap.js" defer></script>`,
		`<p>&lt;script&gt;alert(1)&lt;/script&gt; onerror=alert(1) javascript:alert(1)</p>`,
		`<a href="#">x</a><a href="https://example.com/?q=javascript:alert(1)">y</a><img src="img/a.png" alt="&lt;img src=x onerror=alert(1)&gt;">`,
		`<a title="&quot; onmouseover=alert(1)" href="x">`,
		`<code>&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;</code>`,
		`<span class="avatar" style="--h: 12">`,
	} {
		if got := executable(good, "index.html", assets, inline); len(got) != 0 {
			t.Errorf("scanner flags a harmless page %s: %v", good, got)
		}
	}
}
