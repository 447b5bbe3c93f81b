package app

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/amazon"
)

func TestDemoMailsParse(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	at := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	for _, b := range DemoBuyers() {
		c := NewDemoConversation(b, rnd)
		for i := range 2 {
			m, err := amazon.Parse(c.Mail(at, rnd))
			if err != nil {
				t.Fatalf("%s: %v", b.Subject, err)
			}
			if m.Kind != buyerdesk.KindBuyerMessage || m.Marketplace != b.Marketplace || m.OrderID != c.OrderID ||
				m.Language != b.Lang || !strings.HasPrefix(m.RelayAddress, c.Relay+"@") || !m.SentAt.Equal(at) {
				t.Errorf("%s #%d parsed as %+v", b.Subject, i+1, m)
			}
			if i == 0 && m.Body != b.Body {
				t.Errorf("%s: body %q, want %q", b.Subject, m.Body, b.Body)
			}
			if m.BuyerName != b.Name {
				t.Errorf("%s: buyer %q", b.Subject, m.BuyerName)
			}
		}
	}
}
