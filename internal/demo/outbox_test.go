package demo

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/buyerdesk/buyerdesk/amazon/amazontest"
)

var sent = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)

func received(data string) amazontest.Received {
	return amazontest.Received{
		From: "support@seller.example", To: []string{"envelope@marketplace.amazon.de"},
		Data: []byte(strings.ReplaceAll(data, "\n", "\r\n")), ReceivedAt: sent,
	}
}

func TestReadOutbox(t *testing.T) {
	tests := []struct {
		name string
		mail string
		want OutboxMail
	}{
		{"quoted-printable UTF-8 with encoded subject", `From: support@seller.example
To: Jana <abc123@marketplace.amazon.de>
Subject: =?utf-8?q?Re:_Besch=C3=A4digte_Lieferung?=
Date: Tue, 24 Nov 2026 11:00:00 +0100
Message-ID: <reply-1@seller.example>
In-Reply-To: <buyer-1@marketplace.amazon.de>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Vielen Dank f=C3=BCr Ihre Nachricht zu 302-1234567-1234567.
`, OutboxMail{
			From: "support@seller.example", To: []string{"abc123@marketplace.amazon.de"},
			Subject: "Re: Beschädigte Lieferung", Date: sent, MessageID: "reply-1@seller.example",
			InReplyTo: "buyer-1@marketplace.amazon.de",
			Body:      "Vielen Dank für Ihre Nachricht zu 302-1234567-1234567.\r\n", ReceivedAt: sent,
		}},
		{"multipart takes the plain text", `From: support@seller.example
To: abc123@marketplace.amazon.de
Subject: Re: Where is my parcel?
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary=b1

--b1
Content-Type: text/html; charset=utf-8

<p>html</p>
--b1
Content-Type: text/plain; charset=iso-8859-1
Content-Transfer-Encoding: quoted-printable

Gr=FC=DFe
--b1--
`, OutboxMail{
			From: "support@seller.example", To: []string{"abc123@marketplace.amazon.de"},
			Subject: "Re: Where is my parcel?", Body: "Grüße", ReceivedAt: sent,
		}},
		{"not a mail", "\x00\x01 no headers here", OutboxMail{
			From: "support@seller.example", To: []string{"envelope@marketplace.amazon.de"}, ReceivedAt: sent,
			Error: "unreadable mail: message: malformed MIME header line: \x00\x01 no headers here\r\n",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := readOutbox(mails{received(tt.mail)})
			if len(got) != 1 {
				t.Fatalf("%d mails, want 1", len(got))
			}
			gj, _ := json.Marshal(got[0])
			wj, _ := json.Marshal(tt.want)
			if string(gj) != string(wj) {
				t.Errorf("got  %s\nwant %s", gj, wj)
			}
		})
	}
}

func TestOutboxJSONNewestFirst(t *testing.T) {
	first, second := received("Subject: first\n\none"), received("Subject: second\n\ntwo")
	second.ReceivedAt = sent.Add(time.Minute)
	_, srv := newTestUI(t, mails{first, second}, UIOptions{})
	res, body := get(t, srv.URL+"/outbox.json")
	if res.StatusCode != http.StatusOK || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("status %d, Cache-Control %q", res.StatusCode, res.Header.Get("Cache-Control"))
	}
	var got []OutboxMail
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	if len(got) != 2 || got[0].Subject != "second" || got[1].Subject != "first" || got[1].Body != "one" {
		t.Errorf("outbox %s", body)
	}
}
