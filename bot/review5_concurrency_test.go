package bot

import (
	"fmt"
	"sync"
	"testing"

	"github.com/slack-go/slack"
)

// TestReplyTwentyDeliveredApprovals makes sure all 20 approve clicks reach
// the bot (the fake Slack stops offering the button once the card changes,
// so the click test may deliver fewer): two agents, 20 distinct deliveries
// at the same moment, exactly one mail.
func TestReplyTwentyDeliveredApprovals(t *testing.T) {
	r := newReplyRig(t, Config{SelfApproval: true})
	c := r.open(replyMail())
	cardTS, draft := r.draftAndSubmit(userAna, c, "Ihre Bestellung "+replyOrder+" ist unterwegs.")

	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range 20 {
		user := []string{userAna, userBen}[i%2]
		cb := &slack.InteractionCallback{Type: slack.InteractionTypeBlockActions, TriggerID: fmt.Sprintf("trigger-%d", i),
			User: slack.User{ID: user}, Channel: slack.Channel{GroupConversation: slack.GroupConversation{Conversation: slack.Conversation{ID: c.Channel}}},
			Container:      slack.Container{Type: "message", MessageTs: cardTS, ChannelID: c.Channel},
			ActionCallback: slack.ActionCallbacks{BlockActions: []*slack.BlockAction{{ActionID: ActionApprove, BlockID: "reply_actions", Value: draft}}}}
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			r.bot.Handle(r.ctx, Request{EnvelopeID: fmt.Sprintf("env-%d", i), Interaction: cb})
		}()
	}
	close(start)
	wg.Wait()
	r.checkOnce(c.ID)
	r.eventually("the 19 other clicks answered", func() bool { return r.alreadyTold(userAna)+r.alreadyTold(userBen) == 19 })
}
