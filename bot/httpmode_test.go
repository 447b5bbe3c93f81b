package bot

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/buyerdesk/buyerdesk/internal/store/storetest"
)

func sign(secret string, ts int64, body string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%d:%s", ts, body)
	return "v0=" + hex.EncodeToString(mac.Sum(nil))
}

func TestVerifySignature(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	body := `{"type":"event_callback"}`
	good := now.Unix()
	tests := []struct {
		name   string
		secret string
		ts     string
		sig    string
		ok     bool
	}{
		{"valid", "s3cret", strconv.FormatInt(good, 10), sign("s3cret", good, body), true},
		{"four minutes old", "s3cret", strconv.FormatInt(good-240, 10), sign("s3cret", good-240, body), true},
		{"six minutes old", "s3cret", strconv.FormatInt(good-360, 10), sign("s3cret", good-360, body), false},
		{"six minutes ahead", "s3cret", strconv.FormatInt(good+360, 10), sign("s3cret", good+360, body), false},
		{"wrong secret", "s3cret", strconv.FormatInt(good, 10), sign("other", good, body), false},
		{"missing timestamp", "s3cret", "", sign("s3cret", good, body), false},
		{"missing signature", "s3cret", strconv.FormatInt(good, 10), "", false},
		{"empty secret configured", "", strconv.FormatInt(good, 10), sign("", good, body), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			h.Set("X-Slack-Request-Timestamp", tt.ts)
			h.Set("X-Slack-Signature", tt.sig)
			err := verifySignature(tt.secret, h, []byte(body), now)
			if (err == nil) != tt.ok {
				t.Fatalf("verifySignature() = %v, want ok=%v", err, tt.ok)
			}
		})
	}
}

func TestHTTPHandlerRefusesUnsigned(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	b := New(Config{}, storetest.MustOpen(t), nil, WithNow(func() time.Time { return now }))
	h := b.HTTPHandler("s3cret")
	for _, path := range []string{"/slack/events", "/slack/interactivity", "/slack/commands"} {
		req := httptest.NewRequest(http.MethodPost, path, strings.NewReader("payload=x"))
		req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(now.Unix(), 10))
		req.Header.Set("X-Slack-Signature", "v0=deadbeef")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusUnauthorized {
			t.Errorf("%s: status %d, want 401", path, rec.Code)
		}
	}
}

func TestHTTPHandlerURLVerification(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	b := New(Config{}, storetest.MustOpen(t), nil, WithNow(func() time.Time { return now }))
	body := `{"type":"url_verification","challenge":"abc123","token":"x"}`
	req := httptest.NewRequest(http.MethodPost, "/slack/events", strings.NewReader(body))
	req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(now.Unix(), 10))
	req.Header.Set("X-Slack-Signature", sign("s3cret", now.Unix(), body))
	rec := httptest.NewRecorder()
	b.HTTPHandler("s3cret").ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || rec.Body.String() != "abc123" {
		t.Fatalf("got %d %q, want 200 abc123", rec.Code, rec.Body.String())
	}
}
