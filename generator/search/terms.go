package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/recapjournal/recap/generator/note"
)

// termer computes meetings' index words, reusing its buffers.
type termer struct {
	words map[string]*term // every word met, interned, with stop words marked
	note  uint32           // counts the notes cut, to tell a word seen in this one
	buf   []byte           // eachWordBytes' room
	text  []byte           // the words of the text being cut, one after another
	toks  []token          // and where each is in it and in the text
	key   []byte           // a date's term
	out   []string
}

// token is a word of the text being cut: termer.text[w0:w1], cut from the
// text's bytes [s0:s1].
type token struct{ w0, w1, s0, s1 int }

// term is a word a termer met.
type term struct {
	word string
	note uint32 // the last note the word was in
	skip bool   // a stop word or a one-letter word: not indexed
}

// terms are the distinct words of a note's text that the index keeps for
// it, and its snippet.
func (tm *termer) terms(m *note.Note) ([]string, string) {
	if tm.words == nil {
		tm.words = map[string]*term{}
	}
	tm.note++
	tm.out = nil
	tm.add(m.Text)
	tm.add(m.Summary)
	for _, c := range m.Callouts {
		if c.Kind != "private" {
			tm.add(c.Title)
		}
	}
	return tm.out, snippet(m)
}

// add adds the words and dates of s to tm.out, up to MaxTermsPerMeeting.
func (tm *termer) add(s string) {
	if len(tm.out) >= MaxTermsPerMeeting {
		return
	}
	tm.text, tm.toks = tm.text[:0], tm.toks[:0]
	tm.buf = eachWordBytes(s, tm.buf, func(w []byte, start, end int) bool {
		w0 := len(tm.text)
		tm.text = append(tm.text, w...)
		tm.toks = append(tm.toks, token{w0, len(tm.text), start, end})
		return true
	})
	for i := 0; i < len(tm.toks) && len(tm.out) < MaxTermsPerMeeting; {
		n, month := tm.date(s, i)
		if n == 0 {
			tm.word(tm.tok(i))
			i++
			continue
		}
		tm.word(tm.key)
		if month >= 0 {
			tm.word(tm.tok(month))
		}
		i += n
	}
}

// tok is the word of token i.
func (tm *termer) tok(i int) []byte {
	t := tm.toks[i]
	return tm.text[t.w0:t.w1]
}

// word adds the word w to tm.out, unless it is a stop word, a one-letter
// word or already there.
func (tm *termer) word(w []byte) {
	if len(tm.out) >= MaxTermsPerMeeting {
		return
	}
	t := tm.words[string(w)]
	if t == nil {
		t = tm.term(w)
	}
	if !t.skip && t.note != tm.note {
		t.note = tm.note
		tm.out = append(tm.out, t.word)
	}
}

// term adds w to the words met. A word longer than MaxTermLen is indexed
// cut to that length, and so shares the term of the cut word. A one-letter
// word is not indexed, but for a digit.
func (tm *termer) term(w []byte) *term {
	if n := utf8.RuneCount(w); n == 0 || n == 1 && !('0' <= w[0] && w[0] <= '9') || stopWords[string(w)] {
		t := &term{skip: true}
		tm.words[string(w)] = t
		return t
	}
	cut := cutBytes(w)
	t := tm.words[string(cut)]
	if t == nil {
		t = &term{word: string(cut)}
		tm.words[t.word] = t
	}
	if len(cut) < len(w) {
		tm.words[string(w)] = t
	}
	return t
}

