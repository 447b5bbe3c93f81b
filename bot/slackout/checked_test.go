package slackout_test

import (
	"net/http"
	"testing"
	"testing/synctest"
	"time"

	"github.com/slack-go/slack"

	"github.com/buyerdesk/buyerdesk/bot/slackout"
)

// TestWithoutBlindRetry: a call marked WithoutBlindRetry is not sent again
// after a 5xx (Slack may have posted it), but is after a 429 (Slack did not).
func TestWithoutBlindRetry(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWire()
		w.then("chat.postMessage",
			reply{status: http.StatusInternalServerError, body: "<html>500</html>"},
			reply{status: http.StatusTooManyRequests, retryAfter: "1"})
		c := newClient(w, slackout.Options{Backoff: time.Second})
		running(t, c)
		ctx := slackout.WithoutBlindRetry(t.Context())
		if _, _, err := c.PostMessageContext(ctx, "C1", slack.MsgOptionText("parent", false)); err == nil {
			t.Fatal("a 500 on a checked call was retried blindly")
		}
		if n := len(w.sentTo("chat.postMessage")); n != 1 {
			t.Fatalf("%d requests after a 500, want 1", n)
		}
		if _, _, err := c.PostMessageContext(ctx, "C1", slack.MsgOptionText("parent", false)); err != nil {
			t.Fatalf("a 429 on a checked call was not retried: %v", err)
		}
		if n := len(w.sentTo("chat.postMessage")); n != 3 {
			t.Fatalf("%d requests in all, want 3 (500; 429, then success)", n)
		}
	})
}
