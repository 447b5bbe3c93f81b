package bot

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/buyerdesk/buyerdesk"
)

// TestReplyApproveRelints: "Approve & send" lints the stored draft again
// and refuses one that breaks a block rule (a draft stored before the rules
// tightened, or altered in the store), naming the finding; nothing is sent
// and the draft can still be approved after an edit.
func TestReplyApproveRelints(t *testing.T) {
	r := newReplyRig(t, Config{SelfApproval: false})
	c := r.open(replyMail())
	v := r.clickReply(userAna, c)
	cardTS, draft := r.draftAndSubmit(userAna, c, modalText(t, v))

	raw, err := r.store.Get(r.ctx, replyDraftNS, draft)
	if err != nil {
		t.Fatal(err)
	}
	var d replyDraft
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatal(err)
	}
	d.Text += "\n\nMehr Infos: www.mein-shop.de"
	raw, _ = json.Marshal(d)
	if err := r.store.Put(r.ctx, replyDraftNS, draft, raw); err != nil {
		t.Fatal(err)
	}

	if _, err := r.slack.ClickButton(r.ctx, userBen, c.Channel, cardTS, ActionApprove, draft); err != nil {
		t.Fatal(err)
	}
	r.told(userBen, "mein-shop.de")
	r.waitCount(c.ID, buyerdesk.EventRefused, 1)
	for _, e := range r.events(c.ID) {
		if e.Type == buyerdesk.EventRefused && e.Data["reason"] != "lint_block" {
			t.Errorf("refused for %q, want lint_block", e.Data["reason"])
		}
	}
	if n := r.count(c.ID, buyerdesk.EventApproved) + r.count(c.ID, buyerdesk.EventSendIntent); n != 0 {
		t.Fatalf("a blocking draft was approved (%d approval/intent events)", n)
	}
	if got := r.sink.Messages(); len(got) != 0 {
		t.Fatalf("a blocking draft was sent: %d mails", len(got))
	}
	if m, _ := r.slack.Message(c.Channel, cardTS); !strings.Contains(string(m.Blocks), `"action_id":"approve"`) {
		t.Errorf("the approval card lost its buttons after a refusal: %s", m.Blocks)
	}
}
