package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/internal/store"
)

// TestRunIngestsMailbox is issue 2's acceptance: `buyerdesk run` with a
// configuration naming only an IMAP mailbox stores the mails as cases and
// logs one line per stored case, without PII.
func TestRunIngestsMailbox(t *testing.T) {
	s := newService(t, serviceOptions{mailbox: "de", pollInterval: "1s"})
	anHourAgo := time.Now().Add(-time.Hour)
	for _, f := range []string{"en_old.eml", "de_new_cp1252.eml", "newsletter.eml"} {
		s.deliverAt(fixture(t, f), anHourAgo)
	}
	s.start()
	s.waitLog(`"case stored"`, 2)

	// A new mail while running arrives through IDLE.
	s.deliver("fr_base64.eml")
	s.waitLog(`"case stored"`, 3)

	// An online backup while the service holds the store.
	backupFile := filepath.Join(s.dir, "backup.db")
	if code, _, errOut := runCmd(t, nil, "backup", "--config", s.cfgPath, "--out", backupFile); code != exitOK {
		t.Fatalf("online backup: exit %d: %s", code, errOut)
	}
	s.stop()

	l := s.logs.String()
	if !strings.Contains(l, `"mail stored without a case"`) {
		t.Errorf("the newsletter was not kept as an ignored mail:\n%s", l)
	}
	for _, pii := range []string{"Michael", "Turner", "marketplace.amazon", "tracking has not moved", "shop@example.com"} {
		if strings.Contains(l, pii) {
			t.Errorf("log leaks %q:\n%s", pii, l)
		}
	}
	if total, unseen, _ := s.imap.Unseen(); total != 4 || unseen != 4 {
		t.Errorf("mailbox has %d mails, %d unseen: buyerdesk must read without marking seen", total, unseen)
	}

	db, err := store.Open(backupFile, store.Options{})
	if err != nil {
		t.Fatalf("backup does not open: %v", err)
	}
	defer db.Close()
	n := 0
	db.Cases(context.Background(), func(buyerdesk.Case) bool { n++; return true })
	if n < 2 {
		t.Errorf("backup holds %d cases, want at least 2", n)
	}
}

func TestRunRefusesSecondProcess(t *testing.T) {
	cfgPath := heldStore(t)
	code, _, errOut := runCmd(t, nil, "run", "--config", cfgPath)
	if code != exitFail || !strings.Contains(errOut, "in use") {
		t.Fatalf("second process: exit %d, %s; want 1 and 'database is in use'", code, errOut)
	}
}
