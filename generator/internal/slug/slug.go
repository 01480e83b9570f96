// Package slug makes URL- and file-safe names.
package slug

import (
	"net/url"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Make returns a lowercase, NFC-normalised slug of s: letters and digits kept,
// '.' and '_' kept inside, everything else a single '-'. It never returns "",
// "." or "..".
func Make(s string) string {
	s = norm.NFC.String(strings.ToLower(s))
	var b strings.Builder
	dash := false
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '.':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
	}
	out := strings.Trim(b.String(), ".")
	if out == "" {
		return "-"
	}
	if strings.HasSuffix(out, ".html") {
		out = strings.TrimSuffix(out, ".html") + "-html"
	}
	return out
}

// Path slugs each element of a slash-separated path.
func Path(p string) string {
	parts := strings.Split(p, "/")
	for i, e := range parts {
		parts[i] = Make(e)
	}
	return strings.Join(parts, "/")
}

// EscapePath percent-escapes each element of a slash-separated path, for an
// href.
func EscapePath(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		parts[i] = url.PathEscape(s)
	}
	return strings.Join(parts, "/")
}
