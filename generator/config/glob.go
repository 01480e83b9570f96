package config

import (
	"errors"
	"path"
	"strings"
)

// ValidGlob reports whether g is a pattern Match accepts.
func ValidGlob(g string) error {
	if strings.TrimSpace(g) == "" {
		return errors.New("is empty")
	}
	if strings.HasPrefix(g, "/") || strings.Contains(g, `\`) {
		return errors.New("must be relative to contentDir and use / between folders")
	}
	for _, part := range strings.Split(g, "/") {
		if part == "**" {
			continue
		}
		if _, err := path.Match(part, ""); err != nil {
			return errors.New("is not a valid glob")
		}
	}
	return nil
}

// Match reports whether the slash-separated path rel, relative to contentDir,
// is matched by the glob g: path.Match for each folder, where a "**" element
// stands for any number of folders (none included). A pattern that matches a
// folder matches everything under it.
func Match(g, rel string) bool {
	return matchParts(strings.Split(strings.Trim(g, "/"), "/"), strings.Split(rel, "/"), true)
}

func matchParts(g, p []string, prefix bool) bool {
	for len(g) > 0 {
		if g[0] == "**" {
			for i := 0; i <= len(p); i++ {
				if matchParts(g[1:], p[i:], prefix) {
					return true
				}
			}
			return false
		}
		if len(p) == 0 {
			return false
		}
		if ok, _ := path.Match(g[0], p[0]); !ok {
			return false
		}
		g, p = g[1:], p[1:]
	}
	return len(p) == 0 || prefix
}

// Ignored reports whether the slash-separated path rel under contentDir is
// left out by the config's ignore patterns.
func (c *Config) Ignored(rel string) bool {
	for _, g := range c.Ignore {
		if Match(g, rel) {
			return true
		}
	}
	return false
}
