// Package storetest opens throw-away case stores for other packages' tests.
package storetest

import (
	"path/filepath"
	"testing"

	"github.com/buyerdesk/buyerdesk/internal/store"
)

// MustOpen opens a store in a fresh temporary directory (with opts[0] when
// given) and closes it when the test ends.
func MustOpen(tb testing.TB, opts ...store.Options) *store.DB {
	tb.Helper()
	var o store.Options
	if len(opts) > 0 {
		o = opts[0]
	}
	db, err := store.Open(filepath.Join(tb.TempDir(), "buyerdesk.db"), o)
	if err != nil {
		tb.Fatalf("open test store: %v", err)
	}
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Errorf("close test store: %v", err)
		}
	})
	return db
}
