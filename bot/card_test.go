package bot

import (
	"strings"
	"testing"
)

// TestCardShowsCategory: the trigger rules' category appears on the card
// once the thread is there (a damaged item is "quality", a late parcel
// "shipping").
func TestCardShowsCategory(t *testing.T) {
	h := newHarness(t, Config{})
	tests := []struct{ id, order, body, want string }{
		{"c1@amazon.de", "302-0000001-0000001", "Das Paket ist beschädigt angekommen.", "quality"},
		{"c2@amazon.de", "302-0000002-0000002", "Wo ist mein Paket? Es ist noch nicht angekommen.", "shipping"},
	}
	for _, tt := range tests {
		m := sampleMail(tt.id, tt.order)
		m.Body, m.Subject = tt.body, "Frage"
		res := h.mirrorIngest(m)
		c, _ := h.mirrorWait(res.Case.ID, 1)
		h.eventually("category on the card of "+tt.order, func() bool {
			msg, _ := h.slack.Message(c.Channel, c.ThreadTS)
			return strings.Contains(string(msg.Blocks), "*Category*\\n"+tt.want)
		})
	}
}
