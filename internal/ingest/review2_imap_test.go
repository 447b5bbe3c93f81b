package ingest_test

import (
	"bytes"
	"context"
	"io"
	"log"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"github.com/rs/zerolog"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/amazon/mailbox"
)

// TestWatcherIntoStoreSurvivesUIDValidityChange runs the real chain: an
// in-process IMAP server (imapmemserver), the mailbox watcher, this pipeline
// and a bbolt store. After the folder gets a new UIDVALIDITY and the server
// hands out the old mails again under new UIDs, the store's Message-ID
// dedup keeps every mail once, and the new mail is stored.
func TestWatcherIntoStoreSurvivesUIDValidityChange(t *testing.T) {
	mem := imapmemserver.New()
	user := imapmemserver.NewUser("seller", "secret")
	if err := user.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	mem.AddUser(user)
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps:         imap.CapSet{imap.CapIMAP4rev1: {}},
		InsecureAuth: true,
		Logger:       log.New(io.Discard, "", 0),
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	add := func(raw []byte) {
		t.Helper()
		if _, err := user.Append("INBOX", bytes.NewReader(raw), &imap.AppendOptions{Time: time.Now()}); err != nil {
			t.Fatal(err)
		}
	}

	var unused bytes.Buffer
	p, db, _ := newPipeline(t, &unused)
	var logs syncWriter
	p.Log = zerolog.New(&logs)
	old := [][]byte{
		buyerMail("a@amazon", "302-1111111-1111111", "Erste Frage"),
		buyerMail("b@amazon", "302-1111111-1111111", "Zweite Frage"),
		buyerMail("c@amazon", "302-1111111-1111111", "Dritte Frage"),
	}
	for _, raw := range old {
		add(raw)
	}
	ctx, cancel := context.WithCancel(context.Background())
	w := mailbox.New(mailbox.Config{
		Name: "de", Addr: ln.Addr().String(), TLS: mailbox.TLSNone, Username: "seller", Password: "secret",
		PollInterval: 50 * time.Millisecond, MinBackoff: 10 * time.Millisecond, MaxBackoff: 100 * time.Millisecond,
		Logger: zerolog.Nop(),
	}, p)
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("watcher: %v", err)
		}
	}()

	waitCursor := func(what string, ok func(v, uid uint32) bool) (uint32, uint32) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for {
			v, uid, err := db.Cursor(ctx, "de")
			if err == nil && ok(v, uid) {
				return v, uid
			}
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s; cursor %d/%d", what, v, uid)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	v1, _ := waitCursor("the first three mails", func(v, uid uint32) bool { return uid == 3 })

	if err := user.Delete("INBOX"); err != nil {
		t.Fatal(err)
	}
	if err := user.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	add(buyerMail("d@amazon", "302-2222222-2222222", "Neue Bestellung"))
	for _, raw := range old {
		add(raw)
	}
	waitCursor("the resync", func(v, uid uint32) bool { return v != v1 && uid == 4 })

	var cases []buyerdesk.Case
	if err := db.Cases(ctx, func(c buyerdesk.Case) bool { cases = append(cases, c); return true }); err != nil {
		t.Fatal(err)
	}
	// buyerMail's relay address carries a Seller Central case id, so all
	// four mails are one conversation.
	if len(cases) != 1 || cases[0].Messages != 4 {
		t.Fatalf("cases %+v, want one with 4 messages", cases)
	}
	total := 0
	for _, c := range cases {
		msgs, err := db.Messages(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(msgs) != c.Messages {
			t.Errorf("case %s: %d stored messages, projection says %d", c.ID, len(msgs), c.Messages)
		}
		total += len(msgs)
	}
	if total != 4 {
		t.Errorf("%d messages stored, want 4: each mail once across the resync", total)
	}
	if n := strings.Count(logs.String(), `"case stored"`); n != 4 {
		t.Errorf("%d case lines logged, want 4 (duplicates are not logged)", n)
	}
}

// syncWriter is a buffer the watcher's goroutine writes and the test reads.
type syncWriter struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *syncWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}
