package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/buyerdesk/buyerdesk/sla"
)

// TestAssignRoutesByTriggerTeam: the trigger rules route a case to a team
// ("beschädigt" → quality): its on-call person is tagged instead of the
// marketplace team's. Without a matching trigger, without such a team in
// the rota, or with nobody of it on shift, the marketplace team keeps it.
func TestAssignRoutesByTriggerTeam(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	var week sla.Week
	for d := time.Monday; d <= time.Friday; d++ {
		week[d] = []sla.Span{{Start: 8 * 60, End: 17 * 60}}
	}
	rota := func(qualityHours sla.Week) sla.Rota {
		return sla.Rota{
			Teams: []sla.Team{
				{Name: "berlin", Zone: berlin, Hours: week, Members: []sla.Member{{ID: userAna}}},
				{Name: "Quality", Zone: berlin, Hours: qualityHours, Members: []sla.Member{{ID: userBen}}},
			},
			Fallback: sla.Target{Kind: sla.User, ID: escFallback},
		}
	}
	tests := []struct {
		name, body string
		quality    sla.Week
		want       string
		routed     bool
	}{
		{"damage goes to quality", "Der Mixer ist beschädigt angekommen.", week, userBen, true},
		{"shipping team not in the rota", "Wo ist mein Paket?", week, userAna, false},
		{"no trigger", "Guten Tag, eine Bitte.", week, userAna, false},
		{"quality off shift", "Der Mixer ist beschädigt angekommen.", sla.Week{}, userAna, false},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, Config{Rota: rota(tt.quality)})
			m := sampleMail("route-"+tt.name+"@amazon.de", "302-0000000-000010"+string(rune('0'+i)))
			m.Body = tt.body
			res := h.ingest(m)
			if err := h.bot.Mirror(h.ctx, res.Case.ID); err != nil {
				t.Fatal(err)
			}
			c, err := h.store.Case(h.ctx, res.Case.ID)
			if err != nil {
				t.Fatal(err)
			}
			if err := h.bot.Assign(h.ctx, c); err != nil {
				t.Fatal(err)
			}
			posts := escTexts(escThread(h, c), "On call for this case")
			if len(posts) != 1 {
				t.Fatalf("assignment posts %q, want 1", posts)
			}
			if !strings.Contains(posts[0], "<@"+tt.want+">") {
				t.Errorf("tagged %q, want %s", posts[0], tt.want)
			}
			if got := strings.Contains(posts[0], "Quality team"); got != tt.routed {
				t.Errorf("post %q: routed by trigger %v, want %v", posts[0], got, tt.routed)
			}
		})
	}
}
