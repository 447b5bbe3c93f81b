package bot

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// maxBody bounds what an HTTP request from Slack may carry.
const maxBody = 1 << 20

// HTTPHandler serves Slack's HTTP mode: the Events API at /slack/events,
// interactivity at /slack/interactivity and the slash command at
// /slack/commands. Every request must carry a valid X-Slack-Signature made
// with signingSecret and a timestamp within five minutes; anything else is
// refused with 401 and a log line.
func (b *Bot) HTTPHandler(signingSecret string) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /slack/events", b.verified(signingSecret, b.serveEvents))
	mux.HandleFunc("POST /slack/interactivity", b.verified(signingSecret, b.serveInteractivity))
	mux.HandleFunc("POST /slack/commands", b.verified(signingSecret, b.serveCommand))
	return mux
}

// verified checks Slack's request signature before handing the body on.
func (b *Bot) verified(secret string, next func(http.ResponseWriter, *http.Request, []byte)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
		if err != nil {
			http.Error(w, "unreadable body", http.StatusBadRequest)
			return
		}
		if err := verifySignature(secret, r.Header, body, b.now()); err != nil {
			b.log.Warn().Err(err).Str("path", r.URL.Path).Msg("slack request refused")
			http.Error(w, "invalid signature", http.StatusUnauthorized)
			return
		}
		next(w, r, body)
	}
}

// verifySignature checks X-Slack-Signature (v0, HMAC-SHA256 over
// "v0:<timestamp>:<body>") and that the timestamp is within five minutes of now.
func verifySignature(secret string, h http.Header, body []byte, now time.Time) error {
	tsHeader := h.Get("X-Slack-Request-Timestamp")
	ts, err := strconv.ParseInt(tsHeader, 10, 64)
	if err != nil {
		return fmt.Errorf("signature timestamp: missing or malformed")
	}
	if math.Abs(float64(now.Unix()-ts)) > 5*60 {
		return fmt.Errorf("signature timestamp: %d is more than five minutes from now", ts)
	}
	sig := h.Get("X-Slack-Signature")
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%s:", tsHeader)
	mac.Write(body)
	want := "v0=" + hex.EncodeToString(mac.Sum(nil))
	if secret == "" || !hmac.Equal([]byte(sig), []byte(want)) {
		return fmt.Errorf("signature: mismatch")
	}
	return nil
}

func (b *Bot) serveEvents(w http.ResponseWriter, r *http.Request, body []byte) {
	ev, err := slackevents.ParseEvent(body, slackevents.OptionNoVerifyToken())
	if err != nil {
		b.log.Warn().Err(err).Msg("malformed event acknowledged")
		w.WriteHeader(http.StatusOK)
		return
	}
	if ev.Type == slackevents.URLVerification {
		var ch slackevents.ChallengeResponse
		_ = json.Unmarshal(body, &ch)
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, ch.Challenge)
		return
	}
	retry, _ := strconv.Atoi(r.Header.Get("X-Slack-Retry-Num"))
	b.Handle(r.Context(), Request{Event: &ev, Retry: retry})
	w.WriteHeader(http.StatusOK)
}

func (b *Bot) serveInteractivity(w http.ResponseWriter, r *http.Request, body []byte) {
	form, err := url.ParseQuery(string(body))
	var cb slack.InteractionCallback
	if err == nil {
		err = json.Unmarshal([]byte(form.Get("payload")), &cb)
	}
	if err != nil {
		b.log.Warn().Err(err).Msg("malformed interaction acknowledged")
		w.WriteHeader(http.StatusOK)
		return
	}
	writeAck(w, b.Handle(r.Context(), Request{Interaction: &cb}))
}

func (b *Bot) serveCommand(w http.ResponseWriter, r *http.Request, body []byte) {
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	cmd, err := slack.SlashCommandParse(r)
	if err != nil {
		b.log.Warn().Err(err).Msg("malformed slash command acknowledged")
		w.WriteHeader(http.StatusOK)
		return
	}
	writeAck(w, b.Handle(r.Context(), Request{Command: &cmd}))
}

func writeAck(w http.ResponseWriter, payload any) {
	if payload == nil {
		w.WriteHeader(http.StatusOK)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(payload)
}
