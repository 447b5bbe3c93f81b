package bot

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/buyerdesk/buyerdesk/sla"
)

// TestHandoffWithManyCasesStaysWithinSlackLimits posts a shift-end handoff
// listing many open cases through the fake Slack, which refuses blocks over
// Slack's limits (section text 3,000 characters) as Slack does.
func TestHandoffWithManyCasesStaysWithinSlackLimits(t *testing.T) {
	h := newHarness(t, Config{Rota: escRota(sla.Daily)})
	for i := range 30 {
		m := sampleMail(fmt.Sprintf("limits-%d@amazon.de", i), fmt.Sprintf("302-1111111-%07d", i))
		m.RelayAddress, m.SentAt = fmt.Sprintf("limits%d@marketplace.amazon.de", i), h.clock()
		reactOpen(h, m)
	}
	shiftEnd := time.Date(2026, 11, 24, 16, 0, 0, 0, time.UTC)
	h.FastForward(shiftEnd.Add(30 * time.Second).Sub(h.clock()))
	if _, err := h.bot.RunHandoffs(h.ctx, 30*time.Minute); err != nil {
		t.Fatalf("handoff with 30 open cases: %v", err)
	}
	posts := escTexts(h.slack.Messages(chanSupport), "Handoff")
	if len(posts) != 1 || !strings.Contains(posts[0], "30 open case(s)") {
		t.Fatalf("handoff posts: %q", posts)
	}
	listed := strings.Count(posts[0], "\n• 302-") + strings.Count(posts[0], "\n• <https://")
	if !strings.Contains(posts[0], fmt.Sprintf("… and %d more", 30-listed)) || listed == 0 {
		t.Errorf("handoff lists %d cases without saying how many more:\n%s", listed, posts[0])
	}
}
