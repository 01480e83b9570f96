package note

import (
	"strings"
	"testing"
)

// TestKeepTextKeepsPrivateItems: KeepText leaves private callouts out of the
// search text, but their action items and mentions are still read.
func TestKeepTextKeepsPrivateItems(t *testing.T) {
	src := "---\ndate: 2026-11-20\n---\n> [!private]\n> secretword @dev\n> - [ ] @dev hidden task\n\nvisible\n"
	for _, keep := range []bool{false, true} {
		n, d := Parse("n.md", []byte(src), Options{KeepText: keep})
		if n == nil {
			t.Fatal(d)
		}
		if len(n.Items) != 1 || n.Items[0].Owner != "dev" {
			t.Errorf("KeepText=%v: items %+v, want the private one", keep, n.Items)
		}
		if len(n.Mentions) != 2 {
			t.Errorf("KeepText=%v: %d mentions, want 2", keep, len(n.Mentions))
		}
		if keep && (n.Text != "visible") {
			t.Errorf("Text = %q, want only %q", n.Text, "visible")
		}
	}
}

func TestCollapseSpace(t *testing.T) {
	for _, s := range []string{"", " ", "a", " a ", "a  b\tc\n\nd ", "\u00a0x\u2003y\u0085", "é  ü", "\xff \xfe", "a\u200bb", "  lead", "trail  "} {
		if got, want := collapseSpace(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("collapseSpace(%q) = %q, want %q", s, got, want)
		}
	}
}