// date looks for a date written at token i of s: 2026-11-17, 17 Nov,
// 17th November 2026, Nov 17, November 17, 2026 and the like. It returns how
// many tokens the date spans (0 for none) and which of them is a month's
// name, which stays a word (-1 for none); the date's term is in tm.key (see
// DateTerm). The day and year are not indexed as numbers.
func (tm *termer) date(s string, i int) (n, month int) {
	w := tm.tok(i)
	if len(w) == 0 || len(w) > 9 {
		return 0, -1
	}
	// 2026-11-17
	if y, ok := year(w); ok && i+2 < len(tm.toks) {
		a, b, c := tm.toks[i], tm.toks[i+1], tm.toks[i+2]
		if a.s1 < len(s) && s[a.s1] == '-' && b.s0 == a.s1+1 && b.s1 < len(s) && s[b.s1] == '-' && c.s0 == b.s1+1 {
			m, mok := number(tm.tok(i+1), 2)
			d, dok := number(tm.tok(i+2), 2)
			if mok && dok && validDate(y, m, d) {
				tm.key = appendDateTerm(tm.key[:0], y, m, d)
				return 3, -1
			}
		}
		return 0, -1
	}
	if i+1 >= len(tm.toks) || !tm.near(s, i) {
		return 0, -1
	}
	var m, d int
	var ok bool
	if d, ok = day(w); ok {
		// 17 Nov [2026]
		if m, ok = monthNumber(tm.tok(i + 1)); !ok {
			return 0, -1
		}
		month = i + 1
	} else if m, ok = monthNumber(w); ok {
		// Nov 17 [2026]
		if d, ok = day(tm.tok(i + 1)); !ok {
			return 0, -1
		}
		month = i
	} else {
		return 0, -1
	}
	n = 2
	y := 0
	if i+2 < len(tm.toks) && tm.near(s, i+1) {
		if yy, ok := year(tm.tok(i + 2)); ok && validDate(yy, m, d) {
			y, n = yy, 3
		}
	}
	if !validDate(y, m, d) {
		return 0, -1
	}
	tm.key = appendDateTerm(tm.key[:0], y, m, d)
	return n, month
}

// near reports whether tokens i and i+1 of s stand apart by spaces, a comma
// or a full stop only, as the parts of a date do.
func (tm *termer) near(s string, i int) bool {
	gap := s[tm.toks[i].s1:tm.toks[i+1].s0]
	if len(gap) == 0 || len(gap) > 3 {
		return false
	}
	for k := 0; k < len(gap); k++ {
		if c := gap[k]; c != ' ' && c != ',' && c != '.' {
			return false
		}
	}
	return true
}

// DateTerm is the index term of a date: "~MM-DD" when written without a
// year (y is 0), "~MM-DD-YYYY" with one. A day's dates share a prefix, and
// no word starts with "~".
func DateTerm(y, m, d int) string { return string(appendDateTerm(nil, y, m, d)) }

func appendDateTerm(b []byte, y, m, d int) []byte {
	b = append(b, '~', byte('0'+m/10), byte('0'+m%10), '-', byte('0'+d/10), byte('0'+d%10))
	if y > 0 {
		b = append(b, '-', byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10))
	}
	return b
}

