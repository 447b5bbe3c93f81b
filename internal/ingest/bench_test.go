package ingest_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/buyerdesk/buyerdesk/amazon"
	"github.com/buyerdesk/buyerdesk/amazon/mailbox"
	"github.com/buyerdesk/buyerdesk/internal/ingest"
	"github.com/buyerdesk/buyerdesk/internal/store"
)

var (
	orderRE = regexp.MustCompile(`\d{3}-\d{7}-\d{7}`)
	relayRE = regexp.MustCompile(`([a-z0-9]+)(\+[A-Za-z0-9]+)?@marketplace\.amazon\.`)
)

// mixedMails returns n distinct mails cycled from the parser's fixtures:
// every language, charset and kind, each with a unique Message-ID.
func mixedMails(tb testing.TB, n int) []mailbox.Mail {
	files, err := filepath.Glob("../../amazon/testdata/*.eml")
	if err != nil || len(files) == 0 {
		tb.Fatalf("no fixtures: %v", err)
	}
	var fixtures [][]byte
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		fixtures = append(fixtures, raw)
	}
	mails := make([]mailbox.Mail, n)
	for i := range mails {
		raw := fixtures[i%len(fixtures)]
		// A unique first header keeps content hashes apart; a unique
		// Message-ID keeps ids apart.
		raw = bytes.Replace(raw, []byte("Message-ID: <"), []byte(fmt.Sprintf("Message-ID: <%d.", i)), 1)
		// About three mails a conversation: distinct orders and relay addresses.
		conv := i / 3
		raw = orderRE.ReplaceAll(raw, []byte(fmt.Sprintf("302-%07d-%07d", conv, conv*7%10000000)))
		raw = relayRE.ReplaceAll(raw, []byte(fmt.Sprintf("${1}c%d${2}@marketplace.amazon.", conv)))
		raw = append([]byte(fmt.Sprintf("X-Bench-Seq: %d\r\n", i)), raw...)
		mails[i] = mailbox.Mail{UID: uint32(i + 1), Raw: raw}
	}
	return mails
}

// BenchmarkIngest10k parses and durably stores 10,000 mixed mails, delivered
// in the watcher's default batches of 50 (one transaction each).
func BenchmarkIngest10k(b *testing.B) {
	const n, batch = 10000, mailbox.DefaultBatchSize
	mails := mixedMails(b, n)
	ctx := context.Background()
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		db, err := store.Open(filepath.Join(b.TempDir(), "bench.db"), store.Options{})
		if err != nil {
			b.Fatal(err)
		}
		p := &ingest.Pipeline{Store: db, Parse: amazon.Parse, Now: func() time.Time { return now }, Log: zerolog.Nop()}
		b.StartTimer()
		for i := 0; i < n; i += batch {
			if err := p.Deliver(ctx, "bench", 1, mails[i:min(i+batch, n)]); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		if _, uid, _ := db.Cursor(ctx, "bench"); uid != n {
			b.Fatalf("cursor at %d, want %d", uid, n)
		}
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Seconds())/float64(b.N), "s/10k-mails")
}

// BenchmarkParse measures the parser alone over the same mix.
func BenchmarkParseMixed(b *testing.B) {
	mails := mixedMails(b, 1000)
	b.ResetTimer()
	for i := range b.N {
		if _, err := amazon.Parse(mails[i%len(mails)].Raw); err != nil {
			b.Fatal(err)
		}
	}
}
