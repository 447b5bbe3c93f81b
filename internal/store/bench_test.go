package store_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/internal/store"
	"github.com/buyerdesk/buyerdesk/internal/store/storetest"
	bolt "go.etcd.io/bbolt"
)

// synthMail is the i-th of a realistic mail stream: about 3 KB of raw bytes,
// conversations of a few messages each over 2,000 relay addresses.
func synthMail(i int) store.IngestRequest {
	relay := fmt.Sprintf("k%07dqzx1v@marketplace.amazon.de", i%2000)
	order := fmt.Sprintf("302-%07d-%07d", i%2000, (i/2000)%5)
	id := fmt.Sprintf("0102019%010d-%04d@eu-west-1.amazonses.com", i, i%7919)
	sent := t0.Add(time.Duration(i) * time.Second)
	body := strings.Repeat("Hallo, ich habe meine Bestellung noch nicht erhalten. Können Sie bitte nachsehen? ", 8)
	raw := fmt.Sprintf("Return-Path: <%s>\r\nMessage-ID: <%s>\r\nDate: %s\r\nFrom: \"Erika Mustermann - Amazon Marketplace\" <%s>\r\n"+
		"To: seller@example.de\r\nSubject: Lieferung (Bestellung: %s)\r\nMIME-Version: 1.0\r\n"+
		"Content-Type: multipart/alternative; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"+
		"------------- Anfang der Nachricht -------------\r\n%s\r\n------------- Ende der Nachricht -------------\r\n"+
		"--b1\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n<html><body><p>%s</p></body></html>\r\n--b1--\r\n",
		relay, id, sent.Format(time.RFC1123Z), relay, order, body, body)
	raw += strings.Repeat("X-Amazon-Trace: 7f3a9c2e1b4d5f6a8c9e0b1d2f3a4c5e\r\n", (3000-len(raw))/50+1)
	return store.IngestRequest{
		Mailbox: "INBOX", UIDValidity: 1, UID: uint32(i + 1), Raw: []byte(raw), Now: sent.Add(time.Minute),
		Mail: buyerdesk.Mail{
			Kind: buyerdesk.KindBuyerMessage, OrderID: order, Marketplace: "amazon.de", RelayAddress: relay,
			BuyerName: "Erika Mustermann", Subject: "Lieferung (Bestellung: " + order + ")", MessageID: id,
			SentAt: sent, Language: "de", Body: body,
		},
	}
}

func synthMails(n int) []store.IngestRequest {
	reqs := make([]store.IngestRequest, n)
	for i := range reqs {
		reqs[i] = synthMail(i)
	}
	return reqs
}

func BenchmarkIngest(b *testing.B) {
	ctx := context.Background()
	db := storetest.MustOpen(b)
	reqs := synthMails(b.N)
	b.SetBytes(int64(len(reqs[0].Raw)))
	b.ResetTimer()
	for i := range b.N {
		if _, err := db.Ingest(ctx, reqs[i]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "mails/s")
}

func BenchmarkIngestBatch(b *testing.B) {
	const batch = 100
	ctx := context.Background()
	db := storetest.MustOpen(b)
	reqs := synthMails(b.N)
	b.SetBytes(int64(len(reqs[0].Raw)))
	b.ResetTimer()
	for i := 0; i < b.N; i += batch {
		if _, err := db.IngestBatch(ctx, reqs[i:min(i+batch, b.N)]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "mails/s")
}

// BenchmarkRawBoltCommit writes records of the sizes one Ingest writes (raw
// mail, message, case, event, three small index entries) in one bbolt
// commit each: the floor Ingest is measured against.
func BenchmarkRawBoltCommit(b *testing.B) {
	db, err := bolt.Open(filepath.Join(b.TempDir(), "raw.db"), 0o600, &bolt.Options{FreelistType: bolt.FreelistMapType})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error {
		_, err := tx.CreateBucket([]byte("r"))
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	reqs := synthMails(b.N)
	message, kase, event := make([]byte, 1400), make([]byte, 700), make([]byte, 260)
	b.SetBytes(int64(len(reqs[0].Raw)))
	b.ResetTimer()
	for i := range b.N {
		err := db.Update(func(tx *bolt.Tx) error {
			r := tx.Bucket([]byte("r"))
			id := []byte(reqs[i].Mail.MessageID)
			for _, kv := range [][2][]byte{
				{append([]byte("raw/"), id...), reqs[i].Raw},
				{append([]byte("msg/"), id...), message},
				{[]byte(fmt.Sprintf("case/%d", i%2000)), kase},
				{[]byte(fmt.Sprintf("event/%d/%d", i%2000, i)), event},
				{[]byte(fmt.Sprintf("idx/%d", i)), id},
				{[]byte(fmt.Sprintf("dl/%d", i%2000)), nil},
				{[]byte("cursor"), []byte("12345678")},
			} {
				if err := r.Put(kv[0], kv[1]); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "mails/s")
}
