package ingest_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/amazon"
	"github.com/buyerdesk/buyerdesk/amazon/mailbox"
	"github.com/buyerdesk/buyerdesk/internal/ingest"
	"github.com/buyerdesk/buyerdesk/internal/store"
	"github.com/buyerdesk/buyerdesk/internal/store/storetest"
)

func buyerMail(msgID, order, body string) []byte {
	return []byte(fmt.Sprintf("From: \"Erika Muster - Amazon Marketplace\" <k3x9q2m7+AB12CD34EF56@marketplace.amazon.de>\r\n"+
		"To: support@shop.example\r\nSubject: Frage zur Bestellung (Bestellung: %s)\r\n"+
		"Message-ID: <%s>\r\nDate: Tue, 24 Nov 2026 09:15:00 +0100\r\nMIME-Version: 1.0\r\n"+
		"Content-Type: text/plain; charset=utf-8\r\n\r\n"+
		"------------- Anfang der Nachricht -------------\r\n\r\n%s\r\n\r\n"+
		"------------- Ende der Nachricht -------------\r\n", order, msgID, body))
}

func newPipeline(t *testing.T, log *bytes.Buffer) (*ingest.Pipeline, *store.DB, *[]store.IngestResult) {
	db := storetest.MustOpen(t)
	var stored []store.IngestResult
	p := &ingest.Pipeline{Store: db, Parse: amazon.Parse,
		Now: func() time.Time { return time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC) },
		Log: zerolog.New(log),
		Stored: func(_ context.Context, rs []store.IngestResult) {
			stored = append(stored, rs...)
		}}
	return p, db, &stored
}

func TestDeliverStoresCasesAndCursor(t *testing.T) {
	var log bytes.Buffer
	p, db, stored := newPipeline(t, &log)
	ctx := context.Background()
	mails := []mailbox.Mail{
		{UID: 1, Raw: buyerMail("m1@amazon", "302-1234567-1234567", "Wo ist mein Paket?")},
		{UID: 2, Raw: buyerMail("m2@amazon", "302-1234567-1234567", "Noch eine Frage.")},
		{UID: 3, Raw: []byte("\x00\x01 not a mail at all")},
	}
	if err := p.Deliver(ctx, "de", 7, mails); err != nil {
		t.Fatal(err)
	}
	if v, uid, _ := db.Cursor(ctx, "de"); v != 7 || uid != 3 {
		t.Fatalf("cursor = %d/%d, want 7/3", v, uid)
	}
	if len(*stored) != 3 {
		t.Fatalf("stored callback got %d results, want 3", len(*stored))
	}
	c := (*stored)[1].Case
	if c.OrderID != "302-1234567-1234567" || c.Messages != 2 || !(*stored)[0].NewCase || (*stored)[1].NewCase {
		t.Fatalf("follow-up did not join the case: %+v", c)
	}
	un, err := db.Unassigned(ctx)
	if err != nil || len(un) != 1 || un[0].Mail.Kind != buyerdesk.KindIgnored || un[0].Mail.Reason == "" {
		t.Fatalf("unparsable mail not kept as ignored: %+v %v", un, err)
	}
	for _, pii := range []string{"Erika", "Muster", "marketplace.amazon.de", "Paket", "Frage"} {
		if bytes.Contains(log.Bytes(), []byte(pii)) {
			t.Errorf("log contains PII %q:\n%s", pii, log.String())
		}
	}
	if got := bytes.Count(log.Bytes(), []byte(`"case stored"`)); got != 2 {
		t.Errorf("%d case lines logged, want 2:\n%s", got, log.String())
	}
}

