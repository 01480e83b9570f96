package note

import "testing"

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
