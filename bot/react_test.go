package bot

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/buyerdesk/buyerdesk"
)

func TestReactClaimShowsAssignee(t *testing.T) {
	for _, name := range []string{"eyes", ":eyes:", "eyes::skin-tone-2"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, Config{})
			c := reactOpen(h, sampleMail("m1@amazon.de", "302-1111111-1111111"))
			h.react(userAna, c, name, true)
			h.eventually("claim", func() bool { return h.caseNow(c.ID).Assignee == userAna })
			h.eventually("card shows the assignee", func() bool { return strings.Contains(h.cardJSON(c), "<@"+userAna+">") })
			h.eventually("claim announced", func() bool { return strings.Contains(h.threadText(c), "<@"+userAna+"> claimed") })
			evs := h.eventsOf(c.ID, buyerdesk.EventClaimed)
			if len(evs) != 1 || evs[0].Actor != userAna || !evs[0].At.Equal(h.clock()) {
				t.Fatalf("claim events = %+v, want one by %s at %s", evs, userAna, h.clock())
			}
		})
	}
}

func TestReactSecondClaimRefused(t *testing.T) {
	h := newHarness(t, Config{})
	c := reactOpen(h, sampleMail("m1@amazon.de", "302-1111111-1111111"))
	h.react(userAna, c, "eyes", true)
	h.eventually("Ana's claim announced", func() bool { return h.noted(c.ID, "note/claim/") })
	before := len(h.events(c.ID))

	h.react(userBen, c, "eyes", true)
	h.eventually("Ben told", func() bool {
		return h.told(userBen, "already claimed by <@"+userAna+">") && h.told(userBen, ":raised_hand: to take over")
	})
	if got := h.caseNow(c.ID); got.Assignee != userAna || len(h.events(c.ID)) != before {
		t.Fatalf("refused claim changed the case: assignee %s, %d events (was %d)", got.Assignee, len(h.events(c.ID)), before)
	}
	if strings.Contains(h.threadText(c), "<@"+userBen+">") {
		t.Fatalf("refused claim announced in the thread: %q", h.threadText(c))
	}
}

func TestReactTakeover(t *testing.T) {
	h := newHarness(t, Config{})
	c := reactOpen(h, sampleMail("m1@amazon.de", "302-1111111-1111111"))
	h.react(userAna, c, "eyes", true)
	h.eventually("Ana's claim", func() bool { return h.caseNow(c.ID).Assignee == userAna })

	h.react(userBen, c, "raised_hand::skin-tone-4", true)
	h.eventually("Ben took over", func() bool { return h.caseNow(c.ID).Assignee == userBen })
	evs := h.eventsOf(c.ID, buyerdesk.EventHandover)
	if len(evs) != 1 || evs[0].Actor != userBen || evs[0].Data["from"] != userAna || evs[0].Data["to"] != userBen {
		t.Fatalf("handover events = %+v", evs)
	}
	h.eventually("takeover announced", func() bool {
		return strings.Contains(h.threadText(c), "<@"+userBen+"> took this case over from <@"+userAna+">")
	})
	h.eventually("card shows Ben", func() bool { return strings.Contains(h.cardJSON(c), "<@"+userBen+">") })
}

func TestReactRelease(t *testing.T) {
	h := newHarness(t, Config{Workers: 1}) // jobs run in order: a later effect proves an earlier job done
	c := reactOpen(h, sampleMail("m1@amazon.de", "302-1111111-1111111"))
	h.react(userAna, c, "eyes", true)
	h.react(userBen, c, "eyes", true) // refused
	h.react(userBen, c, "eyes", false)
	h.react(userOutsider, c, "eyes", true) // refused, audited: the barrier
	h.eventually("outsider refused", func() bool { return len(h.eventsOf(c.ID, buyerdesk.EventRefused)) == 1 })
	if got := h.caseNow(c.ID).Assignee; got != userAna {
		t.Fatalf("after Ben removed his reaction the assignee is %q, want Ana", got)
	}
	h.react(userAna, c, "eyes", false)
	h.eventually("released", func() bool { return h.caseNow(c.ID).Assignee == "" })
	evs := h.eventsOf(c.ID, buyerdesk.EventReleased)
	if len(evs) != 1 || evs[0].Actor != userAna {
		t.Fatalf("release events = %+v", evs)
	}
	h.eventually("card unclaimed", func() bool { return strings.Contains(h.cardJSON(c), "unclaimed") })
	h.eventually("release announced", func() bool { return strings.Contains(h.threadText(c), "released this case") })
}

