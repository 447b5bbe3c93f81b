package bot

import (
	"strings"
	"testing"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/internal/store"
)

// TestRoutesByMailboxMarketplaceAndDefault checks the channel routing of
// the configuration: a mailbox route wins, then the marketplace's, and a
// case without a route goes to the default channel.
func TestRoutesByMailboxMarketplaceAndDefault(t *testing.T) {
	const chanUS, chanFR = "CBUYERSUS", "CBUYERSFR"
	h := newHarness(t, Config{Routes: map[string]string{"amazon.com": chanUS, "fr-inbox": chanFR}})
	h.slack.AddChannel(chanUS, "buyers-us")
	h.slack.AddChannel(chanFR, "buyers-fr")
	for _, tc := range []struct {
		name, mailbox, marketplace, want string
	}{
		{"marketplace route", "de", "amazon.com", chanUS},
		{"mailbox route wins over the marketplace", "fr-inbox", "amazon.com", chanFR},
		{"no route: default channel", "de", "amazon.it", chanSupport},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := sampleMail(tc.want+"@amazon.example", "302-0000000-"+tc.want)
			m.Marketplace, m.SentAt = tc.marketplace, h.clock()
			res, err := h.store.Ingest(h.ctx, store.IngestRequest{Mailbox: tc.mailbox, Raw: []byte(m.MessageID), Mail: m, Now: h.clock()})
			if err != nil {
				t.Fatal(err)
			}
			h.bot.Changed(h.ctx, []store.IngestResult{res})
			c, _ := h.mirrorWait(res.Case.ID, 1)
			if c.Channel != tc.want {
				t.Fatalf("case mirrored to %s, want %s", c.Channel, tc.want)
			}
			if top := h.slack.Messages(tc.want); len(top) != 1 || top[0].TS != c.ThreadTS {
				t.Fatalf("%s holds %d top-level messages, want the case's parent", tc.want, len(top))
			}
		})
	}
}

// TestReactionNamesConfigurable checks that configured reaction names
// replace the defaults: the default emoji then mean nothing, the card names
// the configured ones, and they claim, take over and resolve.
func TestReactionNamesConfigurable(t *testing.T) {
	h := newHarness(t, Config{Workers: 1, Reactions: Reactions{Claim: "hand", Resolve: "heavy_check_mark",
		NoResponse: "zipper_mouth_face", Takeover: "point_up"}})
	c := reactOpen(h, sampleMail("m1@amazon.de", "302-1111111-1111111"))
	if card := h.cardJSON(c); !strings.Contains(card, ":hand: to claim") || !strings.Contains(card, ":heavy_check_mark: to resolve") {
		t.Errorf("card does not name the configured reactions:\n%s", card)
	}

	h.react(userAna, c, "eyes", true)             // the default claim emoji: not configured, ignored
	h.react(userBen, c, "white_check_mark", true) // the default resolve emoji: ignored
	h.react(userOutsider, c, "hand", true)        // the barrier: refused and audited
	h.eventually("barrier", func() bool { return len(h.eventsOf(c.ID, buyerdesk.EventRefused)) == 1 })
	if got := h.caseNow(c.ID); got.Assignee != "" || got.State != buyerdesk.StateOpen {
		t.Fatalf("a default emoji changed the case: assignee %q, state %s", got.Assignee, got.State)
	}

	h.react(userAna, c, "hand::skin-tone-3", true)
	h.eventually("claim with the configured emoji", func() bool { return h.caseNow(c.ID).Assignee == userAna })
	h.react(userBen, c, "hand", true)
	h.eventually("second claimer told about the configured takeover emoji", func() bool {
		return h.told(userBen, ":point_up: to take over")
	})
	h.react(userBen, c, "point_up", true)
	h.eventually("takeover with the configured emoji", func() bool { return h.caseNow(c.ID).Assignee == userBen })
	h.react(userBen, c, "heavy_check_mark", true)
	h.eventually("resolved with the configured emoji", func() bool { return h.caseNow(c.ID).State == buyerdesk.StateResolved })
	h.eventually("card shows it", func() bool { return strings.Contains(h.cardJSON(c), "resolved without a reply") })
}

// TestAgentGroupMembersMayAct checks the Slack user group as the agents
// list: a member claims, someone outside it is refused and audited.
func TestAgentGroupMembersMayAct(t *testing.T) {
	const group = "S0AGENTS01"
	h := newHarness(t, Config{AgentGroup: group})
	h.slack.AddUserGroup(group, "buyer-support", []string{userBen})
	c := reactOpen(h, sampleMail("m1@amazon.de", "302-1111111-1111111"))

	h.react(userAna, c, "eyes", true) // not in the group (and no agents list)
	h.eventually("Ana refused", func() bool { return h.told(userAna, "only the support agents") })
	h.eventually("refusal audited", func() bool { return len(h.eventsOf(c.ID, buyerdesk.EventRefused)) == 1 })
	if e := h.eventsOf(c.ID, buyerdesk.EventRefused); len(e) != 1 || e[0].Actor != userAna {
		t.Fatalf("refusal events = %+v", e)
	}
	h.react(userBen, c, "eyes", true)
	h.eventually("group member claims", func() bool { return h.caseNow(c.ID).Assignee == userBen })
	h.eventually("card shows it", func() bool { return strings.Contains(h.cardJSON(c), "<@"+userBen+">") })
	if h.slack.Calls("usergroups.users.list") == 0 {
		t.Error("group membership was not looked up in Slack")
	}
}
