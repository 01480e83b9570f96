package build_test

import (
	"fmt"
	"html"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/recapjournal/recap/generator/build"
)

// attr is one attribute of a start tag, its value HTML-unescaped.
type attr struct {
	Name, Value string
	Raw         string // as written, for messages
}

// tag is a start tag.
type tag struct {
	Name  string // lowercased
	Attrs []attr
	Raw   string // the tag as written
	Off   int    // byte offset in the page
}

func (t tag) get(name string) (string, bool) {
	for _, a := range t.Attrs {
		if a.Name == name {
			return a.Value, true
		}
	}
	return "", false
}

// rawText are the elements whose content is not markup.
var rawText = map[string]bool{"script": true, "style": true, "textarea": true, "title": true, "xmp": true, "iframe": true, "noembed": true, "noframes": true, "plaintext": true}

// parseTags returns the start tags of an HTML page, following the tokenizer
// states of the HTML standard closely enough for generated pages: comments,
// doctype, end tags and the content of raw-text elements are skipped, and
// attributes are split as a browser splits them ('/' separates attributes,
// quoted and unquoted values, a name may start with '=').
func parseTags(s string) []tag {
	var tags []tag
	isSpace := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }
	isAlpha := func(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
	i := 0
	for i < len(s) {
		lt := strings.IndexByte(s[i:], '<')
		if lt < 0 {
			break
		}
		i += lt
		rest := s[i:]
		switch {
		case strings.HasPrefix(rest, "<!--"):
			end := strings.Index(rest[4:], "-->")
			if end < 0 {
				return tags
			}
			i += 4 + end + 3
			continue
		case strings.HasPrefix(rest, "<!") || strings.HasPrefix(rest, "<?"):
			end := strings.IndexByte(rest, '>')
			if end < 0 {
				return tags
			}
			i += end + 1
			continue
		case strings.HasPrefix(rest, "</"):
			if len(rest) > 2 && isAlpha(rest[2]) {
				end := strings.IndexByte(rest, '>')
				if end < 0 {
					return tags
				}
				i += end + 1
			} else {
				i += 2
			}
			continue
		case len(rest) < 2 || !isAlpha(rest[1]):
			i++
			continue
		}
		// A start tag.
		start := i
		j := i + 1
		for j < len(s) && !isSpace(s[j]) && s[j] != '/' && s[j] != '>' {
			j++
		}
		tg := tag{Name: strings.ToLower(s[i+1 : j]), Off: start}
		for {
			for j < len(s) && (isSpace(s[j]) || s[j] == '/') {
				j++
			}
			if j >= len(s) || s[j] == '>' {
				break
			}
			ns := j
			j++ // the first character may be '='
			for j < len(s) && !isSpace(s[j]) && s[j] != '/' && s[j] != '>' && s[j] != '=' {
				j++
			}
			a := attr{Name: strings.ToLower(s[ns:j])}
			k := j
			for k < len(s) && isSpace(s[k]) {
				k++
			}
			if k < len(s) && s[k] == '=' {
				k++
				for k < len(s) && isSpace(s[k]) {
					k++
				}
				if k < len(s) && (s[k] == '"' || s[k] == '\'') {
					q := s[k]
					end := strings.IndexByte(s[k+1:], q)
					if end < 0 {
						end = len(s) - k - 1
					}
					a.Value = html.UnescapeString(s[k+1 : k+1+end])
					j = k + 1 + end + 1
				} else {
					vs := k
					for k < len(s) && !isSpace(s[k]) && s[k] != '>' {
						k++
					}
					a.Value = html.UnescapeString(s[vs:k])
					j = k
				}
			}
			a.Raw = s[ns:min(j, len(s))]
			tg.Attrs = append(tg.Attrs, a)
		}
		end := min(j+1, len(s))
		tg.Raw = s[start:end]
		tags = append(tags, tg)
		i = end
		if rawText[tg.Name] {
			closeTag := "</" + tg.Name
			k := strings.Index(strings.ToLower(s[i:]), closeTag)
			if k < 0 {
				break
			}
			i += k
		}
	}
	return tags
}

