package fakeslack_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/buyerdesk/buyerdesk/bot/fakeslack"
)

func TestMentionsAndLinks(t *testing.T) {
	tests := []struct {
		name     string
		msg      fakeslack.Message
		mentions []string
		links    []fakeslack.Link
	}{
		{"escaped hostile text", fakeslack.Message{Text: "&lt;!channel&gt; &lt;@U123&gt; &lt;https://evil.example|Amazon&gt;"}, nil, nil},
		{"raw hostile text", fakeslack.Message{Text: "<!channel> hi <@U123> <!subteam^S1|agents> <https://evil.example|Amazon>"},
			[]string{"!channel", "@U123", "!subteam^S1"}, []fakeslack.Link{{URL: "https://evil.example", Label: "Amazon"}}},
		{"bare @here without link_names", fakeslack.Message{Text: "@here look"}, nil, nil},
		{"bare @here with link_names", fakeslack.Message{Text: "@here look", LinkNames: true}, []string{"!here"}, nil},
		{"mrkdwn block pings, plain_text does not", fakeslack.Message{Blocks: json.RawMessage(`[
			{"type":"section","text":{"type":"mrkdwn","text":"<!here>"}},
			{"type":"header","text":{"type":"plain_text","text":"<!channel>"}}]`)}, []string{"!here"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.msg.Mentions(); !reflect.DeepEqual(got, tc.mentions) {
				t.Errorf("mentions = %q, want %q", got, tc.mentions)
			}
			if got := tc.msg.Links(); !reflect.DeepEqual(got, tc.links) {
				t.Errorf("links = %+v, want %+v", got, tc.links)
			}
		})
	}
}
