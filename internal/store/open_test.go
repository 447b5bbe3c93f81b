package store_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/internal/store"
	bolt "go.etcd.io/bbolt"
)

func TestOpenCreatesPrivateFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bd.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if mode := info.Mode().Perm(); mode != 0o600 {
		t.Fatalf("file mode %o, want 600", mode)
	}
}

func TestOpenInUse(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bd.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	start := time.Now()
	second, err := store.Open(path, store.Options{Timeout: 100 * time.Millisecond})
	if err == nil {
		second.Close()
		t.Fatal("second open of a locked file succeeded")
	}
	if !errors.Is(err, store.ErrInUse) || !strings.Contains(err.Error(), "database is in use by another process") ||
		!strings.Contains(err.Error(), path) {
		t.Fatalf("err = %v, want ErrInUse naming the path", err)
	}
	if waited := time.Since(start); waited > 2*time.Second {
		t.Fatalf("second open waited %v", waited)
	}
	// Once the first holder closes, the file opens again.
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	third, err := store.Open(path, store.Options{Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatalf("open after close: %v", err)
	}
	third.Close()
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bd.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	raw, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = raw.Update(func(tx *bolt.Tx) error {
		v := make([]byte, 8)
		binary.BigEndian.PutUint64(v, store.SchemaVersion+1)
		return tx.Bucket([]byte("meta")).Put([]byte("schema"), v)
	})
	raw.Close()
	if err != nil {
		t.Fatal(err)
	}
	_, err = store.Open(path, store.Options{})
	if !errors.Is(err, store.ErrSchemaTooNew) {
		t.Fatalf("err = %v, want ErrSchemaTooNew", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "schema 2") || !strings.Contains(msg, "schema 1") {
		t.Fatalf("error %q does not name both versions", msg)
	}
	// The refusal released the lock.
	again, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatalf("file still locked after refusal: %v", err)
	}
	again.Close()
}

// fill stores a little of everything and returns the cases.
func fill(t *testing.T, db *store.DB) []buyerdesk.Case {
	t.Helper()
	ctx := context.Background()
	a := mustIngest(t, db, req(buyer("m1", "a@marketplace.amazon.de", "302-1234567-1234567", t0), 1)).Case
	b := mustIngest(t, db, req(buyer("m2", "b@marketplace.amazon.de", "", t0), 2)).Case
	a = mustAppend(t, db, a.ID, buyerdesk.Event{Type: buyerdesk.EventMirrored, At: t0, Key: "mirror",
		Data: map[string]string{"channel": "C1", "ts": "1.1"}})
	mustIngest(t, db, req(ofKind(buyer("i1", "", "", t0), buyerdesk.KindIgnored), 3))
	if err := db.Put(ctx, "lease", "case-1", []byte("U1")); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Seen(ctx, "slack-event", "Ev1", t0, time.Hour); err != nil {
		t.Fatal(err)
	}
	return []buyerdesk.Case{a, b}
}

// check finds in db what fill stored.
func check(t *testing.T, db *store.DB, want []buyerdesk.Case) {
	t.Helper()
	ctx := context.Background()
	var got []buyerdesk.Case
	if err := db.Cases(ctx, func(c buyerdesk.Case) bool { got = append(got, c); return true }); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("cases:\n got %+v\nwant %+v", got, want)
	}
	if c, err := db.CaseByThread(ctx, "C1", "1.1"); err != nil || c.ID != want[0].ID {
		t.Fatalf("thread index: %v %v", c.ID, err)
	}
	if ok, _ := db.HasEvent(ctx, want[0].ID, "mirror"); !ok {
		t.Fatal("event key lost")
	}
	if raw, err := db.Raw(ctx, "m2"); err != nil || !bytes.Contains(raw, []byte("<m2>")) {
		t.Fatalf("raw: %q %v", raw, err)
	}
	if un, err := db.Unassigned(ctx); err != nil || len(un) != 1 || un[0].Key != "i1" {
		t.Fatalf("unassigned: %+v %v", un, err)
	}
	if v, err := db.Get(ctx, "lease", "case-1"); err != nil || string(v) != "U1" {
		t.Fatalf("record: %q %v", v, err)
	}
	if seen, _ := db.Seen(ctx, "slack-event", "Ev1", t0.Add(time.Minute), time.Hour); !seen {
		t.Fatal("seen mark lost")
	}
	if v, u, _ := db.Cursor(ctx, "INBOX"); v != 7 || u != 3 {
		t.Fatalf("cursor %d/%d", v, u)
	}
	if due := dueIDs(t, db, t0.Add(48*time.Hour)); len(due) != 2 {
		t.Fatalf("deadline index: %v", due)
	}
	// Ids are never reused: the next case gets a fresh one.
	c := mustIngest(t, db, req(buyer("m9", "z@marketplace.amazon.de", "", t0), 9)).Case
	for _, w := range want {
		if c.ID == w.ID {
			t.Fatalf("case id %s reused", c.ID)
		}
	}
}

func TestReopenFindsEverything(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bd.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := fill(t, db)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	check(t, db, want)
}

func TestBackup(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "bd.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	want := fill(t, db)

	var buf bytes.Buffer
	n, err := db.Backup(ctx, &buf)
	if err != nil || n != int64(buf.Len()) || n == 0 {
		t.Fatalf("Backup wrote %d bytes (buffer %d): %v", n, buf.Len(), err)
	}
	out := filepath.Join(dir, "backup.db")
	if err := os.WriteFile(out, []byte("old backup"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := db.BackupFile(ctx, out); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(out)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("backup file: %v %v", info, err)
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, ".backup.db.*")); len(leftovers) != 0 {
		t.Fatalf("temporary files left: %v", leftovers)
	}
	copied, err := store.Open(out, store.Options{})
	if err != nil {
		t.Fatalf("open backup: %v", err)
	}
	defer copied.Close()
	check(t, copied, want)
}