// crawlProblem is one broken link.
type crawlProblem struct{ Page, Link, Why string }

func (p crawlProblem) String() string { return fmt.Sprintf("%s: %q: %s", p.Page, p.Link, p.Why) }

var lineFragment = regexp.MustCompile(`^L[0-9]+$`)

// externalScheme reports whether a link leaves the site.
func externalScheme(v string) bool {
	u, err := url.Parse(v)
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https", "mailto", "tel":
		return true
	}
	return false
}

// crawl checks every internal href and src of every page under out: opened
// from file:// the target must be a file of the output, and served under the
// subpath /journal/ it must stay under /journal/ and be a file or a folder
// with index.html. A fragment (#L12, #owner-dev) must name an id of the target
// page.
func crawl(t testing.TB, out string) (problems []crawlProblem, links int) {
	t.Helper()
	ids := map[string]map[string]bool{} // page -> ids, filled on demand
	pageIDs := func(p string) map[string]bool {
		if m, ok := ids[p]; ok {
			return m
		}
		m := map[string]bool{}
		b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(p)))
		if err == nil {
			for _, tg := range parseTags(string(b)) {
				if id, ok := tg.get("id"); ok {
					m[id] = true
				}
			}
		}
		ids[p] = m
		return m
	}
	isFile := func(rel string) bool {
		st, err := os.Stat(filepath.Join(out, filepath.FromSlash(rel)))
		return err == nil && st.Mode().IsRegular()
	}
	isDir := func(rel string) bool {
		st, err := os.Stat(filepath.Join(out, filepath.FromSlash(rel)))
		return err == nil && st.IsDir()
	}
	const fileRoot = "/mnt/site/"
	for _, page := range htmlFiles(t, out) {
		b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(page)))
		if err != nil {
			t.Fatal(err)
		}
		for _, tg := range parseTags(string(b)) {
			for _, a := range tg.Attrs {
				if a.Name != "href" && a.Name != "src" {
					continue
				}
				v := strings.TrimSpace(a.Value)
				if externalScheme(v) {
					continue
				}
				bad := func(why string, args ...any) {
					problems = append(problems, crawlProblem{page, a.Value, fmt.Sprintf(why, args...)})
				}
				if strings.HasPrefix(v, "#") {
					if ref, err := url.Parse(v); err != nil {
						bad("not a URL: %v", err)
					} else if ref.Fragment != "" && !pageIDs(page)[ref.Fragment] {
						bad("no id=%q on this page", ref.Fragment)
					}
					continue
				}
				links++
				ref, err := url.Parse(v)
				if err != nil {
					bad("not a URL: %v", err)
					continue
				}
				if ref.Scheme != "" || ref.Host != "" {
					bad("internal link with a scheme or host")
					continue
				}
				// (a) file://
				base := &url.URL{Scheme: "file", Path: fileRoot + page}
				u := base.ResolveReference(ref)
				target := ""
				switch {
				case !strings.HasPrefix(u.Path, fileRoot):
					bad("file://: resolves to %s, outside the site", u.Path)
				case strings.HasSuffix(ref.Path, "/") || strings.HasSuffix(u.Path, "/"):
					bad("file://: ends in '/', which file:// does not open as index.html")
				default:
					target = strings.TrimPrefix(u.Path, fileRoot)
					if target == "" || !isFile(target) {
						bad("file://: %s is not a file of the output", target)
						target = ""
					}
				}
				// (b) served under /journal/
				hbase := &url.URL{Scheme: "http", Host: "h", Path: "/journal/" + page}
				hu := hbase.ResolveReference(ref)
				if !strings.HasPrefix(hu.Path, "/journal/") {
					bad("under /journal/: resolves to %s, outside the subpath", hu.Path)
				} else {
					rel := strings.TrimPrefix(hu.Path, "/journal/")
					switch {
					case rel == "" || strings.HasSuffix(rel, "/"):
						if !isFile(path.Join(rel, "index.html")) {
							bad("under /journal/: %s has no index.html", hu.Path)
						}
					case isFile(rel):
					case isDir(rel) && isFile(path.Join(rel, "index.html")):
					default:
						bad("under /journal/: %s is not in the output", hu.Path)
					}
				}
				if target != "" && ref.Fragment != "" {
					switch {
					case strings.HasSuffix(target, ".html"):
						if !pageIDs(target)[ref.Fragment] {
							bad("%s has no id=%q", target, ref.Fragment)
						}
					case lineFragment.MatchString(ref.Fragment):
						bad("line fragment on a file that is not a page")
					}
				}
			}
		}
	}
	return problems, links
}

