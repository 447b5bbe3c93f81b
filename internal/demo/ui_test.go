package demo

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/buyerdesk/buyerdesk/amazon/amazontest"
	"github.com/buyerdesk/buyerdesk/bot/fakeslack"
)

// mails is an Outbox holding fixed messages.
type mails []amazontest.Received

func (m mails) Messages() []amazontest.Received { return m }

func newTestUI(t *testing.T, outbox Outbox, opts UIOptions) (*fakeslack.Server, *httptest.Server) {
	t.Helper()
	slack := fakeslack.New(fakeslack.Options{ActTimeout: 300 * time.Millisecond})
	t.Cleanup(slack.Close)
	slack.AddChannel("CSUPPORT", "amazon-support")
	slack.AddUser(fakeslack.User{ID: "UANA", Name: "ana", RealName: "Ana Agent", TZ: "Europe/Berlin"})
	srv := httptest.NewServer(NewUI(slack, outbox, opts))
	t.Cleanup(srv.Close)
	return slack, srv
}

func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return res, string(b)
}

func TestRoutes(t *testing.T) {
	_, srv := newTestUI(t, nil, UIOptions{})
	tests := []struct {
		path        string
		status      int
		contentType string
		contains    string
	}{
		{"/", 200, "text/html", `<script src="app.js" defer></script>`},
		{"/app.js", 200, "text/javascript", "function mrkdwn("},
		{"/app.css", 200, "text/css", ".modal"},
		{"/config.json", 200, "application/json", `"title":"buyerdesk demo"`},
		{"/outbox.json", 200, "application/json", "[]"},
		{"/fake/state?channel=CSUPPORT&user=UANA", 200, "application/json", `"channel":"CSUPPORT"`},
		{"/fake/events?since=0&wait=0s", 200, "application/json", `"version":`},
		// The fake's Web API and Socket Mode stay private.
		{"/api/chat.postMessage", 404, "text/plain", ""},
		{"/fake/socket", 404, "text/plain", ""},
		{"/missing.js", 404, "text/plain", ""},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			res, body := get(t, srv.URL+tt.path)
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", res.StatusCode, tt.status, body)
			}
			if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, tt.contentType) {
				t.Errorf("Content-Type %q, want %s", ct, tt.contentType)
			}
			if !strings.Contains(body, tt.contains) {
				t.Errorf("body lacks %q:\n%.300s", tt.contains, body)
			}
			if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
				t.Errorf("Content-Security-Policy %q", csp)
			}
		})
	}
}

func TestActIsForwarded(t *testing.T) {
	slack, srv := newTestUI(t, nil, UIOptions{})
	post := func(action, body string) map[string]any {
		t.Helper()
		res, err := http.Post(srv.URL+"/fake/act/"+action, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatalf("%v", err)
		}
		defer res.Body.Close()
		var out map[string]any
		if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
			t.Fatalf("decode: %v", err)
		}
		return out
	}
	// No app is connected, so the post is stored and its ack times out.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	done := make(chan map[string]any, 1)
	go func() { done <- post("post", `{"user":"UANA","channel":"CSUPPORT","text":"hello from the page"}`) }()
	for len(slack.Messages("CSUPPORT")) == 0 {
		select {
		case <-ctx.Done():
			t.Fatal("the post never reached the fake")
		case <-time.After(10 * time.Millisecond):
		}
	}
	if m := slack.Messages("CSUPPORT")[0]; m.User != "UANA" || m.Text != "hello from the page" {
		t.Errorf("fake holds %+v", m)
	}
	if out := <-done; out["ok"] != false || out["error"] != "ack_timeout" {
		t.Errorf("answer %v, want ack_timeout", out)
	}
	if out := post("dance", `{}`); out["error"] != "unknown_action" {
		t.Errorf("unknown action answered %v", out)
	}
}

func TestEventsStreamThroughProxy(t *testing.T) {
	slack, srv := newTestUI(t, nil, UIOptions{})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/fake/events?since="+itoa(slack.Version()), nil)
	req.Header.Set("Accept", "text/event-stream")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%v", err)
	}
	defer res.Body.Close()
	if ct := res.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("Content-Type %q", ct)
	}
	slack.AddUser(fakeslack.User{ID: "UBEN", Name: "ben"})
	want := "data: {\"version\":" + itoa(slack.Version()) + "}"
	line, err := bufio.NewReader(res.Body).ReadString('\n')
	if err != nil {
		t.Fatalf("no event arrived: %v", err)
	}
	if strings.TrimSpace(line) != want {
		t.Errorf("event %q, want %q", line, want)
	}
}

func itoa(v uint64) string { b, _ := json.Marshal(v); return string(b) }

func TestConfig(t *testing.T) {
	tests := []struct {
		name string
		opts UIOptions
		want pageConfig
	}{
		{"defaults", UIOptions{}, pageConfig{Title: "buyerdesk demo", DefaultChannel: "CSUPPORT", Agents: []AgentIdentity{}}},
		{"given", UIOptions{
			Title: "Acme", DefaultChannel: "CESC",
			Agents: []AgentIdentity{{ID: "UANA", Name: "Ana (Berlin)"}, {ID: "UBEN", Name: "Ben (New York)"}},
		}, pageConfig{Title: "Acme", DefaultChannel: "CESC",
			Agents: []AgentIdentity{{ID: "UANA", Name: "Ana (Berlin)"}, {ID: "UBEN", Name: "Ben (New York)"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, srv := newTestUI(t, nil, tt.opts)
			_, body := get(t, srv.URL+"/config.json")
			var got pageConfig
			if err := json.Unmarshal([]byte(body), &got); err != nil {
				t.Fatalf("%v: %s", err, body)
			}
			gj, _ := json.Marshal(got)
			wj, _ := json.Marshal(tt.want)
			if string(gj) != string(wj) {
				t.Errorf("config %s, want %s", gj, wj)
			}
		})
	}
}

func TestUnreachableFake(t *testing.T) {
	for _, base := range []string{"http://127.0.0.1:1", "::not a url"} {
		srv := httptest.NewServer(NewUI(deadSlack(base), nil, UIOptions{}))
		res, _ := get(t, srv.URL+"/fake/state")
		srv.Close()
		if res.StatusCode != http.StatusBadGateway {
			t.Errorf("%s: status %d, want 502", base, res.StatusCode)
		}
	}
}

// deadSlack is a Slack whose server is not there.
type deadSlack string

func (d deadSlack) URL() string                 { return string(d) }
func (deadSlack) Channels() []fakeslack.Channel { return nil }
