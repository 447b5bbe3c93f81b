package amazon

import (
	"strings"
	"testing"

	"github.com/buyerdesk/buyerdesk"
)

// mailWith builds a small LF mail from header lines and a body.
func mailWith(headers []string, body string) []byte {
	return []byte(strings.Join(headers, "\n") + "\n\n" + body)
}

func TestClassify(t *testing.T) {
	const relay = "From: Ann - Amazon Marketplace <abc123@marketplace.amazon.de>"
	tests := []struct {
		name    string
		headers []string
		body    string
		want    buyerdesk.MailKind
		reason  string // substring of Reason for ignored mails
	}{
		{"relay sender", []string{relay, "Subject: Frage"}, "Hallo", buyerdesk.KindBuyerMessage, ""},
		{"notification header", []string{"From: x@amazon.fr", "X-Space-Notification-Type: bbc_message_sent_to_merchant"}, "", buyerdesk.KindBuyerMessage, ""},
		{"copy header", []string{"From: x@amazon.fr", "X-Space-Notification-Type: BBC_MESSAGE_CONFIRMATION_TO_MERCHANT"}, "", buyerdesk.KindSellerCopy, ""},
		{"copy subject EN", []string{"From: a@amazon.com", "Subject: Your email to Bob (Order: 111-1111111-1111111)"}, "", buyerdesk.KindSellerCopy, ""},
		{"copy subject DE", []string{"From: a@amazon.de", "Subject: Ihre E-Mail an Bob"}, "", buyerdesk.KindSellerCopy, ""},
		{"copy subject FR", []string{"From: a@amazon.fr", "Subject: Votre e-mail à Zoé (Commande : 111-1111111-1111111)"}, "", buyerdesk.KindSellerCopy, ""},
		{"rejection subject", []string{"From: donotreply@amazon.de", "Subject: Ihre Nachricht konnte nicht zugestellt werden"}, "", buyerdesk.KindDeliveryFailure, ""},
		{"rejection body from mailer-daemon", []string{"From: MAILER-DAEMON@amazon.com", "Subject: Notice"}, "Your message could not be sent to the buyer.", buyerdesk.KindDeliveryFailure, ""},
		{"rejection wording from other amazon sender", []string{"From: news@amazon.com", "Subject: Hi"}, "Your message could not be sent.", buyerdesk.KindIgnored, "no buyer message"},
		{"dsn from anywhere", []string{"From: MAILER-DAEMON@mx.example.org", "Content-Type: multipart/report; report-type=delivery-status; boundary=b"}, "--b\nContent-Type: text/plain\n\nfailed\n--b--\n", buyerdesk.KindDeliveryFailure, ""},
		{"claim EN", []string{"From: atoz@amazon.com", "Subject: A-to-z Guarantee claim"}, "", buyerdesk.KindClaim, ""},
		{"claim DE", []string{"From: atoz@amazon.de", "Subject: A-bis-z-Garantieantrag zur Bestellung"}, "", buyerdesk.KindClaim, ""},
		{"amazonses return path", []string{relay, "Return-Path: <0102@eu-west-1.amazonses.com>"}, "", buyerdesk.KindBuyerMessage, ""},
		{"empty return path", []string{relay, "Return-Path: <>"}, "", buyerdesk.KindBuyerMessage, ""},
		{"foreign return path", []string{relay, "Return-Path: <x@evil.example>"}, "", buyerdesk.KindIgnored, "return path"},
		{"look-alike suffix", []string{"From: a@marketplace.amazon.de.evil.com", "X-Space-Notification-Type: BBC_MESSAGE_SENT_TO_MERCHANT"}, "", buyerdesk.KindIgnored, "not Amazon's"},
		{"look-alike prefix", []string{"From: a@marketplace.evilamazon.de"}, "", buyerdesk.KindIgnored, "not Amazon's"},
		{"digit zero", []string{"From: a@marketplace.amaz0n.de"}, "", buyerdesk.KindIgnored, "not Amazon's"},
		{"display name spoof", []string{`From: "a@marketplace.amazon.de" <a@evil.example>`}, "", buyerdesk.KindIgnored, "not Amazon's"},
		{"no from", []string{"Subject: hi"}, "", buyerdesk.KindIgnored, "no sender"},
		{"malformed from still judged by domain", []string{"From: Ann (unclosed <abc@marketplace.amazon.it>"}, "", buyerdesk.KindBuyerMessage, ""},
		{"newsletter", []string{"From: news@amazon.de", "Subject: Neuigkeiten"}, "", buyerdesk.KindIgnored, "no buyer message"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Parse(mailWith(tt.headers, tt.body))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if m.Kind != tt.want {
				t.Fatalf("Kind = %q (%s), want %q", m.Kind, m.Reason, tt.want)
			}
			if tt.want == buyerdesk.KindIgnored {
				if !strings.Contains(m.Reason, tt.reason) {
					t.Errorf("Reason = %q, want it to contain %q", m.Reason, tt.reason)
				}
				if m.OrderID != "" || m.RelayAddress != "" || m.Body != "" {
					t.Errorf("ignored mail carries case data: %+v", m)
				}
			}
		})
	}
}

