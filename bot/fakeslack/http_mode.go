package fakeslack

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// HTTPMode makes the fake deliver events, interactions and slash commands
// as signed HTTP requests to the app (Slack's Events API and request URLs)
// instead of over Socket Mode. A 200 answer is the ack; its body the ack
// payload.
type HTTPMode struct {
	EventsURL        string
	InteractivityURL string
	CommandsURL      string
	// SigningSecret signs every request: X-Slack-Request-Timestamp and
	// X-Slack-Signature "v0=" + hex(HMAC-SHA256(secret, "v0:ts:body")).
	SigningSecret string
	// Client sends the requests; default a client with a 3 s timeout,
	// Slack's ack window.
	Client *http.Client
}

// Sign returns the X-Slack-Signature for body sent at ts, for tests that
// forge requests.
func Sign(secret string, ts int64, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%d:", ts)
	mac.Write(body)
	return "v0=" + hex.EncodeToString(mac.Sum(nil))
}

// postToApp delivers one attempt of an envelope over HTTP and records the
// ack or schedules the retry Slack would make (events only).
func (s *Server) postToApp(id, typ string, payload []byte, attempt int, reason string) {
	defer s.sock.wg.Done()
	h := s.opts.HTTP
	target, body, ctype := h.EventsURL, payload, "application/json"
	switch typ {
	case interactive:
		target, ctype = h.InteractivityURL, "application/x-www-form-urlencoded"
		body = []byte(url.Values{"payload": {string(payload)}}.Encode())
	case slashCommands:
		target, ctype = h.CommandsURL, "application/x-www-form-urlencoded"
		var fields map[string]string
		_ = json.Unmarshal(payload, &fields)
		form := url.Values{}
		for k, v := range fields {
			form.Set(k, v)
		}
		body = []byte(form.Encode())
	}
	client := h.Client
	if client == nil {
		client = &http.Client{Timeout: 3 * time.Second}
	}
	ts := s.now().Unix()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		s.failDelivery(id, "http_error")
		return
	}
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts, 10))
	req.Header.Set("X-Slack-Signature", Sign(h.SigningSecret, ts, body))
	if attempt > 0 {
		req.Header.Set("X-Slack-Retry-Num", strconv.Itoa(attempt))
		req.Header.Set("X-Slack-Retry-Reason", reason)
	}
	resp, err := client.Do(req)
	if err != nil {
		s.failDelivery(id, "http_timeout")
		return
	}
	defer resp.Body.Close()
	ack, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != http.StatusOK {
		s.failDelivery(id, "http_error")
		return
	}
	if len(bytes.TrimSpace(ack)) == 0 {
		ack = nil
	} else if !json.Valid(ack) {
		// A plain-text answer is shown as the response text.
		ack, _ = json.Marshal(map[string]string{"text": string(ack)})
	}
	s.recordAck(id, ack)
}

// failDelivery retries an events_api envelope (up to three times) or gives up.
func (s *Server) failDelivery(id, reason string) {
	s.mu.Lock()
	e, ok := s.sock.pending[id]
	s.mu.Unlock()
	if ok {
		s.redeliver(e, reason)
	}
}
