package journal

import (
	"testing"

	"github.com/recapjournal/recap/generator/note"
)

func TestSeriesTitle(t *testing.T) {
	for _, tc := range []struct {
		name   string
		titles []string
		want   string
	}{
		{"platform-weekly", []string{"Platform weekly", "Platform weekly", "Platform weekly: retro"}, "Platform weekly"},
		{"platform-weekly", []string{"Platform weekly: cutover", "Platform weekly: pager numbers", "Platform weekly: new rotations"}, "Platform weekly"},
		{"platform-weekly", []string{"Cutover", "Pager numbers", "New rotations"}, "Platform weekly"},
		{"standup", []string{"Standup 2026-11-24", "Standup 2026-11-25"}, "Standup"},
		{"team_sync", []string{"A: x", "B: y", "C: z"}, "Team sync"},
		{"Team sync", []string{"Whatever", "Whatever"}, "Team sync"},
		{"q1", []string{"Q1 planning: kickoff", "Budget"}, "Q1"},
	} {
		s := &Series{Name: tc.name}
		for _, title := range tc.titles {
			s.Meetings = append(s.Meetings, &Meeting{Note: &note.Note{Title: title}})
		}
		s.Usual = UsualTitle(s.Meetings)
		if got := s.Title(); got != tc.want {
			t.Errorf("series %q of %q: title %q, want %q", tc.name, tc.titles, got, tc.want)
		}
	}
}
