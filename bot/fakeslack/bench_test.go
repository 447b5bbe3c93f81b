package fakeslack_test

import (
	"context"
	"testing"

	"github.com/buyerdesk/buyerdesk/bot/fakeslack"
	"github.com/slack-go/slack"
)

// BenchmarkPostMessage measures one chat.postMessage through slack-go,
// i.e. the fake's overhead per call in scenario tests and benchmarks.
func BenchmarkPostMessage(b *testing.B) {
	srv := fakeslack.New(fakeslack.Options{})
	defer srv.Close()
	srv.AddChannel("C1", "bench")
	api := slack.New("xoxb-bench", slack.OptionAPIURL(srv.APIURL()))
	blocks := slack.MsgOptionBlocks(slack.NewSectionBlock(slack.NewTextBlockObject("mrkdwn", "*case*", false, false), nil, nil))
	ctx := context.Background()
	for b.Loop() {
		if _, _, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("x", false), blocks); err != nil {
			b.Fatal(err)
		}
	}
}
