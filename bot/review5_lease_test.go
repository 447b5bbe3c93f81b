package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/buyerdesk/buyerdesk/bot/fakeslack"
)

// TestReplyLeaseRenewedByActivity: the lease length is configurable and
// counts from the drafter's last activity (here: picking another template),
// not from opening the modal.
func TestReplyLeaseRenewedByActivity(t *testing.T) {
	r := newReplyRig(t, Config{DraftLease: 5 * time.Minute})
	c := r.open(replyMail())
	v := r.clickReply(userAna, c)

	r.FastForward(4 * time.Minute)
	if _, err := r.slack.SelectViewOption(r.ctx, userAna, v.ID, replyTemplateID, "order_shipped"); err != nil {
		t.Fatal(err)
	}
	r.topView(userAna, "modal re-rendered", func(v fakeslack.View) bool { return modalTemplate(t, v) == "order_shipped" })

	// 8 minutes after opening, 4 after the activity: still Ana's.
	r.FastForward(4 * time.Minute)
	if busy := r.clickReply(userBen, c); busy.CallbackID != replyBusyCallback {
		t.Fatalf("lease lapsed despite activity: ben got %s", busy.CallbackID)
	}
	// 6 minutes after the activity: lapsed, Ben may draft without taking over.
	r.FastForward(2 * time.Minute)
	if v := r.clickReply(userBen, c); v.CallbackID != replyCallback {
		t.Fatalf("lapsed lease still blocks: ben got %s", v.CallbackID)
	}
}

// TestReplyCardDropsLapsedDrafter: once the lease lapses the parent card
// stops saying "drafting: @x", without anyone touching the case.
func TestReplyCardDropsLapsedDrafter(t *testing.T) {
	r := newReplyRig(t, Config{DraftLease: 300 * time.Millisecond})
	c := r.open(replyMail())
	r.clickReply(userAna, c)
	r.eventually("card shows ana drafting", func() bool { return strings.Contains(r.parent(c), "drafting") })
	r.FastForward(time.Second) // the bot's clock: the lease is over when its timer fires
	r.eventually("card no longer names the drafter", func() bool { return !strings.Contains(r.parent(c), "drafting") })
}
