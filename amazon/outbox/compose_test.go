package outbox_test

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-message/mail"
	"github.com/google/go-cmp/cmp"

	"github.com/buyerdesk/buyerdesk/amazon/outbox"
)

func baseReply() outbox.Reply {
	return outbox.Reply{
		From:       "Kundenservice Bücherwurm <support@shop.example>",
		To:         "Erika Beispiel <abc123xyz@marketplace.amazon.de>",
		Subject:    "AW: Re: RE: Aw: WG: Lieferung beschädigt (Bestellung: 302-4418812-9937105)",
		InReplyTo:  "<0102019a.buyer-2@email.amazonses.com>",
		References: []string{"<0102019a.buyer-1@email.amazonses.com>", "<0102019a.reply-1@shop.example>"},
		OrderID:    "302-4418812-9937105",
		Body:       "Hallo,\n\nes tut uns leid, dass die Thermoskanne beschädigt ankam. Wir schicken Ersatz – größer geht's nicht.\n\nViele Grüße\nIhr Team",
		MessageID:  "<c0ffee@shop.example>",
		Date:       time.Date(2026, 10, 20, 14, 30, 0, 0, time.FixedZone("CEST", 2*3600)),
	}
}

func parse(t *testing.T, raw []byte) (*mail.Header, string) {
	t.Helper()
	r, err := mail.CreateReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("parse composed mail: %v\n%s", err, raw)
	}
	p, err := r.NextPart()
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(p.Body)
	if err != nil {
		t.Fatal(err)
	}
	return &r.Header, string(b)
}

func TestComposeParsesBack(t *testing.T) {
	raw, err := outbox.Compose(baseReply())
	if err != nil {
		t.Fatal(err)
	}
	h, body := parse(t, raw)

	subject, _ := h.Subject()
	from, _ := h.AddressList("From")
	to, _ := h.AddressList("To")
	date, _ := h.Date()
	id, _ := h.MessageID()
	inReplyTo, _ := h.MsgIDList("In-Reply-To")
	refs, _ := h.MsgIDList("References")
	got := map[string]any{
		"subject": subject, "from": from[0].String(), "to": to[0].Address, "toName": to[0].Name,
		"date": date.UTC(), "id": id, "inReplyTo": inReplyTo, "refs": refs,
		"mime": h.Get("MIME-Version"), "ct": h.Get("Content-Type"), "cte": h.Get("Content-Transfer-Encoding"),
	}
	want := map[string]any{
		"subject":   "Re: Lieferung beschädigt (Bestellung: 302-4418812-9937105)",
		"from":      (&mail.Address{Name: "Kundenservice Bücherwurm", Address: "support@shop.example"}).String(),
		"to":        "abc123xyz@marketplace.amazon.de",
		"toName":    "",
		"date":      time.Date(2026, 10, 20, 12, 30, 0, 0, time.UTC),
		"id":        "c0ffee@shop.example",
		"inReplyTo": []string{"0102019a.buyer-2@email.amazonses.com"},
		"refs": []string{"0102019a.buyer-1@email.amazonses.com", "0102019a.reply-1@shop.example",
			"0102019a.buyer-2@email.amazonses.com"},
		"mime": "1.0", "ct": "text/plain; charset=utf-8", "cte": "quoted-printable",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("headers (-want +got):\n%s", d)
	}
	// Exactly these header fields, each once.
	var names []string
	for f := h.Fields(); f.Next(); {
		names = append(names, f.Key())
	}
	wantNames := []string{"From", "To", "Subject", "Date", "Message-Id", "In-Reply-To", "References",
		"Mime-Version", "Content-Type", "Content-Transfer-Encoding"}
	if d := cmp.Diff(wantNames, names); d != "" {
		t.Errorf("header fields (-want +got):\n%s", d)
	}
	wantBody := "Hallo,\r\n\r\nes tut uns leid, dass die Thermoskanne beschädigt ankam. Wir schicken Ersatz – größer geht's nicht.\r\n\r\nViele Grüße\r\nIhr Team\r\n\r\nOrder ID: 302-4418812-9937105\r\n"
	if body != wantBody {
		t.Errorf("body:\n%q\nwant\n%q", body, wantBody)
	}
	// The wire form is 7-bit: umlauts travel quoted-printable.
	for i, c := range raw {
		if c > 0x7e || (c < 0x20 && c != '\r' && c != '\n') {
			t.Fatalf("byte %#x at %d is not 7-bit text", c, i)
		}
	}
	if !bytes.Contains(raw, []byte("besch=C3=A4digt")) {
		t.Error("body not quoted-printable UTF-8")
	}
	for _, line := range strings.Split(string(raw), "\r\n") {
		if len(line) > 998 {
			t.Errorf("line of %d octets", len(line))
		}
	}
}

