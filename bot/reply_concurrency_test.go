package bot

import (
	"strings"
	"sync"
	"testing"

	"github.com/slack-go/slack"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/bot/fakeslack"
)

// alreadyTold counts ephemerals to user that explain a click had no effect.
func (r *replyRig) alreadyTold(user string) int {
	n := 0
	for _, e := range r.slack.Ephemerals(user) {
		if strings.Contains(e.Text, "already") {
			n++
		}
	}
	return n
}

// checkOnce asserts one mail and one of each sending event.
func (r *replyRig) checkOnce(id buyerdesk.CaseID) {
	r.t.Helper()
	r.waitCount(id, buyerdesk.EventSent, 1)
	r.mails(1)
	for _, typ := range []buyerdesk.EventType{buyerdesk.EventApproved, buyerdesk.EventSendIntent, buyerdesk.EventSent} {
		if n := r.count(id, typ); n != 1 {
			r.t.Errorf("%d %s events", n, typ)
		}
	}
}

func TestReplyTwentySimultaneousApprovals(t *testing.T) {
	r := newReplyRig(t, Config{})
	c := r.open(replyMail())
	cardTS, _ := r.draftAndSubmit(userAna, c, "Ihre Bestellung "+replyOrder+" ist unterwegs.")

	var wg sync.WaitGroup
	var mu sync.Mutex
	delivered := 0
	start := make(chan struct{})
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			// Once the card lost its buttons, a click cannot be made at all.
			if _, err := r.slack.ClickButton(r.ctx, userBen, c.Channel, cardTS, ActionApprove, ""); err == nil {
				mu.Lock()
				delivered++
				mu.Unlock()
			}
		}()
	}
	close(start)
	wg.Wait()
	if delivered == 0 {
		t.Fatal("no click was delivered")
	}
	r.checkOnce(c.ID)
	// Every other delivered click was answered, not silently dropped.
	r.eventually("losers told", func() bool { return r.alreadyTold(userBen) == delivered-1 })
}

func TestReplyDoubleClick(t *testing.T) {
	r := newReplyRig(t, Config{})
	c := r.open(replyMail())
	cardTS, _ := r.draftAndSubmit(userAna, c, "Ihre Bestellung "+replyOrder+" ist unterwegs.")
	for range 2 {
		if _, err := r.slack.ClickButton(r.ctx, userBen, c.Channel, cardTS, ActionApprove, ""); err != nil {
			t.Fatal(err)
		}
	}
	r.checkOnce(c.ID)
	r.eventually("second click answered", func() bool { return r.alreadyTold(userBen) == 1 })
}

// TestReplyRedelivery hands the bot the same approve delivery twice, as
// Slack does when an ack is lost, and once more under a new envelope.
func TestReplyRedelivery(t *testing.T) {
	r := newReplyRig(t, Config{})
	c := r.open(replyMail())
	cardTS, draft := r.draftAndSubmit(userAna, c, "Ihre Bestellung "+replyOrder+" ist unterwegs.")
	cb := &slack.InteractionCallback{Type: slack.InteractionTypeBlockActions, TriggerID: "13345224609.738474920.8088930838d88f008e0",
		User: slack.User{ID: userBen}, Channel: slack.Channel{GroupConversation: slack.GroupConversation{Conversation: slack.Conversation{ID: c.Channel}}},
		Container:      slack.Container{Type: "message", MessageTs: cardTS, ChannelID: c.Channel},
		ActionCallback: slack.ActionCallbacks{BlockActions: []*slack.BlockAction{{ActionID: ActionApprove, BlockID: "reply_actions", Value: draft}}}}
	for i, env := range []string{"env-1", "env-1", "env-2"} {
		if ack := r.bot.Handle(r.ctx, Request{EnvelopeID: env, Retry: i, Interaction: cb}); ack != nil {
			t.Errorf("button ack %v", ack)
		}
	}
	r.checkOnce(c.ID)
	if n := r.alreadyTold(userBen); n != 0 {
		t.Errorf("redeliveries reached the workers (%d answers)", n)
	}
}

func TestReplyOutsiderCannotApprove(t *testing.T) {
	r := newReplyRig(t, Config{})
	c := r.open(replyMail())
	cardTS, _ := r.draftAndSubmit(userAna, c, "Ihre Bestellung "+replyOrder+" ist unterwegs.")
	if _, err := r.slack.ClickButton(r.ctx, userOutsider, c.Channel, cardTS, ActionApprove, ""); err != nil {
		t.Fatal(err)
	}
	r.told(userOutsider, "only the support agents")
	r.waitCount(c.ID, buyerdesk.EventRefused, 1)
	if r.count(c.ID, buyerdesk.EventApproved) != 0 || len(r.sink.Messages()) != 0 {
		t.Fatal("an outsider approved a reply")
	}
}

func TestReplyDiscardAndSupersede(t *testing.T) {
	r := newReplyRig(t, Config{})
	c := r.open(replyMail())
	firstTS, first := r.draftAndSubmit(userAna, c, "Ihre Bestellung "+replyOrder+" ist unterwegs.")
	// Edit reopens the modal with the draft's text; the new draft
	// supersedes the first, whose Approve then does nothing.
	if _, err := r.slack.ClickButton(r.ctx, userAna, c.Channel, firstTS, ActionEdit, ""); err != nil {
		t.Fatal(err)
	}
	v := r.topView(userAna, "edit modal", func(v fakeslack.View) bool { return v.CallbackID == replyCallback && v.ID != "" })
	if got := modalText(t, v); got != "Ihre Bestellung "+replyOrder+" ist unterwegs." {
		t.Errorf("edit modal text %q", got)
	}
	if ack := r.submit(userAna, v, "Ihre Bestellung "+replyOrder+" ist heute unterwegs.", "", false); len(ack.Payload) != 0 {
		t.Fatalf("edited draft refused: %s", ack.Payload)
	}
	r.waitCount(c.ID, buyerdesk.EventDrafted, 2)
	second := r.draftOf(c)
	if second == first {
		t.Fatal("edit reused the draft id")
	}
	r.waitCount(c.ID, buyerdesk.EventDiscarded, 1)
	r.eventually("first card superseded", func() bool {
		m, _ := r.slack.Message(c.Channel, firstTS)
		return strings.Contains(string(m.Blocks), "Superseded") && !strings.Contains(string(m.Blocks), `"action_id"`)
	})
	// Discard the second: nothing is sent, the lease is released.
	card := r.card(c, `"value":"`+second+`"`, `"action_id":"discard"`)
	if _, err := r.slack.ClickButton(r.ctx, userBen, c.Channel, card.TS, ActionDiscard, ""); err != nil {
		t.Fatal(err)
	}
	r.waitCount(c.ID, buyerdesk.EventDiscarded, 2)
	r.eventually("lease released", func() bool { return !strings.Contains(r.parent(c), "drafting") })
	if len(r.sink.Messages()) != 0 {
		t.Error("a discarded draft was sent")
	}
}
