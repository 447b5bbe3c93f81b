package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/buyerdesk/buyerdesk/internal/store"
	"github.com/buyerdesk/buyerdesk/internal/store/storetest"
)

func TestSeen(t *testing.T) {
	ctx := context.Background()
	db := storetest.MustOpen(t)
	steps := []struct {
		ns, id string
		at     time.Duration
		ttl    time.Duration
		want   bool
	}{
		{"slack-event", "Ev1", 0, time.Hour, false},
		{"slack-event", "Ev1", 59 * time.Minute, time.Hour, true},
		{"slack-event", "Ev2", 0, time.Hour, false},
		{"cron", "Ev1", 0, time.Hour, false},                // namespaces are apart
		{"slack-event", "Ev1", time.Hour, time.Hour, false}, // expired: marked again
		{"slack-event", "Ev1", 90 * time.Minute, time.Hour, true},
		{"forever", "x", 0, 0, false},
		{"forever", "x", 1000 * time.Hour, 0, true},
	}
	for i, s := range steps {
		got, err := db.Seen(ctx, s.ns, s.id, t0.Add(s.at), s.ttl)
		if err != nil {
			t.Fatal(err)
		}
		if got != s.want {
			t.Fatalf("step %d: Seen(%s, %s, +%v) = %v, want %v", i, s.ns, s.id, s.at, got, s.want)
		}
	}
	// At +2h30 Ev2 (until +1h), cron/Ev1 (until +1h) and slack-event/Ev1
	// (until +2h) have expired; the forever mark stays.
	n, err := db.PurgeSeen(ctx, t0.Add(150*time.Minute))
	if err != nil || n != 3 {
		t.Fatalf("PurgeSeen = %d, %v; want 3", n, err)
	}
	if seen, _ := db.Seen(ctx, "forever", "x", t0.Add(2000*time.Hour), 0); !seen {
		t.Fatal("purge dropped a mark without expiry")
	}
	if n, _ := db.PurgeSeen(ctx, t0.Add(150*time.Minute)); n != 0 {
		t.Fatalf("second purge dropped %d", n)
	}
}

func TestRecords(t *testing.T) {
	ctx := context.Background()
	db := storetest.MustOpen(t)
	puts := map[string]string{"away/U1": "a", "away/U2": "b", "awayx": "c", "handover/U1": "d"}
	for k, v := range puts {
		if err := db.Put(ctx, "rota", k, []byte(v)); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Put(ctx, "rotaother", "away/U9", []byte("z")); err != nil {
		t.Fatal(err)
	}
	if v, err := db.Get(ctx, "rota", "away/U2"); err != nil || string(v) != "b" {
		t.Fatalf("Get = %q, %v", v, err)
	}
	if _, err := db.Get(ctx, "rota", "away/U3"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Get(missing) = %v", err)
	}
	scan := func(prefix string, limit int) []string {
		var keys []string
		err := db.Scan(ctx, "rota", prefix, func(k string, v []byte) bool {
			keys = append(keys, k+"="+string(v))
			return len(keys) < limit
		})
		if err != nil {
			t.Fatal(err)
		}
		return keys
	}
	if got, want := scan("away/", 10), []string{"away/U1=a", "away/U2=b"}; !slices.Equal(got, want) {
		t.Fatalf("Scan(away/) = %v, want %v", got, want)
	}
	if got, want := scan("", 10), []string{"away/U1=a", "away/U2=b", "awayx=c", "handover/U1=d"}; !slices.Equal(got, want) {
		t.Fatalf("Scan() = %v, want %v", got, want)
	}
	if got := scan("", 1); len(got) != 1 {
		t.Fatalf("Scan did not stop: %v", got)
	}
	if err := db.Put(ctx, "rota", "away/U1", []byte("new")); err != nil {
		t.Fatal(err)
	}
	if err := db.Delete(ctx, "rota", "away/U2"); err != nil {
		t.Fatal(err)
	}
	if err := db.Delete(ctx, "rota", "never"); err != nil {
		t.Fatalf("Delete(missing) = %v", err)
	}
	if got, want := scan("away/", 10), []string{"away/U1=new"}; !slices.Equal(got, want) {
		t.Fatalf("after put and delete: %v, want %v", got, want)
	}
	for _, ns := range []string{"", "a\x00b"} {
		if err := db.Put(ctx, ns, "k", nil); err == nil {
			t.Errorf("namespace %q accepted", ns)
		}
	}
}
