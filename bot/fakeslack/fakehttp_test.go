package fakeslack_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/buyerdesk/buyerdesk/bot/fakeslack"
	"github.com/slack-go/slack"
)

func getJSON(t *testing.T, url string, out any) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		t.Fatal(err)
	}
}

func TestStateEndpointAndLongPoll(t *testing.T) {
	srv, api := setup(t, fakeslack.Options{})
	ctx := ctxT(t)
	_, parent, _ := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("card", false))
	_, _, _ = api.PostMessageContext(ctx, "C1", slack.MsgOptionText("buyer text", false), slack.MsgOptionTS(parent))
	_ = api.AddReactionContext(ctx, "eyes", slack.ItemRef{Channel: "C1", Timestamp: parent})

	var snap fakeslack.Snapshot
	getJSON(t, srv.URL()+"/fake/state?channel=C1&user=U1", &snap)
	if snap.Version != srv.Version() || len(snap.Messages) != 1 || len(snap.Messages[0].Replies) != 1 ||
		snap.Messages[0].Reactions[0].Name != "eyes" || len(snap.Channels) != 1 || len(snap.Users) != 3 {
		t.Errorf("snapshot = %+v", snap)
	}

	v := srv.Version()
	got := make(chan uint64, 1)
	go func() {
		var r struct{ Version uint64 }
		getJSON(t, srv.URL()+"/fake/events?since="+jsonNum(v), &r)
		got <- r.Version
	}()
	time.Sleep(20 * time.Millisecond)
	_, _, _ = api.PostMessageContext(ctx, "C1", slack.MsgOptionText("next", false))
	if nv := <-got; nv <= v {
		t.Errorf("long poll returned %d, want > %d", nv, v)
	}
	var r struct{ Version uint64 }
	getJSON(t, srv.URL()+"/fake/events?since="+jsonNum(srv.Version())+"&wait=10ms", &r)
	if r.Version != srv.Version() {
		t.Errorf("timed-out poll = %d", r.Version)
	}
}

func TestEventStream(t *testing.T) {
	srv, api := setup(t, fakeslack.Options{})
	ctx, cancel := context.WithCancel(ctxT(t))
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL()+"/fake/events?since="+jsonNum(srv.Version()), nil)
	req.Header.Set("Accept", "text/event-stream")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	_, _, _ = api.PostMessageContext(ctx, "C1", slack.MsgOptionText("x", false))
	line, err := bufio.NewReader(resp.Body).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, `data: {"version":`) {
		t.Errorf("sse line = %q %v", line, err)
	}
}

func TestWaitChange(t *testing.T) {
	srv, _ := setup(t, fakeslack.Options{})
	v := srv.Version()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := srv.WaitChange(ctx, v); err == nil {
		t.Error("no change: WaitChange must return the context error")
	}
	go srv.AddChannel("C9", "late")
	nv, err := srv.WaitChange(ctxT(t), v)
	if err != nil || nv <= v {
		t.Errorf("WaitChange = %d %v", nv, err)
	}
}

func TestActEndpoint(t *testing.T) {
	srv, api := setup(t, fakeslack.Options{})
	ctx := ctxT(t)
	startApp(t, srv, api, nil)
	_, ts, _ := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("card", false))
	act := func(action string, body map[string]any) map[string]any {
		b, _ := json.Marshal(body)
		resp, err := http.Post(srv.URL()+"/fake/act/"+action, "application/json", strings.NewReader(string(b)))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&out)
		return out
	}
	if out := act("react", map[string]any{"user": "U1", "channel": "C1", "ts": ts, "name": "eyes"}); out["ok"] != true || out["ack"] == nil {
		t.Errorf("react = %v", out)
	}
	if out := act("react", map[string]any{"user": "U1", "channel": "C1", "ts": ts, "name": "eyes"}); out["error"] != "already_reacted" {
		t.Errorf("second react = %v", out)
	}
	if out := act("post", map[string]any{"user": "U2", "channel": "C1", "thread_ts": ts, "text": "hi"}); out["ok"] != true {
		t.Errorf("post = %v", out)
	}
	if m, _ := srv.Message("C1", ts); m.ReplyCount != 1 || len(m.Reactions) != 1 {
		t.Errorf("state after acts = %+v", m)
	}
}

func jsonNum(v uint64) string { b, _ := json.Marshal(v); return string(b) }
