package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/internal/store"
)

var t0 = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)

// buyer is a buyer_message from relay about order (both may be empty).
func buyer(msgID, relay, order string, sent time.Time) buyerdesk.Mail {
	return buyerdesk.Mail{
		Kind:         buyerdesk.KindBuyerMessage,
		OrderID:      order,
		Marketplace:  "amazon.de",
		RelayAddress: relay,
		BuyerName:    "Erika",
		Subject:      "Frage zum Artikel",
		MessageID:    msgID,
		SentAt:       sent,
		Language:     "de",
		Body:         "Wo bleibt mein Paket?",
	}
}

func withCaseID(m buyerdesk.Mail, id string) buyerdesk.Mail {
	m.CaseID = id
	return m
}

func ofKind(m buyerdesk.Mail, k buyerdesk.MailKind) buyerdesk.Mail {
	m.Kind = k
	return m
}

func req(m buyerdesk.Mail, uid uint32) store.IngestRequest {
	return store.IngestRequest{
		Mailbox: "INBOX", UIDValidity: 7, UID: uid,
		Raw:  []byte(fmt.Sprintf("Message-ID: <%s>\r\n\r\n%s", m.MessageID, m.Body)),
		Mail: m, Now: t0.Add(time.Duration(uid) * time.Minute),
	}
}

func mustIngest(t *testing.T, db *store.DB, r store.IngestRequest) store.IngestResult {
	t.Helper()
	res, err := db.Ingest(context.Background(), r)
	if err != nil {
		t.Fatalf("ingest %q: %v", r.Mail.MessageID, err)
	}
	return res
}

func mustAppend(t *testing.T, db *store.DB, id buyerdesk.CaseID, e buyerdesk.Event) buyerdesk.Case {
	t.Helper()
	c, _, err := db.Append(context.Background(), id, e)
	if err != nil {
		t.Fatalf("append %s: %v", e.Type, err)
	}
	return c
}

func dueIDs(t *testing.T, db *store.DB, before time.Time) []buyerdesk.CaseID {
	t.Helper()
	var ids []buyerdesk.CaseID
	err := db.DueBefore(context.Background(), before, func(c buyerdesk.Case) bool {
		ids = append(ids, c.ID)
		return true
	})
	if err != nil {
		t.Fatalf("due before: %v", err)
	}
	return ids
}
