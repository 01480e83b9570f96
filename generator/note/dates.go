package note

import (
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/recapjournal/recap/generator/diag"
)

// Dates from the path. A note without a front-matter date takes its date from
// its path, the way people name meeting notes:
//
//  1. the first YYYY-MM-DD anywhere in the file name, with '-', '_' or '.'
//     between the parts (the same one twice): "CG-2026-01-13.md",
//     "2026-11-17 1on1 Dev.md", "notes_2026_01_13.md", "2026.01.13.md";
//  2. else the first MM-DD (or MM_DD, MM.DD) in the file name with the year of
//     the nearest enclosing folder named YYYY: "main/2018/CG-01-26.md" is
//     2018-01-26.
//
// A group of digits counts only as a whole: "v12026-01-13" and "2026-01-134"
// hold no date, and the MM-DD of rule 2 is two groups of two digits that are
// not part of a longer chain of digit groups, so "2026-01-13", "1.2.3" and
// "01-26-2018" give rule 2 nothing (MM-DD-YYYY and DD-MM-YYYY cannot be told
// apart, so recap reads neither).
//
// Years are 1900 to 2999: a run like "1234-56-78" or "0001-02-03" (an
// identifier, a version, a phone number) is not read as a date at all, while
// anything with a plausible year is: its month and day must then make a real
// date, or the note gets a "file-date" warning and the next rule applies.

const minYear, maxYear = 1900, 2999

// pathDate returns the date that path p gives a note, in loc, and the
// warnings about impossible dates in its file name. ok is false when the path
// gives no date.
func pathDate(p string, loc *time.Location) (t time.Time, ok bool, warns diag.List) {
	base := path.Base(p)
	name := strings.TrimSuffix(base, path.Ext(base))
	if y, m, d, s, _, found := findYMD(name); found {
		if t, ok := realDate(y, m, d, loc); ok {
			return t, true, nil
		}
		warns = append(warns, diag.Warnf(p, 1, 1, "file-date",
			"the date %q in the file name %q is not a real date; recap does not read the note's date from it", s, base))
	}
	year, folder := yearFolder(p)
	if year == 0 {
		return time.Time{}, false, warns
	}
	if m, d, s, _, found := findMD(name); found {
		if t, ok := realDate(year, m, d, loc); ok {
			return t, true, warns
		}
		warns = append(warns, diag.Warnf(p, 1, 1, "file-date",
			"the date %q in the file name %q, in the year of the folder %q, is not a real date; recap does not read the note's date from it", s, base, folder))
	}
	return time.Time{}, false, warns
}

// realDate is y-m-d at midnight in loc, when that day exists.
func realDate(y, m, d int, loc *time.Location) (time.Time, bool) {
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, loc)
	if t.Year() != y || t.Month() != time.Month(m) || t.Day() != d {
		return time.Time{}, false // 2026-02-30 would be normalised to March 2
	}
	return t, true
}

