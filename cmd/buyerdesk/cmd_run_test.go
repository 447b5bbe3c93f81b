package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/buyerdesk/buyerdesk"
	"github.com/buyerdesk/buyerdesk/amazon/amazontest"
	"github.com/buyerdesk/buyerdesk/internal/store"
)

// mailboxConfig is a configuration naming only one IMAP mailbox (no Slack).
func mailboxConfig(t *testing.T, dir, imapAddr string) string {
	host, port, _ := strings.Cut(imapAddr, ":")
	return writeFile(t, dir, "buyerdesk.yml", fmt.Sprintf(`
store:
  path: %s
mailboxes:
  - name: de
    host: %s
    port: %s
    tls: none
    username: shop@example.com
    poll_interval: 1s
`, filepath.Join(dir, "cases.db"), host, port))
}

func fixture(t *testing.T, name string) []byte {
	raw, err := os.ReadFile(filepath.Join("../../amazon/testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// TestRunIngestsMailbox is issue 2's acceptance: `buyerdesk run` with a
// configuration naming only an IMAP mailbox stores the mails as cases and
// logs one line per stored case, without PII.
func TestRunIngestsMailbox(t *testing.T) {
	imap, err := amazontest.StartIMAP("shop@example.com", "secret")
	if err != nil {
		t.Fatal(err)
	}
	defer imap.Close()
	now := time.Now()
	for _, f := range []string{"en_old.eml", "de_new_cp1252.eml", "newsletter.eml"} {
		if _, err := imap.Deliver(fixture(t, f), now.Add(-time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	cfg := mailboxConfig(t, dir, imap.Addr())
	env := map[string]string{"BUYERDESK_IMAP_PASSWORD": "secret"}

	ctx, cancel := context.WithCancel(context.Background())
	var out, logs syncBuffer
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"run", "--config", cfg}, func(k string) string { return env[k] }, strings.NewReader(""), &out, &logs)
	}()
	waitFor(t, 10*time.Second, "two cases stored", func() bool { return strings.Count(logs.String(), `"case stored"`) == 2 })

	// A new mail while running arrives through IDLE.
	if _, err := imap.Deliver(fixture(t, "fr_base64.eml"), time.Now()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "third case stored", func() bool { return strings.Count(logs.String(), `"case stored"`) == 3 })

	// An online backup while the service holds the store.
	backupFile := filepath.Join(dir, "backup.db")
	if code, _, errOut := runCmd(t, nil, "backup", "--config", cfg, "--out", backupFile); code != exitOK {
		t.Fatalf("online backup: exit %d: %s", code, errOut)
	}
	cancel()
	if code := <-done; code != exitOK {
		t.Fatalf("run exited %d:\n%s", code, logs.String())
	}

	l := logs.String()
	if !strings.Contains(l, `"mail stored without a case"`) {
		t.Errorf("the newsletter was not kept as an ignored mail:\n%s", l)
	}
	for _, pii := range []string{"Michael", "Turner", "marketplace.amazon", "tracking has not moved", "shop@example.com"} {
		if strings.Contains(l, pii) {
			t.Errorf("log leaks %q:\n%s", pii, l)
		}
	}
	if total, unseen, _ := imap.Unseen(); total != 4 || unseen != 4 {
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
	dir := t.TempDir()
	cfgPath := writeFile(t, dir, "buyerdesk.yml", "store:\n  path: "+filepath.Join(dir, "cases.db")+"\n")
	db, err := store.Open(filepath.Join(dir, "cases.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	code, _, errOut := runCmd(t, nil, "run", "--config", cfgPath)
	if code != exitFail || !strings.Contains(errOut, "in use") {
		t.Fatalf("second process: exit %d, %s; want 1 and 'database is in use'", code, errOut)
	}
}
