package ingest_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/amazon/mailbox"
)

// TestUnparsableMailKeepsErrorButLogsNoContent: the parser's error for a
// mail without a header quotes the offending line, which is buyer text. The
// stored mail keeps the error for audit; the log line must not carry it.
func TestUnparsableMailKeepsErrorButLogsNoContent(t *testing.T) {
	var log bytes.Buffer
	p, db, stored := newPipeline(t, &log)
	ctx := context.Background()
	raw := []byte("Dear seller, my name is Johanna Quackenbush and I want a refund\r\n\r\nplease\r\n")
	if err := p.Deliver(ctx, "de", 7, []mailbox.Mail{{UID: 1, Raw: raw}}); err != nil {
		t.Fatal(err)
	}
	if len(*stored) != 1 {
		t.Fatalf("stored callback got %d results, want 1", len(*stored))
	}
	un, err := db.Unassigned(ctx)
	if err != nil || len(un) != 1 {
		t.Fatalf("unassigned = %d (%v), want the one unparsable mail", len(un), err)
	}
	m := un[0].Mail
	if m.Kind != buyerdesk.KindIgnored || !strings.HasPrefix(m.Reason, "unparsable mail: ") || !strings.Contains(m.Reason, "malformed") {
		t.Fatalf("stored mail = kind %q reason %q; want ignored with the parse error", m.Kind, m.Reason)
	}
	if raw2, err := db.Raw(ctx, un[0].Key); err != nil || !bytes.Equal(raw2, raw) {
		t.Fatalf("raw bytes not kept: %v", err)
	}
	out := log.String()
	if !strings.Contains(out, `"mail stored without a case"`) || !strings.Contains(out, `"reason":"unparsable mail"`) {
		t.Errorf("want one line naming an unparsable mail:\n%s", out)
	}
	for _, pii := range []string{"Johanna", "Quackenbush", "refund", "Dear seller"} {
		if strings.Contains(out, pii) {
			t.Errorf("log leaks %q:\n%s", pii, out)
		}
	}
}

// TestParserPanicIsAnIgnoredMail: a mail that makes the parser panic is
// stored as ignored with the panic as its reason, the cursor moves past it,
// and the rest of the batch is stored normally.
func TestParserPanicIsAnIgnoredMail(t *testing.T) {
	var log bytes.Buffer
	p, db, _ := newPipeline(t, &log)
	parse := p.Parse
	p.Parse = func(raw []byte) (buyerdesk.Mail, error) {
		if bytes.Contains(raw, []byte("BOOM")) {
			panic("index out of range")
		}
		return parse(raw)
	}
	ctx := context.Background()
	mails := []mailbox.Mail{
		{UID: 1, Raw: []byte("From: a@b\r\nSubject: BOOM\r\n\r\nx\r\n")},
		{UID: 2, Raw: buyerMail("m2@amazon", "302-1234567-1234567", "Hallo")},
	}
	if err := p.Deliver(ctx, "de", 7, mails); err != nil {
		t.Fatal(err)
	}
	if _, uid, _ := db.Cursor(ctx, "de"); uid != 2 {
		t.Fatalf("cursor at %d, want 2", uid)
	}
	un, err := db.Unassigned(ctx)
	if err != nil || len(un) != 1 || un[0].Mail.Kind != buyerdesk.KindIgnored || !strings.Contains(un[0].Mail.Reason, "parser panic: index out of range") {
		t.Fatalf("panicking mail not kept as ignored: %+v %v", un, err)
	}
	if !strings.Contains(log.String(), `"case stored"`) {
		t.Errorf("the good mail of the batch was not stored:\n%s", log.String())
	}
}
