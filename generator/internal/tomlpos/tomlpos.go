// Package tomlpos finds the line on which each key of a TOML document is set.
//
// BurntSushi/toml reports positions for syntax errors but not for the keys it
// decoded, and recap wants "config.toml:7:1: unknown key people.dev.nmae". The
// scanner here is deliberately small: it knows table headers, key/value lines,
// dotted and quoted keys, and skips multi-line strings, which is all that is
// needed once the document is known to parse.
package tomlpos

import "strings"

// Key is where a key is set: 1-based line and column of the key's first character.
type Key struct{ Line, Col int }

// Keys maps each dotted key path ("people.dev.name") to the place it is set.
// Array-of-tables entries share one path; the first place wins.
func Keys(src string) map[string]Key {
	out := map[string]Key{}
	var table []string
	inMulti := ""
	for i, line := range strings.Split(src, "\n") {
		ln := i + 1
		s := strings.TrimRight(line, "\r")
		if inMulti != "" {
			if strings.Contains(s, inMulti) {
				inMulti = ""
			}
			continue
		}
		trimmed := strings.TrimLeft(s, " \t")
		col := len(s) - len(trimmed) + 1
		if trimmed == "" || trimmed[0] == '#' {
			continue
		}
		if trimmed[0] == '[' {
			h := strings.TrimPrefix(strings.TrimPrefix(trimmed, "["), "[")
			end := strings.Index(h, "]")
			if end < 0 {
				continue
			}
			table = splitKey(h[:end])
			put(out, table, Key{ln, col})
			continue
		}
		eq := keyEnd(trimmed)
		if eq < 0 {
			continue
		}
		path := append(append([]string{}, table...), splitKey(trimmed[:eq])...)
		put(out, path, Key{ln, col})
		rest := trimmed[eq+1:]
		if r := strings.TrimSpace(rest); strings.HasPrefix(r, "{") {
			inline(out, path, r, ln, col+eq+1+strings.Index(rest, "{"))
		}
		for _, q := range []string{`"""`, `'''`} {
			if n := strings.Count(rest, q); n%2 == 1 {
				inMulti = q
			}
		}
	}
	return out
}

// put records where path is set, and where each of its prefixes first
// appears ("params.color = 1" also places "params").
func put(m map[string]Key, path []string, k Key) {
	for i := 1; i <= len(path); i++ {
		p := strings.Join(path[:i], ".")
		if _, ok := m[p]; !ok {
			m[p] = k
		}
	}
}

// keyEnd returns the index of the '=' that ends the key, honouring quotes.
func keyEnd(s string) int {
	var q byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case q != 0:
			if c == q {
				q = 0
			}
		case c == '"' || c == '\'':
			q = c
		case c == '=':
			return i
		}
	}
	return -1
}

// splitKey splits a dotted key into its parts, unquoting quoted parts.
func splitKey(s string) []string {
	var parts []string
	var b strings.Builder
	var q byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case q != 0:
			if c == q {
				q = 0
			} else {
				b.WriteByte(c)
			}
		case c == '"' || c == '\'':
			q = c
		case c == '.':
			parts = append(parts, strings.TrimSpace(b.String()))
			b.Reset()
		case c == ' ' || c == '\t':
		default:
			b.WriteByte(c)
		}
	}
	return append(parts, strings.TrimSpace(b.String()))
}

// inline records the keys of an inline table "{ a = 1, b = { c = 2 } }" that
// starts at column col of line ln.
func inline(out map[string]Key, path []string, s string, ln, col int) {
	depth, start := 0, 1
	var q byte
	var stack [][]string
	cur, pending := path, []string(nil)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case q != 0:
			if c == q {
				q = 0
			}
		case c == '"' || c == '\'':
			q = c
		case c == '{':
			depth++
			stack = append(stack, cur)
			if pending != nil && depth > 1 {
				cur, pending = pending, nil
			}
			start = i + 1
		case c == '}':
			depth--
			if len(stack) > 0 {
				cur = stack[len(stack)-1]
				stack = stack[:len(stack)-1]
			}
			if depth == 0 {
				return
			}
		case c == ',':
			start = i + 1
		case c == '=':
			k := strings.TrimSpace(s[start:i])
			if k != "" {
				p := append(append([]string{}, cur...), splitKey(k)...)
				lead := len(s[start:i]) - len(strings.TrimLeft(s[start:i], " \t"))
				put(out, p, Key{ln, col + start + lead})
				if r := strings.TrimSpace(s[i+1:]); strings.HasPrefix(r, "{") {
					pending = p
				}
			}
		}
	}
}
