package search

// AppendPostings opens the postings encoder to the tests.
var AppendPostings = appendPostings

// Words cuts s into words as the index does (and the page cuts queries).
func Words(s string) []string {
	var out []string
	eachWordBytes(s, nil, func(w []byte, _, _ int) bool {
		out = append(out, string(w))
		return true
	})
	return out
}

// KeptNotes is how many notes' words x keeps.
func (x *Indexer) KeptNotes() int {
	x.mu.Lock()
	defer x.mu.Unlock()
	return len(x.notes)
}

// KeptWords is how many words x's dictionary holds.
func (x *Indexer) KeptWords() int {
	x.mu.Lock()
	defer x.mu.Unlock()
	return len(x.words)
}
