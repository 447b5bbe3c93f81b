package logging

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"
)

// pii is what must never reach the output.
var pii = []string{
	"9x8y7z6w5v4u3t2@marketplace.amazon.de",
	"marketplace.amazon",
	"q1w2e3r4t5@marketplace.amazon.co.uk",
	"erika.mustermann@example.com",
	"Erika Mustermann",
	"Mustermann",
	"Wo ist mein Paket",
	"Where is my parcel",
	"Parcel never arrived",
	"Musterstraße 1",
	"john@smith.example",
}

// kept is what must survive.
var kept = []string{
	"123-1234567-1234567",
	"case-000042",
	"2026-11-26T18:19:50Z",
	"amazon.de",
	"mailbox eu",
	"[redacted]",
}

func logPII(log zerolog.Logger) {
	at := time.Date(2026, 11, 26, 18, 19, 50, 0, time.UTC)
	log.Info().
		Str("case_id", "case-000042").
		Str("order_id", "123-1234567-1234567").
		Str("marketplace", "amazon.de").
		Time("deadline", at).
		Str("buyer_name", "Erika Mustermann").
		Str("subject", "Wo ist mein Paket? (Bestellung: 123-1234567-1234567)").
		Str("body", "Where is my parcel").
		Str("relay_address", "9x8y7z6w5v4u3t2@marketplace.amazon.de").
		Strs("address", []string{"Musterstraße 1", "Berlin"}).
		Dict("buyer_info", zerolog.Dict().Str("email", "erika.mustermann@example.com").Str("Text", "Parcel never arrived")).
		Interface("mail", map[string]any{"Subject": "Where is my parcel", "size": 42}).
		Err(errors.New("smtp: 550 rejected q1w2e3r4t5@marketplace.amazon.co.uk")).
		Msgf("stored mail from %s for case %s in mailbox eu", "john@smith.example", "case-000042")
}

func assertClean(t *testing.T, out string) {
	t.Helper()
	for _, s := range pii {
		if strings.Contains(out, s) {
			t.Errorf("output contains %q:\n%s", s, out)
		}
	}
	for _, s := range kept {
		if !strings.Contains(out, s) {
			t.Errorf("output lost %q:\n%s", s, out)
		}
	}
}

func TestJSONRedaction(t *testing.T) {
	var buf bytes.Buffer
	log, err := New(&buf, "json", "info")
	if err != nil {
		t.Fatal(err)
	}
	logPII(log)
	out := buf.String()
	assertClean(t, out)

	var ev map[string]any
	if err := json.Unmarshal(buf.Bytes(), &ev); err != nil {
		t.Fatalf("output is not one JSON object: %v\n%s", err, out)
	}
	want := map[string]any{
		"buyer_name":    "[redacted]",
		"subject":       "[redacted]",
		"relay_address": "[redacted]",
		"address":       "[redacted]",
		"order_id":      "123-1234567-1234567",
		"error":         "smtp: 550 rejected [redacted]",
		"message":       "stored mail from [redacted] for case case-000042 in mailbox eu",
	}
	for k, v := range want {
		if ev[k] != v {
			t.Errorf("%s = %v, want %v", k, ev[k], v)
		}
	}
	if nested := ev["buyer_info"].(map[string]any); nested["email"] != "[redacted]" || nested["Text"] != "[redacted]" {
		t.Errorf("nested fields not redacted: %v", nested)
	}
	if ev["mail"].(map[string]any)["size"] != float64(42) {
		t.Errorf("non-sensitive nested field changed: %v", ev["mail"])
	}
	if !strings.HasSuffix(out, "}\n") || strings.Count(out, "\n") != 1 {
		t.Errorf("want exactly one line: %q", out)
	}
	keys := []string{`"level"`, `"case_id"`, `"order_id"`, `"buyer_name"`, `"time"`, `"message"`}
	last := -1
	for _, k := range keys {
		i := strings.Index(out, k)
		if i < last {
			t.Errorf("field order changed: %s comes too early in %s", k, out)
		}
		last = i
	}
}

