package fakeslack_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/buyerdesk/buyerdesk/bot/fakeslack"
	"github.com/gorilla/websocket"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

func TestReactionEventIsDeliveredAndAcked(t *testing.T) {
	srv, api := setup(t, fakeslack.Options{})
	ctx := ctxT(t)
	a := startApp(t, srv, api, nil)
	_, ts, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("card", false))
	if err != nil {
		t.Fatal(err)
	}
	ack, err := srv.React(ctx, "U1", "C1", ts, ":eyes:")
	if err != nil {
		t.Fatal(err)
	}
	if ack.EnvelopeID == "" || ack.Type != "events_api" || ack.RetryAttempt != 0 {
		t.Errorf("ack = %+v", ack)
	}
	var got *slackevents.ReactionAddedEvent
	for _, evt := range a.seen() {
		if ea, ok := evt.Data.(slackevents.EventsAPIEvent); ok {
			if r, ok := ea.InnerEvent.Data.(*slackevents.ReactionAddedEvent); ok {
				got = r
			}
		}
	}
	if got == nil || got.User != "U1" || got.Reaction != "eyes" || got.Item.Channel != "C1" || got.Item.Timestamp != ts || got.ItemUser != "UBOT" || got.Item.Type != "message" {
		t.Fatalf("reaction_added = %+v", got)
	}
	m, _ := srv.Message("C1", ts)
	if len(m.Reactions) != 1 || m.Reactions[0].Name != "eyes" || m.Reactions[0].Users[0] != "U1" {
		t.Errorf("reactions = %+v", m.Reactions)
	}
	item, err := api.GetReactionsContext(ctx, slack.ItemRef{Channel: "C1", Timestamp: ts}, slack.GetReactionsParameters{})
	if err != nil || len(item.Reactions) != 1 || item.Reactions[0].Count != 1 {
		t.Errorf("reactions.get = %+v %v", item, err)
	}
	if _, err := srv.React(ctx, "U1", "C1", ts, "eyes"); !errors.Is(err, fakeslack.ErrAlreadyReacted) {
		t.Errorf("second react: %v", err)
	}
	if _, err := srv.Unreact(ctx, "U1", "C1", ts, "eyes"); err != nil {
		t.Fatal(err)
	}
	if m, _ := srv.Message("C1", ts); len(m.Reactions) != 0 {
		t.Errorf("after unreact: %+v", m.Reactions)
	}
}

func TestBotReactions(t *testing.T) {
	_, api := setup(t, fakeslack.Options{})
	ctx := ctxT(t)
	_, ts, _ := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("card", false))
	ref := slack.ItemRef{Channel: "C1", Timestamp: ts}
	tests := []struct {
		name string
		do   func() error
		want string
	}{
		{"add", func() error { return api.AddReactionContext(ctx, "white_check_mark", ref) }, ""},
		{"add twice", func() error { return api.AddReactionContext(ctx, "white_check_mark", ref) }, "already_reacted"},
		{"remove", func() error { return api.RemoveReactionContext(ctx, "white_check_mark", ref) }, ""},
		{"remove again", func() error { return api.RemoveReactionContext(ctx, "white_check_mark", ref) }, "no_reaction"},
		{"unknown message", func() error {
			return api.AddReactionContext(ctx, "eyes", slack.ItemRef{Channel: "C1", Timestamp: "1.000002"})
		}, "message_not_found"},
	}
	for _, tc := range tests {
		err := tc.do()
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || err.Error() != tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.name, err, tc.want)
		}
	}
}

func TestRedeliveryWithoutAck(t *testing.T) {
	srv, api := setup(t, fakeslack.Options{AckTimeout: 60 * time.Millisecond})
	ctx := ctxT(t)
	attempts := make(chan int, 10)
	startApp(t, srv, api, func(sm *socketmode.Client, evt socketmode.Event) bool {
		attempts <- evt.Request.RetryAttempt
		return evt.Request.RetryAttempt == 2 // ack only the second retry
	})
	_, ts, _ := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("card", false))
	ack, err := srv.React(ctx, "U2", "C1", ts, "eyes")
	if err != nil {
		t.Fatal(err)
	}
	if ack.RetryAttempt != 2 {
		t.Errorf("acked attempt = %d, want 2", ack.RetryAttempt)
	}
	for want := 0; want <= 2; want++ {
		if got := <-attempts; got != want {
			t.Errorf("delivery %d had retry_attempt %d", want, got)
		}
	}
	if n := srv.Deliveries(ack.EnvelopeID); n != 3 {
		t.Errorf("deliveries = %d", n)
	}
}