// digitGroup returns the length of the run of ASCII digits at s[i:].
func digitGroup(s string, i int) int {
	j := i
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	return j - i
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isDateSep(c byte) bool { return c == '-' || c == '_' || c == '.' }

// atoi is the value of the ASCII digits s.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// findYMD finds the first YYYY-MM-DD (or with '_' or '.' between the parts)
// in name whose groups are whole runs of digits and whose year is plausible.
// The month and day are not checked: s is the match as written, at its
// byte offset.
func findYMD(name string) (y, m, d int, s string, at int, ok bool) {
	for i := 0; i < len(name); i++ {
		if !isDigit(name[i]) || (i > 0 && isDigit(name[i-1])) {
			continue
		}
		if digitGroup(name, i) != 4 || i+10 > len(name) {
			continue
		}
		sep := name[i+4]
		if !isDateSep(sep) || name[i+7] != sep ||
			digitGroup(name, i+5) != 2 || digitGroup(name, i+8) != 2 {
			continue
		}
		y = atoi(name[i : i+4])
		if y < minYear || y > maxYear {
			continue
		}
		return y, atoi(name[i+5 : i+7]), atoi(name[i+8 : i+10]), name[i : i+10], i, true
	}
	return 0, 0, 0, "", 0, false
}

// findMD finds the first MM-DD (or MM_DD, MM.DD) in name: two groups of two
// digits joined by one separator, not joined to other digit groups before or
// after ("2026-01-13" and "1.10.2" hold none). The month and day are not
// checked: s is the match as written, at its byte offset.
func findMD(name string) (m, d int, s string, at int, ok bool) {
	for i := 0; i < len(name); i++ {
		if !isDigit(name[i]) || (i > 0 && isDigit(name[i-1])) {
			continue
		}
		if digitGroup(name, i) != 2 || i+5 > len(name) {
			continue
		}
		sep := name[i+2]
		if !isDateSep(sep) || digitGroup(name, i+3) != 2 {
			continue
		}
		// Not a part of a longer chain such as 2026-01-13 or 01-26-2018.
		if i >= 2 && isDateSep(name[i-1]) && isDigit(name[i-2]) {
			continue
		}
		if i+6 < len(name) && isDateSep(name[i+5]) && isDigit(name[i+6]) {
			continue
		}
		return atoi(name[i : i+2]), atoi(name[i+3 : i+5]), name[i : i+5], i, true
	}
	return 0, 0, "", 0, false
}

// yearFolder returns the year of the nearest folder of p named YYYY (a
// plausible year, as in findYMD) and that folder's name; 0 when there is
// none.
func yearFolder(p string) (int, string) {
	dir := path.Dir(p)
	for dir != "." && dir != "/" && dir != "" {
		name := path.Base(dir)
		if len(name) == 4 && digitGroup(name, 0) == 4 {
			if y := atoi(name); y >= minYear && y <= maxYear {
				return y, name
			}
		}
		parent := path.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	return 0, ""
}

// WithPathDate returns rel, a slash path of a note whose date comes from its
// path, with that date replaced by day's, written in the same form: the
// YYYY-MM-DD of the file name (with its own separator), or its MM-DD and the
// year folder it goes with. A year folder above a full date changes with
// the year too. ok is false when rel gives no date. recap new names the next
// note of a series so.
func WithPathDate(rel string, day time.Time) (string, bool) {
	dir, base := path.Split(rel)
	ext := path.Ext(base)
	name := strings.TrimSuffix(base, ext)
	y, _, _, s, at, ok := findYMD(name)
	if !ok {
		var year int
		if year, _ = yearFolder(rel); year == 0 {
			return "", false
		}
		if _, _, s, at, ok = findMD(name); !ok {
			return "", false
		}
		y = year
		name = name[:at] + fmt.Sprintf("%02d%s%02d", int(day.Month()), s[2:3], day.Day()) + name[at+len(s):]
	} else {
		name, _ = ReplaceDate(name, day)
	}
	if y != day.Year() {
		parts := strings.Split(strings.TrimSuffix(dir, "/"), "/")
		for i := len(parts) - 1; i >= 0; i-- {
			if len(parts[i]) == 4 && digitGroup(parts[i], 0) == 4 && atoi(parts[i]) == y {
				parts[i] = fmt.Sprintf("%04d", day.Year())
				break
			}
		}
		dir = strings.Join(parts, "/")
		if dir != "" {
			dir += "/"
		}
	}
	return dir + name + ext, true
}

// ReplaceDate returns s with its first date as a file name gives one
// (YYYY-MM-DD, or with '_' or '.' between the parts) replaced by day's,
// written with the same separator. ok is false when s has none.
func ReplaceDate(s string, day time.Time) (string, bool) {
	_, _, _, d, at, ok := findYMD(s)
	if !ok {
		return s, false
	}
	sep := d[4:5]
	return s[:at] + fmt.Sprintf("%04d%s%02d%s%02d", day.Year(), sep, int(day.Month()), sep, day.Day()) + s[at+len(d):], true
}
