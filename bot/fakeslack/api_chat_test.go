package fakeslack_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/buyerdesk/buyerdesk/bot/fakeslack"
	"github.com/slack-go/slack"
)

func TestPostUpdateThreadHistory(t *testing.T) {
	srv, api := setup(t, fakeslack.Options{Now: newClock().Now})
	ctx := ctxT(t)

	ch, parent, err := api.PostMessageContext(ctx, "C1",
		slack.MsgOptionText("new case", false),
		slack.MsgOptionBlocks(slack.NewSectionBlock(slack.NewTextBlockObject("mrkdwn", "*order* 123", false, false), nil, nil)),
		slack.MsgOptionMetadata(slack.SlackMetadata{EventType: "case_posted", EventPayload: map[string]any{"case": "c1"}}))
	if err != nil || ch != "C1" {
		t.Fatalf("post: %q %v", ch, err)
	}
	if parent != "1700000000.000000" {
		t.Errorf("first ts = %q, want derived from Now", parent)
	}
	_, r1, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("buyer text", false), slack.MsgOptionTS(parent))
	if err != nil {
		t.Fatal(err)
	}
	_, r2, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("broadcast", false), slack.MsgOptionTS(parent), slack.MsgOptionBroadcast())
	if err != nil {
		t.Fatal(err)
	}
	if !(parent < r1 && r1 < r2) {
		t.Errorf("ts not strictly increasing with a frozen clock: %s %s %s", parent, r1, r2)
	}
	if _, _, _, err := api.UpdateMessageContext(ctx, "C1", parent, slack.MsgOptionText("claimed by anna", false)); err != nil {
		t.Fatal(err)
	}

	top := srv.Messages("C1")
	if len(top) != 2 || top[0].TS != parent || top[1].TS != r2 || !top[1].Broadcast {
		t.Fatalf("top level = %+v", top)
	}
	if top[0].Text != "claimed by anna" || !top[0].Edited || top[0].ReplyCount != 2 || top[0].Metadata.EventType != "case_posted" {
		t.Errorf("parent = %+v", top[0])
	}
	if th := srv.Thread("C1", parent); len(th) != 3 || th[1].Text != "buyer text" || th[1].ThreadTS != parent {
		t.Errorf("thread = %+v", th)
	}

	hist, err := api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{ChannelID: "C1", IncludeAllMetadata: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(hist.Messages) != 2 || hist.Messages[0].Timestamp != r2 || hist.Messages[1].Metadata.EventType != "case_posted" || hist.Messages[1].ReplyCount != 2 {
		t.Errorf("history (newest first) = %+v", hist.Messages)
	}
	replies, _, _, err := api.GetConversationRepliesContext(ctx, &slack.GetConversationRepliesParameters{ChannelID: "C1", Timestamp: parent})
	if err != nil || len(replies) != 3 || replies[0].Timestamp != parent {
		t.Errorf("replies = %d %v", len(replies), err)
	}

	if _, _, err := api.DeleteMessageContext(ctx, "C1", r1); err != nil {
		t.Fatal(err)
	}
	if m, _ := srv.Message("C1", parent); m.ReplyCount != 1 {
		t.Errorf("reply count after delete = %d", m.ReplyCount)
	}
	link, err := api.GetPermalinkContext(ctx, &slack.PermalinkParameters{Channel: "C1", Ts: parent})
	if err != nil || !strings.HasSuffix(link, "/archives/C1/p1700000000000000") {
		t.Errorf("permalink = %q %v", link, err)
	}
}

func TestHistoryPagination(t *testing.T) {
	srv, api := setup(t, fakeslack.Options{})
	ctx := ctxT(t)
	var want []string
	for i := 0; i < 7; i++ {
		_, ts, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("m", false))
		if err != nil {
			t.Fatal(err)
		}
		want = append([]string{ts}, want...)
	}
	var got []string
	cursor := ""
	pages := 0
	for {
		h, err := api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{ChannelID: "C1", Limit: 3, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, m := range h.Messages {
			got = append(got, m.Timestamp)
		}
		if !h.HasMore {
			break
		}
		cursor = h.ResponseMetaData.NextCursor
	}
	if pages != 3 || strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("pages=%d got %v want %v", pages, got, want)
	}
	h, err := api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{ChannelID: "C1", Oldest: want[2]})
	if err != nil || len(h.Messages) != 2 {
		t.Errorf("oldest exclusive: %d %v", len(h.Messages), err)
	}
	_ = srv
}

