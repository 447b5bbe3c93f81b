package store_test

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/internal/store"
	"github.com/buyerdesk/buyerdesk/internal/store/storetest"
)

func TestAppendSeqAndDuplicateKey(t *testing.T) {
	ctx := context.Background()
	db := storetest.MustOpen(t)
	c := mustIngest(t, db, req(buyer("m1", "r@marketplace.amazon.de", "", t0), 1)).Case

	claimed, e, err := db.Append(ctx, c.ID, buyerdesk.Event{Type: buyerdesk.EventClaimed, At: t0, Actor: "U1", Key: "claim/1"})
	if err != nil {
		t.Fatal(err)
	}
	if e.Seq != 2 || claimed.Assignee != "U1" {
		t.Fatalf("claimed: seq %d, assignee %q", e.Seq, claimed.Assignee)
	}
	_, e, err = db.Append(ctx, c.ID, buyerdesk.Event{Type: buyerdesk.EventPosted, At: t0, Actor: buyerdesk.SystemActor})
	if err != nil || e.Seq != 3 {
		t.Fatalf("posted: seq %d, %v", e.Seq, err)
	}

	_, _, err = db.Append(ctx, c.ID, buyerdesk.Event{Type: buyerdesk.EventClaimed, At: t0.Add(time.Hour), Actor: "U2", Key: "claim/1"})
	if !errors.Is(err, store.ErrDuplicate) {
		t.Fatalf("duplicate key: err = %v, want ErrDuplicate", err)
	}
	after, err := db.Case(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if after.Assignee != "U1" || !after.Updated.Equal(t0) {
		t.Fatalf("refused event changed the case: %+v", after)
	}
	events, _ := db.Events(ctx, c.ID)
	if len(events) != 3 {
		t.Fatalf("%d events after a refused append, want 3", len(events))
	}
	for i, e := range events {
		if e.Seq != uint64(i+1) {
			t.Fatalf("event %d has seq %d", i, e.Seq)
		}
	}
	if ok, _ := db.HasEvent(ctx, c.ID, "claim/1"); !ok {
		t.Error("HasEvent(claim/1) = false")
	}
	if ok, _ := db.HasEvent(ctx, c.ID, "claim/2"); ok {
		t.Error("HasEvent(claim/2) = true")
	}
	// The next append continues the sequence.
	if _, e, _ := db.Append(ctx, c.ID, buyerdesk.Event{Type: buyerdesk.EventReleased, At: t0, Actor: "U1"}); e.Seq != 4 {
		t.Fatalf("seq after refusal = %d, want 4", e.Seq)
	}
}

func TestAppendErrors(t *testing.T) {
	ctx := context.Background()
	db := storetest.MustOpen(t)
	if _, _, err := db.Append(ctx, "nope", buyerdesk.Event{Type: buyerdesk.EventResolved, At: t0}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown case: %v", err)
	}
	if _, err := db.Case(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Case(unknown): %v", err)
	}
	if _, err := db.Events(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Events(unknown): %v", err)
	}
	c := mustIngest(t, db, req(buyer("m1", "r@marketplace.amazon.de", "", t0), 1)).Case
	if _, _, err := db.Append(ctx, c.ID, buyerdesk.Event{Type: buyerdesk.EventResolved}); err == nil {
		t.Error("event without time accepted")
	}
}

func TestCaseIsFoldOfLog(t *testing.T) {
	ctx := context.Background()
	db := storetest.MustOpen(t)
	c := mustIngest(t, db, req(buyer("m1", "r@marketplace.amazon.de", "302-1234567-1234567", t0), 1)).Case
	for _, e := range []buyerdesk.Event{
		{Type: buyerdesk.EventMirrored, At: t0, Data: map[string]string{"channel": "C1", "ts": "1.2"}},
		{Type: buyerdesk.EventClaimed, At: t0, Actor: "U1"},
		{Type: buyerdesk.EventSent, At: t0.Add(time.Hour), Actor: "U1", Data: map[string]string{"message_id": "out1@bd"}},
	} {
		c = mustAppend(t, db, c.ID, e)
	}
	c = mustIngest(t, db, req(buyer("m2", "r@marketplace.amazon.de", "302-1234567-1234567", t0.Add(2*time.Hour)), 2)).Case

	events, err := db.Events(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	fold := buyerdesk.Case{ID: c.ID, Mailbox: c.Mailbox, Marketplace: c.Marketplace, RelayAddress: c.RelayAddress,
		SellerCaseID: c.SellerCaseID, OrderID: c.OrderID, Subject: c.Subject, BuyerName: c.BuyerName,
		Language: c.Language, Opened: c.Opened}
	for _, e := range events {
		fold.Apply(e)
	}
	fold.Deadline = t0.Add(2 * time.Hour).Add(24 * time.Hour)
	stored, _ := db.Case(ctx, c.ID)
	if !reflect.DeepEqual(fold, stored) {
		t.Fatalf("stored case differs from the fold of its log:\nstored %+v\nfold   %+v", stored, fold)
	}
	byThread, err := db.CaseByThread(ctx, "C1", "1.2")
	if err != nil || byThread.ID != c.ID {
		t.Fatalf("CaseByThread = %s, %v", byThread.ID, err)
	}
	if _, err := db.CaseByThread(ctx, "C1", "9.9"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("CaseByThread(unknown) = %v", err)
	}
}

func TestDeadlineIndex(t *testing.T) {
	ctx := context.Background()
	windows := map[string]time.Duration{"amazon.de": 24 * time.Hour, "amazon.co.uk": 12 * time.Hour}
	db := storetest.MustOpen(t, store.Options{Window: func(mp string, _ time.Time) time.Duration { return windows[mp] }})

	if _, ok, err := db.NextDeadline(ctx); ok || err != nil {
		t.Fatalf("empty store has a next deadline: %v %v", ok, err)
	}
	// a: due t0+24h; b (UK, 12h window): due t0+1h+12h; c: due t0+2h+24h.
	a := mustIngest(t, db, req(buyer("a1", "a@marketplace.amazon.de", "", t0), 1)).Case
	ukMail := buyer("b1", "b@marketplace.amazon.co.uk", "", t0.Add(time.Hour))
	ukMail.Marketplace = "amazon.co.uk"
	b := mustIngest(t, db, req(ukMail, 2)).Case
	c := mustIngest(t, db, req(buyer("c1", "c@marketplace.amazon.de", "", t0.Add(2*time.Hour)), 3)).Case
	if !b.Deadline.Equal(t0.Add(13 * time.Hour)) {
		t.Fatalf("UK deadline = %v", b.Deadline)
	}
	far := t0.Add(100 * time.Hour)
	if got, want := dueIDs(t, db, far), []buyerdesk.CaseID{b.ID, a.ID, c.ID}; !slices.Equal(got, want) {
		t.Fatalf("due = %v, want %v", got, want)
	}
	if got, want := dueIDs(t, db, a.Deadline), []buyerdesk.CaseID{b.ID, a.ID}; !slices.Equal(got, want) {
		t.Fatalf("due at a's deadline = %v, want %v (inclusive)", got, want)
	}
	if got := dueIDs(t, db, b.Deadline.Add(-time.Nanosecond)); len(got) != 0 {
		t.Fatalf("due before the first deadline = %v", got)
	}
	if next, ok, _ := db.NextDeadline(ctx); !ok || !next.Equal(b.Deadline) {
		t.Fatalf("next deadline = %v %v, want %v", next, ok, b.Deadline)
	}

	// A follow-up does not move the deadline of a waiting case.
	mustIngest(t, db, req(buyer("a2", "a@marketplace.amazon.de", "", t0.Add(5*time.Hour)), 4))
	// Answering b takes it out of the index.
	b = mustAppend(t, db, b.ID, buyerdesk.Event{Type: buyerdesk.EventSent, At: t0.Add(3 * time.Hour), Actor: "U1",
		Data: map[string]string{"message_id": "out-b@bd"}})
	if !b.Deadline.IsZero() || b.State != buyerdesk.StateAnswered {
		t.Fatalf("answered case: %+v", b)
	}
	if got, want := dueIDs(t, db, far), []buyerdesk.CaseID{a.ID, c.ID}; !slices.Equal(got, want) {
		t.Fatalf("due after answer = %v, want %v", got, want)
	}
	// Its reply bounces: the clock it stopped runs again with the old deadline.
	bounce := buyerdesk.Mail{Kind: buyerdesk.KindDeliveryFailure, MessageID: "bounce", References: []string{"out-b@bd"}}
	if res := mustIngest(t, db, req(bounce, 5)); res.Case.ID != b.ID || !res.Case.Deadline.Equal(t0.Add(13*time.Hour)) {
		t.Fatalf("bounce: case %s deadline %v", res.Case.ID, res.Case.Deadline)
	}
	if got, want := dueIDs(t, db, far), []buyerdesk.CaseID{b.ID, a.ID, c.ID}; !slices.Equal(got, want) {
		t.Fatalf("due after bounce = %v, want %v", got, want)
	}
	// Resolving a leaves the index; reopening puts it back.
	mustAppend(t, db, a.ID, buyerdesk.Event{Type: buyerdesk.EventResolved, At: t0, Actor: "U1"})
	if got, want := dueIDs(t, db, far), []buyerdesk.CaseID{b.ID, c.ID}; !slices.Equal(got, want) {
		t.Fatalf("due after resolve = %v, want %v", got, want)
	}
	a = mustAppend(t, db, a.ID, buyerdesk.Event{Type: buyerdesk.EventReopened, At: t0, Actor: "U1"})
	if !a.Deadline.Equal(t0.Add(24 * time.Hour)) {
		t.Fatalf("reopened deadline = %v", a.Deadline)
	}
	if got, want := dueIDs(t, db, far), []buyerdesk.CaseID{b.ID, a.ID, c.ID}; !slices.Equal(got, want) {
		t.Fatalf("due after reopen = %v, want %v", got, want)
	}
	// A new buyer message after an answer starts a new clock.
	c = mustAppend(t, db, c.ID, buyerdesk.Event{Type: buyerdesk.EventNoResponseNeeded, At: t0, Actor: "U1"})
	if got, want := dueIDs(t, db, far), []buyerdesk.CaseID{b.ID, a.ID}; !slices.Equal(got, want) {
		t.Fatalf("due after no-response-needed = %v, want %v", got, want)
	}
	c = mustIngest(t, db, req(buyer("c2", "c@marketplace.amazon.de", "", t0.Add(30*time.Hour)), 6)).Case
	if !c.Deadline.Equal(t0.Add(54*time.Hour)) || c.Clock != 2 {
		t.Fatalf("new clock: deadline %v clock %d", c.Deadline, c.Clock)
	}
	if got, want := dueIDs(t, db, far), []buyerdesk.CaseID{b.ID, a.ID, c.ID}; !slices.Equal(got, want) {
		t.Fatalf("due after new message = %v, want %v", got, want)
	}
	// fn returning false stops the walk; fn may write to the store.
	var seen []buyerdesk.CaseID
	err := db.DueBefore(ctx, far, func(c buyerdesk.Case) bool {
		seen = append(seen, c.ID)
		mustAppend(t, db, c.ID, buyerdesk.Event{Type: buyerdesk.EventEscalated, At: t0, Key: "esc/1/1"})
		return len(seen) < 2
	})
	if err != nil || !slices.Equal(seen, []buyerdesk.CaseID{b.ID, a.ID}) {
		t.Fatalf("stopped walk saw %v, %v", seen, err)
	}
}

func TestDueBeforeManyCases(t *testing.T) {
	ctx := context.Background()
	db := storetest.MustOpen(t)
	// More cases than one page of the walk, in reverse deadline order.
	const n = 600
	var reqs []store.IngestRequest
	for i := range n {
		m := buyer(string(rune('a'+i%26))+time.Duration(i).String(), "", "", t0.Add(time.Duration(n-i)*time.Minute))
		m.RelayAddress = m.MessageID + "@marketplace.amazon.de"
		reqs = append(reqs, req(m, uint32(i+1)))
	}
	if _, err := db.IngestBatch(ctx, reqs); err != nil {
		t.Fatal(err)
	}
	var last time.Time
	count := 0
	err := db.DueBefore(ctx, t0.Add(1000*time.Hour), func(c buyerdesk.Case) bool {
		if c.Deadline.Before(last) {
			t.Fatalf("deadline %v after %v", c.Deadline, last)
		}
		last = c.Deadline
		count++
		return true
	})
	if err != nil || count != n {
		t.Fatalf("walked %d cases, want %d (%v)", count, n, err)
	}
	count = 0
	if err := db.Cases(ctx, func(buyerdesk.Case) bool { count++; return true }); err != nil || count != n {
		t.Fatalf("Cases walked %d, want %d (%v)", count, n, err)
	}
}

func TestAppendSameKeyConcurrently(t *testing.T) {
	ctx := context.Background()
	db := storetest.MustOpen(t)
	c := mustIngest(t, db, req(buyer("m1", "r@marketplace.amazon.de", "", t0), 1)).Case
	const n = 8
	errs := make(chan error, n)
	for i := range n {
		go func() {
			_, _, err := db.Append(ctx, c.ID, buyerdesk.Event{Type: buyerdesk.EventEscalated, At: t0,
				Actor: buyerdesk.SystemActor, Key: "esc/1/0", Data: map[string]string{"by": string(rune('a' + i))}})
			errs <- err
		}()
	}
	ok := 0
	for range n {
		err := <-errs
		switch {
		case err == nil:
			ok++
		case !errors.Is(err, store.ErrDuplicate):
			t.Fatalf("append: %v", err)
		}
	}
	events, _ := db.Events(ctx, c.ID)
	if ok != 1 || len(events) != 2 {
		t.Fatalf("%d appends succeeded, %d events; want 1 and 2", ok, len(events))
	}
}