func TestReactResolve(t *testing.T) {
	tests := []struct {
		name     string
		answered bool
		warn     bool
	}{
		{"still waiting", false, true},
		{"answered", true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, Config{})
			c := reactOpen(h, sampleMail("m1@amazon.de", "302-1111111-1111111"))
			if tt.answered {
				if _, _, err := h.store.Append(h.ctx, c.ID, buyerdesk.Event{Type: buyerdesk.EventSellerCopy, At: h.clock(), Actor: buyerdesk.SystemActor}); err != nil {
					t.Fatal(err)
				}
			}
			h.react(userAna, c, "white_check_mark", true)
			h.eventually("resolved", func() bool { return h.caseNow(c.ID).State == buyerdesk.StateResolved })
			if evs := h.eventsOf(c.ID, buyerdesk.EventResolved); len(evs) != 1 || evs[0].Actor != userAna {
				t.Fatalf("resolve events = %+v", evs)
			}
			h.eventually("announced", func() bool { return strings.Contains(h.threadText(c), "<@"+userAna+"> resolved") })
			if got := strings.Contains(h.threadText(c), "Amazon still counts"); got != tt.warn {
				t.Fatalf("warning in thread = %v, want %v: %q", got, tt.warn, h.threadText(c))
			}
		})
	}
}

func TestReactNoResponseNeeded(t *testing.T) {
	const link = "https://sellercentral.amazon.de/messaging/no-response?id=abc123"
	tests := []struct {
		name, url string
		want      string
	}{
		{"with the mail's link", link, "<" + link + "|"},
		{"without a link", "", "Buyer-Seller Messages"},
		{"hostile link dropped", "https://evil.example/|Amazon>", "Buyer-Seller Messages"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, Config{})
			m := sampleMail("m1@amazon.de", "302-1111111-1111111")
			m.NoResponseNeededURL = tt.url
			c := reactOpen(h, m)
			h.react(userAna, c, "no_entry_sign", true)
			h.eventually("marked", func() bool { return h.caseNow(c.ID).State == buyerdesk.StateNoResponseNeeded })
			if evs := h.eventsOf(c.ID, buyerdesk.EventNoResponseNeeded); len(evs) != 1 || evs[0].Actor != userAna {
				t.Fatalf("no-response events = %+v", evs)
			}
			h.eventually("announced", func() bool { return strings.Contains(h.threadText(c), "also set in Seller Central") })
			if text := h.threadText(c); !strings.Contains(text, tt.want) || strings.Contains(text, "evil") {
				t.Fatalf("thread = %q, want it to contain %q", text, tt.want)
			}
		})
	}
}

func TestReactOutsiderRefused(t *testing.T) {
	for _, name := range []string{"eyes", "white_check_mark", "no_entry_sign", "raised_hand"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, Config{})
			c := reactOpen(h, sampleMail("m1@amazon.de", "302-1111111-1111111"))
			thread := h.threadText(c)
			h.react(userOutsider, c, name, true)
			h.eventually("refusal", func() bool { return h.told(userOutsider, "only the support agents") })
			h.eventually("audit event", func() bool { return len(h.eventsOf(c.ID, buyerdesk.EventRefused)) == 1 })
			e := h.eventsOf(c.ID, buyerdesk.EventRefused)[0]
			want, _ := h.bot.reactionAction(name, true)
			if e.Actor != userOutsider || e.Data["action"] != string(want) {
				t.Fatalf("audit event = %+v, want actor %s action %s", e, userOutsider, want)
			}
			got := h.caseNow(c.ID)
			if got.Assignee != "" || got.State != buyerdesk.StateOpen || h.threadText(c) != thread {
				t.Fatalf("outsider changed the case: %+v, thread %q", got, h.threadText(c))
			}
		})
	}
}

