package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/internal/store"
)

// TestStoryClaimAndHandover follows issue 3's story: a buyer message
// arrives and gets its thread, a follow-up lands in the same thread, Ana
// claims the case with 👀 and the card shows it, Ben's claim is refused,
// and Ana's /buyerdesk handover gives the case to Ben.
func TestStoryClaimAndHandover(t *testing.T) {
	h := newHarness(t, Config{Rota: cmdTestRota(t)})
	const order = "302-4455667-1122334"

	// A buyer message arrives: the ingest pipeline stores it and tells the bot.
	first := h.ingest(sampleMail("story-1@amazon.de", order))
	h.bot.Changed(h.ctx, []store.IngestResult{first})
	var c buyerdesk.Case
	h.eventually("the thread appears", func() bool {
		c = h.caseNow(first.Case.ID)
		return c.ThreadTS != "" && len(h.slack.Thread(c.Channel, c.ThreadTS)) >= 2 // the on-call tag may follow at once
	})
	if top := h.slack.Messages(chanSupport); len(top) != 1 || top[0].TS != c.ThreadTS {
		t.Fatalf("channel holds %d top-level messages, want the one parent", len(top))
	}
	if !strings.Contains(h.threadText(c), "Wo ist mein Paket?") {
		t.Fatalf("buyer's words not in the thread: %q", h.threadText(c))
	}

	// Ten minutes later the buyer writes again: same case, same thread.
	h.FastForward(10 * time.Minute)
	m := sampleMail("story-2@amazon.de", order)
	m.Body = "Hallo? Ich warte noch auf eine Antwort."
	second := h.ingest(m)
	if second.Case.ID != c.ID {
		t.Fatalf("the follow-up opened case %s, want %s", second.Case.ID, c.ID)
	}
	h.bot.Changed(h.ctx, []store.IngestResult{second})
	h.eventually("the follow-up in the same thread", func() bool {
		return strings.Contains(h.threadText(c), "Ich warte noch auf eine Antwort.")
	})
	if top := h.slack.Messages(chanSupport); len(top) != 1 {
		t.Fatalf("the follow-up posted a new parent: %d top-level messages", len(top))
	}

	// Ana reacts 👀: the card shows her as the assignee.
	h.react(userAna, c, "eyes", true)
	h.eventually("the card shows Ana's claim", func() bool { return strings.Contains(h.cardJSON(c), "<@"+userAna+">") })

	// Ben reacts 👀 too: he is told privately, nothing changes.
	h.react(userBen, c, "eyes", true)
	h.eventually("Ben told", func() bool { return h.told(userBen, "already claimed by <@"+userAna+">") })
	if got := h.caseNow(c.ID).Assignee; got != userAna || len(h.eventsOf(c.ID, buyerdesk.EventClaimed)) != 1 {
		t.Fatalf("after Ben's refused claim the assignee is %q", got)
	}

	// Ana hands over for the afternoon: the case moves to Ben.
	h.command(userAna, "handover <@"+userBen+"|ben> for 4h")
	h.eventually("the case moves to Ben", func() bool { return h.caseNow(c.ID).Assignee == userBen })
	h.eventually("the card shows Ben", func() bool {
		card := h.cardJSON(c)
		return strings.Contains(card, "<@"+userBen+">") && !strings.Contains(card, "<@"+userAna+">")
	})
	h.eventually("the thread says so", func() bool {
		return strings.Contains(h.threadText(c), "<@"+userAna+"> handed this case over to <@"+userBen+">")
	})
	if got := h.bot.rota(h.ctx).OnCall(h.clock()).Primary; got != userBen {
		t.Fatalf("on call after the handover: %s, want Ben", got)
	}
}