func TestAmazonSuffix(t *testing.T) {
	tests := []struct {
		domain string
		want   string
		ok     bool
	}{
		{"amazon.de", "de", true},
		{"marketplace.amazon.co.uk", "co.uk", true},
		{"marketplace.amazon.com.mx", "com.mx", true},
		{"sellercentral.amazon.com", "com", true},
		{"MARKETPLACE.AMAZON.CO.JP.", "co.jp", true},
		{"marketplace.amazon.de.evil.com", "", false},
		{"evilamazon.de", "", false},
		{"amazon.evil", "", false},
		{"amaz0n.de", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := amazonSuffix(tt.domain)
		if got != tt.want || ok != tt.ok {
			t.Errorf("amazonSuffix(%q) = %q, %v; want %q, %v", tt.domain, got, ok, tt.want, tt.ok)
		}
	}
}

func TestFindMarketplace(t *testing.T) {
	tests := []struct {
		relay, id, from, want string
	}{
		{"x@marketplace.amazon.co.uk", "A1PA6795UKMFR9", "", "amazon.co.uk"},
		{"", "A1PA6795UKMFR9", "amazon.com", "amazon.de"},
		{"", "a1f83g8c2aro7p", "", "amazon.co.uk"},
		{"", "ATVPDKIKX0DER", "", "amazon.com"},
		{"", "A13V1IB3VIYZZH", "", "amazon.fr"},
		{"", "APJ6JRA9NG5V4", "", "amazon.it"},
		{"", "A1RKKUPIHCS9HS", "", "amazon.es"},
		{"", "A1VC38T7YXB528", "", "amazon.co.jp"},
		{"", "A2EUQ1WTGCTBG2", "", "amazon.ca"},
		{"", "A1805IZSGTT6HS", "", "amazon.nl"},
		{"", "UNKNOWN", "amazon.se", "amazon.se"},
		{"x@mail.amazon.de", "", "", ""},
		{"x@marketplace.amazon.de.evil.com", "", "evil.com", ""},
	}
	for _, tt := range tests {
		if got := findMarketplace(tt.relay, tt.id, tt.from); got != tt.want {
			t.Errorf("findMarketplace(%q, %q, %q) = %q, want %q", tt.relay, tt.id, tt.from, got, tt.want)
		}
	}
}

func TestBuyerName(t *testing.T) {
	tests := map[string]string{
		"Jane Doe - Amazon Marketplace":  "Jane Doe",
		`"Jane Doe - Marketplace"`:       "Jane Doe",
		"Jane  Doe – amazon marketplace": "Jane Doe",
		"Jane Doe":                       "Jane Doe",
		"Marketplace Fan":                "Marketplace Fan",
		"":                               "",
	}
	for in, want := range tests {
		if got := buyerName(in); got != want {
			t.Errorf("buyerName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFindOrderID(t *testing.T) {
	tests := []struct{ subject, text, want string }{
		{"Frage (Bestellung: 302-1234567-7654321)", "Order ID: 111-1111111-1111111", "302-1234567-7654321"},
		{"商品について (注文: 250-1234567-7654321)", "", "250-1234567-7654321"},
		{"Question", "see 999-9999999-9999999 too\nOrder ID: 111-2222222-3333333", "111-2222222-3333333"},
		{"Question", "number 999-9999999-9999999", "999-9999999-9999999"},
		{"Question", "1234-1234567-1234567 or 123-12345678-1234567", ""},
	}
	for _, tt := range tests {
		if got := findOrderID(tt.subject, tt.text); got != tt.want {
			t.Errorf("findOrderID(%q, %q) = %q, want %q", tt.subject, tt.text, got, tt.want)
		}
	}
}
