package bot

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/slack-go/slack"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/bot/fakeslack"
	"github.com/buyerdesk/buyerdesk/internal/store"
	"github.com/buyerdesk/buyerdesk/internal/store/storetest"
)

// review3Log is a zerolog sink the test can read while the bot writes.
type review3Log struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *review3Log) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *review3Log) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// TestHTTPModeEndToEnd runs the bot in HTTP mode (slack.mode: http): the
// fake Slack delivers signed Events API, slash command requests to the
// bot's HTTPHandler. A reaction claims a case, the slash command answers in
// the ack, a retried delivery is handled once, and unsigned, stale or
// wrongly signed requests are refused with 401 and a log line.
func TestHTTPModeEndToEnd(t *testing.T) {
	const secret = "review3-signing-secret"
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }

	app := httptest.NewUnstartedServer(nil)
	base := "http://" + app.Listener.Addr().String()
	fake := fakeslack.New(fakeslack.Options{Now: clock, HTTP: &fakeslack.HTTPMode{
		EventsURL: base + "/slack/events", InteractivityURL: base + "/slack/interactivity",
		CommandsURL: base + "/slack/commands", SigningSecret: secret,
	}})
	t.Cleanup(fake.Close)
	fake.AddChannel(chanSupport, "amazon-support")
	fake.AddUser(fakeslack.User{ID: userAna, Name: "ana", TZ: "Europe/Berlin"})
	fake.AddUser(fakeslack.User{ID: userOutsider, Name: "olga", TZ: "UTC"})

	logs := &review3Log{}
	st := storetest.MustOpen(t)
	api := slack.New("xoxb-test", slack.OptionAPIURL(fake.APIURL()))
	b := New(Config{DefaultChannel: chanSupport, Agents: []string{userAna}, BotUserID: "UBOT", Workers: 1}, st, api,
		WithNow(clock), WithLogger(zerolog.New(logs)))
	app.Config.Handler = b.HTTPHandler(secret)
	app.Start()
	t.Cleanup(app.Close)
	ctx, cancel := context.WithCancel(context.Background())
	b.Start(ctx)
	t.Cleanup(func() { cancel(); b.Wait() })

	eventually := func(what string, cond func() bool) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for !cond() {
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s\nlogs: %s", what, logs.String())
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	caseNow := func(id buyerdesk.CaseID) buyerdesk.Case {
		t.Helper()
		c, err := st.Case(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}

	m := sampleMail("http-1@amazon.de", "302-1111111-1111111")
	m.SentAt = now
	res, err := st.Ingest(ctx, store.IngestRequest{Mailbox: "de", Raw: []byte(m.MessageID), Mail: m, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Mirror(ctx, res.Case.ID); err != nil {
		t.Fatal(err)
	}
	c := caseNow(res.Case.ID)

	// A reaction arrives as a signed Events API request and claims the case.
	if _, err := fake.React(ctx, userAna, c.Channel, c.ThreadTS, "eyes"); err != nil {
		t.Fatal(err)
	}
	eventually("claim over HTTP", func() bool { return caseNow(c.ID).Assignee == userAna })

	// The slash command is answered in the HTTP response (the ack).
	ack, err := fake.SlashCommand(ctx, userAna, chanSupport, "/buyerdesk", "help")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(ack.Payload), "oncall") || !strings.Contains(string(ack.Payload), `"ephemeral"`) {
		t.Fatalf("help ack = %s", ack.Payload)
	}

	// Slack retries a delivery (X-Slack-Retry-Num): the outsider is refused once.
	body := []byte(reactionPayload("EvHTTPRetry", "reaction_added", userOutsider, "eyes", c, c.ThreadTS))
	for retry := range 2 {
		if code := review3Post(t, base+"/slack/events", secret, now.Unix(), body, retry); code != http.StatusOK {
			t.Fatalf("delivery %d: status %d", retry, code)
		}
	}
	eventually("outsider refused", func() bool {
		for _, e := range fake.Ephemerals(userOutsider) {
			if strings.Contains(e.Text, "only the support agents") {
				return true
			}
		}
		return false
	})
	// A barrier: with one worker, jobs run in order; the release comes after the retry.
	if _, err := fake.Unreact(ctx, userAna, c.Channel, c.ThreadTS, "eyes"); err != nil {
		t.Fatal(err)
	}
	eventually("release", func() bool { return caseNow(c.ID).Assignee == "" })
	if n := len(fake.Ephemerals(userOutsider)); n != 1 {
		t.Errorf("retried delivery handled %d times, want once", n)
	}

	// Requests Slack did not sign with our secret, or signed too long ago.
	claim := []byte(reactionPayload("EvForged", "reaction_added", userAna, "eyes", c, c.ThreadTS))
	for _, tc := range []struct {
		name, secret string
		ts           int64
	}{
		{"wrong secret", "not-the-secret", now.Unix()},
		{"six minutes old", secret, now.Add(-6 * time.Minute).Unix()},
		{"unsigned", "", 0},
	} {
		before := strings.Count(logs.String(), "slack request refused")
		if code := review3Post(t, base+"/slack/events", tc.secret, tc.ts, claim, 0); code != http.StatusUnauthorized {
			t.Errorf("%s: status %d, want 401", tc.name, code)
		}
		if after := strings.Count(logs.String(), "slack request refused"); after != before+1 {
			t.Errorf("%s: %d refusal log lines, want one more than %d", tc.name, after, before)
		}
	}
	time.Sleep(50 * time.Millisecond) // a forged claim would have been queued by now
	if got := caseNow(c.ID); got.Assignee != "" {
		t.Errorf("a forged request claimed the case for %s", got.Assignee)
	}

	// A malformed but signed envelope is acknowledged (never retried forever) and logged.
	if code := review3Post(t, base+"/slack/events", secret, now.Unix(), []byte(`{"type":`), 0); code != http.StatusOK {
		t.Errorf("malformed event: status %d, want 200", code)
	}
	if !strings.Contains(logs.String(), "malformed event acknowledged") {
		t.Errorf("malformed event not logged:\n%s", logs.String())
	}
}

// review3Post sends body to url as Slack would, signed with secret at ts
// (unsigned when secret is empty), and returns the status code.
func review3Post(t *testing.T, url, secret string, ts int64, body []byte, retry int) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts, 10))
		req.Header.Set("X-Slack-Signature", fakeslack.Sign(secret, ts, body))
	}
	if retry > 0 {
		req.Header.Set("X-Slack-Retry-Num", fmt.Sprint(retry))
		req.Header.Set("X-Slack-Retry-Reason", "http_timeout")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
