package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/internal/store"
	"github.com/buyerdesk/buyerdesk/internal/store/storetest"
)

func TestRecomputeDeadlines(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "bd.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := mustIngest(t, db, req(buyer("a1", "a@marketplace.amazon.de", "", t0), 1)).Case
	uk := buyer("b1", "b@marketplace.amazon.co.uk", "", t0.Add(time.Hour))
	uk.Marketplace = "amazon.co.uk"
	b := mustIngest(t, db, req(uk, 2)).Case
	answered := mustIngest(t, db, req(buyer("c1", "c@marketplace.amazon.de", "", t0), 3)).Case
	mustAppend(t, db, answered.ID, buyerdesk.Event{Type: buyerdesk.EventSent, At: t0, Actor: "U1"})
	db.Close()

	// The UK window shrinks to 12 h in the new configuration.
	db, err = store.Open(path, store.Options{Window: func(mp string, _ time.Time) time.Duration {
		if mp == "amazon.co.uk" {
			return 12 * time.Hour
		}
		return 24 * time.Hour
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	n, err := db.RecomputeDeadlines(ctx)
	if err != nil || n != 1 {
		t.Fatalf("RecomputeDeadlines = %d, %v; want 1 changed", n, err)
	}
	if got, want := dueIDs(t, db, t0.Add(100*time.Hour)), []buyerdesk.CaseID{b.ID, a.ID}; !slices.Equal(got, want) {
		t.Fatalf("due = %v, want %v", got, want)
	}
	if c, _ := db.Case(ctx, b.ID); !c.Deadline.Equal(t0.Add(13 * time.Hour)) {
		t.Fatalf("UK deadline = %v", c.Deadline)
	}
	if due := dueIDs(t, db, t0.Add(24*time.Hour+59*time.Minute)); len(due) != 2 {
		t.Fatalf("old UK deadline still indexed: %v", due)
	}
	if n, _ := db.RecomputeDeadlines(ctx); n != 0 {
		t.Fatalf("second recompute changed %d", n)
	}
}

func TestPurgeRaw(t *testing.T) {
	ctx := context.Background()
	db := storetest.MustOpen(t)
	old := req(buyer("old", "a@marketplace.amazon.de", "", t0), 1)
	old.Now = t0
	recent := req(buyer("new", "a@marketplace.amazon.de", "", t0), 2)
	recent.Now = t0.Add(48 * time.Hour)
	c := mustIngest(t, db, old).Case
	mustIngest(t, db, recent)

	n, err := db.PurgeRaw(ctx, t0.Add(24*time.Hour))
	if err != nil || n != 1 {
		t.Fatalf("PurgeRaw = %d, %v; want 1", n, err)
	}
	if _, err := db.Raw(ctx, "old"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("old raw mail kept: %v", err)
	}
	if _, err := db.Raw(ctx, "new"); err != nil {
		t.Fatalf("recent raw mail dropped: %v", err)
	}
	if msgs, _ := db.Messages(ctx, c.ID); len(msgs) != 2 {
		t.Fatalf("messages after purge: %d, want 2", len(msgs))
	}
	// The message key still deduplicates after its raw bytes are gone.
	if res := mustIngest(t, db, old); !res.Duplicate {
		t.Fatal("purged mail stored again")
	}
	if n, _ := db.PurgeRaw(ctx, t0.Add(24*time.Hour)); n != 0 {
		t.Fatalf("second purge dropped %d", n)
	}
}
