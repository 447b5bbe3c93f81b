package bot

import (
	"strings"
	"testing"

	"github.com/buyerdesk/buyerdesk/amazon/amazontest"
)

// TestReplyCardShowsOrderDataUnavailable: a failed order lookup does not
// block the reply (the modal opens with placeholders, tested elsewhere) and
// the parent card says "order data unavailable" until a lookup succeeds.
func TestReplyCardShowsOrderDataUnavailable(t *testing.T) {
	r := newReplyRig(t, Config{})
	const order = "999-0000000-0000001" // not in the SP-API yet
	c := r.open(sampleMail("m-unavail@amazon.de", order))
	if strings.Contains(r.parent(c), "order data unavailable") {
		t.Fatal("note before any lookup")
	}
	v := r.clickReply(userAna, c)
	if !strings.Contains(string(v.Blocks), "order data unavailable") {
		t.Errorf("modal lacks the note: %s", v.Blocks)
	}
	r.eventually("parent card notes the failed lookup", func() bool { return strings.Contains(r.parent(c), "order data unavailable") })

	// The order appears; the next lookup succeeds and the note goes.
	seeds, err := amazontest.SeedOrders()
	if err != nil {
		t.Fatal(err)
	}
	o := seeds[0]
	o.OrderID = order
	r.sp.AddOrder(o)
	v = r.clickReply(userAna, c)
	if strings.Contains(string(v.Blocks), "order data unavailable") {
		t.Errorf("modal still notes missing data: %s", v.Blocks)
	}
	r.eventually("note cleared", func() bool { return !strings.Contains(r.parent(c), "order data unavailable") })
}