func TestOrderIDNotRepeated(t *testing.T) {
	r := baseReply()
	r.Body = "Ihre Bestellung 302-4418812-9937105 ist unterwegs."
	raw, err := outbox.Compose(r)
	if err != nil {
		t.Fatal(err)
	}
	_, body := parse(t, raw)
	if strings.Count(body, r.OrderID) != 1 || strings.Contains(body, "Order ID:") {
		t.Errorf("body %q", body)
	}
}

func TestSubjectPrefixes(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Lieferung", "Re: Lieferung"},
		{"Re: Lieferung", "Re: Lieferung"},
		{"RE: AW: Re: Aw: WG: Lieferung", "Re: Lieferung"},
		{"Re[2]: Re : Antw: SV: Fwd: Question", "Re: Question"},
		{"  re:   re:Where is my order?  ", "Re: Where is my order?"},
		{"Rechnung fehlt", "Re: Rechnung fehlt"},
		{"Area: west", "Re: Area: west"},
		{"", "Re:"},
		{"Réclamation : colis abîmé", "Re: Réclamation : colis abîmé"},
		{"=?utf-8?q?Hi=0D=0ABcc:_x@y?=", "Re: = ?utf-8?q?Hi=0D=0ABcc:_x@y?="},
		{"Grüße =?utf-8?q?=0D=0A?=", "Re: Grüße = ?utf-8?q?=0D=0A?="},
		{strings.Repeat("ü", 500), "Re: " + strings.Repeat("ü", 200)},
	}
	for _, tt := range tests {
		r := baseReply()
		r.Subject = tt.in
		raw, err := outbox.Compose(r)
		if err != nil {
			t.Fatal(err)
		}
		h, _ := parse(t, raw)
		if got, _ := h.Subject(); got != tt.want {
			t.Errorf("%q → %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMessageIDs(t *testing.T) {
	r := baseReply()
	r.MessageID = "not a message id"
	if _, err := outbox.Compose(r); !errors.Is(err, outbox.ErrInvalidReply) {
		t.Errorf("invalid own Message-ID: err %v", err)
	}
	r = baseReply()
	r.Date = time.Time{}
	if _, err := outbox.Compose(r); !errors.Is(err, outbox.ErrInvalidReply) {
		t.Errorf("zero date: err %v", err)
	}
	r = baseReply()
	r.MessageID = "c0ffee@shop.example" // brackets are added
	if _, err := outbox.Compose(r); err != nil {
		t.Errorf("unbracketed id: %v", err)
	}

	id := outbox.NewMessageID("shop.example", strings.NewReader(strings.Repeat("\x01", 16)))
	if id != "<01010101010101010101010101010101@shop.example>" {
		t.Errorf("NewMessageID = %q", id)
	}
	if a, b := outbox.NewMessageID("shop.example", nil), outbox.NewMessageID("shop.example", nil); a == b {
		t.Error("two ids alike")
	}
	if id := outbox.NewMessageID("evil\r\nBcc: x", strings.NewReader("")); !strings.HasSuffix(id, "@buyerdesk.invalid>") {
		t.Errorf("hostile domain: %q", id)
	}
}

func TestReferences(t *testing.T) {
	many := make([]string, 15)
	for i := range many {
		many[i] = "ref" + string(rune('a'+i)) + "@example.com"
	}
	tests := []struct {
		name      string
		refs      []string
		inReplyTo string
		want      []string
	}{
		{"stored without brackets", []string{"root@example.com"}, "last@example.com", []string{"root@example.com", "last@example.com"}},
		{"header-style list", []string{"<a@x> <b@x>"}, "<b@x>", []string{"a@x", "b@x"}},
		{"junk dropped", []string{"<a@x> Bcc: victim@example.com", "no id", "<>"}, "<bad id@x>", []string{"a@x"}},
		{"trimmed, root and newest kept", many, "last@example.com",
			append([]string{"refa@example.com"}, append(append([]string(nil), many[7:]...), "last@example.com")...)},
	}
	for _, tt := range tests {
		r := baseReply()
		r.References, r.InReplyTo = tt.refs, tt.inReplyTo
		raw, err := outbox.Compose(r)
		if err != nil {
			t.Fatal(err)
		}
		h, _ := parse(t, raw)
		got, _ := h.MsgIDList("References")
		if d := cmp.Diff(tt.want, got); d != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, d)
		}
	}
}