func TestRedeliveryGivesUpAfterThreeRetries(t *testing.T) {
	srv, api := setup(t, fakeslack.Options{AckTimeout: 20 * time.Millisecond})
	startApp(t, srv, api, func(*socketmode.Client, socketmode.Event) bool { return false })
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, ts, _ := api.PostMessageContext(ctxT(t), "C1", slack.MsgOptionText("card", false))
	ack, err := srv.React(ctx, "U2", "C1", ts, "eyes")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v", err)
	}
	waitFor(t, "give up", func() bool { return srv.Unacked() == 0 })
	if n := srv.Deliveries(ack.EnvelopeID); n != 4 {
		t.Errorf("deliveries = %d, want 1 + 3 retries", n)
	}
}

func TestHelloEnvelopeShapeAndRawAck(t *testing.T) {
	srv, api := setup(t, fakeslack.Options{AckTimeout: -1})
	ctx := ctxT(t)
	_, wsURL, err := api.StartSocketModeContext(ctx)
	if err != nil {
		t.Fatal(err)
	}
	conn, _, err := websocket.DefaultDialer.DialContext(ctx, wsURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var hello map[string]any
	if err := conn.ReadJSON(&hello); err != nil || hello["type"] != "hello" || hello["num_connections"] != float64(1) {
		t.Fatalf("hello = %v %v", hello, err)
	}
	if _, _, err := websocket.DefaultDialer.DialContext(ctx, wsURL, nil); err == nil {
		t.Error("ticket reused")
	}
	done := make(chan fakeslack.Ack)
	go func() {
		a, _ := srv.SendEvent(ctx, json.RawMessage(`{"type":"event_callback","event":{"type":"weird"}}`))
		done <- a
	}()
	var env struct {
		EnvelopeID             string          `json:"envelope_id"`
		Type                   string          `json:"type"`
		Payload                json.RawMessage `json:"payload"`
		AcceptsResponsePayload bool            `json:"accepts_response_payload"`
		RetryAttempt           int             `json:"retry_attempt"`
		RetryReason            *string         `json:"retry_reason"`
	}
	if err := conn.ReadJSON(&env); err != nil {
		t.Fatal(err)
	}
	if env.Type != "events_api" || env.AcceptsResponsePayload || env.RetryAttempt != 0 || env.RetryReason != nil || string(env.Payload) != `{"type":"event_callback","event":{"type":"weird"}}` {
		t.Errorf("envelope = %+v", env)
	}
	if err := conn.WriteJSON(map[string]any{"envelope_id": env.EnvelopeID, "payload": map[string]string{"x": "y"}}); err != nil {
		t.Fatal(err)
	}
	a := <-done
	if a.EnvelopeID != env.EnvelopeID || string(a.Payload) != `{"x":"y"}` {
		t.Errorf("ack = %+v", a)
	}
}

func TestAppsConnectionsOpenNeedsAppToken(t *testing.T) {
	srv, _ := setup(t, fakeslack.Options{})
	api := slack.New(botToken, slack.OptionAPIURL(srv.APIURL()), slack.OptionAppLevelToken("xoxb-wrong"))
	if _, _, err := api.StartSocketModeContext(ctxT(t)); err == nil || err.Error() != "invalid_auth" {
		t.Errorf("err = %v", err)
	}
}

func TestDisconnectReconnects(t *testing.T) {
	srv, api := setup(t, fakeslack.Options{})
	ctx := ctxT(t)
	startApp(t, srv, api, nil)
	srv.Disconnect("refresh_requested")
	waitFor(t, "reconnect", func() bool { return srv.Calls("apps.connections.open") == 2 && srv.Connections() == 1 })
	_, ts, _ := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("card", false))
	if _, err := srv.React(ctx, "U1", "C1", ts, "eyes"); err != nil {
		t.Errorf("event after reconnect: %v", err)
	}
}

