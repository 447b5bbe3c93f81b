package slackout_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/slack-go/slack"

	"github.com/buyerdesk/buyerdesk/bot"
	"github.com/buyerdesk/buyerdesk/bot/slackout"
)

var _ bot.Slack = (*slackout.Client)(nil)

// sent is one request as Slack's side of the wire saw it.
type sent struct {
	method string
	form   url.Values
	at     time.Time
}

// reply is a scripted answer: an HTTP status, headers and a body.
type reply struct {
	status     int
	retryAfter string
	body       string
}

func okReply(body string) reply { return reply{status: http.StatusOK, body: body} }

func slackError(code string) reply {
	return reply{status: http.StatusOK, body: fmt.Sprintf(`{"ok":false,"error":%q}`, code)}
}

// wire stands in for Slack's HTTP endpoint as an http.RoundTripper, so
// tests run in synctest bubbles without sockets. Replies are scripted per
// method; once a script runs out, answer is used.
type wire struct {
	mu      sync.Mutex
	script  map[string][]reply
	answer  func(method string, form url.Values) reply
	block   map[string]bool // methods that hang until the request's context ends
	latency time.Duration   // how long each answer takes
	log     []sent
	entered chan string // receives the method of each blocked request
}

func newWire() *wire {
	return &wire{script: map[string][]reply{}, block: map[string]bool{}, entered: make(chan string, 16),
		answer: func(method string, form url.Values) reply {
			switch method {
			case "chat.postMessage", "chat.update":
				return okReply(fmt.Sprintf(`{"ok":true,"channel":%q,"ts":"1700000000.000100","text":%q}`, form.Get("channel"), form.Get("text")))
			case "users.info":
				return okReply(fmt.Sprintf(`{"ok":true,"user":{"id":%q,"tz":"Europe/Berlin"}}`, form.Get("user")))
			}
			return okReply(`{"ok":true}`)
		}}
}

func (w *wire) then(method string, rs ...reply) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.script[method] = append(w.script[method], rs...)
}

func (w *wire) RoundTrip(req *http.Request) (*http.Response, error) {
	method := path.Base(req.URL.Path)
	form := url.Values{}
	if req.Body != nil {
		b, _ := io.ReadAll(req.Body)
		if strings.HasPrefix(req.Header.Get("Content-Type"), "application/json") {
			var m map[string]any
			_ = json.Unmarshal(b, &m)
			for k, v := range m {
				form.Set(k, fmt.Sprint(v))
			}
		} else {
			form, _ = url.ParseQuery(string(b))
		}
	}
	w.mu.Lock()
	w.log = append(w.log, sent{method: method, form: form, at: time.Now()})
	blocked, latency := w.block[method], w.latency
	var r reply
	if s := w.script[method]; len(s) > 0 {
		r, w.script[method] = s[0], s[1:]
	} else {
		r = w.answer(method, form)
	}
	w.mu.Unlock()
	time.Sleep(latency)
	if blocked {
		w.entered <- method
		<-req.Context().Done()
		return nil, req.Context().Err()
	}
	resp := &http.Response{StatusCode: r.status, Status: fmt.Sprintf("%d %s", r.status, http.StatusText(r.status)),
		Header: http.Header{}, Body: io.NopCloser(strings.NewReader(r.body)), Request: req}
	if r.status == http.StatusOK {
		resp.Header.Set("Content-Type", "application/json")
	} else {
		resp.Header.Set("Content-Type", "text/html")
	}
	if r.retryAfter != "" {
		resp.Header.Set("Retry-After", r.retryAfter)
	}
	return resp, nil
}

// sentTo returns the requests of method, in order.
func (w *wire) sentTo(method string) []sent {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []sent
	for _, s := range w.log {
		if s.method == method {
			out = append(out, s)
		}
	}
	return out
}

// newClient returns a Client talking to w.
func newClient(w *wire, opts slackout.Options) *slackout.Client {
	api := slack.New("xoxb-test", slack.OptionAPIURL("https://slack.test/api/"),
		slack.OptionHTTPClient(&http.Client{Transport: w}))
	return slackout.New(api, opts)
}

// waitQueued waits (in a bubble) until every goroutine is blocked and
// checks that n calls are queued.
func waitQueued(t *testing.T, c *slackout.Client, n int) {
	t.Helper()
	synctest.Wait()
	if got := c.Stats().QueueDepth; got != n {
		t.Fatalf("queue depth %d, want %d", got, n)
	}
}

func slackPublish(user string) slack.PublishViewContextRequest {
	return slack.PublishViewContextRequest{UserID: user, View: slack.HomeTabViewRequest{Type: slack.VTHomeTab}}
}
