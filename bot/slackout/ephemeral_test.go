package slackout_test

import (
	"context"
	"strconv"
	"testing"
	"testing/synctest"
	"time"

	"github.com/slack-go/slack"

	"github.com/buyerdesk/buyerdesk/bot/slackout"
)

// TestEphemeralDoesNotWaitBehindPosts: an agent's ephemeral answer in a
// channel with a backlog of 30 new posts (30 s at one a second) leaves at
// once, not after the backlog, even when those cases are overdue.
func TestEphemeralDoesNotWaitBehindPosts(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWire()
		c := newClient(w, slackout.Options{})
		ctx, stop := context.WithCancel(t.Context())
		defer stop()
		go c.Run(ctx)
		base := time.Now()
		for i := range 30 {
			go post(ctx, c, "C1", strconv.Itoa(i), base.Add(-time.Hour)) // overdue cases
		}
		synctest.Wait()
		start := time.Now()
		if _, err := c.PostEphemeralContext(ctx, "C1", "U1", slack.MsgOptionText("already claimed", false)); err != nil {
			t.Fatal(err)
		}
		if waited := time.Since(start); waited > 2*time.Second {
			t.Fatalf("the ephemeral answer waited %v behind the channel's posts", waited)
		}
	})
}
