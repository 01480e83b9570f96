// Package search builds the journal's offline search index and the data the
// actions page filters on, as JavaScript files the pages load (not fetched
// JSON, so they work from file:// too).
package search

import "github.com/recapjournal/recap/generator/journal"

// IndexJS is assets/search-index.js.
func IndexJS(j *journal.Journal) []byte {
	return []byte("window.RECAP_SEARCH = {\"v\": 0, \"docs\": []};\n")
}

// ActionsJS is assets/actions-data.js.
func ActionsJS(j *journal.Journal) []byte { return []byte("window.RECAP_ACTIONS = [];\n") }