// resolveLink returns the output file a link on page opens from file://.
func resolveLink(page, href string) (string, error) {
	const fileRoot = "/mnt/site/"
	ref, err := url.Parse(href)
	if err != nil {
		return "", err
	}
	u := (&url.URL{Scheme: "file", Path: fileRoot + page}).ResolveReference(ref)
	if !strings.HasPrefix(u.Path, fileRoot) {
		return "", fmt.Errorf("outside the site: %s", u.Path)
	}
	return strings.TrimPrefix(u.Path, fileRoot), nil
}

// checkCrawl fails the test for every broken link under out.
func checkCrawl(t testing.TB, out string) {
	t.Helper()
	problems, links := crawl(t, out)
	for i, p := range problems {
		if i == 50 {
			t.Errorf("... and %d more", len(problems)-50)
			break
		}
		t.Errorf("broken link: %s", p)
	}
	if links == 0 {
		t.Errorf("no internal links found under %s", out)
	}
}

func TestCrawlSampleSite(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	res := mustBuild(t, build.Options{Root: "../..", OutDir: out})
	if res.Meetings < 10 {
		t.Fatalf("sample site: only %d meetings", res.Meetings)
	}
	problems, links := crawl(t, out)
	for _, p := range problems {
		t.Errorf("broken link: %s", p)
	}
	if links < 500 {
		t.Errorf("only %d internal links checked", links)
	}
	t.Logf("%d pages, %d internal links checked", res.Pages, links)
}

func TestCrawlGoldenSite(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	mustBuild(t, build.Options{Root: "testdata/site", OutDir: out})
	checkCrawl(t, out)
}

// TestCrawlerCatchesBrokenLinks makes sure the checker itself fails on the
// links it is meant to reject.
func TestCrawlerCatchesBrokenLinks(t *testing.T) {
	out := t.TempDir()
	writeSite(t, out, map[string]string{
		"index.html":         `<a href="a/">dir</a><a href="a/index.html">ok</a><a href="missing.html">x</a><a href="../up.html">up</a><a href="a/index.html#L3">frag</a><a href="a/index.html#L1">ok</a><img src="/abs.png"><a href="#L9">self</a><a href="https://example.com/">ext</a>`,
		"a/index.html":       `<span id="L1"></span><a href='../index.html'>back</a>`,
		"abs.png":            "png",
		"b/x%20y/index.html": `<a href="../../index.html">ok</a>`,
		"c/index.html":       `<a href=../b/x%2520y/index.html>ok</a><a href="../b/x%20y/index.html">wrong file</a>`,
	})
	problems, _ := crawl(t, out)
	got := map[string]bool{}
	for _, p := range problems {
		got[p.Page+" "+p.Link] = true
	}
	for _, want := range []string{
		"index.html a/", "index.html missing.html", "index.html ../up.html", "index.html a/index.html#L3",
		"index.html /abs.png", "index.html #L9", "c/index.html ../b/x%20y/index.html",
	} {
		if !got[want] {
			t.Errorf("checker missed %s", want)
		}
	}
	for _, ok := range []string{"index.html a/index.html", "index.html a/index.html#L1", "a/index.html ../index.html", "c/index.html ../b/x%2520y/index.html", "index.html https://example.com/"} {
		if got[ok] {
			t.Errorf("checker rejected a good link: %s", ok)
		}
	}
}