func TestReactDeliveredTwiceClaimsOnce(t *testing.T) {
	h := newHarness(t, Config{Workers: 1}) // jobs run in order: the last one is a barrier
	c := reactOpen(h, sampleMail("m1@amazon.de", "302-1111111-1111111"))
	p := reactionPayload("Ev0001", "reaction_added", userAna, "eyes", c, c.ThreadTS)
	for range 2 {
		if _, err := h.slack.SendEvent(h.ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	// The same reaction under a new event id (a second delivery path) is
	// still one claim: Ana already holds the case.
	if _, err := h.slack.SendEvent(h.ctx, reactionPayload("Ev0002", "reaction_added", userAna, "eyes", c, c.ThreadTS)); err != nil {
		t.Fatal(err)
	}
	h.eventually("claim", func() bool { return h.caseNow(c.ID).Assignee == userAna })
	h.eventually("announced", func() bool { return strings.Contains(h.threadText(c), "claimed") })
	h.react(userOutsider, c, "eyes", true)
	h.eventually("barrier", func() bool { return len(h.eventsOf(c.ID, buyerdesk.EventRefused)) == 1 })
	if n := len(h.eventsOf(c.ID, buyerdesk.EventClaimed)); n != 1 {
		t.Fatalf("%d claim events, want 1", n)
	}
	if n := strings.Count(h.threadText(c), "claimed this case"); n != 1 {
		t.Fatalf("%d claim notes in the thread, want 1", n)
	}
}

func TestReactConcurrentClaimsOneWins(t *testing.T) {
	h := newHarness(t, Config{})
	c := reactOpen(h, sampleMail("m1@amazon.de", "302-1111111-1111111"))
	var wg sync.WaitGroup
	for i := range 16 {
		user := []string{userAna, userBen}[i%2]
		wg.Go(func() {
			h.bot.act(h.ctx, c.ID, reactClaim, reactBy{user: user, channel: chanSupport, key: fmt.Sprintf("reaction/Ev%d", i)})
		})
	}
	wg.Wait()
	evs := h.eventsOf(c.ID, buyerdesk.EventClaimed)
	if len(evs) != 1 || h.caseNow(c.ID).Assignee != evs[0].Actor {
		t.Fatalf("claims = %+v, assignee %q: want exactly one winner", evs, h.caseNow(c.ID).Assignee)
	}
	loser := userAna
	if evs[0].Actor == userAna {
		loser = userBen
	}
	if !h.told(loser, "already claimed by <@"+evs[0].Actor+">") {
		t.Fatalf("the loser %s was not told who holds the case", loser)
	}
	if n := strings.Count(h.threadText(c), "claimed this case"); n != 1 {
		t.Fatalf("%d claim notes, want 1", n)
	}
}

func TestReactIgnored(t *testing.T) {
	h := newHarness(t, Config{Workers: 1})
	c := reactOpen(h, sampleMail("m1@amazon.de", "302-1111111-1111111"))
	reply, _, err := h.slack.PostAsUser(h.ctx, userBen, chanSupport, c.ThreadTS, "looking into it")
	if err != nil {
		t.Fatal(err)
	}
	h.react(userAna, buyerdesk.Case{Channel: chanSupport, ThreadTS: reply.TS}, "eyes", true) // on a reply, not the parent
	h.react(userBen, c, "thumbsup", true)                                                    // not one of ours
	if _, err := h.slack.SendEvent(h.ctx, reactionPayload("Ev0003", "reaction_added", "UBOT", "eyes", c, c.ThreadTS)); err != nil {
		t.Fatal(err) // the bot's own reaction
	}
	h.react(userOutsider, c, "eyes", true) // the barrier: refused and audited
	h.eventually("barrier", func() bool { return len(h.eventsOf(c.ID, buyerdesk.EventRefused)) == 1 })
	if got := h.caseNow(c.ID); got.Assignee != "" || len(h.eventsOf(c.ID, buyerdesk.EventClaimed)) != 0 {
		t.Fatalf("an ignored reaction claimed the case: %+v", got)
	}
}

func TestReactName(t *testing.T) {
	for in, want := range map[string]string{
		"eyes": "eyes", ":eyes:": "eyes", "eyes::skin-tone-2": "eyes", ":raised_hand::skin-tone-6:": "raised_hand", "": "",
	} {
		if got := reactName(in); got != want {
			t.Errorf("reactName(%q) = %q, want %q", in, got, want)
		}
	}
}
