// Package feeds writes the journal's machine-readable outputs: actions.json,
// iCalendar feeds of open actions with due dates, and an Atom feed of meetings.
package feeds

import "github.com/recapjournal/recap/generator/journal"

// Files returns the feed files by output path.
func Files(j *journal.Journal) (map[string][]byte, error) { return map[string][]byte{}, nil }
