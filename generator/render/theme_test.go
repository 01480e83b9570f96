package render

import (
	"testing"
	"testing/fstest"
)

// TestThemeCounts: a page kind depends on the journal-wide counts exactly
// when one of its templates names them or takes .Site whole, so that an
// edit that changes only the counts renders those pages again and no others.
func TestThemeCounts(t *testing.T) {
	builtIn, err := LoadTheme(nil)
	if err != nil {
		t.Fatal(err)
	}
	for kind, want := range map[string]bool{"home": true, "actions": true, "meeting": false, "person": false, "tag": false} {
		if got := builtIn.counts[kind]; got != want {
			t.Errorf("built-in theme, %s pages: counts = %v, want %v", kind, got, want)
		}
	}
	for name, layout := range map[string]string{
		"named":      `{{define "main"}}{{.Site.Counts.Open}} open{{end}}`,
		"variable":   `{{define "main"}}{{$c := .Site.Counts}}{{$c.Open}}{{end}}`,
		"in a range": `{{define "main"}}{{range .Meeting.People}}{{$.Site.Counts.Overdue}}{{end}}{{end}}`,
		"whole site": `{{define "main"}}{{printf "%v" .Site}}{{end}}`,
		"via a var":  `{{define "main"}}{{$p := .}}{{with $p.Site}}{{.Title}}{{end}}{{end}}`,
	} {
		th, err := LoadTheme(fstest.MapFS{"layouts/meeting.html": {Data: []byte(`{{template "base" .}}` + layout)}})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !th.counts["meeting"] {
			t.Errorf("%s: a meeting layout that shows the counts is not seen to", name)
		}
	}
}
