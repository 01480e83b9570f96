package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// axeSource finds axe-core's axe.min.js: $RECAP_AXE, or e2e/node_modules
// (`npm install --no-save --prefix e2e axe-core@4`, which .ci/run does).
func axeSource(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("RECAP_AXE"), filepath.Join("node_modules", "axe-core", "axe.min.js")} {
		if p == "" {
			continue
		}
		if b, err := os.ReadFile(p); err == nil {
			return string(b)
		}
	}
	t.Skip("axe-core not found: run `npm install --no-save --prefix e2e axe-core@4` or set RECAP_AXE to axe.min.js")
	return ""
}

type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// TestAccessibility runs axe-core on a page of every kind (pageKinds: home,
// meeting, note, notes, people, person, actions, tags, tag, series list,
// series, archive, month, review and the 404 page), and on a meeting and a
// person with talking points, a closed topic, another meeting and series and
// the open search dialog, in the light and the dark theme, and fails on any
// violation.
func TestAccessibility(t *testing.T) {
	bin := needBrowser(t)
	axe := axeSource(t)
	out := buildSite(t, "..")
	bctx := newBrowser(t, bin)
	site := serveHTTP(t, out)
	p := newPage(t, bctx, site)
	run := func(name string) { t.Helper(); runAxe(t, p, axe, name) }
	checkKindsCovered(t, out)
	paths := []string{meetingDev, personJo, meetingJo, topicClosed, "series/dev-sam/index.html"}
	for _, k := range pageKinds {
		paths = append(paths, k.path)
	}
	for _, theme := range []string{"light", "dark"} {
		for _, path := range paths {
			p.open(path)
			p.eval(fmt.Sprintf(`document.documentElement.dataset.theme = %q, true`, theme), nil)
			run(theme + " " + path)
		}
		p.open("index.html")
		p.eval(fmt.Sprintf(`document.documentElement.dataset.theme = %q, true`, theme), nil)
		p.keys("/")
		p.waitJS(`document.querySelector("[role=dialog]") && !document.querySelector("[role=dialog]").hidden`)
		p.keys("promotion")
		p.waitJS(`document.querySelectorAll("[role=option]").length > 0`)
		run(theme + " search")
	}
}

// runAxe runs axe-core (its source, from axeSource) in the page as it is
// and reports every violation as an error of t, named name.
func runAxe(t *testing.T, p *page, axe, name string) {
	t.Helper()
	p.eval(axe+"\n;true", nil)
	var vs []axeViolation
	p.eval(`axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations.map(v => ({
		id: v.id, impact: v.impact || "", help: v.help,
		nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))})))`, &vs)
	for _, v := range vs {
		t.Errorf("%s: %s (%s): %s — %s", name, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "; "))
	}
}
