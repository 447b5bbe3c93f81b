package amazon

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/buyerdesk/buyerdesk"
)

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	raw, err := os.ReadFile("testdata/" + name + ".eml")
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func TestParseUnreadable(t *testing.T) {
	for name, raw := range map[string]string{
		"empty":          "",
		"no header":      "\n\njust a body",
		"not a header":   "hello world\nthis is not mail\n",
		"binary garbage": "\x00\x01\x02\xff\xfe",
	} {
		t.Run(name, func(t *testing.T) {
			if m, err := Parse([]byte(raw)); err == nil {
				t.Errorf("Parse() = %+v, nil; want an error", m)
			}
		})
	}
}

func TestParseLineEndingsAgree(t *testing.T) {
	for _, name := range []string{"en_old", "de_old_qp_latin1", "es_html_only", "en_new_alternative", "dsn_report"} {
		raw := readFixture(t, name)
		lf := bytes.ReplaceAll(raw, []byte("\r\n"), []byte("\n"))
		crlf := bytes.ReplaceAll(lf, []byte("\n"), []byte("\r\n"))
		a, errA := Parse(lf)
		b, errB := Parse(crlf)
		if errA != nil || errB != nil {
			t.Fatalf("%s: Parse errors %v, %v", name, errA, errB)
		}
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: LF and CRLF parse differently:\n%+v\n%+v", name, a, b)
		}
	}
}

func TestParseWarnings(t *testing.T) {
	m, err := Parse(readFixture(t, "unknown_charset"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(m.Warnings, func(w string) bool { return strings.Contains(w, "x-mac-klingon") }) {
		t.Errorf("Warnings = %q, want one naming the unknown charset", m.Warnings)
	}
	if !strings.Contains(m.Body, "café") {
		t.Errorf("Body = %q, want the latin-1 text decoded best-effort", m.Body)
	}
	clean, _ := Parse(readFixture(t, "en_old"))
	if len(clean.Warnings) != 0 {
		t.Errorf("clean mail has warnings %q", clean.Warnings)
	}
}

func TestParseReferences(t *testing.T) {
	tests := []struct {
		name string
		want []string
	}{
		{"dsn_report", []string{"reply-7d41c9e2@buyerdesk.seller-example.de"}},
		{"rejection_notice", []string{"reply-a93be1f0@buyerdesk.seller-example.co.uk", "0102018f3a.en-new.2@eu-west-1.amazonses.com"}},
		{"en_old", nil},
	}
	for _, tt := range tests {
		m, err := Parse(readFixture(t, tt.name))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(m.References, tt.want) {
			t.Errorf("%s: References = %q, want %q", tt.name, m.References, tt.want)
		}
	}
}

func TestParseBodyDecodingFallbacks(t *testing.T) {
	raw := mailWith([]string{
		"From: Ann <abc@marketplace.amazon.de>",
		"Message-ID: not-bracketed@x",
		"In-Reply-To: <a@x> garbage <b@y>",
		"Date: yesterday",
		"Content-Type: text/plain",
		"Content-Transfer-Encoding: quoted-printable",
	}, "Gr=FC=DFe =ZZ broken\n")
	m, err := Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	if m.MessageID != "not-bracketed@x" {
		t.Errorf("MessageID = %q", m.MessageID)
	}
	if !slices.Equal(m.References, []string{"a@x", "b@y"}) {
		t.Errorf("References = %q", m.References)
	}
	if !m.SentAt.IsZero() || len(m.Warnings) == 0 {
		t.Errorf("SentAt = %v, Warnings = %q; want zero time and warnings", m.SentAt, m.Warnings)
	}
	if !strings.HasPrefix(m.Body, "Grüße") {
		t.Errorf("Body = %q, want undeclared 8-bit text guessed as windows-1252", m.Body)
	}
}

func TestMailJSON(t *testing.T) {
	keys := []string{"attachments", "body", "buyer_name", "case_id", "kind", "language", "marketplace", "message_id",
		"no_response_needed_url", "order_id", "reason", "relay_address", "sent_at", "subject"}
	tests := []struct {
		name string
		mail buyerdesk.Mail
		want map[string]any
	}{
		{"unknown values are null", buyerdesk.Mail{Kind: buyerdesk.KindBuyerMessage, Reason: "leak"},
			map[string]any{"kind": "buyer_message", "reason": nil, "order_id": nil, "sent_at": nil, "attachments": []any{}}},
		{"ignored has a reason", buyerdesk.Mail{Kind: buyerdesk.KindIgnored, Reason: "spam"},
			map[string]any{"kind": "ignored", "reason": "spam"}},
		{"values", buyerdesk.Mail{Kind: buyerdesk.KindClaim, OrderID: "111-1111111-1111111",
			SentAt:      time.Date(2026, 11, 3, 10, 0, 0, 0, time.FixedZone("CET", 3600)),
			Attachments: []buyerdesk.Attachment{{Filename: "a.pdf", ContentType: "application/pdf", Size: 7}}},
			map[string]any{"order_id": "111-1111111-1111111", "sent_at": "2026-11-03T09:00:00Z",
				"attachments": []any{map[string]any{"filename": "a.pdf", "content_type": "application/pdf", "size": float64(7)}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := MailJSON(tt.mail)
			if err != nil {
				t.Fatal(err)
			}
			var got map[string]any
			if err := json.Unmarshal(b, &got); err != nil {
				t.Fatal(err)
			}
			var gotKeys []string
			for k := range got {
				gotKeys = append(gotKeys, k)
			}
			sort.Strings(gotKeys)
			if !slices.Equal(gotKeys, keys) {
				t.Errorf("keys = %q, want %q", gotKeys, keys)
			}
			for k, want := range tt.want {
				if !reflect.DeepEqual(got[k], want) {
					t.Errorf("%s = %#v, want %#v", k, got[k], want)
				}
			}
		})
	}
}

func TestMailJSONKeepsAmpersands(t *testing.T) {
	b, _ := MailJSON(buyerdesk.Mail{Kind: buyerdesk.KindBuyerMessage, NoResponseNeededURL: "https://sellercentral.amazon.de/r?a=1&b=2"})
	if !bytes.Contains(b, []byte(`"https://sellercentral.amazon.de/r?a=1&b=2"`)) {
		t.Errorf("URL escaped in %s", b)
	}
}

func TestParseBoundsLongText(t *testing.T) {
	long := "--- Begin message ---\n" + strings.Repeat("Where is my parcel? I am still waiting.\n", 10000) + "--- End message ---\n"
	m, err := Parse(mailWith([]string{"From: a <x@marketplace.amazon.de>"}, long))
	if err != nil {
		t.Fatal(err)
	}
	if m.Kind != buyerdesk.KindBuyerMessage || len(m.Body) > maxAnalysed || len(m.Body) < 200_000 {
		t.Errorf("Kind = %q, len(Body) = %d; want a buyer message cut at %d bytes", m.Kind, len(m.Body), maxAnalysed)
	}
	if !slices.ContainsFunc(m.Warnings, func(w string) bool { return strings.Contains(w, "not analysed") }) {
		t.Errorf("Warnings = %q, want the truncation noted", m.Warnings)
	}
}
