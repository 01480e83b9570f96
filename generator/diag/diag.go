// Package diag holds recap's positioned diagnostics.
//
// Every problem recap finds in a user's files is a *Diagnostic that names the
// file, the 1-based line and the 1-based column, and prints as
//
//	content/2026/2026-11-20-dev.md:3:8: date: "2026-13-01" is not a date
//
// so editors and terminals can jump to it. A List collects every problem of a
// run, so one build reports every bad note at once.
package diag

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Severity says whether a diagnostic stops a build.
type Severity int

const (
	// Error means the note (or the site) cannot be read.
	Error Severity = iota
	// Warning means the note was read, but something in it was ignored.
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Diagnostic is one problem at one place in one file.
type Diagnostic struct {
	Path     string // slash-separated, relative to the site root where possible
	Line     int    // 1-based; 0 when the whole file is meant
	Col      int    // 1-based, counted in characters; 0 when unknown
	Severity Severity
	Code     string // a short stable name for the kind of problem, such as "bad-date"
	Msg      string
	Err      error // the underlying error, if any
}

// Error formats the diagnostic as path:line:col: message.
func (d *Diagnostic) Error() string {
	var b strings.Builder
	b.WriteString(d.Path)
	line, col := d.Line, d.Col
	if line < 1 {
		line = 1
	}
	if col < 1 {
		col = 1
	}
	fmt.Fprintf(&b, ":%d:%d: ", line, col)
	if d.Severity == Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(d.Msg)
	return b.String()
}

// Unwrap returns the underlying error.
func (d *Diagnostic) Unwrap() error { return d.Err }

// Errorf returns an error diagnostic.
func Errorf(path string, line, col int, format string, args ...any) *Diagnostic {
	return &Diagnostic{Path: path, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}
}

// Warnf returns a warning diagnostic with a code.
func Warnf(path string, line, col int, code, format string, args ...any) *Diagnostic {
	return &Diagnostic{Path: path, Line: line, Col: col, Severity: Warning, Code: code, Msg: fmt.Sprintf(format, args...)}
}

// List is every diagnostic of a run. As an error it reports all of them, one a line.
type List []*Diagnostic

// Error joins the diagnostics, one a line.
func (l List) Error() string {
	s := make([]string, len(l))
	for i, d := range l {
		s[i] = d.Error()
	}
	return strings.Join(s, "\n")
}

// Unwrap lets errors.As find each diagnostic.
func (l List) Unwrap() []error {
	errs := make([]error, len(l))
	for i, d := range l {
		errs[i] = d
	}
	return errs
}

// Errors returns only the diagnostics of severity Error.
func (l List) Errors() List {
	var out List
	for _, d := range l {
		if d.Severity == Error {
			out = append(out, d)
		}
	}
	return out
}

// Warnings returns only the diagnostics of severity Warning.
func (l List) Warnings() List {
	var out List
	for _, d := range l {
		if d.Severity == Warning {
			out = append(out, d)
		}
	}
	return out
}

// Sort orders the list by path, line and column, so output is stable.
func (l List) Sort() {
	slices.SortStableFunc(l, func(a, b *Diagnostic) int {
		return cmp.Or(strings.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
	})
}

// Err returns the list's errors as an error, or nil when it holds none.
func (l List) Err() error {
	if e := l.Errors(); len(e) > 0 {
		return e
	}
	return nil
}

// From turns any error into a list: a List stays as it is, a *Diagnostic becomes a
// list of one, and anything else becomes a diagnostic for path.
func From(path string, err error) List {
	var l List
	if errors.As(err, &l) {
		return l
	}
	var d *Diagnostic
	if errors.As(err, &d) {
		return List{d}
	}
	return List{{Path: path, Msg: err.Error(), Err: err}}
}
