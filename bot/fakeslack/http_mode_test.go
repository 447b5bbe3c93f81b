package fakeslack_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync"
	"testing"

	"github.com/buyerdesk/buyerdesk/bot/fakeslack"
	"github.com/slack-go/slack"
)

// signedApp is an app in HTTP mode that verifies Slack's signature.
type signedApp struct {
	mu       sync.Mutex
	requests []*http.Request
	bodies   []string
	failNext int
}

func (a *signedApp) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	ts, _ := strconv.ParseInt(r.Header.Get("X-Slack-Request-Timestamp"), 10, 64)
	if r.Header.Get("X-Slack-Signature") != fakeslack.Sign("s3cret", ts, body) {
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	a.mu.Lock()
	a.requests = append(a.requests, r)
	a.bodies = append(a.bodies, string(body))
	fail := a.failNext > 0
	a.failNext--
	a.mu.Unlock()
	if fail {
		http.Error(w, "busy", http.StatusInternalServerError)
		return
	}
	if r.URL.Path == "/commands" {
		w.Write([]byte("Berlin: anna is on call"))
	}
}

func TestHTTPModeSignsRetriesAndAcks(t *testing.T) {
	app := &signedApp{failNext: 1}
	appSrv := httptest.NewServer(app)
	defer appSrv.Close()
	srv, api := setup(t, fakeslack.Options{HTTP: &fakeslack.HTTPMode{
		EventsURL: appSrv.URL + "/events", InteractivityURL: appSrv.URL + "/interactivity",
		CommandsURL: appSrv.URL + "/commands", SigningSecret: "s3cret",
	}})
	ctx := ctxT(t)
	_, ts, _ := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("card", false), cardWithReply())

	ack, err := srv.React(ctx, "U1", "C1", ts, "eyes")
	if err != nil {
		t.Fatal(err)
	}
	if ack.RetryAttempt != 1 || len(app.requests) != 2 {
		t.Fatalf("ack = %+v after %d requests", ack, len(app.requests))
	}
	if r := app.requests[1]; r.Header.Get("X-Slack-Retry-Num") != "1" || r.Header.Get("X-Slack-Retry-Reason") != "http_error" {
		t.Errorf("retry headers = %v", r.Header)
	}
	var ev struct {
		Type  string `json:"type"`
		Event struct {
			Type string `json:"type"`
		} `json:"event"`
	}
	if err := json.Unmarshal([]byte(app.bodies[1]), &ev); err != nil || ev.Type != "event_callback" || ev.Event.Type != "reaction_added" {
		t.Errorf("event body = %s", app.bodies[1])
	}

	if _, err := srv.ClickButton(ctx, "U1", "C1", ts, "reply", ""); err != nil {
		t.Fatal(err)
	}
	form, _ := url.ParseQuery(app.bodies[2])
	var cb slack.InteractionCallback
	if err := json.Unmarshal([]byte(form.Get("payload")), &cb); err != nil || cb.Type != slack.InteractionTypeBlockActions || cb.ActionCallback.BlockActions[0].ActionID != "reply" {
		t.Errorf("interaction payload = %+v %v", cb, err)
	}
	if r := app.requests[2]; r.URL.Path != "/interactivity" || r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
		t.Errorf("interaction request = %s %v", r.URL.Path, r.Header)
	}

	if _, err := srv.SlashCommand(ctx, "U2", "C1", "/buyerdesk", "oncall"); err != nil {
		t.Fatal(err)
	}
	if form, _ := url.ParseQuery(app.bodies[3]); form.Get("command") != "/buyerdesk" || form.Get("text") != "oncall" || form.Get("response_url") == "" {
		t.Errorf("command form = %v", form)
	}
	if e := srv.Ephemerals("U2"); len(e) != 1 || e[0].Text != "Berlin: anna is on call" {
		t.Errorf("command answer as ephemeral = %+v", e)
	}
}
