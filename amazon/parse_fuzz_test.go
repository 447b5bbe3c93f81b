package amazon

import (
	"os"
	"testing"
	"unicode/utf8"

	"github.com/buyerdesk/buyerdesk"
)

// FuzzParse feeds arbitrary bytes to Parse: it must never panic, and every
// mail it accepts must have a kind and render as JSON.
func FuzzParse(f *testing.F) {
	for _, path := range fixtures(f) {
		raw, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		m, err := Parse(raw)
		if err != nil {
			return
		}
		switch m.Kind {
		case buyerdesk.KindBuyerMessage, buyerdesk.KindSellerCopy, buyerdesk.KindDeliveryFailure, buyerdesk.KindClaim:
		case buyerdesk.KindIgnored:
			if m.Reason == "" || m.Body != "" || m.RelayAddress != "" {
				t.Fatalf("ignored mail without reason or with case data: %+v", m)
			}
		default:
			t.Fatalf("Kind = %q", m.Kind)
		}
		if !utf8.ValidString(m.Body) || !utf8.ValidString(m.Subject) {
			t.Fatalf("invalid UTF-8 in %+v", m)
		}
		if _, err := MailJSON(m); err != nil {
			t.Fatalf("MailJSON: %v", err)
		}
	})
}

// BenchmarkParse parses the mixed fixtures round-robin.
func BenchmarkParse(b *testing.B) {
	var mails [][]byte
	for _, path := range fixtures(b) {
		raw, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		mails = append(mails, raw)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := Parse(mails[i%len(mails)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
