package journal

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Find resolves a person named on the command line (--with, --owner,
// --person, recap agenda): an id, an alias or a full name, with or without
// "@", case-insensitively, or "me" for config.toml's me. Nobody is created:
// when nothing fits, the error lists the closest people there are.
func (j *Journal) Find(s string) (*Person, error) {
	q := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "@"))
	if q == "" {
		return nil, fmt.Errorf("no person named: give an id, an alias or a name (see `recap people`)")
	}
	if strings.EqualFold(q, "me") {
		if p := j.Lookup("me"); p != nil {
			return p, nil // somebody whose id or alias is "me"
		}
		if j.Config.Me == "" {
			return nil, fmt.Errorf("%q: set me = \"your-id\" in config.toml to name yourself as me", s)
		}
		if p := j.Me(); p != nil {
			return p, nil
		}
		return nil, fmt.Errorf("%q: config.toml's me = %q is nobody in the journal (see `recap people`)", s, j.Config.Me)
	}
	if p := j.Lookup(q); p != nil {
		return p, nil
	}
	if near := j.near(q); len(near) > 0 {
		return nil, fmt.Errorf("%q names nobody in the journal; did you mean %s?", s, orList(near))
	}
	return nil, fmt.Errorf("%q names nobody in the journal (see `recap people`)", s)
}

// near lists up to three people whose id, name, alias or first name is close
// to q: it starts one of them, or is within a few edits of one.
func (j *Journal) near(q string) []string {
	q = strings.ToLower(q)
	type cand struct {
		p    *Person
		dist int
	}
	var cs []cand
	for _, p := range j.People {
		best := -1
		keys := append([]string{p.ID, p.Name}, p.Aliases...)
		if first, _, ok := strings.Cut(p.Name, " "); ok {
			keys = append(keys, first)
		}
		for _, k := range keys {
			k = strings.ToLower(k)
			if k == "" {
				continue
			}
			d := editDistance(q, k)
			if strings.HasPrefix(k, q) || strings.HasPrefix(q, k) && len(k) >= 3 {
				d = min(d, 1)
			}
			if d <= max(1, min(len(q), len(k))/3) && (best < 0 || d < best) {
				best = d
			}
		}
		if best >= 0 {
			cs = append(cs, cand{p, best})
		}
	}
	slices.SortStableFunc(cs, func(a, b cand) int { return cmp.Compare(a.dist, b.dist) })
	var out []string
	for _, c := range cs[:min(3, len(cs))] {
		if c.p.Name != "" && !strings.EqualFold(c.p.Name, c.p.ID) {
			out = append(out, fmt.Sprintf("%s (%s)", c.p.ID, c.p.Name))
		} else {
			out = append(out, c.p.ID)
		}
	}
	return out
}

func orList(s []string) string {
	switch len(s) {
	case 1:
		return s[0]
	case 2:
		return s[0] + " or " + s[1]
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

// editDistance is the number of single-rune insertions, deletions,
// substitutions and swaps of neighbours that turn a into b (the optimal
// string alignment distance): "dve" is one edit from "dev".
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	rows := make([][]int, len(ra)+1)
	for i := range rows {
		rows[i] = make([]int, len(rb)+1)
		rows[i][0] = i
	}
	for k := range rows[0] {
		rows[0][k] = k
	}
	for i := 1; i <= len(ra); i++ {
		for k := 1; k <= len(rb); k++ {
			c := 1
			if ra[i-1] == rb[k-1] {
				c = 0
			}
			d := min(rows[i-1][k]+1, rows[i][k-1]+1, rows[i-1][k-1]+c)
			if i > 1 && k > 1 && ra[i-1] == rb[k-2] && ra[i-2] == rb[k-1] {
				d = min(d, rows[i-2][k-2]+1)
			}
			rows[i][k] = d
		}
	}
	return rows[len(ra)][len(rb)]
}

// Bare is the action's text without a leading @mention of its owner ("@dev
// Send the deck" is "Send the deck"): how a row that shows the owner beside
// the text reads it.
func (j *Journal) Bare(a *Action) string {
	if a.Owner == nil {
		return a.Text
	}
	if t, ok := strings.CutPrefix(a.Text, "@"); ok {
		if h, rest, ok := strings.Cut(t, " "); ok && strings.TrimSpace(rest) != "" && j.Lookup(h) == a.Owner {
			return strings.TrimSpace(rest)
		}
	}
	return a.Text
}
