package fakeslack_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/buyerdesk/buyerdesk/bot/fakeslack"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

const (
	botToken = "xoxb-test-token"
	appToken = "xapp-1-test-token"
)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Unix(1_700_000_000, 0)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// setup starts a fake with two agents, an outsider and one channel.
func setup(t *testing.T, opts fakeslack.Options) (*fakeslack.Server, *slack.Client) {
	t.Helper()
	srv := fakeslack.New(opts)
	t.Cleanup(srv.Close)
	srv.AddChannel("C1", "buyer-de")
	srv.AddUser(fakeslack.User{ID: "U1", Name: "anna", RealName: "Anna Agent", TZ: "Europe/Berlin"})
	srv.AddUser(fakeslack.User{ID: "U2", Name: "ben", RealName: "Ben Agent", TZ: "America/New_York"})
	api := slack.New(botToken, slack.OptionAPIURL(srv.APIURL()), slack.OptionAppLevelToken(appToken))
	return srv, api
}

// app is a Socket Mode client under test control: handle decides what
// to ack (return false to leave an envelope unacked).
type app struct {
	sm     *socketmode.Client
	mu     sync.Mutex
	events []socketmode.Event
}

func (a *app) seen() []socketmode.Event {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]socketmode.Event(nil), a.events...)
}

func startApp(t *testing.T, srv *fakeslack.Server, api *slack.Client, handle func(sm *socketmode.Client, evt socketmode.Event) bool) *app {
	t.Helper()
	a := &app{sm: socketmode.New(api)}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = a.sm.RunContext(ctx)
	}()
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case evt := <-a.sm.Events:
				a.mu.Lock()
				a.events = append(a.events, evt)
				a.mu.Unlock()
				if evt.Request == nil || evt.Request.EnvelopeID == "" {
					continue
				}
				if handle == nil || handle(a.sm, evt) {
					_ = a.sm.Ack(*evt.Request)
				}
			}
		}
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	waitFor(t, "socket connection", func() bool { return srv.Connections() == 1 })
	return a
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// call posts a raw form request to the Web API and decodes the answer.
func call(t *testing.T, srv *fakeslack.Server, method string, form url.Values) map[string]any {
	t.Helper()
	if form.Get("token") == "" {
		form.Set("token", botToken)
	}
	resp, err := http.Post(srv.APIURL()+method, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatalf("post %s: %v", method, err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatalf("decode %s (status %d): %v", method, resp.StatusCode, err)
	}
	return out
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	t.Cleanup(cancel)
	return ctx
}