func TestConsoleRedaction(t *testing.T) {
	var buf bytes.Buffer
	log, err := New(&buf, "console", "debug")
	if err != nil {
		t.Fatal(err)
	}
	logPII(log)
	out := buf.String()
	assertClean(t, out)
	if strings.Contains(out, "\x1b[") {
		t.Errorf("colours in console output to a buffer: %q", out)
	}
	if !strings.Contains(out, "INF") || !strings.Contains(out, "stored mail from [redacted] for case case-000042") {
		t.Errorf("console output lacks level or message: %s", out)
	}
}

func TestLevelFilter(t *testing.T) {
	var buf bytes.Buffer
	log, err := New(&buf, "", "warn")
	if err != nil {
		t.Fatal(err)
	}
	log.Info().Msg("hidden")
	log.Warn().Msg("shown")
	if out := buf.String(); strings.Contains(out, "hidden") || !strings.Contains(out, `"level":"warn"`) {
		t.Errorf("level filter: %s", out)
	}
}

func TestNewRejects(t *testing.T) {
	tests := []struct{ format, level, want string }{
		{"xml", "info", `log format "xml": want json or console`},
		{"json", "loud", `log level "loud": want trace, debug, info, warn or error`},
	}
	for _, tt := range tests {
		if _, err := New(&bytes.Buffer{}, tt.format, tt.level); err == nil || err.Error() != tt.want {
			t.Errorf("New(%q, %q) error = %v, want %q", tt.format, tt.level, err, tt.want)
		}
	}
}

func TestRedactorLines(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain text", "mail from a.b@marketplace.amazon.fr arrived\n", "mail from [redacted] arrived\n"},
		{"two JSON lines", `{"email":"x@y.de","n":1}` + "\n" + `{"msg":"to z@marketplace.amazon.com"}` + "\n",
			`{"email":"[redacted]","n":1}` + "\n" + `{"msg":"to [redacted]"}` + "\n"},
		{"escaped e-mail", `{"msg":"x\u0040y.de wrote \"hi\" <b>"}` + "\n", `{"msg":"[redacted] wrote \"hi\" <b>"}` + "\n"},
		{"nested containers", `{"body":{"a":[1,{"b":"c"}]},"ok":true,"z":null}`, `{"body":"[redacted]","ok":true,"z":null}`},
		{"broken JSON", `{"msg":"x@y.de"` + "\n", `{"msg":"[redacted]"` + "\n"},
		{"numbers kept", `{"size":12345678901234567890,"f":1.5e3}`, `{"size":12345678901234567890,"f":1.5e3}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			n, err := NewRedactor(&buf).Write([]byte(tt.in))
			if err != nil || n != len(tt.in) {
				t.Fatalf("Write = %d, %v; want %d, nil", n, err, len(tt.in))
			}
			if buf.String() != tt.want {
				t.Errorf("got  %s\nwant %s", buf.String(), tt.want)
			}
		})
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestRedactorPassesErrors(t *testing.T) {
	if _, err := NewRedactor(failWriter{}).Write([]byte("x\n")); err == nil || err.Error() != "disk full" {
		t.Errorf("error = %v, want disk full", err)
	}
}

func TestSensitive(t *testing.T) {
	for key, want := range map[string]bool{
		"buyer_name": true, "Body": true, "text": true, "subject": true, "email": true, "address": true,
		"relay_address": true, "buyer_email": true, "reply_body": true,
		"order_id": false, "case_id": false, "name": false, "team": false, "at": false,
	} {
		if got := Sensitive(key); got != want {
			t.Errorf("Sensitive(%q) = %v, want %v", key, got, want)
		}
	}
}

func ExampleNew() {
	var buf bytes.Buffer
	log, _ := New(&buf, "json", "info")
	log = log.With().Str("mailbox", "eu").Logger()
	log.Info().Str("case_id", "case-000042").Str("buyer_name", "Erika").Msg("stored from abc@marketplace.amazon.de")
	var ev map[string]any
	_ = json.Unmarshal(buf.Bytes(), &ev)
	fmt.Println(ev["case_id"], ev["buyer_name"], ev["message"])
	// Output: case-000042 [redacted] stored from [redacted]
}