// number is w as a number of at most digits digits.
func number(w []byte, digits int) (int, bool) {
	if len(w) == 0 || len(w) > digits {
		return 0, false
	}
	n := 0
	for _, c := range w {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// year is w as a year from 1900 to 2199.
func year(w []byte) (int, bool) {
	if len(w) != 4 {
		return 0, false
	}
	y, ok := number(w, 4)
	return y, ok && 1900 <= y && y < 2200
}

// day is w as a day of the month: 1 to 31, maybe written 1st, 2nd, 3rd, 4th.
func day(w []byte) (int, bool) {
	if len(w) > 2 {
		switch string(w[len(w)-2:]) {
		case "st", "nd", "rd", "th":
			w = w[:len(w)-2]
		}
	}
	d, ok := number(w, 2)
	return d, ok && d >= 1 && d <= 31
}

// months are the months' names and short names, as words are cut.
var months = map[string]int{}

func init() {
	for m, name := range []string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"} {
		months[name] = m + 1
		months[name[:3]] = m + 1
	}
	months["sept"] = 9
}

// monthNumber is the month w names.
func monthNumber(w []byte) (int, bool) {
	if len(w) < 3 || len(w) > 9 {
		return 0, false
	}
	m, ok := months[string(w)]
	return m, ok
}

// validDate reports whether day d of month m is a day of year y, or of some
// year when y is 0.
func validDate(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 {
		return false
	}
	days := [...]int{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m-1]
	if m == 2 && y > 0 && !(y%4 == 0 && (y%100 != 0 || y%400 == 0)) {
		days = 28
	}
	return d <= days
}

// MaxSnippet is how long a note's snippet is at most, in runes: the start of
// its summary (see the package comment).
const MaxSnippet = 72

// snippet is the start of a note's summary, or of its text when it has
// none, spaces collapsed: at most MaxSnippet runes, and when that cuts it,
// cut after a word and ending in "…".
func snippet(m *note.Note) string {
	s := m.Summary
	if s == "" {
		// The text, after the headings it starts with.
		s = m.Text
		for _, h := range m.Headings {
			if h.Private {
				continue // not in the text
			}
			rest, ok := strings.CutPrefix(s, h.Text)
			if !ok || h.Text == "" {
				break
			}
			s = strings.TrimLeftFunc(rest, unicode.IsSpace)
		}
	}
	var b strings.Builder
	n := 0
	for len(s) > 0 {
		s = strings.TrimLeftFunc(s, unicode.IsSpace)
		if s == "" {
			break
		}
		end := strings.IndexFunc(s, unicode.IsSpace)
		if end < 0 {
			end = len(s)
		}
		w := s[:end]
		s = s[end:]
		sep := min(n, 1)
		wn := utf8.RuneCountInString(w)
		if n+sep+wn >= MaxSnippet && (n+sep+wn > MaxSnippet || strings.TrimSpace(s) != "") {
			if n == 0 { // one long word: cut it
				for _, r := range w {
					if n == MaxSnippet-1 {
						break
					}
					b.WriteRune(r)
					n++
				}
			}
			return strings.TrimRight(b.String(), ",;:-–—(") + "…"
		}
		if sep > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
		n += sep + wn
	}
	return b.String()
}

// eachWordBytes calls f with each word of s, as the page cuts a query, and
// where in s it stands, until f returns false. A word is a run of letters
// and digits, lowercased, accents removed, with a full stop between two
// digits kept ("3.0", "v1.2.10"). The word is in buf, which it returns
// (grown), so f must copy it to keep it. ASCII words (most of them, also in
// text with emoji) take the fast way; only a word with other letters is
// normalised, and the words it gives all have its place.
func eachWordBytes(s string, buf []byte, f func(w []byte, start, end int) bool) []byte {
	start, ascii := -1, true
	emit := func(start, end int, ascii bool) bool {
		w := s[start:end]
		if !ascii {
			return foldWords(w, func(x string) bool {
				buf = append(buf[:0], x...)
				return f(buf, start, end)
			})
		}
		buf = buf[:0]
		for i := 0; i < len(w); i++ {
			c := w[i]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf = append(buf, c)
		}
		return f(buf, start, end)
	}
	for i, r := range s {
		var in bool
		if r < utf8.RuneSelf {
			in = 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' ||
				r == '.' && start >= 0 && isDigit(s[i-1]) && i+1 < len(s) && isDigit(s[i+1])
		} else {
			in = unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.M, r)
		}
		switch {
		case in && start < 0:
			start, ascii = i, r < utf8.RuneSelf
		case in:
			ascii = ascii && r < utf8.RuneSelf
		case start >= 0:
			if !emit(start, i, ascii) {
				return buf
			}
			start = -1
		}
	}
	if start >= 0 {
		emit(start, len(s), ascii)
	}
	return buf
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// foldWords lowercases w, removes its accents and calls f with the words
// that leaves, keeping a full stop between two digits.
func foldWords(w string, f func(string) bool) bool {
	var b strings.Builder
	rs := []rune(norm.NFD.String(strings.ToLower(w)))
	for k, r := range rs {
		switch {
		case unicode.Is(unicode.M, r):
		case unicode.IsLetter(r) || unicode.IsNumber(r):
			b.WriteRune(r)
		case r == '.' && b.Len() > 0 && k > 0 && '0' <= rs[k-1] && rs[k-1] <= '9' && k+1 < len(rs) && '0' <= rs[k+1] && rs[k+1] <= '9':
			b.WriteByte('.')
		case b.Len() > 0:
			if !f(b.String()) {
				return false
			}
			b.Reset()
		}
	}
	if b.Len() > 0 {
		return f(b.String())
	}
	return true
}

// cutBytes cuts the word w to MaxTermLen runes.
func cutBytes(w []byte) []byte {
	n := 0
	for i := 0; i < len(w); {
		if n == MaxTermLen {
			return w[:i]
		}
		_, size := utf8.DecodeRune(w[i:])
		i += size
		n++
	}
	return w
}