func TestEnvelopesQueueUntilConnected(t *testing.T) {
	srv, api := setup(t, fakeslack.Options{})
	ctx := ctxT(t)
	_, ts, _ := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("card", false))
	res := make(chan error, 1)
	go func() {
		_, err := srv.React(ctx, "U1", "C1", ts, "eyes")
		res <- err
	}()
	waitFor(t, "queued", func() bool { return srv.Unacked() == 1 })
	startApp(t, srv, api, nil)
	if err := <-res; err != nil {
		t.Errorf("queued event: %v", err)
	}
}

func TestMultipleConnectionsShareEnvelopes(t *testing.T) {
	srv, api := setup(t, fakeslack.Options{})
	ctx := ctxT(t)
	var conns []*websocket.Conn
	for i := 0; i < 2; i++ {
		_, wsURL, err := api.StartSocketModeContext(ctx)
		if err != nil {
			t.Fatal(err)
		}
		c, _, err := websocket.DefaultDialer.DialContext(ctx, wsURL, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		var hello map[string]any
		_ = c.ReadJSON(&hello)
		conns = append(conns, c)
	}
	_, ts, _ := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("card", false))
	for i, name := range []string{"eyes", "wave"} {
		go func() { _, _ = srv.React(ctx, "U1", "C1", ts, name) }()
		var env map[string]any
		if err := conns[i].ReadJSON(&env); err != nil || env["type"] != "events_api" {
			t.Fatalf("conn %d: %v %v", i, env, err)
		}
		_ = conns[i].WriteJSON(map[string]any{"envelope_id": env["envelope_id"]})
	}
	waitFor(t, "acks", func() bool { return len(srv.Acks()) == 2 })
}

func TestInteractionsAreNotRedelivered(t *testing.T) {
	srv, api := setup(t, fakeslack.Options{AckTimeout: 20 * time.Millisecond})
	startApp(t, srv, api, func(*socketmode.Client, socketmode.Event) bool { return false })
	_, ts, _ := api.PostMessageContext(ctxT(t), "C1", slack.MsgOptionText("card", false), cardWithReply())
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
	defer cancel()
	ack, err := srv.ClickButton(ctx, "U1", "C1", ts, "reply", "")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v", err)
	}
	if n := srv.Deliveries(ack.EnvelopeID); n != 1 || srv.Unacked() != 0 {
		t.Errorf("deliveries = %d, unacked = %d; Slack never retries interactions", n, srv.Unacked())
	}
}

func TestSlashCommandAckPayloadIsShown(t *testing.T) {
	srv, api := setup(t, fakeslack.Options{})
	startApp(t, srv, api, func(sm *socketmode.Client, evt socketmode.Event) bool {
		_ = sm.Ack(*evt.Request, map[string]any{"text": "You have 2 open cases."})
		return false
	})
	if _, err := srv.SlashCommand(ctxT(t), "U1", "C1", "/buyerdesk", "mine"); err != nil {
		t.Fatal(err)
	}
	if e := srv.Ephemerals("U1"); len(e) != 1 || e[0].Text != "You have 2 open cases." {
		t.Errorf("ephemerals = %+v", e)
	}
}

func TestServerPingsClients(t *testing.T) {
	srv, api := setup(t, fakeslack.Options{PingInterval: 10 * time.Millisecond})
	ctx := ctxT(t)
	_, wsURL, err := api.StartSocketModeContext(ctx)
	if err != nil {
		t.Fatal(err)
	}
	conn, _, err := websocket.DefaultDialer.DialContext(ctx, wsURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	pinged := make(chan struct{}, 1)
	conn.SetPingHandler(func(string) error {
		select {
		case pinged <- struct{}{}:
		default:
		}
		return nil
	})
	go func() {
		for {
			if _, _, err := conn.ReadMessage(); err != nil {
				return
			}
		}
	}()
	select {
	case <-pinged:
	case <-ctx.Done():
		t.Fatal("no ping: slack-go reconnects after 30 s without one")
	}
	_ = srv
}