func TestChatErrors(t *testing.T) {
	srv, api := setup(t, fakeslack.Options{})
	ctx := ctxT(t)
	srv.AddChannel("C2", "other")
	srv.RemoveBot("C2")
	srv.AddUser(fakeslack.User{ID: "U9", Name: "eve"})
	_, parent, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("x", false))
	if err != nil {
		t.Fatal(err)
	}
	// No app is connected: the message is stored, the ack wait times out.
	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	userMsg, _, err := srv.PostAsUser(short, "U9", "C1", "", "hi")
	if !errors.Is(err, context.DeadlineExceeded) || userMsg.TS == "" {
		t.Fatalf("post as user without app: %+v %v", userMsg, err)
	}
	tests := []struct {
		name string
		do   func() error
		want string
	}{
		{"unknown channel", func() error {
			_, _, err := api.PostMessageContext(ctx, "C404", slack.MsgOptionText("x", false))
			return err
		}, "channel_not_found"},
		{"bot not in channel", func() error {
			_, _, err := api.PostMessageContext(ctx, "C2", slack.MsgOptionText("x", false))
			return err
		}, "not_in_channel"},
		{"too long", func() error {
			_, _, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText(strings.Repeat("a", 40001), false))
			return err
		}, "msg_too_long"},
		{"empty", func() error {
			_, _, err := api.PostMessageContext(ctx, "C1")
			return err
		}, "no_text"},
		{"update unknown", func() error {
			_, _, _, err := api.UpdateMessageContext(ctx, "C1", "1.000001", slack.MsgOptionText("x", false))
			return err
		}, "message_not_found"},
		{"update a human's message", func() error {
			_, _, _, err := api.UpdateMessageContext(ctx, "C1", userMsg.TS, slack.MsgOptionText("x", false))
			return err
		}, "cant_update_message"},
		{"delete unknown", func() error {
			_, _, err := api.DeleteMessageContext(ctx, "C1", "1.000001")
			return err
		}, "message_not_found"},
		{"reply to unknown parent", func() error {
			_, _, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("x", false), slack.MsgOptionTS("1.000001"))
			return err
		}, "thread_not_found"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.do()
			var se slack.SlackErrorResponse
			if !errors.As(err, &se) || se.Err != tc.want {
				t.Errorf("err = %v, want %s", err, tc.want)
			}
		})
	}
	if got := len(srv.Messages("C1")); got != 2 {
		t.Errorf("failed calls changed state: %d messages", got)
	}
	if _, _, _, err := api.JoinConversationContext(ctx, "C2"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := api.PostMessageContext(ctx, "C2", slack.MsgOptionText("x", false)); err != nil {
		t.Errorf("post after join: %v", err)
	}
	_ = parent
}

func TestEphemeralAndDM(t *testing.T) {
	srv, api := setup(t, fakeslack.Options{})
	ctx := ctxT(t)
	if _, err := api.PostEphemeralContext(ctx, "C1", "U1", slack.MsgOptionText("already claimed by @ben", false)); err != nil {
		t.Fatal(err)
	}
	e := srv.Ephemerals("U1")
	if len(e) != 1 || e[0].Text != "already claimed by @ben" || e[0].Channel != "C1" || len(srv.Ephemerals("U2")) != 0 {
		t.Errorf("ephemerals = %+v", e)
	}
	ch, _, err := api.PostMessageContext(ctx, "U2", slack.MsgOptionText("digest", false))
	if err != nil || ch != "DU2" || len(srv.Messages("DU2")) != 1 {
		t.Errorf("DM: %q %v", ch, err)
	}
}

func TestFormAndJSONTokens(t *testing.T) {
	srv, _ := setup(t, fakeslack.Options{})
	got := call(t, srv, "chat.postMessage", url.Values{"channel": {"C1"}, "text": {"hi"}, "metadata": {`{"event_type":"x","event_payload":{"a":1}}`}})
	if got["ok"] != true {
		t.Fatalf("form post: %v", got)
	}
	m, _ := srv.Message("C1", got["ts"].(string))
	var payload map[string]int
	if err := json.Unmarshal(m.Metadata.EventPayload, &payload); err != nil || payload["a"] != 1 {
		t.Errorf("metadata = %+v", m.Metadata)
	}
}