func TestDeliverTwiceIsIdempotent(t *testing.T) {
	var log bytes.Buffer
	p, db, stored := newPipeline(t, &log)
	ctx := context.Background()
	m := []mailbox.Mail{{UID: 1, Raw: buyerMail("m1@amazon", "302-1234567-1234567", "Hallo")}}
	for range 2 {
		if err := p.Deliver(ctx, "de", 7, m); err != nil {
			t.Fatal(err)
		}
	}
	if len(*stored) != 1 {
		t.Fatalf("second delivery reported %d changes, want none", len(*stored)-1)
	}
	msgs, err := db.Messages(ctx, (*stored)[0].Case.ID)
	if err != nil || len(msgs) != 1 {
		t.Fatalf("messages = %d (%v), want 1", len(msgs), err)
	}
}

// TestDeliverMarketplaceHint: a mail that names no marketplace takes its
// mailbox's configured one; a mail that names one keeps it.
func TestDeliverMarketplaceHint(t *testing.T) {
	var log bytes.Buffer
	p, db, stored := newPipeline(t, &log)
	p.Marketplaces = map[string]string{"uk": "amazon.co.uk"}
	p.Parse = func(raw []byte) (buyerdesk.Mail, error) {
		m, err := amazon.Parse(raw)
		if string(raw[:3]) == "NOM" {
			m.Marketplace = ""
		}
		return m, err
	}
	raw := buyerMail("h1@amazon", "302-1234567-7654321", "Hallo")
	if err := p.Deliver(context.Background(), "uk", 1, []mailbox.Mail{{UID: 1, Raw: append([]byte("NOM: x\r\n"), raw...)}}); err != nil {
		t.Fatal(err)
	}
	if err := p.Deliver(context.Background(), "uk", 1, []mailbox.Mail{{UID: 2, Raw: buyerMail("h2@amazon", "302-7654321-1234567", "Hallo")}}); err != nil {
		t.Fatal(err)
	}
	if got := (*stored)[0].Case.Marketplace; got != "amazon.co.uk" {
		t.Errorf("mail without marketplace: %q, want the mailbox's amazon.co.uk", got)
	}
	msgs, err := db.Messages(context.Background(), (*stored)[1].Case.ID)
	if err != nil || len(msgs) != 2 {
		t.Fatalf("messages: %d, %v", len(msgs), err)
	}
	if got := msgs[1].Mail.Marketplace; got != "amazon.de" {
		t.Errorf("mail naming amazon.de: %q, want amazon.de kept", got)
	}
}

// TestSentAtDistrustsSkewedDates: the reply clock counts from the mail's
// Date unless it is missing, in the future or absurd; then from the
// server's receipt time, else from now.
func TestSentAtDistrustsSkewedDates(t *testing.T) {
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	recv := now.Add(-time.Hour)
	tests := []struct {
		name      string
		date, rcv time.Time
		want      time.Time
	}{
		{"plausible date", now.Add(-2 * time.Hour), recv, now.Add(-2 * time.Hour)},
		{"slightly ahead is fine", now.Add(time.Minute), recv, now.Add(time.Minute)},
		{"a day in the future", now.Add(24 * time.Hour), recv, recv},
		{"before 1970", time.Date(1969, 7, 20, 0, 0, 0, 0, time.UTC), recv, recv},
		{"missing", time.Time{}, recv, recv},
		{"missing, no receipt time", time.Time{}, time.Time{}, now},
	}
	for _, tt := range tests {
		var log bytes.Buffer
		p, db, stored := newPipeline(t, &log)
		p.Now = func() time.Time { return now }
		p.Parse = func(raw []byte) (buyerdesk.Mail, error) {
			m, err := amazon.Parse(raw)
			m.SentAt = tt.date
			return m, err
		}
		err := p.Deliver(context.Background(), "de", 1, []mailbox.Mail{{UID: 1, InternalDate: tt.rcv,
			Raw: buyerMail("s@amazon", "302-1111111-2222222", "Hallo")}})
		if err != nil {
			t.Fatal(err)
		}
		c, _ := db.Case(context.Background(), (*stored)[0].Case.ID)
		if !c.WaitingSince.Equal(tt.want) {
			t.Errorf("%s: clock starts %v, want %v", tt.name, c.WaitingSince, tt.want)
		}
	}
}
