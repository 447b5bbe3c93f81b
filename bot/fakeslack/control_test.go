package fakeslack_test

import (
	"errors"
	"net/url"
	"testing"
	"time"

	"github.com/buyerdesk/buyerdesk/bot/fakeslack"
	"github.com/slack-go/slack"
)

func TestRateLimitPerChannelSurfacesAsRateLimitedError(t *testing.T) {
	clk := newClock()
	srv, api := setup(t, fakeslack.Options{Now: clk.Now})
	srv.AddChannel("C2", "buyer-us")
	srv.RateLimit("chat.postMessage", 1, 1)
	ctx := ctxT(t)
	post := func(ch string) error {
		_, _, err := api.PostMessageContext(ctx, ch, slack.MsgOptionText("x", false))
		return err
	}
	if err := post("C1"); err != nil {
		t.Fatal(err)
	}
	err := post("C1")
	var rl *slack.RateLimitedError
	if !errors.As(err, &rl) || rl.RetryAfter != time.Second {
		t.Fatalf("second post in the same second: %v", err)
	}
	if err := post("C2"); err != nil {
		t.Errorf("other channel has its own budget: %v", err)
	}
	clk.Advance(time.Second)
	if err := post("C1"); err != nil {
		t.Errorf("after a second: %v", err)
	}
	if srv.RateLimited("chat.postMessage") != 1 || srv.Calls("chat.postMessage") != 4 {
		t.Errorf("counters: limited=%d calls=%d", srv.RateLimited("chat.postMessage"), srv.Calls("chat.postMessage"))
	}
	if n := len(srv.Messages("C1")); n != 2 {
		t.Errorf("a 429 must not store the message: %d", n)
	}

	srv.RateLimit("users.info", 0.1, 1)
	_, _ = api.GetUserInfoContext(ctx, "U1")
	_, err = api.GetUserInfoContext(ctx, "U1")
	if !errors.As(err, &rl) || rl.RetryAfter != 10*time.Second {
		t.Errorf("slow method Retry-After: %v", err)
	}
	srv.RateLimit("users.info", 0, 0)
	if _, err := api.GetUserInfoContext(ctx, "U1"); err != nil {
		t.Errorf("limit lifted: %v", err)
	}
}

func TestFailNextInjectsServerErrors(t *testing.T) {
	srv, api := setup(t, fakeslack.Options{})
	srv.FailNext("chat.postMessage", 2, 503)
	ctx := ctxT(t)
	for i := 0; i < 2; i++ {
		_, _, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("x", false))
		var se slack.StatusCodeError
		if !errors.As(err, &se) || se.Code != 503 {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	if _, _, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("x", false)); err != nil {
		t.Errorf("third call: %v", err)
	}
	if len(srv.Messages("C1")) != 1 || srv.Calls("chat.postMessage") != 3 {
		t.Errorf("messages=%d calls=%d", len(srv.Messages("C1")), srv.Calls("chat.postMessage"))
	}
}

func TestAuthAndUnknownMethod(t *testing.T) {
	srv, api := setup(t, fakeslack.Options{})
	srv.DenyScope("usergroups.list", "usergroups:read")
	tests := []struct {
		name, method string
		form         url.Values
		want         string
	}{
		{"unknown method", "chat.meow", url.Values{}, "unknown_method"},
		{"user token", "auth.test", url.Values{"token": {"xoxp-user"}}, "invalid_auth"},
		{"app token on web api", "auth.test", url.Values{"token": {appToken}}, "invalid_auth"},
		{"bot token opens no socket", "apps.connections.open", url.Values{}, "invalid_auth"},
		{"missing scope", "usergroups.list", url.Values{}, "missing_scope"},
	}
	for _, tc := range tests {
		got := call(t, srv, tc.method, tc.form)
		if got["ok"] != false || got["error"] != tc.want {
			t.Errorf("%s: %v, want %s", tc.name, got, tc.want)
		}
	}
	if got := call(t, srv, "usergroups.list", url.Values{}); got["needed"] != "usergroups:read" {
		t.Errorf("missing_scope needed = %v", got["needed"])
	}
	resp, err := api.AuthTestContext(ctxT(t))
	if err != nil || resp.UserID != "UBOT" || resp.BotID != "BBOT" || resp.TeamID != "T0FAKE" {
		t.Errorf("auth.test = %+v %v", resp, err)
	}
}
