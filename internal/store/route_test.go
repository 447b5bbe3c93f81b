package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/internal/store/storetest"
)

// step ingests mail and expects it in the case labelled want ("" = no
// case), or records an outbound Message-ID on the case labelled sentOn.
type step struct {
	mail     buyerdesk.Mail
	want     string
	wantType buyerdesk.EventType
	sentOn   string
	sentID   string
}

func TestIngestRouting(t *testing.T) {
	const relay, relay2 = "abc123@marketplace.amazon.de", "xyz789@marketplace.amazon.de"
	const order, order2 = "302-1234567-1234567", "302-7654321-7654321"
	sent := t0
	tests := []struct {
		name  string
		steps []step
	}{
		{"follow-up with same relay and order joins", []step{
			{mail: buyer("m1", relay, order, sent), want: "A", wantType: buyerdesk.EventReceived},
			{mail: buyer("m2", relay, order, sent.Add(time.Hour)), want: "A", wantType: buyerdesk.EventReceived},
		}},
		{"relay address is matched case-insensitively", []step{
			{mail: buyer("m1", relay, order, sent), want: "A"},
			{mail: buyer("m2", "ABC123@Marketplace.Amazon.DE", order, sent), want: "A"},
		}},
		{"other order of same relay is another case", []step{
			{mail: buyer("m1", relay, order, sent), want: "A"},
			{mail: buyer("m2", relay, order2, sent), want: "B"},
		}},
		{"same order from another relay is another case", []step{
			{mail: buyer("m1", relay, order, sent), want: "A"},
			{mail: buyer("m2", relay2, order, sent), want: "B"},
		}},
		{"seller case id joins whatever the relay and order", []step{
			{mail: withCaseID(buyer("m1", relay, order, sent), "9876543210"), want: "A"},
			{mail: withCaseID(buyer("m2", relay2, "", sent), "9876543210"), want: "A"},
		}},
		{"pre-sale questions of one relay join", []step{
			{mail: buyer("m1", relay, "", sent), want: "A"},
			{mail: buyer("m2", relay, "", sent), want: "A"},
		}},
		{"pre-sale and order cases stay apart", []step{
			{mail: buyer("m1", relay, order, sent), want: "A"},
			{mail: buyer("m2", relay, "", sent), want: "B"},
			{mail: buyer("m3", relay, order, sent), want: "A"},
			{mail: buyer("m4", relay, "", sent), want: "B"},
		}},
		{"pre-sale case that learns its order stops taking pre-sale mail", []step{
			{mail: withCaseID(buyer("m1", relay, "", sent), "55"), want: "A"},
			{mail: withCaseID(buyer("m2", relay, order, sent), "55"), want: "A"},
			{mail: buyer("m3", relay, order, sent), want: "A"},
			{mail: buyer("m4", relay, "", sent), want: "B"},
		}},
		{"seller copy stops the clock of its case", []step{
			{mail: buyer("m1", relay, order, sent), want: "A"},
			{mail: ofKind(buyer("s1", relay, order, sent), buyerdesk.KindSellerCopy), want: "A", wantType: buyerdesk.EventSellerCopy},
		}},
		{"seller copy of a pre-sale answer", []step{
			{mail: buyer("m1", relay, "", sent), want: "A"},
			{mail: ofKind(buyer("s1", relay, "", sent), buyerdesk.KindSellerCopy), want: "A", wantType: buyerdesk.EventSellerCopy},
		}},
		{"seller copy without a case is unassigned", []step{
			{mail: ofKind(buyer("s1", relay, order, sent), buyerdesk.KindSellerCopy), want: ""},
		}},
		{"bounce finds the case by our outbound Message-ID", []step{
			{mail: buyer("m1", relay, order, sent), want: "A"},
			{mail: buyer("m2", relay2, order2, sent), want: "B"},
			{sentOn: "B", sentID: "reply-1@buyerdesk"},
			{mail: buyerdesk.Mail{Kind: buyerdesk.KindDeliveryFailure, MessageID: "bounce1",
				References: []string{"unknown@x", "<reply-1@buyerdesk>"}}, want: "B", wantType: buyerdesk.EventDeliveryFailed},
		}},
		{"bounce of an unknown mail is unassigned", []step{
			{mail: buyer("m1", relay, order, sent), want: "A"},
			{mail: buyerdesk.Mail{Kind: buyerdesk.KindDeliveryFailure, MessageID: "bounce1", References: []string{"x@y"}}, want: ""},
		}},
		{"claim goes to the newest case of the order", []step{
			{mail: buyer("m1", relay, order, sent), want: "A"},
			{mail: buyer("m2", relay2, order, sent), want: "B"},
			{mail: buyerdesk.Mail{Kind: buyerdesk.KindClaim, MessageID: "claim1", OrderID: order}, want: "B", wantType: buyerdesk.EventClaimFiled},
		}},
		{"claim of an unknown order is unassigned", []step{
			{mail: buyerdesk.Mail{Kind: buyerdesk.KindClaim, MessageID: "claim1", OrderID: order}, want: ""},
		}},
		{"ignored mail is unassigned even when it names a case", []step{
			{mail: buyer("m1", relay, order, sent), want: "A"},
			{mail: ofKind(buyer("i1", relay, order, sent), buyerdesk.KindIgnored), want: ""},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			db := storetest.MustOpen(t)
			cases := map[string]buyerdesk.CaseID{}
			var unassigned []string
			for i, s := range tt.steps {
				uid := uint32(i + 1)
				if s.sentOn != "" {
					mustAppend(t, db, cases[s.sentOn], buyerdesk.Event{Type: buyerdesk.EventSendIntent, At: t0,
						Actor: "U1", Key: "send/1", Data: map[string]string{"message_id": s.sentID}})
					continue
				}
				res := mustIngest(t, db, req(s.mail, uid))
				if s.want == "" {
					if res.Case.ID != "" || res.NewCase {
						t.Fatalf("step %d: mail went to case %s, want none", i, res.Case.ID)
					}
					unassigned = append(unassigned, res.MessageKey)
					continue
				}
				id, known := cases[s.want]
				if known != !res.NewCase {
					t.Fatalf("step %d: NewCase = %v, want %v", i, res.NewCase, !known)
				}
				if !known {
					for l, other := range cases {
						if other == res.Case.ID {
							t.Fatalf("step %d: new case %s reuses the id of case %s", i, res.Case.ID, l)
						}
					}
					cases[s.want], id = res.Case.ID, res.Case.ID
				}
				if res.Case.ID != id {
					t.Fatalf("step %d: mail went to case %s, want %s (%s)", i, res.Case.ID, s.want, id)
				}
				if s.wantType != "" && res.Event.Type != s.wantType {
					t.Errorf("step %d: event %s, want %s", i, res.Event.Type, s.wantType)
				}
				msgs, err := db.Messages(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				if last := msgs[len(msgs)-1]; last.Key != res.MessageKey || last.Case != id {
					t.Errorf("step %d: last message of case is %q/%s, want %q", i, last.Key, last.Case, res.MessageKey)
				}
			}
			got, err := db.Unassigned(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(unassigned) {
				t.Fatalf("unassigned = %d messages, want %d", len(got), len(unassigned))
			}
			for i, m := range got {
				if m.Key != unassigned[i] || m.Case != "" {
					t.Errorf("unassigned[%d] = %q (case %q), want %q", i, m.Key, m.Case, unassigned[i])
				}
			}
		})
	}
}

func TestIngestFillsCaseFromMail(t *testing.T) {
	ctx := context.Background()
	db := storetest.MustOpen(t)
	relay := "abc123@marketplace.amazon.de"
	first := withCaseID(buyer("m1", relay, "", t0), "777")
	res := mustIngest(t, db, req(first, 1))
	c := res.Case
	if c.Mailbox != "INBOX" || c.Marketplace != "amazon.de" || c.RelayAddress != relay || c.SellerCaseID != "777" ||
		c.OrderID != "" || c.Subject != first.Subject || c.BuyerName != "Erika" || c.Language != "de" || !c.Opened.Equal(t0) {
		t.Fatalf("new case fields = %+v", c)
	}
	if c.State != buyerdesk.StateOpen || !c.WaitingSince.Equal(t0) || !c.Deadline.Equal(t0.Add(24*time.Hour)) ||
		c.LastMessageID != "m1" || c.Messages != 1 || c.Clock != 1 {
		t.Fatalf("new case projection = %+v", c)
	}
	second := withCaseID(buyer("m2", relay, "302-1111111-2222222", t0.Add(time.Hour)), "777")
	second.Subject, second.BuyerName = "Other subject", "Other"
	c = mustIngest(t, db, req(second, 2)).Case
	if c.ID != res.Case.ID || c.OrderID != "302-1111111-2222222" || c.Subject != first.Subject || c.BuyerName != "Erika" {
		t.Fatalf("follow-up case = %+v", c)
	}
	if !c.WaitingSince.Equal(t0) || c.Messages != 2 || c.LastMessageID != "m2" {
		t.Fatalf("follow-up keeps the earliest waiting message: %+v", c)
	}
	byOrder, err := db.CasesByOrder(ctx, "302-1111111-2222222")
	if err != nil || len(byOrder) != 1 || byOrder[0].ID != c.ID {
		t.Fatalf("CasesByOrder = %v, %v", byOrder, err)
	}
	events, err := db.Events(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 2 || events[1].Data["message_id"] != "m2" || events[1].Data["sent_at"] != t0.Add(time.Hour).Format(time.RFC3339Nano) ||
		events[1].Data["kind"] != "buyer_message" || events[1].Actor != buyerdesk.SystemActor || !events[1].At.Equal(t0.Add(2*time.Minute)) {
		t.Fatalf("events = %+v", events)
	}
}
